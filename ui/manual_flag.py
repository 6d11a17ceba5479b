"""M on the desk: ask the grader for a manual flag's type and note."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QWidget

from analysis.flags import FlagType
from ui.panel import flag_types
from ui.wording import type_name


def ask_manual_flag(parent: QWidget) -> tuple[FlagType, str] | None:
    """The type (second person by default) and note of a manual flag; None if cancelled."""
    types = flag_types()
    names = [type_name(t) for t in types]
    name, ok = QInputDialog.getItem(
        parent,
        QCoreApplication.translate("MainWindow", "Manual flag"),
        QCoreApplication.translate("MainWindow", "Type"),
        names,
        types.index("second_person"),
        False,
    )
    if not ok:
        return None
    kind = types[names.index(name)]
    note, ok = QInputDialog.getText(
        parent,
        QCoreApplication.translate("MainWindow", "Manual flag"),
        QCoreApplication.translate("MainWindow", "Note"),
    )
    return (FlagType(kind), note) if ok else None
