"""The desk's window on real screens: first size, the three columns, and memory of both."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget


def fit_screen(win: QMainWindow) -> None:
    """The first start fills most of the screen (a 1366x768 laptop included)."""
    screen = win.screen().availableGeometry() if win.screen() else None
    if screen is None:
        win.resize(1366, 768)
        return
    win.resize(min(1600, screen.width()), min(960, screen.height()))


def restore_layout(win: QMainWindow, settings: QSettings, split: QSplitter) -> bool:
    """The window's geometry and the three columns' widths, as the grader left them."""
    geometry, state = settings.value("window/geometry"), settings.value("window/split")
    if geometry is not None:
        win.restoreGeometry(geometry)
    return state is not None and split.restoreState(state)


def save_layout(win: QMainWindow, settings: QSettings, split: QSplitter) -> None:
    settings.setValue("window/geometry", win.saveGeometry())
    settings.setValue("window/split", split.saveState())


def size_columns(win: QMainWindow, split: QSplitter, queue_need: int, panel: QWidget) -> None:
    """Give the queue the width its whole columns need, the panel ~300 px, the videos
    the rest."""
    total = max(split.width(), win.width())
    queue = min(queue_need, int(total * 0.36))
    side = max(panel.minimumSizeHint().width(), min(300, int(total * 0.22)))
    split.setSizes([queue, max(total - queue - side, 200), side])
