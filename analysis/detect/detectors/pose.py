"""Persons seen from any side with MediaPipe PoseLandmarker (Tasks API, full model).

The aux camera mostly sees the candidate's back or profile, where a face
detector finds nothing and NanoDet-m scores a real back at 0.00-0.34. The pose
model finds a body by its shape (shoulders, hips, arms), face or not. A costly
detector (40-45 ms a frame on this machine): the schedule in
`analysis/detect/attention.py` decides which samples it sees.

Each pose becomes one PERSON observation: the box of its landmarks that the
model thinks are in the picture (presence), the score their mean presence over
the upper body.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from analysis.detect.adapters import persons_from_pose
from analysis.detect.models import model_path
from analysis.detect.observations import Observation
from analysis.media.video import TimedFrame


@dataclass(frozen=True)
class PoseConfig:
    max_poses: int = 3
    # low: at MediaPipe's 0.5 a real back (basketball1.png) was found on 5 of 30
    # samples, at 0.15 on 30 of 30, and never in the empty room between
    min_detection: float = 0.15
    min_presence: float = 0.3


class PoseDetector:
    name = "pose"

    def __init__(self, config: PoseConfig | None = None) -> None:
        self.cfg = config or PoseConfig()
        os.environ.setdefault("GLOG_minloglevel", "2")
        from mediapipe.tasks.python import BaseOptions, vision

        options = vision.PoseLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(model_path("pose_landmarker_full.task"))),
            num_poses=self.cfg.max_poses,
            min_pose_detection_confidence=self.cfg.min_detection,
            min_pose_presence_confidence=self.cfg.min_presence,
        )
        self._det: Any = vision.PoseLandmarker.create_from_options(options)

    def process(self, frame: TimedFrame) -> list[Observation]:
        import mediapipe as mp

        rgb = np.ascontiguousarray(frame.image)
        if rgb.ndim == 2:
            rgb = np.ascontiguousarray(np.repeat(rgb[:, :, None], 3, axis=2))
        result = self._det.detect(mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb))
        return persons_from_pose(result, frame.pts_s, self.name)

    def finish(self) -> list[Observation]:
        return []

    def close(self) -> None:
        self._det.close()
