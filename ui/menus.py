"""The desk's menus and keyboard shortcuts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut

from reviewer.review import FlagDecision

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def build_menus(win: MainWindow) -> None:
    file_menu = win.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&File"))
    scan = QAction(QCoreApplication.translate("MainWindow", "Scan export…"), win)
    scan.triggered.connect(win.choose_and_scan)
    file_menu.addAction(scan)
    evidence = QAction(QCoreApplication.translate("MainWindow", "Export evidence…"), win)
    evidence.triggered.connect(win.export_evidence)
    file_menu.addAction(evidence)
    quit_action = QAction(QCoreApplication.translate("MainWindow", "Quit"), win)
    quit_action.triggered.connect(win.close)
    file_menu.addAction(quit_action)
    settings_menu = win.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&Settings"))
    prefs = QAction(QCoreApplication.translate("MainWindow", "Settings…"), win)
    prefs.triggered.connect(win.open_settings)
    settings_menu.addAction(prefs)
    name = QAction(QCoreApplication.translate("MainWindow", "Grader name…"), win)
    name.triggered.connect(win.ask_grader)
    settings_menu.addAction(name)
    batch = QAction(QCoreApplication.translate("MainWindow", "Overnight batch…"), win)
    batch.triggered.connect(win.show_batch)
    file_menu.insertAction(quit_action, batch)
    identity = QAction(QCoreApplication.translate("MainWindow", "Candidate identity…"), win)
    identity.triggered.connect(win.show_identity)
    file_menu.insertAction(quit_action, identity)
    help_menu = win.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&Help"))
    keys = QAction(QCoreApplication.translate("MainWindow", "Keyboard shortcuts"), win)
    keys.triggered.connect(win.show_shortcuts)
    help_menu.addAction(keys)


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
