"""Persons and phones with YOLOv4-tiny (COCO-80) on onnxruntime: the stronger detector.

Measured in ../shared/models/PROVENANCE.md on 144 frames of a real phone held in
a real hand: NanoDet-m 416 found 22-53 (at 1-12 false phones in 48 controls),
YOLOv4-tiny 512 on the whole frame 46-65, and on a chest crop 78 (1 false). A
phone held in front of the chest is small in a whole frame: this detector
looks at the whole frame (persons, phones) and again at the region below the
candidate's face, their chest and hands (`chest_region`), cut from the file's
own resolution. About 1.5-1.8x NanoDet-m's time a pass at 512; a costly
detector, run where the schedule (`analysis/detect/attention.py`) asks.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from analysis.detect.adapters import COCO_NAMES, objects_from_yolo, yolo_input
from analysis.detect.detectors.roi import around, crop, to_frame
from analysis.detect.models import model_path, onnx_session
from analysis.detect.observations import Box, Kind, Observation
from analysis.media.video import TimedFrame


@dataclass(frozen=True)
class YoloConfig:
    size: int = 512
    min_score: float = 0.15  # the rules apply their own thresholds
    classes: frozenset[int] = field(default_factory=lambda: frozenset(COCO_NAMES))
    threads: int = 1
    chest_crop: bool = True  # look again at the candidate's chest and hands
    # measured on generated held phones: the crop at 416 scored them 0.21-0.59, at 512
    # 0.11-0.31, at 640 0.06-0.25 (a held phone needs the hand and chest around it)
    chest_size: int = 416
    face_min_score: float = 0.45


class YoloDetector:
    name = "yolo"
    uses_context = True  # the chest crop follows the face found before it

    def __init__(self, config: YoloConfig | None = None) -> None:
        self.cfg = config or YoloConfig()
        self._sess: Any = onnx_session(model_path("yolov4-tiny.onnx"), self.cfg.threads)
        meta = json.loads(self._sess.get_modelmeta().custom_metadata_map["yolo"])
        self._anchors = [[(float(a), float(b)) for a, b in h["anchors"]] for h in meta["heads"]]
        self._scale = float(meta["heads"][0]["scale_x_y"])

    def process(self, frame: TimedFrame, seen: Sequence[Observation] = ()) -> list[Observation]:
        found = self._detect(frame, self.cfg.classes)
        region = chest_region(seen, self.cfg.face_min_score) if self.cfg.chest_crop else None
        part = crop(frame, region, sharp=True) if region is not None else None
        if region is not None and part is not None:
            found += [
                replace(o, box=to_frame(o.box, region), detector=f"{self.name}:chest")
                for o in self._detect(part, frozenset({67}), self.cfg.chest_size)
                if o.box is not None
            ]
        return found

    def _detect(
        self, frame: TimedFrame, classes: frozenset[int], size: int = 0
    ) -> list[Observation]:
        size = size or self.cfg.size
        img = frame.image
        if img.ndim == 2:
            import numpy as np

            img = np.repeat(img[:, :, None], 3, axis=2)
        heads = self._sess.run(None, {"images": yolo_input(img, size)})
        return objects_from_yolo(
            list(heads),
            self._anchors,
            size,
            frame.pts_s,
            min_score=self.cfg.min_score,
            classes=classes,
            detector=self.name,
            scale_x_y=self._scale,
        )

    def finish(self) -> list[Observation]:
        return []

    def close(self) -> None:
        self._sess = None


def chest_region(seen: Sequence[Observation], face_min_score: float) -> Box | None:
    """Below the most confident face: the chest and the hands in front of it, where a
    phone is held to be read (a square-ish region about 4 face widths wide)."""
    faces = [o for o in seen if o.kind == Kind.FACE and o.box is not None]
    faces = [o for o in faces if o.score >= face_min_score]
    if not faces:
        return None
    best = max(faces, key=lambda o: o.box.area if o.box else 0.0)
    assert best.box is not None
    return around(best.box, side=1.6, above=0.2, below=3.0)
