"""Is this smaller face the candidate's reflection? Several cues together.

A wall mirror shows the candidate flipped, smaller (0.45-0.6 of their size in
the held-out exports), darker and blurred (the glass and its distance), often at
an angle and partly hidden, inside a rectangular frame, and moving in step with
them (mirrored or not, depending on where it hangs). The whole-frame template
search in `mirror.py` wants a bright, sharp copy; these cues look at a face the
face detector found instead:

- `likeness`: normalised cross-correlation of the candidate's flipped head,
  blurred and squeezed as a mirror at an angle would show it, at that face;
- `darker`: its mean brightness below the candidate's;
- `framed`: long straight edges above and beside it (a frame's sides);
- `in_step`: over the last samples its sideways motion follows the candidate's
  (|correlation|), where the candidate moved at all.

A visitor is neither flipped nor in step, a picture does not move.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np
from numpy.typing import NDArray

from analysis.detect.detectors.roi import around
from analysis.detect.observations import Box

Gray = NDArray[np.float32]


def _cut(g: Gray, b: Box) -> Gray:
    h, w = g.shape
    x0, x1 = max(0, int(b.x0 * w)), min(w, int(np.ceil(b.x1 * w)))
    y0, y1 = max(0, int(b.y0 * h)), min(h, int(np.ceil(b.y1 * h)))
    return g[y0:y1, x0:x1]


def likeness(g: Gray, cand_face: Box, other: Box) -> float:
    """Best NCC of the flipped candidate head against the region around `other`."""
    head = _cut(g, around(cand_face, side=0.2, above=0.2, below=0.2))
    area = _cut(g, around(other, side=0.6, above=0.5, below=0.5))
    ow = (other.x1 - other.x0) * g.shape[1] * 1.4
    oh = (other.y1 - other.y0) * g.shape[0] * 1.4
    if head.shape[0] < 6 or head.shape[1] < 6 or ow < 6 or oh < 6:
        return 0.0
    flipped = np.ascontiguousarray(head[:, ::-1])
    best = -1.0
    for squeeze in (0.7, 0.85, 1.0):
        for grow in (0.85, 1.0, 1.2):
            tw, th = int(ow * squeeze * grow), int(oh * grow)
            if tw < 6 or th < 6 or tw >= area.shape[1] or th >= area.shape[0]:
                continue
            t = cv2.resize(flipped, (tw, th), interpolation=cv2.INTER_AREA)
            for sigma in (0.0, 1.0, 2.0):
                tb = cv2.GaussianBlur(t, (0, 0), sigma) if sigma else t
                if float(tb.std()) < 1e-3:
                    continue
                r = cv2.matchTemplate(area, tb, cv2.TM_CCOEFF_NORMED)
                best = max(best, float(r.max()))
    return best


def darker(g: Gray, cand_face: Box, other: Box, ratio: float = 0.9) -> bool:
    a, b = _cut(g, cand_face), _cut(g, other)
    if a.size == 0 or b.size == 0:
        return False
    return float(b.mean()) < ratio * float(a.mean())


def framed(g: Gray, other: Box, strength: float = 2.5) -> bool:
    """Long straight edges above the face and on at least one side of it: a frame."""
    region = around(other, side=1.2, above=1.0, below=1.5)
    r = _cut(g, region)
    if r.shape[0] < 12 or r.shape[1] < 12:
        return False
    gy = np.abs(cv2.Sobel(r, cv2.CV_32F, 0, 1, ksize=3))
    gx = np.abs(cv2.Sobel(r, cv2.CV_32F, 1, 0, ksize=3))
    rh, rw = r.shape
    fy0 = int((other.y0 - region.y0) / (region.y1 - region.y0) * rh)
    fx0 = int((other.x0 - region.x0) / (region.x1 - region.x0) * rw)
    fx1 = int(np.ceil((other.x1 - region.x0) / (region.x1 - region.x0) * rw))
    rows = gy.mean(axis=1)  # a horizontal edge across the whole width: a high row mean
    cols = gx.mean(axis=0)
    base_r = float(np.median(rows)) + 1.0
    base_c = float(np.median(cols)) + 1.0
    top = float(rows[: max(1, fy0)].max())
    sides = max(float(cols[: max(1, fx0)].max()), float(cols[min(rw - 1, fx1) :].max()))
    return top > strength * base_r and sides > strength * base_c


def in_step(
    track: Sequence[tuple[float, float]],
    scale: float,
    min_samples: int = 6,
    min_fit: float = 0.8,
) -> bool:
    """`track`: (candidate x, other x) over recent samples. A reflection's sideways
    motion is the candidate's times a fixed factor k (negative where the mirror flips
    it) whose size is about the reflection's `scale`: fit db = k * da, and ask for a
    good fit (R^2 >= `min_fit`) and k within [0.5, 2] x `scale`. Both must have moved
    (a box's jitter is not a move). A visitor swaying on their own fits badly, a
    picture does not move at all."""
    if len(track) < min_samples:
        return False
    a = np.array(track, np.float64)
    da, db = np.diff(a[:, 0]), np.diff(a[:, 1])
    if float(np.abs(da).max()) < 0.004 or float(np.abs(db).max()) < 0.004:
        return False
    k = float(da @ db) / max(float(da @ da), 1e-12)
    resid = db - k * da
    fit = 1.0 - float(resid @ resid) / max(float(db @ db), 1e-12)
    return fit >= min_fit and 0.5 * scale <= abs(k) <= 2.0 * scale
