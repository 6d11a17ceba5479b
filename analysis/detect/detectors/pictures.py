"""Pictures of people: a face or body that does not move at all while the room does.

A poster or a framed photo on the wall is a face to BlazeFace, and to a body
detector a person. A real person, however still they sit, sways, blinks and
breathes: the pixels of their head change from one sample to the next by more
than the camera's noise. A picture's do not, and its box stays where it was.
So each face is followed from sample to sample (same place, box overlap); a face
whose small grey thumbnail (`patch` px square, which averages the sensor noise
away) changed by less than `still_diff` on every sample for `still_s` seconds,
while the picture outside it changed (someone there moved: the candidate), is
reported as a ``picture`` with the face's head-and-shoulders box. A frozen
camera changes nowhere, so it never makes a picture.

The same holds for a body box (a poster's face may be too small or too flat for
the face detector; the body detectors box the whole person). No model, well under
a millisecond a box; registered as a costly detector all the same, after the
body detectors, whose boxes it needs: it looks at the samples the schedule
gives them (every sample while a second person is seen).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from analysis.detect.detectors.roi import around
from analysis.detect.observations import Box, Kind, Observation
from analysis.media.video import TimedFrame

THUMB = (64, 36)


@dataclass(frozen=True)
class PictureConfig:
    face_min_score: float = 0.3
    person_min_score: float = 0.3
    patch: int = 12
    # mean |grey change| (0-255) of the face's patch between samples; measured on
    # generated scenes (sensor noise 2, H.264): a poster 0.3-1.1, a swaying or
    # talking candidate 3-40 on most samples
    still_diff: float = 1.8
    still_shift: float = 0.1  # of the box's width: the box stays where it was
    still_s: float = 8.0  # "many seconds"
    # the room outside the face moved on at least this many of those samples: the
    # largest change of an 8x6-px cell of a 64x36 thumbnail, the face's cells excluded
    moved_cell: float = 6.0
    moved_samples: int = 2
    same_iou: float = 0.4  # a face at this overlap with a track's is that track


@dataclass
class _Track:
    box: Box
    patch: NDArray[np.float32]
    still_since: float
    moved: int = 0
    last_t: float = 0.0
    confirmed: bool = False


class PictureDetector:
    name = "pictures"
    uses_context = True  # the faces found before it in the same frame

    def __init__(self, config: PictureConfig | None = None) -> None:
        self.cfg = config or PictureConfig()
        self._tracks: list[_Track] = []
        self._thumb: NDArray[np.float32] | None = None

    def process(self, frame: TimedFrame, seen: Sequence[Observation] = ()) -> list[Observation]:
        c = self.cfg
        img = frame.image
        gray = np.asarray(img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_RGB2GRAY), np.uint8)
        thumb = cv2.resize(gray, THUMB, interpolation=cv2.INTER_AREA).astype(np.float32)
        prev_thumb, self._thumb = self._thumb, thumb
        faces = [
            o.box
            for o in seen
            if o.box is not None
            and (
                (o.kind == Kind.FACE and o.score >= c.face_min_score)
                or (o.kind == Kind.PERSON and o.score >= c.person_min_score)
            )
        ]
        t = frame.pts_s
        tracks: list[_Track] = []
        out: list[Observation] = []
        for box in faces:
            patch = _patch(gray, box, c.patch)
            if patch is None:
                continue
            old = max(
                (k for k in self._tracks if k.box.iou(box) >= c.same_iou and k not in tracks),
                key=lambda k: k.box.iou(box),
                default=None,
            )
            if old is None:
                tracks.append(_Track(box, patch, t, last_t=t))
                continue
            fw = max(1e-6, box.x1 - box.x0)
            shift = float(np.hypot(*np.subtract(box.centre, old.box.centre))) / fw
            # the pixels where the track began: a detector's box jitters, a picture not
            here = _patch(gray, old.box, c.patch)
            change = float(np.abs(here - old.patch).mean()) if here is not None else 99.0
            if change > c.still_diff or shift > c.still_shift:
                tracks.append(_Track(box, patch, t, last_t=t))
                continue
            old.moved += _room_moved(thumb, prev_thumb, box, c.moved_cell)
            assert here is not None
            old.patch, old.last_t = here, t  # the box stays the first one: no creep
            if t - old.still_since >= c.still_s - 1e-6 and old.moved >= c.moved_samples:
                old.confirmed = True
            if old.confirmed:
                face = any(o.box == box and o.kind == Kind.FACE for o in seen)
                region = around(old.box, side=0.4, above=0.4, below=0.6) if face else old.box
                out.append(Observation(t, Kind.OBJECT, "picture", 1.0, region, self.name))
            tracks.append(old)
        self._tracks = tracks
        return out

    def finish(self) -> list[Observation]:
        return []

    def close(self) -> None:
        self._tracks = []
        self._thumb = None


def _patch(gray: NDArray[np.uint8], box: Box, side: int) -> NDArray[np.float32] | None:
    h, w = gray.shape[:2]
    x0, x1 = int(box.x0 * w), int(np.ceil(box.x1 * w))
    y0, y1 = int(box.y0 * h), int(np.ceil(box.y1 * h))
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    p = cv2.resize(gray[y0:y1, x0:x1], (side, side), interpolation=cv2.INTER_AREA)
    f = p.astype(np.float32)
    return f - float(f.mean())  # a change of exposure is not a change of the face


def _room_moved(
    thumb: NDArray[np.float32], prev: NDArray[np.float32] | None, box: Box, cell: float
) -> int:
    """1 when a cell of the thumbnail outside `box` changed by more than `cell`."""
    if prev is None or prev.shape != thumb.shape:
        return 0
    diff = np.abs(thumb - prev)
    h, w = diff.shape
    cells = diff.reshape(h // 6, 6, w // 8, 8).mean(axis=(1, 3))
    gx0, gx1 = int(box.x0 * cells.shape[1]), int(np.ceil(box.x1 * cells.shape[1]))
    gy0, gy1 = int(box.y0 * cells.shape[0]), int(np.ceil(box.y1 * cells.shape[0]))
    cells[max(0, gy0 - 1) : gy1 + 1, max(0, gx0 - 1) : gx1 + 1] = 0.0
    return int(float(cells.max()) > cell)
