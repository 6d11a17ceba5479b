"""The red banner over the desk when an export's own flags (its signature) fail."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from reviewer.review import ExportProblem
from ui.wording import flag_detail, type_name


class ExportBanner(QLabel):
    """Hidden until `show_problems` is given an export problem; nobody can miss it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportBanner")
        self.setWordWrap(True)
        self.setStyleSheet(
            "background:#c0392b;color:white;font-weight:bold;padding:6px;font-size:13px;"
        )
        self.hide()

    def show_problems(self, problems: list[ExportProblem]) -> None:
        # the desk's words: translated in the main window's context
        text = QCoreApplication.translate(
            "MainWindow",
            "Export %s: %s (%s). Its %d subjects are marked: their hashes cannot be trusted.",
        )
        lines = [
            text % (p.export_root, type_name(f.type.value), flag_detail(f), p.subjects)
            for p in problems
            for f in p.flags
        ]
        self.setText("⚠ " + "\n⚠ ".join(lines) if lines else "")
        self.setVisible(bool(lines))
