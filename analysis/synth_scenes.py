"""Behaviour scenarios with known ground truth, for detector tests and evaluation.

A scenario is one camera's recording of a sitting: the candidate (a real photo
shipped in scikit-image or matplotlib) sways over a room; events make them
leave, bring in a second person (another real photo), put a real phone (a crop
of OpenCV's `resources/media/yolo.jpg`) at their ear, cover the lens,
freeze the picture, or show a mirror (the candidate flipped, dimmer and smaller,
in a frame, moving in sync). Each event's interval is the ground truth.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from analysis.synth import (
    Frame,
    RecordingSpec,
    _paste,
    _resize,
    package_photo,
    room_background,
    write_recording,
)

YOLO_JPG = Path(__file__).resolve().parents[1] / "resources" / "media" / "yolo.jpg"
PHONE_BOX = (110, 515, 405, 735)  # x0, y0, x1, y1 of the phone in yolo.jpg
EVENT_FLAG = {
    "leave": "left_frame",
    "second_person": "second_person",
    "phone": "phone",
    "cover": "camera_obstructed",
    "freeze": "camera_obstructed",
    "mirror": "mirror",
}


@dataclass(frozen=True)
class Event:
    kind: str  # leave | second_person | phone | cover | freeze | mirror
    start_s: float
    end_s: float


@dataclass(frozen=True)
class ScenarioSpec:
    duration_s: float = 30.0
    width: int = 640
    height: int = 360
    fps: int = 15
    candidate: str = "astronaut"
    other: str = "grace_hopper"
    aux_view: bool = False  # the aux camera: candidate smaller and off-centre
    events: tuple[Event, ...] = field(default_factory=tuple)
    seed: int = 0

    def truth(self) -> list[tuple[str, float, float]]:
        return [(EVENT_FLAG[e.kind], e.start_s, e.end_s) for e in self.events]


def _load_phone() -> Frame:
    from PIL import Image

    with Image.open(YOLO_JPG) as im:
        return np.asarray(im.convert("RGB").crop(PHONE_BOX))


def scene_frames(spec: ScenarioSpec):  # type: ignore[no-untyped-def]
    w, h = spec.width, spec.height
    bg = room_background(w, h, spec.seed)
    scale = 0.5 if spec.aux_view else 0.8
    cand = _resize(package_photo(spec.candidate), int(h * scale))
    other = _resize(package_photo(spec.other), int(h * scale * 0.9))
    phone = _resize(_load_phone(), max(8, int(h * 0.16)))
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
        dx = math.sin(2 * math.pi * freq * t + phase) * 0.04 * w
        cx = (0.62 if spec.aux_view else 0.5) * w + dx
        x = int(cx - cand.shape[1] / 2)
        y = h - cand.shape[0]
        if active("mirror", t):
            mirror = _resize(cand[:, ::-1], int(cand.shape[0] * 0.45))
            mx, my = int(0.06 * w), int(0.08 * h)
            img[my - 6 : my + mirror.shape[0] + 6, mx - 6 : mx + mirror.shape[1] + 6] = (70, 55, 40)
            _paste(img, (mirror * 0.75).astype(np.uint8), mx - int(dx * 0.45), my)
        if active("second_person", t):
            _paste(
                img,
                other,
                int(0.02 * w) if not spec.aux_view else int(0.05 * w),
                h - other.shape[0],
            )
        if not active("leave", t):
            _paste(img, cand, x, y)
            if active("phone", t):
                # at the ear: beside the upper part of the face
                _paste(img, phone, x + int(cand.shape[1] * 0.68), y + int(cand.shape[0] * 0.2))
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
