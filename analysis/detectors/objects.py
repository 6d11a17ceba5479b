"""Persons, phones and screens with NanoDet-m (COCO-80) on onnxruntime."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from analysis.adapters import COCO_NAMES, nanodet_input, objects_from_nanodet
from analysis.models import model_path
from analysis.observations import Observation
from analysis.video import TimedFrame


@dataclass(frozen=True)
class ObjectConfig:
    min_score: float = 0.15  # rules apply their own, per-class thresholds
    classes: frozenset[int] = field(default_factory=lambda: frozenset(COCO_NAMES))
    threads: int = 1  # detection runs one worker process per core


class ObjectDetector:
    name = "objects"

    def __init__(self, config: ObjectConfig | None = None) -> None:
        import onnxruntime as ort

        self.cfg = config or ObjectConfig()
        so = ort.SessionOptions()
        so.intra_op_num_threads = self.cfg.threads
        so.inter_op_num_threads = 1
        so.log_severity_level = 3
        self._sess: Any = ort.InferenceSession(
            str(model_path("nanodet.onnx")), so, providers=["CPUExecutionProvider"]
        )
        self._names = [o.name for o in self._sess.get_outputs()]

    def process(self, frame: TimedFrame) -> list[Observation]:
        outs = self._sess.run(None, {"input_1:0": nanodet_input(frame.image)})
        return objects_from_nanodet(
            dict(zip(self._names, outs, strict=True)),
            frame.pts_s,
            min_score=self.cfg.min_score,
            classes=self.cfg.classes,
            detector=self.name,
        )

    def finish(self) -> list[Observation]:
        return []

    def close(self) -> None:
        self._sess = None
