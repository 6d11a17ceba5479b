"""Hands with MediaPipe's HandLandmarker (Tasks API): where the candidate's hands are.

A costly detector (16-31 ms a frame): the runner calls it only on the samples
where a cheap signal asks for it (see `analysis/detect/attention.py`). It looks at the
region around the candidate's head (`roi.head_region`), where a hand at the
ear is large enough to find; with no face in the frame, at the whole frame.
Its boxes let the phone rule see a hand held at the ear, or a phone in a hand.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from analysis.detect.adapters import hands_from_mediapipe
from analysis.detect.detectors.roi import crop, head_region, to_frame
from analysis.detect.models import model_path
from analysis.detect.observations import Observation
from analysis.media.video import TimedFrame


@dataclass(frozen=True)
class HandConfig:
    max_hands: int = 2
    min_detection: float = 0.5
    min_presence: float = 0.5


class HandDetector:
    name = "hands"
    uses_context = True  # looks around the face the face detectors found

    def __init__(self, config: HandConfig | None = None) -> None:
        self.cfg = config or HandConfig()
        os.environ.setdefault("GLOG_minloglevel", "2")
        from mediapipe.tasks.python import BaseOptions, vision

        options = vision.HandLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(model_path("hand_landmarker.task"))),
            num_hands=self.cfg.max_hands,
            min_hand_detection_confidence=self.cfg.min_detection,
            min_hand_presence_confidence=self.cfg.min_presence,
        )
        self._det: Any = vision.HandLandmarker.create_from_options(options)

    def process(self, frame: TimedFrame, seen: Sequence[Observation] = ()) -> list[Observation]:
        region = head_region(seen)
        part = crop(frame, region, sharp=True) if region is not None else None
        if region is None or part is None:
            return self._detect(frame)
        return [replace(o, box=to_frame(o.box, region)) for o in self._detect(part) if o.box]

    def _detect(self, frame: TimedFrame) -> list[Observation]:
        import mediapipe as mp

        rgb = np.ascontiguousarray(frame.image)
        if rgb.ndim == 2:
            rgb = np.ascontiguousarray(np.repeat(rgb[:, :, None], 3, axis=2))
        result = self._det.detect(mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb))
        return hands_from_mediapipe(result, frame.pts_s, self.name)

    def finish(self) -> list[Observation]:
        return []

    def close(self) -> None:
        self._det.close()
