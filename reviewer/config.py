"""Configuration: a TOML file with sensible defaults, shared by the CLI and the GUI.

Example ``config.toml``::

    manifest_key = "/etc/dualcam/platform-key.pem"
    workers = 2

    [duration_limits]   # seconds, per subject
    "素描" = 10800

    [detection]         # analysis.detect.runner.DetectConfig
    every_s = 1.0
    aux_every_s = 0.5   # the aux camera's own interval (main_every_s too)
    # detectors = [...] sets the main camera's; aux_detectors = [...] the aux camera's
    # (its default adds MediaPipe Pose, for a candidate seen from behind; [] = detectors)

    [rules]             # analysis.detect.rules.RuleConfig
    left_frame_main_s = 3.0

    [identity]          # reviewer.identity.IdentitySettings (impersonation checks)
    pair_threshold = 0.45

    [roles]             # the discipline committee; everyone else is a grader
    committee = ["张主任", "李老师"]

    [audit]             # reviewer.audit: signed checkpoints of the audit log
    signing_key = "audit-key.pem"   # Ed25519 private key, relative to this file
    checkpoint_every = 1000

    [speech]            # analysis.speech.config.SpeechConfig
    spoken_subjects = ["面试", "朗诵", "声乐"]   # the rest are silent subjects
    silent_speech_s = 20.0

    [paths]             # batch workers: the export's stored root = where this machine sees it
    "/mnt/exports" = "Z:/exports"
"""

from __future__ import annotations

import math
import os
import tomllib
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import platformdirs
import tomlkit
import tomlkit.exceptions

from analysis.detect.rules import RuleConfig
from analysis.detect.runner import DetectConfig
from analysis.speech.config import SpeechConfig
from reviewer.errors import UserError
from reviewer.identity import IdentitySettings

T = TypeVar("T")


def _section(default: T, values: dict[str, Any], path: Path, name: str) -> T:
    """Override a frozen config dataclass from a TOML table, refusing unknown keys."""
    known = {f.name: f for f in fields(default)}  # type: ignore[arg-type]
    unknown = set(values) - set(known)
    if unknown:
        raise UserError(f"config {path}: unknown keys in [{name}]: {sorted(unknown)}")
    cast = {k: _cast(getattr(default, k), v, path, f"{name}.{k}") for k, v in values.items()}
    return replace(default, **cast)  # type: ignore[type-var]


def from_dict(default: T, values: dict[str, Any], name: str) -> T:
    """`default` overridden by `values` (as `dataclasses.asdict` wrote them): how a
    batch job carries the enqueuer's [detection] and [rules] to every worker."""
    return _section(default, values, Path("<batch job>"), name)


def _cast(default: Any, value: Any, path: Path, name: str) -> Any:
    if is_dataclass(default):  # a nested table, e.g. [detection.attention]
        if not isinstance(value, dict):
            raise UserError(f"config {path}: [{name}] must be a table")
        return _section(default, value, path, name)
    if isinstance(default, tuple):
        return tuple(value)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise UserError(f"config {path}: {name} must be true or false, not {value!r}")
        return value
    if isinstance(default, int | float):
        number = type(default)(value)
        if not math.isfinite(number) or number < 0:
            raise UserError(f"config {path}: {name} must be a number >= 0, not {value!r}")
        return number
    return type(default)(value)


APP = "dualcam-review"


def default_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP)) / "config.toml"


def default_db_url() -> str:
    data = Path(os.environ.get("DUALCAM_DATA_DIR") or platformdirs.user_data_dir(APP))
    return f"sqlite:///{data / 'review.db'}"


@dataclass(frozen=True)
class AuditConfig:
    """`[audit]`: the key that signs the audit log's checkpoints (None: unsigned)
    and how many entries apart they are (with a key)."""

    signing_key: Path | None = None
    checkpoint_every: int = 1000


