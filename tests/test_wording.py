"""The grader's language: every fact the domain returns is worded, in English and Chinese.

Flags and alignments are built here from the domain's reason codes with plausible
numbers, and the example export (see `example_files`) is scanned without detection;
the desk's Chinese translation (`ui/i18n/dualcam_zh_CN.qm`) is installed into the
test's QApplication.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from analysis.flags import REASONS, Camera, FlagType, Source
from reviewer import reasons, review
from reviewer.review import AlignmentView, FlagView
from reviewer.storage.db import Database
from tests.test_desk import scanned  # noqa: F401 - the scanned example export
from ui import error_words, wording
from ui.alignment_words import alignment_text

TS = Path(__file__).resolve().parents[1] / "ui/i18n/dualcam_zh_CN.ts"
# Latin words a Chinese grader reads as they are: units, codes, the checksum's name
ALLOWED = {"SHA", "AI", "ppm", "Ed25519", "NUL", "libpulse0", "Fedora", "Debian", "Ubuntu"}

FACTS: dict[str, Any] = {
    "path": "2026001/素描/main.mp4",
    "camera": "aux",
    "line": 7,
    "why": "parent_dir",
    "kind": "fifo",
    "file": "manifest.csv",
    "bytes": 12,
    "readable_s": 4.2,
    "declared_s": 30.0,
    "extra_bytes": 512,
    "from_s": 4.9,
    "to_s": 9.1,
    "missing_s": 4.2,
    "stream": "video+audio",
    "limit_s": 10800.0,
    "duration_s": 8.0,
    "people": 2,
    "offset_s": 2.5,
    "method": "audio",
    "sha256": "ab" * 32,
    "expected_sha256": "cd" * 32,
    "error": "worker crashed",
    "speech_s": 42.0,
    "segments": 5,
    "language": "en",
    "registered": "ja",
    "windows": 3,
    "of_windows": 4,
    "words": "我叫张为",
    "context": "大家好 我叫张为",
    "similarity": 0.41,
    "threshold": 0.55,
    "faces_a": 24,
    "faces_b": 20,
    "other_subject": "色彩",
    "compared": 2,
}


@pytest.fixture
def chinese(qapp: QCoreApplication) -> Iterator[None]:
    tr = QTranslator()
    assert tr.load(str(TS.with_suffix(".qm")))
    qapp.installTranslator(tr)
    yield
    qapp.removeTranslator(tr)


def _flag(type_: FlagType, reason: str, facts: dict[str, Any]) -> FlagView:
    return FlagView(
        1, type_, Camera.MAIN, 1.0, 9.0, 0.9, Source.AI, "ENGLISH", None, "", None, reason, facts
    )


def _english_words(text: str) -> list[str]:
    text = re.sub(r"\b[0-9a-f]{8,}\b", "", text)  # checksums
    text = re.sub(r"[\w./-]+\.(csv|sig|mp4|mov|mkv|m4v|webm|3gp)\b", "", text)  # file names
    return [w for w in re.findall(r"[A-Za-z]{2,}[0-9]*", text) if w not in ALLOWED]


def test_the_export_reasons_are_registered() -> None:
    assert set(reasons.MISSING) == REASONS[FlagType.MISSING_RECORDING]
    assert set(reasons.SIGNATURE) == REASONS[FlagType.SIGNATURE_INVALID]
    assert set(reasons.REFUSED) == set(wording.WHY)


def test_every_reason_code_has_a_sentence() -> None:
    for type_, codes in REASONS.items():
        for reason in codes:
            known = wording.DETAILS | wording.EXTRA_DETAILS
            if type_ == FlagType.UNREADABLE and reason != "detection_failed":
                known = {(type_.value, r): "" for r in wording.UNREADABLE}
            assert (type_.value, reason) in known, (
                type_,
                reason,
            )


@pytest.mark.usefixtures("chinese")
def test_every_reason_reads_in_chinese() -> None:
    for type_, codes in REASONS.items():
        assert not _english_words(wording.type_name(type_.value)), type_
        for reason in codes:
            text = wording.flag_detail(_flag(type_, reason, FACTS))
            assert text != "ENGLISH" and not _english_words(text), (type_, reason, text)


def test_english_detail_is_kept_for_unknown_or_old_flags() -> None:
    assert wording.flag_detail(_flag(FlagType.LEFT_FRAME, "", {})) == "ENGLISH"
    # facts from another version (a number missing) fall back too
    assert wording.flag_detail(_flag(FlagType.SECOND_PERSON, "people", {})) == "ENGLISH"


@pytest.mark.usefixtures("chinese")
@pytest.mark.parametrize(
    "view",
    [
        AlignmentView("audio", 7.867, 0.9, None, {"score": 18.0, "notes": []}),
        AlignmentView("visual", -1.2, 0.6, 12.0, {"score": 6.1, "notes": []}),
        AlignmentView(
            "metadata",
            3.0,
            0.1,
            None,
            {
                "score": None,
                "notes": [
                    {"code": "audio_no_match", "score": 3.2},
                    {"code": "motion_no_match", "score": 2.0, "signal": "pixels"},
                    {"code": "metadata_gives", "source": "creation_time", "prior_s": 3.0},
                ],
            },
        ),
        AlignmentView("none", None, 0.0, None, {"why": "missing", "camera": "aux"}),
        AlignmentView(
            "none", None, 0.0, None, {"notes": [{"code": "no_audio_track", "cameras": ["aux"]}]}
        ),
    ],
)
def test_alignment_reads_in_chinese(view: AlignmentView) -> None:
    text = alignment_text(view, "ENGLISH")
    assert text != "ENGLISH" and not _english_words(text), text


def test_alignment_in_english_says_which_camera_started_first() -> None:
    view = AlignmentView("audio", -1.25, 0.9, None, {"score": 12.0, "notes": []})
    assert alignment_text(view, "") == "by sound: aux started 1.25 s before main (match 12.0)"


@pytest.mark.usefixtures("chinese")
def test_a_scanned_export_reads_in_chinese(scanned: Database) -> None:  # noqa: F811
    """Every flag and alignment of the scanned example (missing aux, cut, tampered and
    truncated files, a foreign aux) is worded from its facts, not its English detail."""
    with scanned.session() as s:
        items = review.review_queue(s)
        views = [review.subject_view(s, i.subject_id) for i in items]
    seen = set()
    for v in views:
        text = alignment_text(v.alignment, v.alignment_detail)
        assert not _english_words(text), (v.item.subject, text)
        for f in v.flags:
            seen.add(f.type)
            text = wording.flag_detail(f)
            assert not _english_words(text), (f.type, f.reason, text)
    assert FlagType.MISSING_RECORDING in seen and FlagType.TIMESTAMP_GAP in seen


def test_the_chinese_translation_is_complete_and_keeps_the_placeholders() -> None:
    """Every message of `dualcam_zh_CN.ts` is translated, with the same {placeholders}
    and %s/%d markers as its English source."""
    root = ET.parse(TS).getroot()
    for msg in root.iter("message"):
        tr = msg.find("translation")
        assert tr is not None
        if tr.get("type") in ("obsolete", "vanished"):
            continue
        source = msg.findtext("source") or ""
        assert tr.get("type") != "unfinished" and tr.text, source
        marks = re.compile(r"\{[^}]*\}|%[sd]")
        assert sorted(marks.findall(source)) == sorted(marks.findall(tr.text)), source


@pytest.mark.usefixtures("chinese")
def test_a_scan_error_reads_in_chinese(tmp_path: Path) -> None:
    """The error the desk's scan meets for a folder that is gone, raised by the plan."""
    from reviewer.errors import UserError
    from reviewer.export import plan_export

    with pytest.raises(UserError) as err:
        plan_export(tmp_path / "gone", None)
    assert error_words.error_text(err.value) == f"找不到导出文件夹：{tmp_path / 'gone'}"
