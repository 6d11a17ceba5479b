"""The desk's menus and keyboard shortcuts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut

from reviewer.review import FlagDecision

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def _tr(text: object) -> str:
    return QCoreApplication.translate("MainWindow", str(text))


def build_menus(win: MainWindow) -> None:
    """The menu bar, from one table (QT_TRANSLATE_NOOP marks each text for lupdate;
    PySide6 types it `object`)."""
    menus: tuple[tuple[object, tuple[tuple[object, Callable[[], object]], ...]], ...] = (
        (
            QT_TRANSLATE_NOOP("MainWindow", "&File"),
            (
                (QT_TRANSLATE_NOOP("MainWindow", "Scan export…"), win.choose_and_scan),
                (QT_TRANSLATE_NOOP("MainWindow", "Export evidence…"), win.export_evidence),
                (QT_TRANSLATE_NOOP("MainWindow", "Overnight batch…"), win.show_batch),
                (QT_TRANSLATE_NOOP("MainWindow", "Candidate identity…"), win.show_identity),
                (QT_TRANSLATE_NOOP("MainWindow", "Quit"), win.close),
            ),
        ),
        (
            QT_TRANSLATE_NOOP("MainWindow", "&Settings"),
            (
                (QT_TRANSLATE_NOOP("MainWindow", "Settings…"), win.open_settings),
                (QT_TRANSLATE_NOOP("MainWindow", "Grader name…"), win.ask_grader),
            ),
        ),
        (
            QT_TRANSLATE_NOOP("MainWindow", "&Help"),
            ((QT_TRANSLATE_NOOP("MainWindow", "Keyboard shortcuts"), win.show_shortcuts),),
        ),
    )
    for title, entries in menus:
        menu = win.menuBar().addMenu(_tr(title))
        for text, slot in entries:
            action = QAction(_tr(text), win)
            action.triggered.connect(slot)
            menu.addAction(action)


def bind_shortcuts(win: MainWindow) -> None:
    p = win.player
    table = {
        "Space": p.toggle,
        "K": p.pause,
        "L": win.bar.faster,
        "J": lambda: p.jump(-5),
        "Left": lambda: p.step(-1),
        "Right": lambda: p.step(1),
        "Shift+Left": lambda: p.jump(-5),
        "Shift+Right": lambda: p.jump(5),
        "N": lambda: win.panel.move(1),
        "P": lambda: win.panel.move(-1),
        "C": lambda: win.panel.decide_current(FlagDecision.CONFIRM),
        "D": lambda: win.panel.decide_current(FlagDecision.DISMISS),
        "U": lambda: win.panel.decide_current(FlagDecision.UNCERTAIN),
        "B": win.panel.show_best_current,
        "M": win.manual_flag,
        "S": win.next_speech,
        "Return": win.next_subject,
        "Enter": win.next_subject,
    }
    for key, fn in table.items():
        sc = QShortcut(QKeySequence(key), win)
        sc.setContext(Qt.ShortcutContext.WindowShortcut)
        sc.activated.connect(fn)
