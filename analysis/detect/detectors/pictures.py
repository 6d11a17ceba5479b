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
camera changes nowhere, so it never makes a picture. A track lives on through
samples where the detectors miss it, as long as its pixels stay unchanged, and
a part hidden for a moment (the candidate swaying in front of the poster's
edge) is left out where the rest does not change at all.

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
    # over the pixels nothing stood in front of: the candidate swaying in front of a
    # poster's edge hides a part of it on some samples (up to `hidden_share` of the
    # patch, each pixel changed by more than `hidden_diff`); the rest must stay still.
    # Measured on the tuned scenes: a poster half hidden 0.14-0.49 of its patch, the
    # rest 0.5-2.1; real people (candidates, visitors) the rest 2.7-7.6 at any share
    hidden_diff: float = 12.0
    hidden_share: float = 0.6
    # where a part is hidden, the rest's pixels must mostly not change at all (their
    # median change; measured: a poster 0, real people 1-7 grey levels)
    hidden_median: float = 0.5
    still_shift: float = 0.1  # of the box's width: the box stays where it was
    still_s: float = 8.0  # "many seconds"
    # the room outside the face moved on at least this many of those samples: the
    # largest change of an 8x6-px cell of a 64x36 thumbnail, the face's cells excluded
    moved_cell: float = 6.0
    moved_samples: int = 2
    same_iou: float = 0.4  # a face at this overlap with a track's is that track
    # a track no box matches lives on this long (seconds since it was last seen) while
    # its pixels stay still: the detector missed the picture, it is still there
    unseen_s: float = 30.0
    # but a picture is a face or body the detectors do find: on at least this share of
    # the samples of its track (a false face on a plain wall, found once, is not one)
    seen_share: float = 0.5


@dataclass(eq=False)  # a track is itself: two at one box are two (never compare pixels)
class _Track:
    box: Box
    patch: NDArray[np.float32]
    still_since: float
    region: Box  # what a picture covers: around a face, its head and shoulders
    moved: int = 0
    last_t: float = 0.0
    confirmed: bool = False
    samples: int = 1
    seen: int = 1


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
            face = any(o.box == box and o.kind == Kind.FACE for o in seen)
            region = around(box, side=0.4, above=0.4, below=0.6) if face else box
            if old is None:
                tracks.append(_Track(box, patch, t, region, last_t=t))
                continue
            fw = max(1e-6, box.x1 - box.x0)
            shift = float(np.hypot(*np.subtract(box.centre, old.box.centre))) / fw
            # the pixels where the track began: a detector's box jitters, a picture not
            here = _patch(gray, old.box, c.patch)
            change = _change(here, old.patch, c) if here is not None else 99.0
            if change > c.still_diff or shift > c.still_shift:
                tracks.append(_Track(box, patch, t, region, last_t=t))
                continue
            old.moved += _room_moved(thumb, prev_thumb, box, c.moved_cell)
            assert here is not None
            old.patch, old.last_t = here, t  # the box stays the first one: no creep
            old.samples += 1
            old.seen += 1
            self._confirm(old, t)
            if old.confirmed:
                out.append(Observation(t, Kind.OBJECT, "picture", 1.0, old.region, self.name))
            tracks.append(old)
        for k in self._tracks:
            if k not in tracks and self._unseen_still(k, gray, thumb, prev_thumb, t):
                tracks.append(k)
                if k.confirmed:
                    out.append(Observation(t, Kind.OBJECT, "picture", 1.0, k.region, self.name))
        self._tracks = tracks
        return out

    def _unseen_still(
        self,
        k: _Track,
        gray: NDArray[np.uint8],
        thumb: NDArray[np.float32],
        prev: NDArray[np.float32] | None,
        t: float,
    ) -> bool:
        """A track no box matched on this sample lives on while its pixels have not
        changed: the detector missed a still face (a poster's small face scores about
        the threshold, measured 0.31-0.48, and a body box flickers), the picture is
        still there. Its stillness keeps counting; a change ends it."""
        c = self.cfg
        if t - k.last_t > c.unseen_s + 1e-6:
            return False
        here = _patch(gray, k.box, c.patch)
        if here is None or _change(here, k.patch, c) > c.still_diff:
            return False
        k.moved += _room_moved(thumb, prev, k.box, c.moved_cell)
        k.patch = here
        k.samples += 1
        self._confirm(k, t)
        return True

    def _confirm(self, k: _Track, t: float) -> None:
        c = self.cfg
        if (
            t - k.still_since >= c.still_s - 1e-6
            and k.moved >= c.moved_samples
            and k.seen >= c.seen_share * k.samples
        ):
            k.confirmed = True

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


def _change(here: NDArray[np.float32], then: NDArray[np.float32], c: PictureConfig) -> float:
    """Mean |change| of a patch, less its median change (exposure: robust to a part
    hidden), over the pixels not hidden by something in front; 99 when too much is."""
    d = np.abs(here - then - float(np.median(here - then)))
    hidden = d > c.hidden_diff
    if float(hidden.mean()) > c.hidden_share:
        return 99.0
    rest = d[~hidden]
    if hidden.any() and float(np.median(rest)) <= c.hidden_median:
        return 0.0  # the pixels about the hidden part are partly hidden: count the rest
    return float(rest.mean())


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
