"""When to run the costly detectors: cheap signals ask for them, a period guarantees them.

Every sampled frame gets the cheap detectors (picture quality, BlazeFace short
range: about 3 ms together). The costly ones (full-range faces, NanoDet, hands,
the mirror search: about 70 ms together) run on a sample only when

- it is the first sample, or `period_s` has passed since they last ran;
- the cheap face detector sees, on two samples in a row, a different number
  of faces than at the last costly run (one sample is a detector's flicker);
- the picture changed since their last run (the largest change of a cell of a
  64x36 thumbnail, allowing a shift of `sway_px` thumbnail pixels): away
  from the candidate (someone or something entering) by `scene_change`, or
  over more than `own_fraction` of the candidate's own region (their face and
  the body box found at the last run; from behind, the aux camera sees no
  face), which their ordinary movement stays under but leaving does not; or
  beside and below the candidate's face (a hand or a phone coming up: the
  colour histograms of three regions there, compared by Bhattacharyya
  distance, which a few pixels of sway or of face-box jitter barely move);
- their last run found something a rule cares about (a second person, also
  a face outside every body box beside a body, a phone, a hand by the face, a
  reflection, nobody at all): then they run on every sample until it has been
  gone for `linger_s`, so a flag rests on real detections, and someone
  half-hidden behind the candidate for a moment is still looked for;
- once such a state is established (every run found it for `settle_s`: longer
  than any rule needs to raise its flag), they need only find its end: they
  run every `hold_period_s`, and wherever a cheap signal above sees the
  picture change from their last run (the candidate coming back, a visitor
  leaving, a hand moving). The flagged recordings are then nearly as cheap
  as the clean ones (issue 17: an away candidate or a visitor for most of a
  recording made the costly detectors run on every sample, 4x the time).

On the other samples the runner carries their last observations forward
(faces excepted: the cheap detector sees those), marked ``~held``. Nothing that
could start a flag is ever carried: a sample that shows something new asks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np
from numpy.typing import NDArray

from analysis.detect.observations import Box, Kind, Observation, distinct, in_hand, near
from analysis.detect.people import inside

THUMB = (64, 36)  # whole picture, 8x6 cells of 8x6 px
HIST_BINS = [6, 3, 3]  # hue, saturation, value


@dataclass(frozen=True)
class AttentionConfig:
    period_s: float = 30.0  # costly detectors run at least this often
    face_min_score: float = 0.5
    face_keep_score: float = 0.3  # a face seen at the last run stays counted down to this
    scene_change: float = 14.0  # mean |luma change| of one cell, 0-255
    own_fraction: float = 0.7  # of the candidate's own cells changing that much
    # or, when no face vouched for the candidate at the last run (seen only from behind,
    # as a body box), their mean change (sway allowed for) above this: they may have
    # left (measured on a generated aux view: 8.2 with them gone, 1.9-4.8 while they
    # sat and swayed)
    own_mean: float = 6.0
    # Bhattacharyya distance; measured on generated scenes: sway and jitter 0.06-0.22
    # in the main view (up to 0.29 in the aux view), a phone or hand coming up 0.27-0.35
    head_change: float = 0.25
    candidate_widths: float = 1.5  # the candidate's own region: this many face widths aside
    sway_px: int = 2  # thumbnail pixels a picture may shift and still be the same
    body_margin: float = 0.1  # and this much of a body box's width on each side
    # what keeps them running on every sample
    person_min_score: float = 0.45
    phone_min_score: float = 0.45
    phone_in_hand_min_score: float = 0.25
    chest_phone_min_score: float = 0.2  # YOLOv4-tiny on the chest crop (rules: the same)
    hand_face_widths: float = 1.0
    linger_s: float = 3.0  # keep running this long after the last interesting run
    # a state every run found for this long is established (the rules' longest minimum
    # duration is 5 s, left_frame in the aux view): from then on, look every
    # hold_period_s, or where the picture changed, until a run no longer finds it. The
    # period is a safety net: a candidate coming back or a visitor leaving changes the
    # picture and asks at once; a flag no cheap signal ends runs on at most this long
    settle_s: float = 6.0
    hold_period_s: float = 10.0


@dataclass(eq=False)  # holds pixel arrays: never compared field by field
class _Look:
    """What the cheap signals saw on one sample."""

    thumb: NDArray[np.float32] | None = None
    head: list[NDArray[np.float32] | None] | None = None
    faces: tuple[Box, ...] = ()
    bodies: tuple[Box, ...] = ()  # persons the costly detectors found (at a run only)


class Attention:
    def __init__(self, config: AttentionConfig | None = None) -> None:
        self.cfg = config or AttentionConfig()
        self._last_run: float | None = None
        self._at_run = _Look()  # the sample the costly detectors last looked at
        self._now = _Look()
        self._prev_count = -1
        self._interest_until = -1.0
        self._interest_since: float | None = None  # the first run of an unbroken streak
        # the body boxes of the last run that found nothing: the candidate's own, not a
        # visitor's, whose leaving must ask while a state is established
        self._calm_bodies: tuple[Box, ...] | None = None

    def ask(self, t: float, image: NDArray[np.uint8], cheap: Sequence[Observation]) -> str | None:
        """Why the costly detectors should look at this sample, or None."""
        c = self.cfg
        # hysteresis: a face the last run saw stays counted while its score dips; a
        # small face hovering about the threshold must not ask on every other sample
        known = self._at_run.faces
        found = [
            o
            for o in sorted(cheap, key=lambda o: -o.score)
            if o.kind == Kind.FACE
            and o.box is not None
            and (
                o.score >= c.face_min_score
                or (o.score >= c.face_keep_score and any(near(o.box, k) for k in known))
            )
        ]
        kept: list[Box] = []  # one per face: weak duplicates beside a face are that face
        for o in found:
            if o.box is None:
                continue
            weak = o.score < c.face_min_score
            if not any(near(o.box, k) if weak else o.box.iou(k) > 0.3 for k in kept):
                kept.append(o.box)
        faces = tuple(kept)
        gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
        thumb = cv2.resize(gray, THUMB, interpolation=cv2.INTER_AREA).astype(np.float32)
        sure = [
            o.box for o in cheap if o.kind == Kind.FACE and o.box and o.score >= c.face_min_score
        ]
        self._now = now = _Look(thumb, _head_histograms(image, sure), faces)
        prev_count, self._prev_count = self._prev_count, len(faces)
        ref = self._at_run
        if self._last_run is None or ref.thumb is None:
            return "first"
        if self.settled:
            if t - self._last_run >= c.hold_period_s - 1e-6:
                return "hold"
        elif t <= self._interest_until + 1e-6:
            return "interest"
        if t - self._last_run >= self.cfg.period_s - 1e-6:
            return "period"
        if len(faces) != len(ref.faces) and len(faces) == prev_count:
            return "faces"
        bodies = ref.bodies
        if self.settled and self._calm_bodies is not None:
            bodies = self._calm_bodies
        mask = _candidate_mask(
            faces + ref.faces, bodies, self.cfg.candidate_widths, self.cfg.body_margin
        )
        diff = _shifted_diff(thumb, ref.thumb, self.cfg.sway_px)
        if _max_cell(diff, 8, 6, mask) > self.cfg.scene_change:
            return "scene"
        if _cells_over(diff, 8, 6, ~mask, self.cfg.scene_change) > self.cfg.own_fraction:
            return "own"
        if not ref.faces and _cells_mean(diff, 8, 6, ~mask) > self.cfg.own_mean:
            return "own"
        if _histograms_moved(now.head, ref.head) > self.cfg.head_change:
            return "head"
        return None

    def ran(self, t: float, cheap: Sequence[Observation], costly: Sequence[Observation]) -> None:
        """Record a costly run and whether what it found keeps them running."""
        self._last_run = t
        bodies = tuple(
            o.box
            for o in costly
            if o.kind == Kind.PERSON and o.box and o.score >= self.cfg.person_min_score
        )
        self._at_run = replace(self._now, bodies=bodies)
        if self.interesting(list(cheap) + list(costly)):
            self._interest_until = t + self.cfg.linger_s
            if self._interest_since is None:
                self._interest_since = t
        else:
            if self.settled:  # an established state's end: look densely a while longer
                self._interest_until = t + self.cfg.linger_s
            self._interest_since = None
            self._calm_bodies = bodies

    @property
    def settled(self) -> bool:
        """Whether every run since `settle_s` before the last one found something a rule
        cares about (an established state: only its end is looked for)."""
        since, last = self._interest_since, self._last_run
        return since is not None and last is not None and last - since >= self.cfg.settle_s

    def interesting(self, seen: Sequence[Observation]) -> bool:
        c = self.cfg
        faces = [o.box for o in seen if o.kind == Kind.FACE and o.box and o.score >= 0.6]
        persons = [
            o.box for o in seen if o.kind == Kind.PERSON and o.box and o.score >= c.person_min_score
        ]
        # a face or body inside a picture on the wall (pictures detector) is nobody here
        pictures = [o.box for o in seen if o.label == "picture" and o.box is not None]
        faces = [f for f in faces if not any(inside(f, p) for p in pictures)]
        persons = [b for b in persons if not any(inside(b, p) for p in pictures)]
        if not faces and not persons:
            return True  # nobody: left_frame needs every sample
        if len(distinct(persons)) >= 2 or len(distinct(faces)) >= 2:
            return True
        # a face outside every body box and a body: two people (a visitor's body beside a
        # candidate whose own body box scored under the threshold)
        if persons and any(not any(inside(f, p) for p in persons) for f in faces):
            return True
        hands = [o.box for o in seen if o.kind == Kind.HAND and o.box is not None]
        for o in seen:
            if o.label == "reflection":
                return True
            if o.label == "cell phone" and o.box is not None:
                if o.detector.endswith(":chest") and o.score >= c.chest_phone_min_score:
                    return True  # a phone in the crop of the candidate's chest and hands
                held = in_hand(o.box, hands)
                if o.score >= c.phone_min_score or (held and o.score >= c.phone_in_hand_min_score):
                    return True
        for h in hands:
            if any(h.distance(f) <= c.hand_face_widths * (f.x1 - f.x0) for f in faces):
                return True
        return False


def _head_histograms(
    image: NDArray[np.uint8], faces: Sequence[Box]
) -> list[NDArray[np.float32] | None] | None:
    """Colour histograms left of, right of and below the largest face."""
    if not faces or image.ndim != 3:
        return None
    f = max(faces, key=lambda b: b.area)
    h, w = image.shape[:2]
    fw, fh = f.x1 - f.x0, f.y1 - f.y0
    regions = (
        (f.x0 - 1.2 * fw, f.y0 - 0.2 * fh, f.x0, f.y1 + 0.3 * fh),  # one ear
        (f.x1, f.y0 - 0.2 * fh, f.x1 + 1.2 * fw, f.y1 + 0.3 * fh),  # the other
        (f.x0 - 0.5 * fw, f.y1 + 0.2 * fh, f.x1 + 0.5 * fw, f.y1 + 1.5 * fh),  # the chest
    )
    out: list[NDArray[np.float32] | None] = []
    for x0, y0, x1, y1 in regions:
        c0, c1 = int(max(0.0, x0) * w), int(min(1.0, x1) * w)
        r0, r1 = int(max(0.0, y0) * h), int(min(1.0, y1) * h)
        if c1 - c0 < 4 or r1 - r0 < 4:
            out.append(None)
            continue
        hsv = cv2.cvtColor(np.ascontiguousarray(image[r0:r1, c0:c1]), cv2.COLOR_RGB2HSV)
        hist = cv2.calcHist([hsv], [0, 1, 2], None, HIST_BINS, [0, 180, 0, 256, 0, 256])
        out.append(np.asarray(hist / max(float(hist.sum()), 1.0), np.float32))
    return out


def _histograms_moved(
    now: list[NDArray[np.float32] | None] | None, then: list[NDArray[np.float32] | None] | None
) -> float:
    if now is None or then is None:
        return 0.0
    return max(
        (
            float(cv2.compareHist(a, b, cv2.HISTCMP_BHATTACHARYYA))
            for a, b in zip(now, then, strict=True)
            if a is not None and b is not None
        ),
        default=0.0,
    )


def _candidate_mask(
    faces: Sequence[Box], bodies: Sequence[Box], widths: float, margin: float
) -> NDArray[np.bool_]:
    """Thumbnail pixels the candidate's own movement explains: around and below each
    face (hair and hat above it too), and inside each body box."""
    w, h = THUMB
    mask = np.zeros((h, w), bool)
    for b in bodies:
        bw, bh = b.x1 - b.x0, b.y1 - b.y0
        # a body box hugs the person; arms, chair and shadow move with them
        x0 = int(max(0.0, b.x0 - margin * bw) * w)
        x1 = int(np.ceil(min(1.0, b.x1 + margin * bw) * w))
        y0, y1 = int(max(0.0, b.y0 - 0.2 * bh) * h), int(np.ceil(min(1.0, b.y1 + 0.2 * bh) * h))
        mask[y0:y1, x0:x1] = True
    for f in faces:
        fw, fh = f.x1 - f.x0, f.y1 - f.y0
        x0 = int(max(0.0, f.x0 - widths * fw) * w)
        x1 = int(np.ceil(min(1.0, f.x1 + widths * fw) * w))
        y0 = int(max(0.0, f.y0 - 1.0 * fh) * h)
        mask[y0:, x0:x1] = True
    return mask


def _shifted_diff(
    now: NDArray[np.float32], then: NDArray[np.float32], r: int = 1
) -> NDArray[np.float32]:
    """|now - then| per pixel, the least over shifts of `then` by up to `r` thumbnail
    pixels (each 10-20 px of the frame): a camera's or a body's sway is not a change, a
    new thing in the picture is."""
    h, w = now.shape
    padded = np.pad(then, r, mode="edge")
    out: NDArray[np.float32] = np.abs(now - then)
    for dy in range(2 * r + 1):
        for dx in range(2 * r + 1):
            if dy != r or dx != r:
                np.minimum(out, np.abs(now - padded[dy : dy + h, dx : dx + w]), out=out)
    return out


def _cells(diff: NDArray[np.float32], cw: int, ch: int) -> NDArray[np.float32]:
    h, w = diff.shape
    out: NDArray[np.float32] = (
        diff[: h - h % ch, : w - w % cw].reshape(h // ch, ch, w // cw, cw).mean(axis=(1, 3))
    )
    return out


def _cells_over(
    diff: NDArray[np.float32], cw: int, ch: int, skip: NDArray[np.bool_], level: float
) -> float:
    """The fraction of the cells not mostly in `skip` whose mean exceeds `level`."""
    keep = _cells(skip.astype(np.float32), cw, ch) <= 0.5
    return float((_cells(diff, cw, ch)[keep] > level).mean()) if keep.any() else 0.0


def _cells_mean(diff: NDArray[np.float32], cw: int, ch: int, skip: NDArray[np.bool_]) -> float:
    """The mean over the cells not mostly in `skip`."""
    keep = _cells(skip.astype(np.float32), cw, ch) <= 0.5
    return float(_cells(diff, cw, ch)[keep].mean()) if keep.any() else 0.0


def _max_cell(
    diff: NDArray[np.float32], cw: int, ch: int, skip: NDArray[np.bool_] | None = None
) -> float:
    """The largest mean over cells of `cw` x `ch` pixels; cells mostly in `skip` don't count."""
    cells = _cells(diff, cw, ch)
    if skip is not None:
        cells = np.where(_cells(skip.astype(np.float32), cw, ch) > 0.5, 0.0, cells)
    return float(cells.max()) if cells.size else 0.0
