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

from analysis.detect.detectors.faces import FaceConfig, FaceDetector
from analysis.detect.detectors.hands import HandConfig, HandDetector
from analysis.detect.detectors.mirror import MirrorConfig, MirrorDetector
from analysis.detect.detectors.objects import ObjectConfig, ObjectDetector
from analysis.detect.detectors.pictures import PictureConfig, PictureDetector
from analysis.detect.detectors.pose import PoseConfig, PoseDetector
from analysis.detect.detectors.quality import QualityConfig, QualityDetector
from analysis.detect.detectors.yolo import YoloConfig, YoloDetector
from analysis.detect.observations import Observation
from analysis.media.video import TimedFrame


class Detector(Protocol):
    name: str

    def process(self, frame: TimedFrame) -> list[Observation]: ...

    def finish(self) -> list[Observation]: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Entry:
    config: type[Any]
    make: Callable[[Any], Detector]
    # costly detectors run only where a cheap signal asks (analysis/detect/attention.py)
    costly: bool
    summary: str


def _near_faces(config: FaceConfig | None) -> Detector:
    return FaceDetector(config or FaceConfig(model="short_range"))


# Cheap detectors first: the runner decides from what they saw whether the costly
# ones look at a sample at all. Within a sample, each runs in this order.
REGISTRY: dict[str, Entry] = {
    "quality": Entry(
        QualityConfig, QualityDetector, False, "dark, uniform, blurred or frozen picture (no model)"
    ),
    # not in the default set: it misses the aux camera's smaller faces (measured: 0 of
    # 60 samples where full range found 26); cheaper where faces are large
    "faces_near": Entry(
        FaceConfig, _near_faces, False, "large faces only (MediaPipe BlazeFace short range)"
    ),
    "faces": Entry(
        FaceConfig, FaceDetector, False, "faces, near and far (MediaPipe BlazeFace full range)"
    ),
    "hands": Entry(
        HandConfig, HandDetector, True, "hands, e.g. held at the ear (MediaPipe HandLandmarker)"
    ),
    "objects": Entry(
        ObjectConfig,
        ObjectDetector,
        True,
        "persons, phones, laptops, screens (NanoDet COCO-80, onnxruntime)",
    ),
    # persons from behind and in profile, where faces and NanoDet-m miss them
    "pose": Entry(
        PoseConfig, PoseDetector, True, "persons from any side (MediaPipe PoseLandmarker full)"
    ),
    # held phones (whole frame and chest crop) and persons: stronger than NanoDet-m
    "yolo": Entry(
        YoloConfig,
        YoloDetector,
        True,
        "persons and held phones (YOLOv4-tiny COCO-80 at 512, whole frame + chest crop)",
    ),
    # after the face and body detectors: a face or body that never moves while the room
    # does is a picture (no model: cheap, but it needs the bodies of the costly ones)
    "pictures": Entry(
        PictureConfig,
        PictureDetector,
        True,
        "pictures of people: a face or body that never moves while the room does",
    ),
    # after faces and objects: it reads what they found in the same frame
    "mirror": Entry(
        MirrorConfig, MirrorDetector, True, "the candidate's reflection (flipped template match)"
    ),
}
