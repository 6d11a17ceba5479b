"""Configuration file: defaults, overrides of detection and rule settings, clear errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.detect.rules import RuleConfig
from analysis.detect.runner import DetectConfig
from reviewer.config import Config, load_config
from reviewer.errors import UserError


def test_defaults_when_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reviewer.config.default_config_path", lambda: tmp_path / "none.toml")
    assert load_config() == Config()


def test_sections_override_dataclass_defaults(tmp_path: Path) -> None:
    f = tmp_path / "c.toml"
    f.write_text(
        'manifest_key = "k.pem"\n[rules]\nleft_frame_main_s = 4\n'
        '[detection]\nevery_s = 0.5\naux_every_s = 2\ndetectors = ["quality", "faces"]\n',
        encoding="utf-8",
    )
    cfg = load_config(f)
    assert cfg.manifest_key == tmp_path / "k.pem"
    assert cfg.rules == RuleConfig(left_frame_main_s=4.0)
    assert cfg.detection == DetectConfig(
        every_s=0.5, aux_every_s=2.0, detectors=("quality", "faces")
    )
    assert cfg.detection.for_camera("main").every_s == 0.5
    assert cfg.detection.for_camera("aux").every_s == 2.0


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


def test_settings_saved_from_the_gui_keep_the_rest_of_the_file(tmp_path: Path) -> None:
    from reviewer.config import save_settings

    path = tmp_path / "config.toml"
    path.write_text(
        "# our exam office\nworkers = 3\n\n[rules]\n# stricter for 2026\nphone_s = 1.5\n",
        encoding="utf-8",
    )
    cfg = save_settings(
        path, {"rules": {"phone_s": "2", "ear_s": " 4.5"}, "detection": {"every_s": "0.5"}}
    )
    assert cfg.rules.phone_s == 2.0 and cfg.rules.ear_s == 4.5 and cfg.detection.every_s == 0.5
    assert cfg.workers == 3
    text = path.read_text(encoding="utf-8")
    assert "# our exam office" in text and "# stricter for 2026" in text
    assert load_config(path) == cfg


@pytest.mark.parametrize("bad", ["abc", "-1", "nan"])
def test_a_bad_threshold_changes_nothing(tmp_path: Path, bad: str) -> None:
    from reviewer.config import save_settings

    path = tmp_path / "config.toml"
    path.write_text("[rules]\nphone_s = 1.5\n", encoding="utf-8")
    with pytest.raises(UserError, match="phone_s"):
        save_settings(path, {"rules": {"phone_s": bad}})
    assert path.read_text(encoding="utf-8") == "[rules]\nphone_s = 1.5\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]


def test_nested_attention_settings_load(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[detection.attention]\nperiod_s = 20\n", encoding="utf-8")
    assert load_config(path).detection.attention.period_s == 20.0
