"""The identity job: sparse samples of one recording -> its templates (worker side).

Each sample is one frame: the first keyframe at or after the sample time where
keyframes come often enough, else the first frame there (a seek each; nothing
between samples is decoded). The candidate's face is the largest confident one.
"""

from __future__ import annotations

import hashlib
import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from analysis.identity.align import align_face, eye_distance, frontality
from analysis.identity.embed import SHA256, Embedder, normalise
from analysis.identity.faces import FaceHit, KeypointFaceDetector
from analysis.identity.template import FaceSample, Template, robust_template, spread_pick
from analysis.media.video import MediaError, TimedFrame, open_video

log = logging.getLogger(__name__)

IDENTITY_VERSION = "1"
DETECT_WIDTH = 640
# a face whose eyes are this far apart in the detection frame (640 px) is aligned from
# it (224 px from ~90 px of face loses little); smaller ones from the file's own frame
ALIGN_FROM_SMALL_EYE_PX = 36.0


@dataclass(frozen=True)
class IdentityConfig:
    sample_every_s: float = 20.0  # at most this far apart (6 a 2-minute segment)...
    min_samples: int = 24  # ...and more often in a short recording, down to min_step_s
    min_step_s: float = 1.0
    max_samples: int = 400  # a longer recording spreads them further
    segment_s: float = 120.0  # per-segment templates (a short recording: a quarter of it)
    min_score: float = 0.7  # BlazeFace confidence of a usable face
    min_frontal: float = 0.45  # see align.frontality
    min_eye_px: float = 14.0  # eye distance in the file's pixels (a face about 40 px wide)
    template_faces: int = 32  # faces behind the recording's template, spread over time
    # grey-level spread of the aligned face's core: a featureless blob (the back of a
    # head, a dark silhouette) that BlazeFace takes for a face has under 5, a real
    # face in a dim room 14 and more (measured on the eval's sittings)
    min_contrast: float = 10.0

    def key(self) -> str:
        """The cache key: a change of model, sampling or face criteria means a new job."""
        parts = (
            IDENTITY_VERSION,
            SHA256[:12],
            self.sample_every_s,
            self.min_samples,
            self.min_step_s,
            self.max_samples,
            self.segment_s,
            self.min_score,
            self.min_frontal,
            self.min_eye_px,
            self.template_faces,
            self.min_contrast,
        )
        return "id" + hashlib.sha1(repr(parts).encode()).hexdigest()[:16]

    def step(self, duration: float) -> float:
        step = min(self.sample_every_s, max(self.min_step_s, duration / self.min_samples))
        return max(step, duration / self.max_samples)

    def segment(self, duration: float) -> float:
        return min(self.segment_s, max(duration / 4.0, 4.0 * self.min_step_s))


@dataclass(frozen=True)
class RecordingIdentity:
    """What identity keeps of a recording. `template` is None: no usable face."""

    duration_s: float
    samples: int
    faces: tuple[FaceSample, ...]
    template: Template | None
    segments: tuple[Template, ...]
    segment_s: float

    def vectors(self) -> list[NDArray[np.float32]]:
        """Template then segment vectors: the biometric part, stored apart (DB only)."""
        if self.template is None:
            return []
        return [self.template.vector] + [s.vector for s in self.segments]

    def meta(self) -> dict[str, Any]:
        """Everything but the vectors (times, boxes, counts)."""
        return {
            "duration_s": round(self.duration_s, 3),
            "samples": self.samples,
            "segment_s": round(self.segment_s, 3),
            "faces": [f.to_json() for f in self.faces],
            "template": None if self.template is None else self.template.meta(),
            "segments": [s.meta() for s in self.segments],
        }

    @staticmethod
    def from_stored(meta: dict[str, Any], vectors: NDArray[np.float32]) -> RecordingIdentity:
        tmpl = meta.get("template")
        segs = meta.get("segments") or []
        have = tmpl is not None and len(vectors) == 1 + len(segs)
        return RecordingIdentity(
            float(meta["duration_s"]),
            int(meta["samples"]),
            tuple(FaceSample.from_json(f) for f in meta["faces"]),
            Template.from_meta(tmpl, vectors[0]) if have and tmpl else None,
            tuple(Template.from_meta(s, vectors[i + 1]) for i, s in enumerate(segs))
            if have
            else (),
            float(meta["segment_s"]),
        )


def _usable(hit: FaceHit, scale: float, cfg: IdentityConfig) -> tuple[float, float] | None:
    """(frontality, eye px at full size) of a usable face, else None."""
    if hit.score < cfg.min_score:
        return None
    eye = eye_distance(hit.points) * scale
    fr = frontality(hit.points)
    if eye < cfg.min_eye_px or fr < cfg.min_frontal:
        return None
    return fr, eye


def _sample(
    video: Any, t: float, window: float, keyframes: bool, size: tuple[int, int]
) -> TimedFrame | None:
    for f in video.frames(keyframes_only=keyframes, start_s=t, end_s=t + window, size=size):
        return f  # type: ignore[no-any-return]
    return None


