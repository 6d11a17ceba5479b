"""Scanning from the desk: the CLI's runner in the background, progress and Cancel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from reviewer.scan import ScanOptions, ScanSummary, run_scan
from reviewer.storage.db import Database
from ui.error_words import error_text
from ui.tasks import Progress, run_task


def start_scan(
    parent: QWidget,
    db: Database,
    options: ScanOptions,
    folder: Path,
    on_done: Callable[[ScanSummary], None],
) -> Progress:
    """Run `run_scan` off the GUI thread; the dialog's Cancel sets the cancel event."""
    progress = Progress()
    dialog = QProgressDialog(
        QCoreApplication.translate("Scanning", "Scanning %s") % folder,
        QCoreApplication.translate("Scanning", "Cancel"),
        0,
        0,
        parent,
    )
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.canceled.connect(progress.cancel.set)
    progress.changed.connect(lambda d, t: (dialog.setMaximum(t), dialog.setValue(d)))

    def work() -> ScanSummary:
        return run_scan(db, folder, options, cancel=progress.cancel, on_progress=progress.report)

    def done(summary: ScanSummary) -> None:
        dialog.close()
        on_done(summary)

    def failed(exc: BaseException) -> None:
        dialog.close()
        QMessageBox.warning(
            parent, QCoreApplication.translate("Scanning", "Scan failed"), error_text(exc)
        )

    progress.setParent(dialog)  # lives as long as the dialog
    run_task(parent, work, on_done=done, on_error=failed)
    dialog.show()
    return progress
