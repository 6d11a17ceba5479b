"""Observations: what a detector saw in one frame (the first result stage).

Observations become Flags through the rules in `analysis/detect/rules.py`. Boxes are
normalised to [0, 1] so rules and overlays do not care about resolution.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# suffix of `Observation.detector` for an observation carried forward from the costly
# detectors' last run to a sample they skipped (see analysis/detect/attention.py)
HELD = "~held"


class Kind(enum.StrEnum):
    FACE = "face"
    PERSON = "person"
    OBJECT = "object"
    HAND = "hand"
    QUALITY = "quality"  # a property of the whole frame: dark, uniform, blurry, frozen


@dataclass(frozen=True, slots=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def area(self) -> float:
        return max(0.0, self.x1 - self.x0) * max(0.0, self.y1 - self.y0)

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2

    def iou(self, other: Box) -> float:
        ix = max(0.0, min(self.x1, other.x1) - max(self.x0, other.x0))
        iy = max(0.0, min(self.y1, other.y1) - max(self.y0, other.y0))
        inter = ix * iy
        union = self.area + other.area - inter
        return inter / union if union > 0 else 0.0

    def distance(self, other: Box) -> float:
        """Gap between the boxes (0 when they touch or overlap), in normalised units."""
        dx = max(0.0, max(self.x0, other.x0) - min(self.x1, other.x1))
        dy = max(0.0, max(self.y0, other.y0) - min(self.y1, other.y1))
        return float((dx * dx + dy * dy) ** 0.5)


@dataclass(frozen=True, slots=True)
class Observation:
    t: float  # pts, seconds on the recording's own timeline
    kind: Kind
    label: str  # face | person | cell phone | laptop | dark | uniform | blurry | frozen ...
    score: float
    box: Box | None = None
    detector: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "t": round(self.t, 3),
            "kind": self.kind.value,
            "label": self.label,
            "score": round(self.score, 3),
            "box": None
            if self.box is None
            else [round(v, 4) for v in (self.box.x0, self.box.y0, self.box.x1, self.box.y1)],
            "detector": self.detector,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Observation:
        box = Box(*d["box"]) if d.get("box") else None
        return cls(
            float(d["t"]),
            Kind(d["kind"]),
            str(d["label"]),
            float(d["score"]),
            box,
            str(d.get("detector", "")),
        )


def distinct(boxes: Iterable[Box], same_iou: float = 0.3) -> list[Box]:
    """One box per thing: a box overlapping an earlier one by `same_iou` or more is the
    same thing seen twice (two detectors, or a detector's duplicate)."""
    out: list[Box] = []
    for b in boxes:
        if all(b.iou(q) < same_iou for q in out):
            out.append(b)
    return out


def in_hand(box: Box, hands: Iterable[Box]) -> bool:
    """Overlapping one of the hands: held (the fingers are on it). A thing merely
    beside a hand is not: on generated scenes a badge on the candidate's chest, next
    to a raised hand, scored as a phone up to 0.6."""
    return any(box.iou(h) > 0 for h in hands)


def near(box: Box, where: Box) -> bool:
    """`box` is where `where` was: overlapping it, or within one of its widths."""
    return box.iou(where) > 0 or box.distance(where) <= where.x1 - where.x0
