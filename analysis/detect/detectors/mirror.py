"""Mirrors: the candidate's own reflection somewhere else in the picture.

A reflection is the candidate, flipped left-right, smaller and often dimmer. We
take the candidate (their face, with head and shoulders, else their body) from
what the face and object detectors saw in this frame, flip it, and
look for it elsewhere in the frame at several scales with normalised
cross-correlation (OpenCV `matchTemplate`). A different person does not match
a flipped copy of the candidate; measured on generated scenes, reflections
score 0.88-0.98 and other people or empty rooms at most 0.70.

Which face is the candidate's is remembered from sample to sample (the
largest face at first, then the face where the candidate was): someone
passing behind them, whose head the face detector may find while it misses
the candidate's, must not be taken for the candidate. The candidate may move
for good (another seat): after `reanchor_after` samples without a face where
they were, the largest face is taken again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from analysis.detect.detectors.roi import around
from analysis.detect.observations import Box, Kind, Observation
from analysis.media.video import TimedFrame

WORK_SIZE = (320, 180)


@dataclass(frozen=True)
class MirrorConfig:
    min_score: float = 0.82
    scales: tuple[float, ...] = (0.3, 0.38, 0.46, 0.54, 0.62, 0.7, 0.78, 0.86, 0.94)
    face_min_score: float = 0.6
    person_min_score: float = 0.45
    anchor_widths: float = 1.5  # the candidate's face stays within this many face widths
    reanchor_after: int = 3


class MirrorDetector:
    name = "mirror"
    uses_context = True  # reads the faces and persons found earlier in the same frame

    def __init__(self, config: MirrorConfig | None = None) -> None:
        self.cfg = config or MirrorConfig()
        self._anchor: tuple[float, float] | None = None  # the candidate's face centre
        self._misses = 0

    def process(self, frame: TimedFrame, seen: Sequence[Observation] = ()) -> list[Observation]:
        region = self._candidate(seen)
        if region is None:
            return []
        w, h = WORK_SIZE
        img = frame.image
        rgb = img if img.ndim == 3 else np.repeat(img[:, :, None], 3, axis=2)
        g = cv2.cvtColor(
            cv2.resize(rgb, WORK_SIZE, interpolation=cv2.INTER_AREA), cv2.COLOR_RGB2GRAY
        ).astype(np.float32)
        x0, y0 = int(region.x0 * w), int(region.y0 * h)
        x1, y1 = max(int(region.x1 * w), x0 + 6), max(int(region.y1 * h), y0 + 6)
        template = np.ascontiguousarray(g[y0:y1, x0:x1][:, ::-1])
        best, best_box = 0.0, None
        for s in self.cfg.scales:
            th, tw = max(6, int(template.shape[0] * s)), max(6, int(template.shape[1] * s))
            if th >= h or tw >= w:
                continue
            t = cv2.resize(template, (tw, th), interpolation=cv2.INTER_AREA)
            r = cv2.matchTemplate(g, t, cv2.TM_CCOEFF_NORMED)
            r[max(0, y0 - th) : y1, max(0, x0 - tw) : x1] = -1.0  # not the candidate itself
            _, score, _, (mx, my) = cv2.minMaxLoc(r)
            if score > best:
                best, best_box = float(score), Box(mx / w, my / h, (mx + tw) / w, (my + th) / h)
        if best < self.cfg.min_score or best_box is None:
            return []
        return [Observation(frame.pts_s, Kind.OBJECT, "reflection", best, best_box, self.name)]

    def _candidate(self, seen: Sequence[Observation]) -> Box | None:
        c = self.cfg
        faces = [
            o.box
            for o in seen
            if o.kind == Kind.FACE and o.box is not None and o.score >= c.face_min_score
        ]
        persons = [
            o.box
            for o in seen
            if o.kind == Kind.PERSON and o.box is not None and o.score >= c.person_min_score
        ]
        anchor = self._anchor
        if anchor is not None:
            near = [f for f in faces if _gap(f, anchor) <= c.anchor_widths * (f.x1 - f.x0)]
            if near:
                return self._take(min(near, key=lambda f: _gap(f, anchor)))
            self._misses += 1
            if self._misses < c.reanchor_after:
                body = [
                    p for p in persons if p.x0 <= anchor[0] <= p.x1 and p.y0 <= anchor[1] <= p.y1
                ]
                return max(body, key=lambda b: b.area) if body else None
        if faces:
            return self._take(max(faces, key=lambda b: b.area))
        return max(persons, key=lambda b: b.area) if persons else None

    def _take(self, f: Box) -> Box:
        """Remember this face as the candidate's; their head and shoulders around it."""
        self._anchor, self._misses = f.centre, 0
        return around(f, side=0.6, above=0.5, below=1.2)

    def finish(self) -> list[Observation]:
        return []

    def close(self) -> None:
        return None


def _gap(f: Box, point: tuple[float, float]) -> float:
    cx, cy = f.centre
    return float(((cx - point[0]) ** 2 + (cy - point[1]) ** 2) ** 0.5)