@dataclass(frozen=True)
class Config:
    db_url: str | None = None
    manifest_key: Path | None = None
    workers: int = 2
    duration_limits: dict[str, float] = field(default_factory=dict)
    detection: DetectConfig = field(default_factory=DetectConfig)
    rules: RuleConfig = field(default_factory=RuleConfig)
    # [roles] committee = ["…"]: the names whose actions at the desk are the
    # discipline committee's (everyone else is a grader)
    committee: tuple[str, ...] = ()
    audit: AuditConfig = field(default_factory=AuditConfig)
    speech: SpeechConfig = field(default_factory=SpeechConfig)  # [speech]
    identity: IdentitySettings = field(default_factory=IdentitySettings)

    # [paths]: export roots as stored in the database -> where this machine sees them
    paths: dict[str, str] = field(default_factory=dict)

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
        "roles",
        "audit",
        "paths",
        "speech",
        "identity",
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
            committee=_names(raw.get("roles", {}), path),
            audit=_audit_section(raw.get("audit", {}), path),
            paths={str(k): str(v) for k, v in raw.get("paths", {}).items()},
            speech=_section(SpeechConfig(), raw.get("speech", {}), path, "speech"),
            identity=_section(IdentitySettings(), raw.get("identity", {}), path, "identity"),
        )
    except (TypeError, ValueError, AttributeError) as exc:
        raise UserError(f"config {path}: bad value: {exc}") from exc


def _names(roles: Any, path: Path) -> tuple[str, ...]:
    if not isinstance(roles, dict) or set(roles) - {"committee"}:
        raise UserError(f"config {path}: [roles] takes one key, committee = [names]")
    names = roles.get("committee", [])
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        raise UserError(f"config {path}: roles.committee must be a list of names")
    return tuple(n.strip() for n in names)


def _audit_section(values: dict[str, Any], path: Path) -> AuditConfig:
    unknown = set(values) - {"signing_key", "checkpoint_every"}
    if unknown:
        raise UserError(f"config {path}: unknown keys in [audit]: {sorted(unknown)}")
    every = int(values.get("checkpoint_every", AuditConfig.checkpoint_every))
    if every < 1:
        raise UserError(f"config {path}: audit.checkpoint_every must be 1 or more, not {every}")
    key = values.get("signing_key")
    return AuditConfig(
        signing_key=(path.parent / str(key)) if key else None, checkpoint_every=every
    )


def save_settings(path: Path, changes: dict[str, dict[str, str]]) -> Config:
    """Write edited `[detection]` and `[rules]` values (as typed in the GUI) into the
    configuration file at `path` and return the new configuration.

    Everything else in the file, comments included, is kept (tomlkit). The new
    file is checked by loading it before it replaces the old one, atomically; a
    value the setting cannot take raises `UserError` and changes nothing.
    """
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        doc = tomlkit.parse(text)
    except (OSError, UnicodeDecodeError, tomlkit.exceptions.TOMLKitError) as exc:
        raise UserError(f"cannot read config {path}: {exc}") from exc
    defaults: dict[str, Any] = {"detection": DetectConfig(), "rules": RuleConfig()}
    for section, values in changes.items():
        table = doc.get(section)
        if table is None:
            table = tomlkit.table()
            doc[section] = table
        for key, typed in values.items():
            default = getattr(defaults[section], key)
            try:
                value: Any = _parse(default, typed)
            except ValueError as exc:
                raise UserError(f"{section}.{key}: {exc}") from exc
            table[key] = _cast(default, value, path, f"{section}.{key}")
    tmp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(tomlkit.dumps(doc), encoding="utf-8")
        config = load_config(tmp)  # beside it: relative paths resolve the same
        os.replace(tmp, path)
    except OSError as exc:
        raise UserError(f"cannot write config {path}: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return config


def _parse(default: Any, text: str) -> Any:
    text = text.strip()
    if isinstance(default, bool):
        if text.lower() in ("true", "yes", "1"):
            return True
        if text.lower() in ("false", "no", "0"):
            return False
        raise ValueError(f"not true or false: {text!r}")
    if isinstance(default, int):
        return int(text)
    if isinstance(default, float):
        return float(text)
    raise ValueError("this setting is edited in the configuration file")
