"""The desk's Batch panel (offscreen): what `batch status` says, refreshed off the GUI thread.

The example export (see `example_files`) is queued into a throwaway PostgreSQL
schema with `reviewer.batch.enqueue` and no worker runs, so every job is queued;
a desk on SQLite is told the batch lives on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from reviewer.batch.enqueue import enqueue
from reviewer.batch.queue import drop_schema
from reviewer.example import ExampleFiles
from reviewer.scan import ScanOptions
from reviewer.storage.db import Database, open_database
from tests.pg import schema_url
from ui.main_window import MainWindow


@pytest.fixture
def queue_url() -> Iterator[str]:
    with schema_url() as url:
        try:
            yield url
        finally:
            drop_schema(url)


def _window(qtbot, db: Database, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat)
    win = MainWindow(db, settings, ScanOptions(workers=1, detect=None))
    qtbot.addWidget(win)
    return win


@pytest.mark.postgres
def test_the_batch_panel_shows_the_queue(
    qtbot,  # type: ignore[no-untyped-def]
    queue_url: str,
    example_files: ExampleFiles,
    tmp_path: Path,
) -> None:
    db = open_database(queue_url)
    try:
        enqueue(db, queue_url, [example_files.export])
        win = _window(qtbot, db, tmp_path)
        panel = win.show_batch()
        qtbot.waitUntil(lambda: panel.facts is not None, timeout=30000)
        assert panel.table.rowCount() == 1
        assert str(example_files.export.resolve()) in panel.table.item(0, 0).text()
        queued = int(panel.table.item(0, 2).text())
        assert queued > 0 and panel.facts is not None
        assert panel.facts.exports[0].queued == queued
        panel.close()
        win.close()
    finally:
        db.close()


def test_on_sqlite_the_panel_says_the_batch_needs_postgresql(
    qtbot,  # type: ignore[no-untyped-def]
    db: Database,
    tmp_path: Path,
) -> None:
    win = _window(qtbot, db, tmp_path)
    panel = win.show_batch()
    assert "PostgreSQL" in panel.state.text() and not panel.retry.isEnabled()
    panel.close()
    win.close()
