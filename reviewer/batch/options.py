"""What a batch carries from the enqueuer to every worker: the scan's options (the
enqueuer's [detection], [rules], [duration_limits], [speech] and [identity]) and the
plan's export flags,
as JSON in the barrier jobs' arguments."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from analysis.detect.rules import RuleConfig
from analysis.detect.runner import DetectConfig
from analysis.flags import Camera, Flag, FlagType, Source
from analysis.speech.config import SpeechConfig
from reviewer import behaviour
from reviewer.config import from_dict
from reviewer.identity import IdentitySettings
from reviewer.scan import ScanOptions


@dataclass(frozen=True)
class BatchOptions:
    detect: DetectConfig | None = field(default_factory=DetectConfig)
    rules: RuleConfig = field(default_factory=RuleConfig)
    duration_limits: dict[str, float] = field(default_factory=dict)
    detect_part_s: float = behaviour.PART_S
    priority: int = 0
    total: int = 0  # recordings present
    reused: int = 0  # unchanged since the last scan
    analysed: int = 0  # hashed and probed by this batch
    flags: tuple[dict[str, Any], ...] = ()  # the plan's export flags
    speech: SpeechConfig | None = field(default_factory=SpeechConfig)  # None: no speech stage
    identity: IdentitySettings = field(default_factory=IdentitySettings)

    @staticmethod
    def detect_config(data: dict[str, Any]) -> DetectConfig:
        return from_dict(DetectConfig(), data, "detection")

    def to_json(self) -> dict[str, Any]:
        return {
            "detect": None if self.detect is None else asdict(self.detect),
            "rules": asdict(self.rules),
            "duration_limits": dict(self.duration_limits),
            "detect_part_s": self.detect_part_s,
            "priority": self.priority,
            "total": self.total,
            "reused": self.reused,
            "analysed": self.analysed,
            "flags": list(self.flags),
            "speech": None if self.speech is None else asdict(self.speech),
            "identity": asdict(self.identity),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> BatchOptions:
        det = d.get("detect")
        return cls(
            detect=None if det is None else cls.detect_config(det),
            rules=from_dict(RuleConfig(), d.get("rules", {}), "rules"),
            duration_limits={str(k): float(v) for k, v in d.get("duration_limits", {}).items()},
            detect_part_s=float(d.get("detect_part_s", behaviour.PART_S)),
            priority=int(d.get("priority", 0)),
            total=int(d.get("total", 0)),
            reused=int(d.get("reused", 0)),
            analysed=int(d.get("analysed", 0)),
            flags=tuple(d.get("flags", ())),
            speech=None if d.get("speech", {}) is None else cls.speech_config(d.get("speech", {})),
            identity=cls.identity_settings(d.get("identity") or {}),
        )

    @staticmethod
    def speech_config(data: dict[str, Any]) -> SpeechConfig:
        return from_dict(SpeechConfig(), data, "speech")

    @staticmethod
    def identity_settings(data: dict[str, Any]) -> IdentitySettings:
        return from_dict(IdentitySettings(), data, "identity")

    def scan_options(self) -> ScanOptions:
        return ScanOptions(
            workers=0,
            duration_limits=self.duration_limits,
            detect=self.detect,
            rules=self.rules,
            detect_part_s=self.detect_part_s,
            speech=self.speech,
            identity=self.identity,
        )

    def export_flags(self) -> list[Flag]:
        return [
            Flag(
                FlagType(f["type"]),
                Camera(f["camera"]),
                f["detail"],
                f["start_s"],
                f["end_s"],
                f["confidence"],
                Source(f["source"]),
                f["reason"],
                f.get("facts") or {},
            )
            for f in self.flags
        ]


def flag_json(f: Flag) -> dict[str, Any]:
    return {
        "type": f.type.value,
        "camera": f.camera.value,
        "detail": f.detail,
        "start_s": f.start_s,
        "end_s": f.end_s,
        "confidence": f.confidence,
        "source": f.source.value,
        "reason": f.reason,
        "facts": dict(f.facts),
    }
