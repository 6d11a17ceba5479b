"""Configuration file: defaults, overrides of detection and rule settings, clear errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.detect import DetectConfig
from analysis.rules import RuleConfig
from reviewer.config import Config, load_config
from reviewer.errors import UserError


def test_defaults_when_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reviewer.config.default_config_path", lambda: tmp_path / "none.toml")
    assert load_config() == Config()


def test_sections_override_dataclass_defaults(tmp_path: Path) -> None:
    f = tmp_path / "c.toml"
    f.write_text(
        'manifest_key = "k.pem"\n[rules]\nleft_frame_main_s = 4\n'
        '[detection]\nevery_s = 0.5\ndetectors = ["quality", "faces"]\n',
        encoding="utf-8",
    )
    cfg = load_config(f)
    assert cfg.manifest_key == tmp_path / "k.pem"
    assert cfg.rules == RuleConfig(left_frame_main_s=4.0)
    assert cfg.detection == DetectConfig(every_s=0.5, detectors=("quality", "faces"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[rules]\nbogus = 1\n", "unknown keys in [rules]"),
        ("colour = 1\n", "unknown keys"),
        ("[rules]\nleft_frame_main_s = 'soon'\n", "bad value"),
        ("not toml at all [", "cannot read config"),
    ],
)
def test_bad_config_is_a_user_error(tmp_path: Path, text: str, message: str) -> None:
    f = tmp_path / "c.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(UserError, match=re.escape(message)):
        load_config(f)
