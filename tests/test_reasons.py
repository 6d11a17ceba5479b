"""Reason codes of missing_recording and signature_invalid: every English detail is
worded from the code and its facts, and old databases' English sentences still show."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from analysis.flags import Camera, FlagType
from reviewer.export import plan_export
from reviewer.manifest import load_public_key
from reviewer.reasons import MISSING, SIGNATURE, encode_missing, missing_flag
from reviewer.scan import recording_flags
from reviewer.storage.models import RecordingRow
from tests.hostile import keypair, touch, write_manifest


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


@pytest.mark.parametrize("code", sorted(MISSING))
def test_each_missing_reason_round_trips_through_the_database_column(code: str) -> None:
    """Each code, with a value for each field its wording names, stored and read back."""
    facts = {f: f"<{f}>" for f in _fields(MISSING[code]) if f != "why_text"}
    if "why_text" in _fields(MISSING[code]):
        facts["why"] = "nul_byte"
    flag = missing_flag(Camera.AUX, encode_missing(code, facts))
    assert (flag.type, flag.camera, flag.reason, dict(flag.facts)) == (
        FlagType.MISSING_RECORDING,
        Camera.AUX,
        code,
        facts,
    )
    assert "{" not in flag.detail
    assert all(str(v) in flag.detail for k, v in facts.items() if k != "why")  # why: worded


def test_an_old_english_missing_reason_is_shown_as_it_is() -> None:
    """Databases from before the codes hold a sentence in RecordingRow.missing_reason."""
    for old in ("no aux recording in the export", "absent-minded text {x}", None):
        rec = RecordingRow(camera="aux", path=None, missing_reason=old)
        (flag,) = recording_flags(rec, None)
        assert flag.reason == "" and flag.facts == {}
        assert flag.detail == (old or "missing")


def test_a_refused_manifest_path_is_worded_from_its_facts() -> None:
    flag = missing_flag(
        Camera.MAIN,
        encode_missing(
            "manifest_path_refused", {"path": "../x.mp4", "line": 3, "why": "parent_dir"}
        ),
    )
    assert flag.detail == (
        "manifest.csv line 3: path ../x.mp4 refused: it climbs out of the export with '..'"
    )


def test_every_signature_problem_has_its_code(tmp_path: Path) -> None:
    """Built: export/A001/素描/main.mp4 and a one-row manifest; its signature absent,
    short, from another key, then the manifest gone."""
    root = tmp_path / "export"
    touch(root / "A001" / "素描" / "main.mp4")
    data = write_manifest(root, [("A001", "素描", "main", "A001/素描/main.mp4", "", "")])
    key, pem = keypair(tmp_path)
    (tmp_path / "other").mkdir()
    other, _ = keypair(tmp_path / "other")
    sig = root / "manifest.csv.sig"

    def reason() -> tuple[str, dict[str, object], str]:
        flags = plan_export(root, load_public_key(pem)).export_flags
        assert [f.type for f in flags] == [FlagType.SIGNATURE_INVALID]
        return flags[0].reason, dict(flags[0].facts), flags[0].detail

    assert reason() == ("signature_missing", {}, "manifest.csv.sig is missing")
    sig.write_bytes(b"\x00" * 63)
    assert reason()[:2] == ("signature_malformed", {"bytes": 63})
    sig.write_bytes(other.sign(data))
    assert reason()[0] == "signature_mismatch"
    sig.write_bytes(key.sign(data))
    assert plan_export(root, load_public_key(pem)).export_flags == []
    (root / "manifest.csv").unlink()
    assert reason()[0] == "manifest_absent"
    for code, template in SIGNATURE.items():  # each wording names only its facts
        assert _fields(template) <= {"file", "error", "bytes"}, code
