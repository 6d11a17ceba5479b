"""The overnight batch at the desk: per export done / queued / running / failed, speed,
ETA, the live workers and the failures, refreshed off the GUI thread.

The facts are `reviewer.batch.status.batch_status`'s (the CLI's `batch status`);
retry and cancel are its `retry_failed` and `cancel_export`. The batch lives on
PostgreSQL: on an SQLite database the panel says so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewer.batch.status import BatchFacts, batch_status, cancel_export, retry_failed
from ui.error_words import error_text
from ui.tasks import run_task

REFRESH_MS = 10_000
COLUMNS = (
    QT_TRANSLATE_NOOP("Batch", "Export"),
    QT_TRANSLATE_NOOP("Batch", "Done"),
    QT_TRANSLATE_NOOP("Batch", "Queued"),
    QT_TRANSLATE_NOOP("Batch", "Running"),
    QT_TRANSLATE_NOOP("Batch", "Failed"),
    QT_TRANSLATE_NOOP("Batch", "Video h / h"),
    QT_TRANSLATE_NOOP("Batch", "Time left"),
)


def tr(text: str) -> str:
    return QCoreApplication.translate("Batch", text)


def _eta(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    h, m = divmod(int(seconds) // 60, 60)
    return f"{h}:{m:02d}"


class BatchPanel(QDialog):
    """Not modal: the grader keeps working while the night's batch shows here."""

    def __init__(self, parent: QWidget, db_url: str) -> None:
        super().__init__(parent)
        self.db_url = db_url
        self.facts: BatchFacts | None = None
        self._busy = False
        self.setWindowTitle(tr(QT_TRANSLATE_NOOP("Batch", "Overnight batch")))
        self.resize(820, 420)
        layout = QVBoxLayout(self)
        self.state = QLabel()
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        layout.addWidget(self.table, 1)
        self.workers = QLabel()
        self.workers.setWordWrap(True)
        layout.addWidget(self.workers)
        self.failures = QLabel()
        self.failures.setWordWrap(True)
        layout.addWidget(self.failures)
        row = QHBoxLayout()
        self.retry = QPushButton(tr(QT_TRANSLATE_NOOP("Batch", "Retry failed jobs")))
        self.retry.clicked.connect(lambda: self._act(retry_failed, selected_only=False))
        self.cancel = QPushButton(tr(QT_TRANSLATE_NOOP("Batch", "Cancel the selected export")))
        self.cancel.clicked.connect(lambda: self._act(cancel_export, selected_only=True))
        row.addWidget(self.retry)
        row.addWidget(self.cancel)
        row.addStretch(1)
        layout.addLayout(row)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        if not db_url.startswith("postgresql"):
            self.state.setText(
                tr(
                    QT_TRANSLATE_NOOP(
                        "Batch",
                        "The overnight batch runs on the team's PostgreSQL: this desk uses "
                        "a local SQLite database (Settings → Database URL).",
                    )
                )
            )
            for b in (self.retry, self.cancel):
                b.setEnabled(False)
            return
        self.timer.start()
        self.refresh()

    def refresh(self) -> None:
        """Ask for the facts on a worker thread; a slow database never freezes the desk."""
        if self._busy:
            return
        self._busy = True
        url = self.db_url
        run_task(self, lambda: batch_status(url), on_done=self._show, on_error=self._failed)

    def _show(self, facts: BatchFacts) -> None:
        self._busy = False
        self.facts = facts
        self.table.setRowCount(len(facts.exports))
        for r, e in enumerate(facts.exports):
            speed = "—" if e.video_hours_per_hour is None else f"{e.video_hours_per_hour:.1f}"
            values = (e.export, e.done, e.queued, e.running, e.failed, speed, _eta(e.eta_s))
            for c, v in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(str(v)))
        self.state.setText(
            tr(QT_TRANSLATE_NOOP("Batch", "%d exports in the queue, at %s"))
            % (len(facts.exports), facts.at.astimezone().strftime("%H:%M:%S"))
        )
        self.workers.setText(
            tr(QT_TRANSLATE_NOOP("Batch", "Workers: %s"))
            % (
                ", ".join(
                    f"{w.host or '?'}:{w.pid or '?'} ({w.running}, "
                    f"{w.last_heartbeat.astimezone():%H:%M:%S})"
                    for w in facts.workers
                )
                or "—"
            )
        )
        failures = [f"{f.task}: {f.reason}" for e in facts.exports for f in e.failures]
        self.failures.setText(
            (tr(QT_TRANSLATE_NOOP("Batch", "Failures:")) + "\n" + "\n".join(failures[:20]))
            if failures
            else ""
        )

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.state.setText(
            tr(QT_TRANSLATE_NOOP("Batch", "The batch cannot be read: %s")) % error_text(exc)
        )

    def _act(self, fn: Callable[..., Any], selected_only: bool) -> None:
        url, export = self.db_url, None
        row = self.table.currentRow()
        if self.facts is not None and 0 <= row < len(self.facts.exports):
            export = self.facts.exports[row].export
        if selected_only and export is None:
            return
        path = Path(export) if export is not None else None
        run_task(self, lambda: fn(url, path), on_done=lambda _n: self.refresh())

    def done(self, result: int) -> None:
        self.timer.stop()
        super().done(result)
