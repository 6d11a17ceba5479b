"""The optional roster: tests write roster.csv files and empty photo files in a tmp export."""

from __future__ import annotations

from pathlib import Path

from reviewer.roster import load_roster, photo_for


def test_roster_reads_names_languages_and_photos(tmp_path: Path) -> None:
    (tmp_path / "A001").mkdir()
    (tmp_path / "A001" / "photo.png").write_bytes(b"x")
    (tmp_path / "ids").mkdir()
    (tmp_path / "ids" / "b.jpg").write_bytes(b"x")
    (tmp_path / "roster.csv").write_text(
        "\ufeffcandidate_id,name,photo,language\n"
        "A001,张伟,,ZH\n"
        "B002,Li Na,ids/b.jpg,en\n"
        "C003,,../outside.jpg,\n"
        ",nobody,,\n"
        "A001,again,,\n",
        encoding="utf-8",
    )
    roster = load_roster(tmp_path)
    a = roster.get("A001")
    assert a is not None and a.name == "张伟" and a.language == "zh"
    assert a.photo == (tmp_path / "A001" / "photo.png").resolve()
    b = roster.get("B002")
    assert b is not None and b.photo == (tmp_path / "ids" / "b.jpg").resolve()
    c = roster.get("C003")
    assert c is not None and c.photo is None  # a path out of the export is refused
    assert len(roster.warnings) == 3  # outside photo, missing id, duplicate
    assert photo_for(tmp_path, roster, "A001") == a.photo


def test_no_or_broken_roster_is_empty_with_a_warning(tmp_path: Path) -> None:
    assert load_roster(tmp_path).entries == {}
    (tmp_path / "D004").mkdir()
    (tmp_path / "D004" / "photo.jpg").write_bytes(b"x")
    assert (
        photo_for(tmp_path, load_roster(tmp_path), "D004")
        == (tmp_path / "D004" / "photo.jpg").resolve()
    )
    (tmp_path / "roster.csv").write_bytes(b"name,language\nx,zh\n")
    roster = load_roster(tmp_path)
    assert roster.entries == {} and "candidate_id" in roster.warnings[0]
    (tmp_path / "roster.csv").write_bytes(b"\xff\xfe\x00bad")
    assert load_roster(tmp_path).warnings
