"""Detectors: frames in, Observations out. One small class per file, one registry.

A detector has a frozen config dataclass and two methods:
``process(frame) -> list[Observation]`` and ``finish() -> list[Observation]``
(plus ``close()``). One that sets ``uses_context = True`` is called as
``process(frame, seen)`` with what the detectors before it (in registry order)
found in the same frame. The CLI, the GUI and the tests all read `REGISTRY`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from analysis.detectors.faces import FaceConfig, FaceDetector
from analysis.detectors.mirror import MirrorConfig, MirrorDetector
from analysis.detectors.objects import ObjectConfig, ObjectDetector
from analysis.detectors.quality import QualityConfig, QualityDetector
from analysis.observations import Observation
from analysis.video import TimedFrame


class Detector(Protocol):
    name: str

    def process(self, frame: TimedFrame) -> list[Observation]: ...

    def finish(self) -> list[Observation]: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Entry:
    config: type[Any]
    make: Callable[[Any], Detector]
    # run on every `every`-th sampled frame: cheap detectors 1, costly ones more
    every: int
    summary: str


REGISTRY: dict[str, Entry] = {
    "quality": Entry(
        QualityConfig, QualityDetector, 1, "dark, uniform, blurred or frozen picture (no model)"
    ),
    "faces": Entry(
        FaceConfig, FaceDetector, 1, "faces, near and far (MediaPipe BlazeFace full range)"
    ),
    "objects": Entry(
        ObjectConfig,
        ObjectDetector,
        1,
        "persons, phones, laptops, screens (NanoDet COCO-80, onnxruntime)",
    ),
    # after faces and objects: it reads what they found in the same frame
    "mirror": Entry(
        MirrorConfig, MirrorDetector, 1, "the candidate's reflection (flipped template match)"
    ),
}
