"""The grader's desk under pytest-qt (offscreen): queue, playback, decisions, scans."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings, Qt

from reviewer import review
from reviewer.example import ExampleFiles
from reviewer.scan import ScanOptions, run_scan
from reviewer.storage.db import Database
from ui.main_window import MainWindow
from ui.queue_model import ITEM_ROLE


@pytest.fixture
def scanned(example_db: Database) -> Database:
    """The example export (8 subjects, known integrity problems) scanned without detection:
    this test's own copy of the session's scan (`example_db`)."""
    return example_db


@pytest.fixture
def window(qtbot, scanned: Database, tmp_path: Path):  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat)
    settings.setValue("grader", "Li")
    win = MainWindow(scanned, settings, ScanOptions(workers=1, detect=None))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def _select(win: MainWindow, candidate: str, subject: str) -> None:
    for row in range(win.proxy.rowCount()):
        item = win.proxy.data(win.proxy.index(row, 0), ITEM_ROLE)
        if (item.candidate_id, item.subject) == (candidate, subject):
            win.table.selectRow(row)
            return
    raise AssertionError((candidate, subject))


def test_queue_is_sorted_by_priority_and_filterable(window: MainWindow) -> None:
    prios = [
        window.proxy.data(window.proxy.index(r, 0), ITEM_ROLE).priority
        for r in range(window.proxy.rowCount())
    ]
    assert len(prios) == 8 and prios == sorted(prios, reverse=True) and prios[0] > 0
    window.queue.search.setText("2026002")
    assert window.proxy.rowCount() == 2
    window.queue.search.clear()
    window.queue.type_filter.setCurrentIndex(window.queue.type_filter.findData("pair_mismatch"))
    assert window.proxy.rowCount() == 1


def test_play_seek_confirm_with_keyboard_and_audit(
    window: MainWindow,
    qtbot,  # type: ignore[no-untyped-def]
    scanned: Database,
) -> None:
    _select(window, "2026002", "速写")  # main recording cut at 12 s
    view = window.view
    assert view is not None
    gap = next(f for f in view.flags if f.type.value == "timestamp_gap")
    window.player.play()
    qtbot.waitUntil(lambda: window.player.position > 0.2, timeout=5000)
    window.player.pause()
    window.panel.select_flag(gap.id)  # selecting a flag seeks to it with pre-roll
    assert window.player.position == pytest.approx(gap.start_s - 3.0, abs=0.05)
    qtbot.waitUntil(
        lambda: (
            window.main_pane.current_pts is not None
            and abs(window.main_pane.current_pts - window.player.position) < 0.1
        ),
        timeout=5000,
    )
    position = window.player.position
    qtbot.keyClick(window, Qt.Key.Key_C)
    with scanned.session() as s:
        qtbot.waitUntil(lambda: _decision(scanned, gap.id) == "confirm", timeout=5000)
        trail = review.audit_trail(s, view.item.subject_id)
    assert [(a.grader, a.action, a.detail["decision"]) for a in trail] == [
        ("Li", "decide_flag", "confirm")
    ]
    qtbot.waitUntil(
        lambda: window.view is not None and window.view.item.status.value == "in review",
        timeout=5000,
    )
    sid = view.item.subject_id
    qtbot.waitUntil(  # the queue is rebuilt in the background
        lambda: any(
            i.subject_id == sid and i.status.value == "in review" for i in window.model.items
        ),
        timeout=5000,
    )
    assert window.player.position == pytest.approx(position)  # saving keeps the playhead


def test_best_frame_shows_the_evidence_in_the_flagged_camera(
    qtbot,  # type: ignore[no-untyped-def]
    db: Database,
    example_files: ExampleFiles,
    tmp_path: Path,
) -> None:
    """The example's behaviour subject (2026005 速写: a visitor at 8-14 s main time,
    aux 1 s behind), scanned with detection."""
    root = tmp_path / "export"
    shutil.copytree(example_files.export / "2026005", root / "2026005")
    run_scan(db, root, ScanOptions(workers=2))
    settings = QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat)
    win = MainWindow(db, settings, ScanOptions(workers=1, detect=None))
    qtbot.addWidget(win)
    win.show()
    _select(win, "2026005", "速写")
    assert win.view is not None
    flag = next(
        f for f in win.view.flags if (f.type.value, f.camera.value) == ("second_person", "aux")
    )
    win.panel.select_flag(flag.id)
    assert win.panel.best.isEnabled()
    best = float(flag.evidence["best_t"])  # type: ignore[index]
    assert 7.0 <= best <= 13.0  # aux time
    qtbot.waitUntil(lambda: win.main_pane.current_pts is not None, timeout=5000)
    qtbot.keyClick(win, Qt.Key.Key_B)
    assert win.timeline.offset == pytest.approx(1.0, abs=0.1)
    assert win.player.position == pytest.approx(best + win.timeline.offset, abs=0.05)
    qtbot.waitUntil(
        lambda: win.aux_pane.current_pts is not None and abs(win.aux_pane.current_pts - best) < 0.1,
        timeout=5000,
    )
    assert any(o.t == pytest.approx(best) for o in win.aux_pane.overlays)
    left = next(f for f in win.view.flags if f.type.value == "left_frame")
    win.panel.select_flag(left.id)  # an empty room: nothing to draw, but a best frame
    assert win.panel.best.isEnabled() == bool(left.evidence)
    win.close()


def _decision(db: Database, flag_id: int) -> str | None:
    with db.session() as s:
        view = next(
            f for f in review.subject_view(s, _subject_of(s, flag_id)).flags if f.id == flag_id
        )
        return None if view.decision is None else view.decision.value


def _subject_of(s, flag_id: int) -> int:  # type: ignore[no-untyped-def]
    from reviewer.storage.models import FlagRow

    row = s.get(FlagRow, flag_id)
    assert row is not None and row.subject_id is not None
    return row.subject_id


def test_missing_aux_shows_a_placeholder(window: MainWindow) -> None:
    _select(window, "2026002", "素描")
    assert window.aux_pane.source is None
    assert "Recording missing" in window.aux_pane.text()
    assert window.main_pane.source is not None


def test_verdict_persists_after_reopening(
    window: MainWindow,
    qtbot,
    scanned: Database,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    _select(window, "2026001", "素描")
    sid = window.view.item.subject_id  # type: ignore[union-attr]
    panel = window.panel
    panel.verdict_box.setCurrentIndex(panel.verdict_box.findData("needs_committee"))
    panel.verdict_note.setText("check the desk")
    panel._save_verdict()
    qtbot.waitUntil(
        lambda: window.view is not None and window.view.verdict is not None, timeout=5000
    )
    again = MainWindow(
        scanned,
        QSettings(str(tmp_path / "b.ini"), QSettings.Format.IniFormat),
        ScanOptions(detect=None),
    )
    qtbot.addWidget(again)
    again.open_subject(sid)
    assert again.view is not None and again.view.verdict is not None
    assert again.view.verdict.value == "needs_committee"
    assert again.view.item.status.value == "needs committee"
    again.close()


def test_manual_flag_is_human(window: MainWindow, qtbot, scanned: Database) -> None:  # type: ignore[no-untyped-def]
    _select(window, "2026001", "色彩")
    sid = window.view.item.subject_id  # type: ignore[union-attr]
    with scanned.session() as s:
        review.add_manual_flag(
            s,
            sid,
            review.FlagType("phone"),
            review.Camera.MAIN,
            4.0,
            9.0,
            "Li",
            "phone on the desk",
        )
    window.open_subject(sid)
    human = [f for f in window.view.flags if f.source.value == "human"]  # type: ignore[union-attr]
    assert len(human) == 1 and human[0].detail == "phone on the desk"


def test_scan_from_the_desk_can_be_cancelled(
    window: MainWindow,
    qtbot,  # type: ignore[no-untyped-def]
    example_files: ExampleFiles,
    tmp_path: Path,
) -> None:
    export = tmp_path / "export"
    shutil.copytree(example_files.export, export)
    progress = window.scan(export)
    progress.cancel.set()
    qtbot.waitUntil(lambda: "Scan" in window.statusBar().currentMessage(), timeout=60000)
    assert "cancelled" in window.statusBar().currentMessage()


def test_timeline_hover_shows_a_preview(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    _select(window, "2026001", "素描")
    window.timeline.hovered.emit(12.0, QPoint(400, 400))
    qtbot.waitUntil(
        lambda: (
            window.preview.isVisible()
            and window.preview.pixmap() is not None
            and not window.preview.pixmap().isNull()
        ),
        timeout=5000,
    )
    window.timeline.left.emit()
    assert not window.preview.isVisible()


def test_settings_dialog_saves_grader_db_and_language(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from reviewer.config import Config
    from ui.settings import SettingsDialog

    dialog = SettingsDialog(window, window.settings, Config())
    qtbot.addWidget(dialog)
    dialog.grader.setText("Zhang")
    dialog.db_url.setText("postgresql+psycopg://grader@db/exams")
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog.save()
    assert window.settings.value("grader") == "Zhang" and window.grader == "Zhang"
    assert window.settings.value("db_url") == "postgresql+psycopg://grader@db/exams"
    assert window.settings.value("language") == "zh_CN"


def test_thresholds_edited_in_settings_reach_the_file_and_the_next_scan(
    window: MainWindow,
    qtbot,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reviewer.config import Config, load_config
    from ui.settings import SettingsDialog

    path = tmp_path / "config.toml"
    dialog = SettingsDialog(window, window.settings, Config(), config_path=path)
    qtbot.addWidget(dialog)
    row = next(i for i, r in enumerate(dialog.rows) if r[:2] == ("rules", "ear_s"))
    dialog.table.item(row, 1).setText("4")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert load_config(path).rules.ear_s == 4.0
    window.apply_config(dialog.config)
    assert window.scan_options.rules.ear_s == 4.0
    assert window.scan_options.detect is None  # this desk scans without detection
    # a value the setting cannot take: said, and the dialog stays open
    again = SettingsDialog(window, window.settings, load_config(path), config_path=path)
    qtbot.addWidget(again)
    again.table.item(row, 1).setText("soon")
    shown: list[str] = []
    from ui import settings as settings_mod

    monkeypatch.setattr(
        settings_mod.QMessageBox, "warning", lambda _p, _t, text: shown.append(text)
    )
    again.save()
    assert shown and "ear_s" in shown[0] and again.result() != again.DialogCode.Accepted
    assert load_config(path).rules.ear_s == 4.0


def test_switching_subjects_while_frames_decode(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Regression: closing a recording while a background decode still reads it crashed."""
    from PySide6.QtWidgets import QApplication

    rows = window.proxy.rowCount()
    for i in range(40):
        window.table.selectRow(i % rows)
        window.player.seek(float(i % 7))
        QApplication.processEvents()
    qtbot.waitUntil(lambda: not window.main_pane._busy and not window.aux_pane._busy, timeout=10000)
    assert window.view is not None
