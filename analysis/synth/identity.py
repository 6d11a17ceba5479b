"""Sittings for the identity checks: real faces, varied, possibly swapped.

A *portrait* is a head-and-shoulders cut around a real face (found once with the
project's BlazeFace, keypoints kept) from a photo shipped in a package
(scikit-image, matplotlib) or given by path. A sitting pastes one portrait, or
several one after another (a swap), over a room, swaying, with a `Look`: scale,
light, a head turn (a perspective squeeze of the portrait, as a yaw would
foreshorten it), and drawn glasses. `Look.back` shows the person from behind (a
dark silhouette, no face): what an aux camera often sees.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from analysis.synth.recording import (
    Frame,
    FrameFn,
    RecordingSpec,
    _paste,
    _resize,
    room_background,
    write_recording,
)


@dataclass(frozen=True)
class Portrait:
    image: Frame  # RGB head and shoulders
    eyes: tuple[tuple[float, float], tuple[float, float]]  # in the portrait's pixels


@dataclass(frozen=True)
class Look:
    scale: float = 0.8  # portrait height / frame height
    light: float = 1.0  # brightness gain (0.35: a dim room)
    yaw: float = 0.0  # 0..0.5: one side of the portrait squeezed (a head turn)
    glasses: bool = False
    x: float = 0.5  # centre, fraction of the width
    back: bool = False  # seen from behind: no face


def portrait(photo: Frame, face: int = 0) -> Portrait:
    """The `face`-th largest face of `photo` with its head and shoulders."""
    from analysis.identity.faces import KeypointFaceDetector

    det = KeypointFaceDetector(min_score=0.5)
    try:
        hits = sorted(det.find(photo), key=lambda h: -h.height)
    finally:
        det.close()
    if len(hits) <= face:
        raise ValueError(f"no face {face} in the photo ({len(hits)} found)")
    hit = hits[face]
    x0, y0, x1, y1 = hit.box
    w, h = x1 - x0, y1 - y0
    H, W = photo.shape[:2]
    cx0, cx1 = int(max(0, x0 - 0.9 * w)), int(min(W, x1 + 0.9 * w))
    cy0, cy1 = int(max(0, y0 - 0.6 * h)), int(min(H, y1 + 1.6 * h))
    crop = np.array(photo[cy0:cy1, cx0:cx1])
    # a group photo: the neighbours' faces inside the cut are painted over (flat
    # colour), so the sitting shows one person's face only
    fill = np.median(crop.reshape(-1, 3), axis=0).astype(np.uint8)
    for other in hits:
        if other is hit:
            continue
        ox0, oy0, ox1, oy1 = other.box
        mw, mh = 0.25 * (ox1 - ox0), 0.35 * (oy1 - oy0)
        a, b = int(max(0, ox0 - mw - cx0)), int(min(cx1, ox1 + mw) - cx0)
        c, d = int(max(0, oy0 - mh - cy0)), int(min(cy1, oy1 + mh) - cy0)
        if a < b and c < d:
            crop[c:d, a:b] = fill
    pts = hit.points - np.array([cx0, cy0], np.float32)
    e = sorted([(float(p[0]), float(p[1])) for p in pts[:2]])
    return Portrait(crop, (e[0], e[1]))


def photo_file(path: Path) -> Frame:
    from PIL import Image

    with Image.open(path) as im:
        return np.asarray(im.convert("RGB")).astype(np.uint8)


def styled(p: Portrait, look: Look, height: int) -> Frame:
    """The portrait at its size in the frame, with glasses, turn and light applied."""
    import cv2

    img = p.image.copy()
    if look.back:  # the back of a head and shoulders: hair and a dark jumper, no face
        (lx, ly), (rx, ry) = p.eyes
        eye_d = math.hypot(rx - lx, ry - ly)
        cx, cy = int((lx + rx) / 2), int((ly + ry) / 2)
        img = np.full_like(img, 0)
        h, w = img.shape[:2]
        img[:] = p.image[: max(1, h // 10)].reshape(-1, 3).mean(axis=0).astype(np.uint8)
        cv2.ellipse(
            img,
            (cx, int(cy + 1.6 * eye_d)),
            (int(2.6 * eye_d), int(1.6 * eye_d)),
            0,
            0,
            360,
            (40, 40, 55),
            -1,
        )
        cv2.rectangle(img, (0, int(cy + 2.6 * eye_d)), (w, h), (40, 40, 55), -1)
        cv2.ellipse(
            img, (cx, cy), (int(1.25 * eye_d), int(1.6 * eye_d)), 0, 0, 360, (25, 20, 18), -1
        )
    elif look.glasses:  # thin dark frames, lightly tinted lenses
        (lx, ly), (rx, ry) = p.eyes
        r = max(3, int(0.36 * math.hypot(rx - lx, ry - ly)))
        shade = img.copy()
        for ex, ey in ((lx, ly), (rx, ry)):
            cv2.circle(shade, (int(ex), int(ey)), r, (60, 60, 60), -1)
        img = np.asarray(cv2.addWeighted(img, 0.85, shade, 0.15, 0), np.uint8)
        t = max(1, r // 6)
        for ex, ey in ((lx, ly), (rx, ry)):
            cv2.circle(img, (int(ex), int(ey)), r, (20, 20, 20), t)
        cv2.line(img, (int(lx + r), int(ly)), (int(rx - r), int(ry)), (20, 20, 20), t)
    out = _resize(img, max(8, int(height * look.scale)))
    if look.yaw > 0 and not look.back:
        h, w = out.shape[:2]
        s = look.yaw
        src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
        dst = np.array(
            [
                [0, h * s * 0.15],
                [w * (1 - s * 0.6), 0],
                [w * (1 - s * 0.6), h],
                [0, h * (1 - s * 0.15)],
            ],
            np.float32,
        )
        m = cv2.getPerspectiveTransform(src, dst)
        warped = cv2.warpPerspective(out, m, (w, h), borderMode=cv2.BORDER_REPLICATE)
        out = np.asarray(warped, np.uint8)
    lit: Frame = np.clip(out.astype(np.float32) * look.light, 0, 255).astype(np.uint8)
    return lit


def sitting(
    people: Sequence[tuple[Portrait, float]],
    width: int,
    height: int,
    look: Look,
    seed: int = 0,
) -> FrameFn:
    """Frames of one camera: `people` as (portrait, from when), swaying in a room."""
    bg = room_background(width, height, seed)
    bg = np.clip(bg.astype(np.float32) * look.light, 0, 255).astype(np.uint8)
    shown = [(styled(p, look, height), start) for p, start in people]
    rng = np.random.default_rng(seed)
    freq, phase = rng.uniform(0.05, 0.2), rng.uniform(0, 6.28)

    def frame(t: float) -> Frame:
        img = bg.copy()
        me = shown[0][0]
        for im, start in shown:
            if t >= start:
                me = im
        dx = math.sin(2 * math.pi * freq * t + phase) * 0.03 * width
        x = int(look.x * width - me.shape[1] / 2 + dx)
        _paste(img, me, x, height - me.shape[0])
        noise = rng.normal(0, 2.0 + 4.0 * (look.light < 0.6), img.shape)
        noisy: Frame = np.clip(img + noise, 0, 255).astype(np.uint8)
        return noisy

    return frame


def write_sitting(
    path: Path,
    people: Sequence[tuple[Portrait, float]],
    duration_s: float,
    look: Look = Look(),
    *,
    width: int = 640,
    height: int = 360,
    fps: int = 5,
    gop_s: float = 2.0,
    seed: int = 0,
) -> None:
    """Encode a sitting (H.264, no audio)."""
    spec = RecordingSpec(duration_s, fps, width, height, gop_s, None)
    write_recording(path, spec, sitting(people, width, height, look, seed))
