"""Faces with MediaPipe's BlazeFace (Tasks API), full range: finds small, far faces too."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from analysis.detect.adapters import faces_from_mediapipe
from analysis.detect.models import model_path
from analysis.detect.observations import Observation
from analysis.media.video import TimedFrame

MODELS = {
    "full_range": "face_detection_full_range_sparse.tflite",
    "short_range": "face_detector_short_range.tflite",
}


@dataclass(frozen=True)
class FaceConfig:
    model: str = "full_range"
    # low: the rules count faces from 0.6 (0.5 to continue a second person), and the
    # runner's attention keeps a known face counted down to 0.3 so it does not flicker
    min_score: float = 0.3


class FaceDetector:
    name = "faces"

    def __init__(self, config: FaceConfig | None = None) -> None:
        self.cfg = config or FaceConfig()
        os.environ.setdefault("GLOG_minloglevel", "2")  # MediaPipe's C++ logging
        from mediapipe.tasks.python import BaseOptions, vision

        options = vision.FaceDetectorOptions(
            base_options=BaseOptions(model_asset_path=str(model_path(MODELS[self.cfg.model]))),
            min_detection_confidence=self.cfg.min_score,
        )
        self._det: Any = vision.FaceDetector.create_from_options(options)

    def process(self, frame: TimedFrame) -> list[Observation]:
        import mediapipe as mp

        rgb = np.ascontiguousarray(frame.image)
        result = self._det.detect(mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb))
        h, w = rgb.shape[:2]
        return faces_from_mediapipe(result, frame.pts_s, w, h, f"{self.name}:{self.cfg.model}")

    def finish(self) -> list[Observation]:
        return []

    def close(self) -> None:
        self._det.close()
