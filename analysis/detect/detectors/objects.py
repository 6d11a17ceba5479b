"""Persons, phones and screens with NanoDet-m (COCO-80) on onnxruntime.

A costly detector (about 45 ms a pass on one thread), called only where the
runner's attention asks. It looks at the whole frame and, when the hand
detector before it found a hand near the candidate's head, again at that
region (`roi.head_region`), enlarged: a phone at the ear or in the hand is too
small to find in the whole frame at NanoDet's 416x416. Persons are taken from
the whole frame only (the crop cuts people in half).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from analysis.detect.adapters import COCO_NAMES, nanodet_input, objects_from_nanodet
from analysis.detect.detectors.roi import crop, head_region, to_frame
from analysis.detect.models import model_path, onnx_session
from analysis.detect.observations import Kind, Observation
from analysis.media.video import TimedFrame


@dataclass(frozen=True)
class ObjectConfig:
    min_score: float = 0.15  # rules apply their own, per-class thresholds
    classes: frozenset[int] = field(default_factory=lambda: frozenset(COCO_NAMES))
    threads: int = 1  # detection runs one worker process per core
    head_crop: bool = True  # look again, enlarged, around the head when a hand is there


class ObjectDetector:
    name = "objects"
    uses_context = True  # the head crop follows the faces found before it

    def __init__(self, config: ObjectConfig | None = None) -> None:
        self.cfg = config or ObjectConfig()
        self._sess: Any = onnx_session(model_path("nanodet.onnx"), self.cfg.threads)
        self._names = [o.name for o in self._sess.get_outputs()]

    def process(self, frame: TimedFrame, seen: Sequence[Observation] = ()) -> list[Observation]:
        found = self._detect(frame)
        region = head_region(seen) if self.cfg.head_crop else None
        hand = region is not None and any(
            o.kind == Kind.HAND and o.box is not None and o.box.iou(region) > 0 for o in seen
        )
        part = crop(frame, region, sharp=True) if region is not None and hand else None
        if region is not None and part is not None:
            found += [
                replace(o, box=to_frame(o.box, region), detector=f"{self.name}:head")
                for o in self._detect(part)
                if o.kind != Kind.PERSON and o.box is not None
            ]
        return found

    def _detect(self, frame: TimedFrame) -> list[Observation]:
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