def identity_of_recording(path: str, cfg: IdentityConfig) -> RecordingIdentity:
    """Sample, find, align and embed the candidate's faces; build the templates."""
    det = KeypointFaceDetector(min_score=min(0.5, cfg.min_score))
    emb = Embedder()
    faces: list[FaceSample] = []
    crops: list[NDArray[np.uint8]] = []
    samples = 0
    try:
        with open_video(Path(path)) as v:
            info = v.info()
            if not info.width or not info.height:
                raise MediaError(f"{Path(path).name}: no video stream", "no_video_stream")
            duration = float(info.duration_s or 0.0)
            step, seg_s = cfg.step(duration), cfg.segment(duration)
            w = min(DETECT_WIDTH, info.width)
            size = (w - w % 2, max(2, round(info.height * w / info.width / 2) * 2))
            keyframes = True
            for k in range(max(1, math.floor(duration / step))):
                t = (k + 0.5) * step
                frame = _sample(v, t, step, keyframes, size) if keyframes else None
                if frame is None:
                    keyframes = False  # keyframes too far apart here: decode to the sample
                    frame = _sample(v, t, step, False, size)
                if frame is None:
                    continue
                samples += 1
                got = _face_of(frame, det, cfg, seg_s, info.width)
                if got is not None:
                    faces.append(got[0])
                    crops.append(got[1])
    finally:
        det.close()
    embeddings = emb.embed(crops)
    return build_identity(faces, embeddings, cfg, duration, samples, seg_s)


def _face_of(
    frame: TimedFrame, det: KeypointFaceDetector, cfg: IdentityConfig, seg_s: float, full_w: int
) -> tuple[FaceSample, NDArray[np.uint8]] | None:
    hits = det.find(frame.image)
    if not hits:
        return None
    hit = max(hits, key=lambda h: h.height)
    h, w = frame.image.shape[:2]
    scale = full_w / w if frame.full is not None else 1.0
    ok = _usable(hit, scale, cfg)
    if ok is None:
        return None
    if frame.full is None or eye_distance(hit.points) >= ALIGN_FROM_SMALL_EYE_PX:
        crop = align_face(frame.image, hit.points)  # large enough: no full-size conversion
    else:
        crop = align_face(frame.full(), hit.points * scale)
    if crop is None or contrast(crop) < cfg.min_contrast:
        return None
    x0, y0, x1, y1 = hit.box
    box = (max(0.0, x0 / w), max(0.0, y0 / h), min(1.0, x1 / w), min(1.0, y1 / h))
    seg = int(frame.pts_s // seg_s)
    return FaceSample(frame.pts_s, box, hit.score, ok[0], ok[1], seg), crop


def build_identity(
    faces: list[FaceSample],
    embeddings: NDArray[np.float32],
    cfg: IdentityConfig,
    duration: float,
    samples: int,
    seg_s: float,
) -> RecordingIdentity:
    """The recording's template (spread faces) and one template per segment."""
    template = robust_template(embeddings, faces, spread_pick(faces, cfg.template_faces))
    segments: list[Template] = []
    if template is not None:
        by_seg: dict[int, list[int]] = {}
        for i, f in enumerate(faces):
            by_seg.setdefault(f.segment, []).append(i)
        for seg in sorted(by_seg):
            st = robust_template(embeddings, faces, by_seg[seg])
            if st is not None:
                segments.append(st)
    return RecordingIdentity(duration, samples, tuple(faces), template, tuple(segments), seg_s)


def contrast(crop: NDArray[np.uint8]) -> float:
    """Standard deviation of the grey levels between the eyebrows and the chin."""
    core = crop[60:180, 50:174].astype(np.float32).mean(axis=2)
    return float(core.std())


def identity_of_photo(path: str, cfg: IdentityConfig) -> RecordingIdentity:
    """A reference photo as a one-face 'recording' (no usable face: template None)."""
    import cv2

    data = np.fromfile(path, np.uint8)
    bgr = cv2.imdecode(data, cv2.IMREAD_COLOR)
    if bgr is None:
        raise MediaError(f"{Path(path).name}: not a readable picture", "cannot_open")
    rgb: NDArray[np.uint8] = np.ascontiguousarray(bgr[:, :, ::-1], np.uint8)
    det = KeypointFaceDetector(min_score=0.5)
    try:
        hits = det.find(rgb)
    finally:
        det.close()
    faces: list[FaceSample] = []
    crops: list[NDArray[np.uint8]] = []
    if hits:
        hit = max(hits, key=lambda h: h.height)
        crop = align_face(rgb, hit.points)
        h, w = rgb.shape[:2]
        if crop is not None and hit.score >= 0.5:
            x0, y0, x1, y1 = hit.box
            box = (max(0.0, x0 / w), max(0.0, y0 / h), min(1.0, x1 / w), min(1.0, y1 / h))
            faces.append(
                FaceSample(0.0, box, hit.score, frontality(hit.points), eye_distance(hit.points), 0)
            )
            crops.append(crop)
    emb = Embedder().embed(crops)
    template = robust_template(emb, faces, list(range(len(faces))))
    return RecordingIdentity(0.0, 1, tuple(faces), template, (), 1.0)


__all__ = [
    "IdentityConfig",
    "RecordingIdentity",
    "identity_of_photo",
    "identity_of_recording",
    "normalise",
]
