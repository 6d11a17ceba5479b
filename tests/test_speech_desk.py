"""The desk's speech: the strip under each camera, S for the next speech, the
transcript panel and its search, and the line saying transcription is missing.

The export is test_speech_scan's (committed espeak-ng clips mixed into room noise,
H.264 + AAC with PyAV), scanned without transcription; a transcript is then
stored for the spoken subject's main recording as the scan would store it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings, Qt
from sqlalchemy import select

from analysis.speech.config import SpeechConfig
from analysis.speech.segments import LanguageWindow, Piece, SpeechResult
from reviewer import speech
from reviewer.scan import ScanOptions, run_scan
from reviewer.storage.db import open_database
from reviewer.storage.models import RecordingRow, SpeechRow, SubjectRow
from tests.test_speech_scan import export  # noqa: F401 - the speech export
from ui.main_window import MainWindow
from ui.queue_model import ITEM_ROLE

CFG = SpeechConfig(asr=False, silent_speech_s=12.0)


@pytest.fixture(scope="module")
def scanned_file(export: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    """The speech export scanned (no transcription), a transcript stored for the spoken
    subject's main recording: once per module, a closed SQLite file each test copies."""
    path = tmp_path_factory.mktemp("speech-desk") / "review.db"
    db = open_database(f"sqlite:///{path}")
    run_scan(db, export, ScanOptions(workers=0, detect=None, speech=CFG))
    with db.session() as s:
        rec = s.scalar(
            select(RecordingRow)
            .join(SubjectRow)
            .where(SubjectRow.name == "面试", RecordingRow.camera == "main")
        )
        assert rec is not None and rec.sha256 is not None
        row = s.scalar(select(SpeechRow).where(SpeechRow.sha256 == rec.sha256))
        assert row is not None
        vad = SpeechResult.from_json(row.result)
        heard = SpeechResult(
            vad.segments,
            vad.duration_s,
            "done",
            (
                Piece(2.1, 7.4, "Good morning, my name is John Smith."),
                Piece(10.2, 17.0, "今天我要朗诵一首诗"),
            ),
            (LanguageWindow(2.0, 17.5, {"en": 0.7, "zh": 0.3}, 12.0),),
        )
        s.add(SpeechRow(sha256=rec.sha256, speech_key=CFG.key(True), result=heard.to_json()))
    db.close()  # the last connection gone: SQLite folds its WAL into the file
    return path


@pytest.fixture
def window(qtbot, scanned_file: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "review.db"
    shutil.copyfile(scanned_file, path)
    db = open_database(f"sqlite:///{path}")
    settings = QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat)
    settings.setValue("grader", "Li")
    win = MainWindow(db, settings, ScanOptions(workers=1, detect=None, speech=CFG))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()
    db.close()


def _open(win: MainWindow, subject: str) -> None:
    for row in range(win.proxy.rowCount()):
        item = win.proxy.data(win.proxy.index(row, 0), ITEM_ROLE)
        if (item.candidate_id, item.subject) == ("2026001", subject):
            win.table.selectRow(row)
            return
    raise AssertionError(subject)


def _shown(win: MainWindow) -> list[str]:
    rows = win.transcript.rows
    return [rows.item(i).text() for i in range(rows.count()) if not rows.item(i).isHidden()]


def test_speech_strips_and_the_next_speech_key(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "素描")
    qtbot.waitUntil(lambda: set(window.timeline.speech) == {"main", "aux"}, timeout=5000)
    starts = sorted(a for segs in window.timeline.speech.values() for a, _ in segs)
    assert starts and starts[0] == pytest.approx(2.0, abs=0.5)
    window.player.seek(0.0)
    qtbot.keyClick(window, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: abs(window.player.position - (starts[0] - 0.5)) < 0.3, timeout=5000)
    image = window.timeline.grab().toImage()  # the strips are drawn (a teal pixel somewhere)
    teal = {
        image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())
    }
    assert "#0e6655" in teal
    assert "s of speech" in window.transcript.status.text()


def test_transcript_search_and_seek(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, "面试")
    qtbot.waitUntil(lambda: len(_shown(window)) == 3, timeout=5000)  # 2 pieces, 1 language
    window.transcript.search.setText("john")
    assert [t for t in _shown(window)] == ["00:02  [main]  Good morning, my name is John Smith."]
    window.transcript.search.setText("朗诵")
    shown = window.transcript.rows
    item = next(shown.item(i) for i in range(shown.count()) if not shown.item(i).isHidden())
    window.transcript._go(item)
    qtbot.waitUntil(lambda: abs(window.player.position - 9.2) < 0.3, timeout=5000)


def test_the_panel_says_when_transcription_is_missing(
    window: MainWindow,
    qtbot,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr(speech, "transcription_missing", lambda: "faster-whisper is not installed")
    _open(window, "素描")
    qtbot.waitUntil(lambda: "not installed" in window.transcript.status.text(), timeout=5000)
    assert "pip install -e '.[speech]'" in window.transcript.status.text()
