"""Export discovery: nested and flat layouts, Chinese names, unrecognised files."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from analysis.flags import Camera
from reviewer.errors import UserError
from reviewer.export import classify, plan_export


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("A001/素描/main.mp4", ("A001", "素描", Camera.MAIN)),
        ("A001/素描/aux.MOV", ("A001", "素描", Camera.AUX)),
        ("A001/色彩/主机.webm", ("A001", "色彩", Camera.MAIN)),
        ("A001_素描_主机.mp4", ("A001", "素描", Camera.MAIN)),
        ("A001_素描_辅机.3gp", ("A001", "素描", Camera.AUX)),
        ("A001_music_theory_aux.mkv", ("A001", "music_theory", Camera.AUX)),
        ("A001_速写_main.m4v", ("A001", "速写", Camera.MAIN)),
        ("A001_素描_side.mp4", None),
        ("A001_主机.mp4", None),
        ("A001/素描/main.avi", None),
        ("notes.txt", None),
        ("A001/素描/extra/main.mp4", None),
    ],
)
def test_classify(rel: str, expected: tuple[str, str, Camera] | None) -> None:
    assert classify(rel) == expected


def test_decomposed_unicode_names_match_composed() -> None:
    nfd = unicodedata.normalize("NFD", "A001_Café_main.mp4")
    assert classify(nfd) == ("A001", "Café", Camera.MAIN)


def _touch(root: Path, rel: str) -> None:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(b"x")


def test_mixed_layouts_pair_up_and_report_unrecognised(tmp_path: Path) -> None:
    for rel in [
        "A001/素描/main.mp4",
        "A001_素描_辅机.mp4",
        "B002_色彩_主机.mp4",
        "readme.txt",
        "B002/clip.mp4",
    ]:
        _touch(tmp_path, rel)
    plan = plan_export(tmp_path, None)
    subjects = {(s.candidate_id, s.subject): s for s in plan.subjects}
    assert set(subjects) == {("A001", "素描"), ("B002", "色彩")}
    a = subjects[("A001", "素描")].recordings
    assert a[Camera.MAIN].path == "A001/素描/main.mp4"
    assert a[Camera.AUX].path == "A001_素描_辅机.mp4"
    b = subjects[("B002", "色彩")].recordings
    assert b[Camera.AUX].path is None and b[Camera.AUX].missing_reason == "not_in_layout"
    assert b[Camera.AUX].missing_detail == "no aux recording in the export"
    assert plan.unrecognised == ["B002/clip.mp4", "readme.txt"]


def test_two_files_for_one_recording_keeps_one_and_warns(tmp_path: Path) -> None:
    _touch(tmp_path, "A001/素描/main.mp4")
    _touch(tmp_path, "A001_素描_main.mp4")
    plan = plan_export(tmp_path, None)
    assert len(plan.subjects) == 1
    assert plan.unrecognised == ["A001/素描/main.mp4"]  # flat files come first
    assert any("second file" in w for w in plan.warnings)


def test_symlink_out_of_export_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.mp4"
    outside.write_bytes(b"x")
    root = tmp_path / "export"
    root.mkdir()
    (root / "A001_素描_main.mp4").symlink_to(outside)
    plan = plan_export(root, None)
    assert any("outside the export" in w for w in plan.warnings)
    # the candidate is not lost: its recording is missing, and says why
    (subject,) = plan.subjects
    main = subject.recordings[Camera.MAIN]
    assert main.path is None and main.missing_reason == "link_outside_export"
    assert main.missing_facts == {"path": "A001_素描_main.mp4"}


def test_missing_or_unreadable_export_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not found"):
        plan_export(tmp_path / "nope", None)
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(UserError, match="not a folder"):
        plan_export(f, None)
