"""The desk under pytest-qt (offscreen): a forged export's banner, four eyes, the committee.

The example export (see `example_files`) is scanned without detection, once with a
manifest key that did not sign it (a fresh Ed25519 key: the signature fails as for
a forged manifest); graders act through the desk's widgets, the committee's names
come from the configuration as `MainWindow(committee=...)`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from reviewer.example import ExampleFiles
from reviewer.review import Status
from reviewer.scan import ScanOptions, run_scan
from reviewer.storage.db import Database
from tests.test_desk import _select, scanned  # noqa: F401 - the scanned example export
from ui.main_window import MainWindow


def _window(qtbot, db: Database, tmp_path: Path, name: str, committee=()):  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat)
    settings.setValue("grader", name)
    win = MainWindow(db, settings, ScanOptions(workers=1, detect=None), committee=committee)
    qtbot.addWidget(win)
    win.show()
    return win


def test_a_forged_export_shows_a_banner_and_marks_every_subject(
    qtbot,  # type: ignore[no-untyped-def]
    db: Database,
    example_files: ExampleFiles,
    tmp_path: Path,
) -> None:
    wrong = Ed25519PrivateKey.generate().public_key()
    run_scan(db, example_files.export, ScanOptions(workers=1, detect=None, manifest_key=wrong))
    win = _window(qtbot, db, tmp_path, "王老师")
    try:
        assert win.banner.isVisible() and "signature" in win.banner.text()
        assert str(example_files.export.resolve()) in win.banner.text()
        items = [win.model.items[r] for r in range(win.model.rowCount())]
        assert items and all("signature_invalid" in i.export_flags for i in items)
        assert all("signature_invalid" in i.integrity for i in items)
        assert win.panel.export_warning.isVisible()
    finally:
        win.close()


def test_a_zero_needs_a_second_grader_at_the_desk(
    qtbot,  # type: ignore[no-untyped-def]
    scanned: Database,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    first = _window(qtbot, scanned, tmp_path, "王老师")
    try:
        _select(first, "2026001", "素描")
        sid = first.view.item.subject_id  # type: ignore[union-attr]
        box = first.panel.verdict_group
        box.verdict_box.setCurrentIndex(box.verdict_box.findData("violation"))
        box.save.click()
        qtbot.waitUntil(
            lambda: first.view is not None and first.view.item.status == Status.AWAITING_SECOND,
            timeout=5000,
        )
        assert not box.agree.isVisible()  # the one who gave the zero cannot confirm it
        assert "王老师" in box.state.text()
    finally:
        first.close()
    second = _window(qtbot, scanned, tmp_path, "刘老师")
    try:
        second.open_subject(sid)
        box = second.panel.verdict_group
        assert box.agree.isVisible() and box.disagree.isVisible()
        box.agree.click()
        qtbot.waitUntil(
            lambda: second.view is not None and second.view.item.status == Status.REVIEWED,
            timeout=5000,
        )
        assert "刘老师" in box.history.text() and not warnings
    finally:
        second.close()


def test_only_the_committee_gives_the_committee_verdict(
    qtbot,  # type: ignore[no-untyped-def]
    scanned: Database,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    win = _window(qtbot, scanned, tmp_path, "张主任", committee=("张主任",))
    try:
        _select(win, "2026001", "素描")
        box = win.panel.verdict_group
        assert box.save.text() != "Save verdict"  # the committee's own button
        box.verdict_box.setCurrentIndex(box.verdict_box.findData("no_violation"))
        box.save.click()  # no note: refused, and said
        qtbot.waitUntil(lambda: bool(warnings), timeout=5000)
        assert "note" in warnings[0]
        box.note.setText("录像清楚，无违规")
        box.save.click()
        qtbot.waitUntil(
            lambda: (
                win.view is not None
                and win.view.verdict_state is not None
                and win.view.verdict_state.by == "张主任"
            ),
            timeout=5000,
        )
        assert win.view is not None and win.view.item.status == Status.REVIEWED
        assert "张主任" in win.person.text()
    finally:
        win.close()


def test_file_export_evidence_writes_a_package_that_verifies(
    qtbot,  # type: ignore[no-untyped-def]
    scanned: Database,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """File → Export evidence… on the open subject, into a chosen folder (the dialog
    is bypassed by passing the folder), in the background with progress."""
    from reviewer.evidence.bag import verify

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: said.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: said.append("WARNING " + a[2]))
    win = _window(qtbot, scanned, tmp_path, "王老师")
    try:
        _select(win, "2026002", "素描")
        out = tmp_path / "evidence"
        out.mkdir()
        assert win.export_evidence(out) is not None
        qtbot.waitUntil(lambda: bool(said), timeout=60000)
        assert not said[0].startswith("WARNING"), said
        (package,) = out.iterdir()
        assert package.name.startswith("2026002_素描_evidence_")
        assert verify(package, None).ok
    finally:
        win.close()


def test_a_threshold_changed_at_the_desk_is_in_the_audit_log(
    qtbot,  # type: ignore[no-untyped-def]
    scanned: Database,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Settings → a rule threshold edited and saved (the dialog's exec is replaced by
    an edit and Save, into a configuration file under tmp_path)."""
    from sqlalchemy import select

    from reviewer.storage.models import AuditRow
    from ui import settings as settings_mod

    path = tmp_path / "config.toml"
    monkeypatch.setattr(settings_mod, "default_config_path", lambda: path)
    monkeypatch.setattr(settings_mod, "load_config", lambda: settings_mod.Config())

    def edit_and_save(dialog: settings_mod.SettingsDialog) -> int:
        row = next(i for i, r in enumerate(dialog.rows) if r[:2] == ("rules", "ear_s"))
        dialog.table.item(row, 1).setText("4")
        dialog.save()
        return 1

    monkeypatch.setattr(settings_mod.SettingsDialog, "exec", edit_and_save)
    win = _window(qtbot, scanned, tmp_path, "王老师")
    try:
        win.open_settings()
        assert win.scan_options.rules.ear_s == 4.0
        with scanned.session() as s:
            entry = s.scalars(select(AuditRow).order_by(AuditRow.seq.desc())).first()
        assert entry is not None
        assert entry.action == "settings_change" and entry.grader == "王老师"
        assert entry.detail["changes"]["rules"]["ear_s"] == "4"
    finally:
        win.close()
