"""Configuration: a TOML file with sensible defaults, shared by the CLI and the GUI.

Example ``config.toml``::

    manifest_key = "/etc/dualcam/platform-key.pem"
    workers = 2

    [duration_limits]   # seconds, per subject
    "素描" = 10800

    [detection]         # analysis.detect.DetectConfig
    every_s = 1.0

    [rules]             # analysis.rules.RuleConfig
    left_frame_main_s = 3.0
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar

import platformdirs

from analysis.detect import DetectConfig
from analysis.rules import RuleConfig
from reviewer.errors import UserError

T = TypeVar("T")


def _section(default: T, values: dict[str, Any], path: Path, name: str) -> T:
    """Override a frozen config dataclass from a TOML table, refusing unknown keys."""
    known = {f.name: f for f in fields(default)}  # type: ignore[arg-type]
    unknown = set(values) - set(known)
    if unknown:
        raise UserError(f"config {path}: unknown keys in [{name}]: {sorted(unknown)}")
    cast = {
        k: type(getattr(default, k))(v) if not isinstance(getattr(default, k), tuple) else tuple(v)
        for k, v in values.items()
    }
    return replace(default, **cast)  # type: ignore[type-var]


APP = "dualcam-review"


def default_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP)) / "config.toml"


def default_db_url() -> str:
    data = Path(os.environ.get("DUALCAM_DATA_DIR") or platformdirs.user_data_dir(APP))
    return f"sqlite:///{data / 'review.db'}"


@dataclass(frozen=True)
class Config:
    db_url: str | None = None
    manifest_key: Path | None = None
    workers: int = 2
    duration_limits: dict[str, float] = field(default_factory=dict)
    detection: DetectConfig = field(default_factory=DetectConfig)
    rules: RuleConfig = field(default_factory=RuleConfig)

    def duration_limit(self, subject: str) -> float | None:
        return self.duration_limits.get(subject)


def load_config(path: Path | None = None) -> Config:
    """Read `path` (or the default file if it exists); an absent default gives defaults."""
    explicit = path is not None
    path = path or default_config_path()
    if not path.exists():
        if explicit:
            raise UserError(f"config file not found: {path}")
        return Config()
    try:
        raw: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"cannot read config {path}: {exc}") from exc
    unknown = set(raw) - {
        "db_url",
        "manifest_key",
        "workers",
        "duration_limits",
        "detection",
        "rules",
    }
    if unknown:
        raise UserError(f"config {path}: unknown keys {sorted(unknown)}")
    try:
        limits = {str(k): float(v) for k, v in raw.get("duration_limits", {}).items()}
        key = raw.get("manifest_key")
        return Config(
            db_url=raw.get("db_url"),
            manifest_key=(path.parent / key) if key else None,
            workers=int(raw.get("workers", 2)),
            duration_limits=limits,
            detection=_section(DetectConfig(), raw.get("detection", {}), path, "detection"),
            rules=_section(RuleConfig(), raw.get("rules", {}), path, "rules"),
        )
    except (TypeError, ValueError, AttributeError) as exc:
        raise UserError(f"config {path}: bad value: {exc}") from exc
