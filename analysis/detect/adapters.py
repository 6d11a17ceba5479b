"""Plain functions that turn model outputs into Observations (no methods on the types)."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from analysis.detect.observations import Box, Kind, Observation

COCO_NAMES = {
    0: "person",
    62: "tv",
    63: "laptop",
    64: "mouse",
    65: "remote",
    66: "keyboard",
    67: "cell phone",
    73: "book",
}
NANODET_SIZE = 416
NANODET_MEAN = np.array([103.53, 116.28, 123.675], np.float32)  # BGR
NANODET_STD = np.array([57.375, 57.12, 58.395], np.float32)
NANODET_OUTPUTS = [
    ("Identity:0", "Identity_3:0", 8),
    ("Identity_1:0", "Identity_4:0", 16),
    ("Identity_2:0", "Identity_5:0", 32),
]


def faces_from_mediapipe(
    result: Any, t: float, width: int, height: int, detector: str
) -> list[Observation]:
    out = []
    for d in result.detections:
        bb = d.bounding_box
        box = Box(
            max(0.0, bb.origin_x / width),
            max(0.0, bb.origin_y / height),
            min(1.0, (bb.origin_x + bb.width) / width),
            min(1.0, (bb.origin_y + bb.height) / height),
        )
        out.append(Observation(t, Kind.FACE, "face", float(d.categories[0].score), box, detector))
    return out


def nanodet_input(rgb: NDArray[np.uint8]) -> NDArray[np.float32]:
    """RGB frame -> the [1, 3, 416, 416] normalised BGR tensor NanoDet expects."""
    import cv2

    bgr = cv2.resize(rgb[:, :, ::-1], (NANODET_SIZE, NANODET_SIZE), interpolation=cv2.INTER_AREA)
    x = (bgr.astype(np.float32) - NANODET_MEAN) / NANODET_STD
    return np.ascontiguousarray(x.transpose(2, 0, 1)[None])


def objects_from_nanodet(
    outputs: dict[str, NDArray[np.float32]],
    t: float,
    *,
    min_score: float,
    classes: frozenset[int],
    detector: str,
    iou: float = 0.5,
) -> list[Observation]:
    """GFL decoding: per cell, 4 sides x 11 bins, softmax, expected bin x stride."""

    boxes, scores, labels = [], [], []
    for cls_name, box_name, stride in NANODET_OUTPUTS:
        cls = outputs[cls_name][0]
        reg = outputs[box_name][0].reshape(-1, 4, 11)
        grid = NANODET_SIZE // stride
        best = cls.argmax(axis=1)
        best_score = cls[np.arange(cls.shape[0]), best]
        keep = np.flatnonzero((best_score >= min_score) & np.isin(best, list(classes)))
        if keep.size == 0:
            continue
        r = reg[keep]
        e = np.exp(r - r.max(axis=2, keepdims=True))
        dist = (e / e.sum(axis=2, keepdims=True) * np.arange(11)).sum(axis=2) * stride
        cx = (keep % grid) * stride
        cy = (keep // grid) * stride
        xyxy = np.stack([cx - dist[:, 0], cy - dist[:, 1], cx + dist[:, 2], cy + dist[:, 3]], 1)
        boxes.append(xyxy / NANODET_SIZE)
        scores.append(best_score[keep])
        labels.append(best[keep])
    if not boxes:
        return []
    xyxy, score, label = np.concatenate(boxes), np.concatenate(scores), np.concatenate(labels)
    return _nms_per_class(xyxy, score, label, t, min_score=min_score, iou=iou, detector=detector)


def hands_from_mediapipe(result: Any, t: float, detector: str) -> list[Observation]:
    """HandLandmarker result -> one HAND observation per hand: the landmarks' bounding box.

    The landmarks are already normalised to the image; the score is the
    handedness confidence MediaPipe reports for that hand.
    """
    out = []
    for marks, handed in zip(result.hand_landmarks, result.handedness, strict=True):
        xs = [float(m.x) for m in marks]
        ys = [float(m.y) for m in marks]
        box = Box(max(0.0, min(xs)), max(0.0, min(ys)), min(1.0, max(xs)), min(1.0, max(ys)))
        cat = handed[0]
        label = str(cat.category_name).lower()  # left | right
        out.append(Observation(t, Kind.HAND, label, float(cat.score), box, detector))
    return out


# nose, eyes, ears, mouth, shoulders, elbows, wrists (0-16) and hips (23, 24): a seated
# candidate's legs are under the desk, so they say nothing about presence
POSE_UPPER = (*range(17), 23, 24)


def persons_from_pose(result: Any, t: float, detector: str) -> list[Observation]:
    """PoseLandmarker result -> one PERSON observation per pose: the box of its
    landmarks present in the picture, scored by their mean presence over the upper body."""
    out = []
    for marks in result.pose_landmarks:
        pres = [float(getattr(m, "presence", 1.0) or 0.0) for m in marks]
        score = float(np.mean([pres[i] for i in POSE_UPPER if i < len(pres)]))
        pts = [(float(m.x), float(m.y)) for m, p in zip(marks, pres, strict=True) if p >= 0.5]
        if len(pts) < 3:
            continue
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        fw = max(xs) - min(xs)
        box = Box(  # landmarks are joints: widen a little to the body's outline
            max(0.0, min(xs) - 0.1 * fw),
            max(0.0, min(ys) - 0.05),
            min(1.0, max(xs) + 0.1 * fw),
            min(1.0, max(ys) + 0.02),
        )
        if box.area <= 0:
            continue
        out.append(Observation(t, Kind.PERSON, "person", score, box, detector))
    return _one_pose_each(out)


def _one_pose_each(poses: list[Observation]) -> list[Observation]:
    """At a low detection threshold the pose model may return a second, partial pose of
    one person (their lower body beside their whole one, measured on a dim view from
    behind): a pose box at least half inside a larger one is that one."""
    kept: list[Observation] = []
    for p in sorted(poses, key=lambda o: -(o.box.area if o.box else 0.0)):
        b = p.box
        assert b is not None
        inside = False
        for q in kept:
            assert q.box is not None
            ix = max(0.0, min(b.x1, q.box.x1) - max(b.x0, q.box.x0))
            iy = max(0.0, min(b.y1, q.box.y1) - max(b.y0, q.box.y0))
            inside = inside or ix * iy >= 0.5 * b.area
        if not inside:
            kept.append(p)
    return kept


def yolo_input(rgb: NDArray[np.uint8], size: int) -> NDArray[np.float32]:
    """RGB frame -> YOLOv4-tiny's [1, 3, size, size] input: a plain stretch, RGB / 255."""
    import cv2

    x = cv2.resize(rgb, (size, size), interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
    return np.ascontiguousarray(x.transpose(2, 0, 1)[None])


def objects_from_yolo(
    heads: list[NDArray[np.float32]],
    anchors: list[list[tuple[float, float]]],
    size: int,
    t: float,
    *,
    min_score: float,
    classes: frozenset[int],
    detector: str,
    scale_x_y: float = 1.05,
    iou: float = 0.45,
) -> list[Observation]:
    """Darknet YOLO decoding (see resources/models/PROVENANCE.md): per head [1, 255, gh,
    gw] = 3 anchors x (tx, ty, tw, th, obj, 80 classes); boxes as fractions of the input."""

    def sig(v: NDArray[np.float32]) -> NDArray[np.float32]:
        out: NDArray[np.float32] = np.asarray(1.0 / (1.0 + np.exp(-v)), np.float32)
        return out

    boxes, scores, labels = [], [], []
    wanted = np.array(sorted(classes))
    for head, anc in zip(heads, anchors, strict=True):
        gh, gw = head.shape[2], head.shape[3]
        p = head[0].reshape(3, 85, gh, gw)
        obj = sig(p[:, 4])
        cls = sig(p[:, 5:][:, wanted]) * obj[:, None]  # [3, k, gh, gw]
        best = cls.argmax(axis=1)
        best_score = cls.max(axis=1)
        a_i, rows, cols = np.nonzero(best_score >= min_score)
        if a_i.size == 0:
            continue
        tx, ty = p[a_i, 0, rows, cols], p[a_i, 1, rows, cols]
        tw, th = p[a_i, 2, rows, cols], p[a_i, 3, rows, cols]
        aw = np.array([anc[i][0] for i in a_i], np.float32)
        ah = np.array([anc[i][1] for i in a_i], np.float32)
        cx = (sig(tx) * scale_x_y - (scale_x_y - 1) / 2 + cols) / gw
        cy = (sig(ty) * scale_x_y - (scale_x_y - 1) / 2 + rows) / gh
        w = np.exp(np.clip(tw, -10, 10)) * aw / size
        h = np.exp(np.clip(th, -10, 10)) * ah / size
        boxes.append(np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], 1))
        scores.append(best_score[a_i, rows, cols])
        labels.append(wanted[best[a_i, rows, cols]])
    if not boxes:
        return []
    xyxy, score, label = np.concatenate(boxes), np.concatenate(scores), np.concatenate(labels)
    return _nms_per_class(xyxy, score, label, t, min_score=min_score, iou=iou, detector=detector)


def _nms_per_class(
    xyxy: NDArray[Any],
    score: NDArray[Any],
    label: NDArray[Any],
    t: float,
    *,
    min_score: float,
    iou: float,
    detector: str,
) -> list[Observation]:
    """Boxes (fractions, x0 y0 x1 y1) with their scores and COCO labels -> one
    observation per box that survives non-maximum suppression within its class."""
    import cv2

    out: list[Observation] = []
    for c in np.unique(label):
        sel = np.flatnonzero(label == c)
        xywh = [
            [float(b[0]), float(b[1]), float(b[2] - b[0]), float(b[3] - b[1])] for b in xyxy[sel]
        ]
        kept = cv2.dnn.NMSBoxes(xywh, [float(s) for s in score[sel]], min_score, iou)
        for k in np.asarray(kept).reshape(-1):
            i = sel[int(k)]
            b = np.clip(xyxy[i], 0.0, 1.0)
            kind = Kind.PERSON if int(c) == 0 else Kind.OBJECT
            name = COCO_NAMES.get(int(c), str(int(c)))
            out.append(Observation(t, kind, name, float(score[i]), Box(*map(float, b)), detector))
    return out
