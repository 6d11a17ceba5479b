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

from analysis.detect.detectors import reflection_cues as cues
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
    # the cues of a face or body found elsewhere (reflection_cues): a reflection is
    # smaller than the candidate, flipped-alike, and moves in step with them or is
    # darker or framed (see `_by_cues`)
    cue_face_score: float = 0.3
    smaller: tuple[float, float] = (0.25, 0.85)  # its width over the candidate's face's
    likeness_alone: float = 0.7  # darker or framed, not seen to move in step
    likeness_with_two: float = 0.45  # in step
    likeness_step: float = 0.3  # in step, and darker or framed
    step_samples: int = 6  # samples the in-step motion is judged over (at least)


class MirrorDetector:
    name = "mirror"
    uses_context = True  # reads the faces and persons found earlier in the same frame

    def __init__(self, config: MirrorConfig | None = None) -> None:
        self.cfg = config or MirrorConfig()
        self._anchor: tuple[float, float] | None = None  # the candidate's face centre
        self._face: Box | None = None  # the candidate's face at this sample, if seen
        self._misses = 0
        # recent samples: the candidate's face centre x and the other faces' boxes
        self._history: list[tuple[float, list[Box]]] = []

    def process(self, frame: TimedFrame, seen: Sequence[Observation] = ()) -> list[Observation]:
        self._face = None
        region = self._candidate(seen)
        if region is None:
            self._history.clear()
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
        out = self._by_cues(g, seen, frame.pts_s)
        overlaps = best_box is not None and any(o.box and o.box.iou(best_box) > 0 for o in out)
        if best >= self.cfg.min_score and best_box is not None and not overlaps:
            out.append(
                Observation(frame.pts_s, Kind.OBJECT, "reflection", best, best_box, self.name)
            )
        return out

    def _by_cues(self, g: np.ndarray, seen: Sequence[Observation], t: float) -> list[Observation]:
        """Faces and bodies other than the candidate's that the cues call a reflection
        (a small reflection's face is often not found, its body is)."""
        c, face = self.cfg, self._face
        if face is None:
            self._history.clear()
            return []
        fw = face.x1 - face.x0
        faces = [
            o.box
            for o in seen
            if o.kind == Kind.FACE
            and o.box is not None
            and o.score >= c.cue_face_score
            and _gap(o.box, face.centre) > c.anchor_widths * fw
        ]
        bodies = [
            o.box for o in seen if o.kind == Kind.PERSON and o.box is not None and o.score >= 0.3
        ]
        own = [
            b for b in bodies if b.x0 <= face.centre[0] <= b.x1 and b.y0 <= face.centre[1] <= b.y1
        ]
        body = (
            max(own, key=lambda b: b.area) if own else around(face, side=0.6, above=0.5, below=1.2)
        )
        # elsewhere in the picture: not a part of the candidate's own body
        faces = [b for b in faces if not _inside(b, body)]
        others = [(b, face) for b in faces] + [
            (b, body) for b in bodies if b not in own and not _inside(b, body)
        ]
        self._history = [
            *self._history[-(2 * c.step_samples - 1) :],
            (face.centre[0], [b for b, _ in others]),
        ]
        out: list[Observation] = []
        for b, ref in others:
            ratio = (b.y1 - b.y0) / max(ref.y1 - ref.y0, 1e-6)
            if not c.smaller[0] <= ratio <= c.smaller[1]:
                continue
            if any(o.box is not None and o.box.iou(b) > 0 for o in out):
                continue
            step = cues.in_step(_track(self._history, b), ratio, c.step_samples)
            n = int(cues.darker(g, ref, b)) + int(cues.framed(g, b))
            like = cues.likeness(g, ref, b) if n or step else 0.0
            # moving in step is the cue a picture or a visitor cannot give; without
            # it (the candidate sat still) only a close flipped likeness will do
            # a face alone is a weak witness: different people's faces correlate up to
            # 0.63 (a visitor's, measured on the tuned scenes), so it needs a close one
            floor = c.likeness_alone if ref is face else 0.0
            if like >= floor and (
                (step and like >= c.likeness_with_two)
                or (step and like >= c.likeness_step and n >= 1)
                or (like >= c.likeness_alone and n >= 1)
            ):
                score = min(1.0, max(like, 0.5 + 0.15 * (n + step)))
                region = around(b, side=0.6, above=0.5, below=1.2) if ref is face else b
                out.append(
                    Observation(t, Kind.OBJECT, "reflection", score, region, self.name + ":cues")
                )
        return out

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
        self._anchor, self._misses, self._face = f.centre, 0, f
        return around(f, side=0.6, above=0.5, below=1.2)

    def finish(self) -> list[Observation]:
        return []

    def close(self) -> None:
        self._history.clear()


def _gap(f: Box, point: tuple[float, float]) -> float:
    cx, cy = f.centre
    return float(((cx - point[0]) ** 2 + (cy - point[1]) ** 2) ** 0.5)


def _track(history: Sequence[tuple[float, list[Box]]], b: Box) -> list[tuple[float, float]]:
    """(candidate x, this face's x) back through the samples while a face stood near
    where this one stands (within one of its widths)."""
    out: list[tuple[float, float]] = []
    where = b
    for cx, boxes in reversed(history):
        near = [q for q in boxes if _gap(q, where.centre) <= (where.x1 - where.x0)]
        if not near:
            break
        where = min(near, key=lambda q: _gap(q, where.centre))
        out.append((cx, where.centre[0]))
    return out[::-1]


def _inside(b: Box, body: Box) -> bool:
    cx, cy = b.centre
    return body.x0 <= cx <= body.x1 and body.y0 <= cy <= body.y1
