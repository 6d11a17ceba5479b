"""The region around the candidate's head: where a phone or a hand at the ear shows.

Small things (a hand, a phone) are a few dozen pixels in a 640x360 frame and
vanish when a model shrinks the whole frame to its input size. Costly
detectors therefore also look at this crop, which the model sees enlarged, cut
from the file's own resolution (a 720p phone recording has twice the pixels
of the 640-px frames the runner scales to).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from analysis.detect.observations import Box, Kind, Observation
from analysis.media.video import TimedFrame


def head_region(
    seen: Sequence[Observation], face_min_score: float = 0.6, weak_score: float = 0.45
) -> Box | None:
    """The largest face, widened to the ears and shoulders and down to the chest. With
    no face from `face_min_score`, the best one from `weak_score` (a head in profile,
    as the aux camera sees it, scores 0.4-0.6)."""
    faces = [o for o in seen if o.kind == Kind.FACE and o.box is not None]
    sure = [o.box for o in faces if o.box is not None and o.score >= face_min_score]
    if sure:
        return around(max(sure, key=lambda b: b.area), side=1.5, above=0.6, below=2.0)
    weak = [o for o in faces if o.score >= weak_score]
    if not weak:
        return None
    best = max(weak, key=lambda o: o.score).box
    assert best is not None
    return around(best, side=1.5, above=0.6, below=2.0)


def around(f: Box, *, side: float, above: float, below: float) -> Box:
    """The face `f` widened by these many face widths aside and face heights above and
    below, within the frame."""
    fw, fh = f.x1 - f.x0, f.y1 - f.y0
    return Box(
        max(0.0, f.x0 - side * fw),
        max(0.0, f.y0 - above * fh),
        min(1.0, f.x1 + side * fw),
        min(1.0, f.y1 + below * fh),
    )


def crop(frame: TimedFrame, region: Box, *, sharp: bool = False) -> TimedFrame | None:
    """`region` of the frame; `sharp`: cut from the file's own resolution when the
    frame was scaled down (a hand or a phone keeps the pixels the scaling took)."""
    image = frame.full() if sharp and frame.full is not None else frame.image
    h, w = image.shape[:2]
    x0, x1 = int(region.x0 * w), int(np.ceil(region.x1 * w))
    y0, y1 = int(region.y0 * h), int(np.ceil(region.y1 * h))
    if x1 - x0 < 16 or y1 - y0 < 16:
        return None
    return TimedFrame(frame.pts_s, np.ascontiguousarray(image[y0:y1, x0:x1]), frame.keyframe)


def to_frame(box: Box, region: Box) -> Box:
    """A box found inside `region` -> the same box in whole-frame coordinates."""
    rw, rh = region.x1 - region.x0, region.y1 - region.y0
    return Box(
        region.x0 + box.x0 * rw,
        region.y0 + box.y0 * rh,
        region.x0 + box.x1 * rw,
        region.y0 + box.y1 * rh,
    )
