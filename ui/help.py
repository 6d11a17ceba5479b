"""Help: the keyboard shortcuts sheet."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

SHORTCUTS = [
    ("Space", QT_TRANSLATE_NOOP("Shortcuts", "Play / pause")),
    ("J / K / L", QT_TRANSLATE_NOOP("Shortcuts", "Back 5 s / pause / play faster")),
    ("← / →", QT_TRANSLATE_NOOP("Shortcuts", "One frame back / forward")),
    ("Shift+← / Shift+→", QT_TRANSLATE_NOOP("Shortcuts", "5 s back / forward")),
    ("N / P", QT_TRANSLATE_NOOP("Shortcuts", "Next / previous flag")),
    ("B", QT_TRANSLATE_NOOP("Shortcuts", "The flag's best frame, with its boxes")),
    ("C / D / U", QT_TRANSLATE_NOOP("Shortcuts", "Confirm / dismiss / uncertain")),
    ("M", QT_TRANSLATE_NOOP("Shortcuts", "Manual flag at the playhead")),
    ("S", QT_TRANSLATE_NOOP("Shortcuts", "Next speech (the speech strip under each camera)")),
    ("Enter", QT_TRANSLATE_NOOP("Shortcuts", "Next subject")),
]


def show_shortcuts(parent: QWidget) -> None:
    rows = "".join(
        f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{QCoreApplication.translate('Shortcuts', v)}"
        "</td></tr>"
        for k, v in SHORTCUTS
    )
    QMessageBox.information(
        parent, QCoreApplication.translate("Help", "Keyboard shortcuts"), f"<table>{rows}</table>"
    )
