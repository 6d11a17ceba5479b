"""The desk's centre column: both cameras side by side, the playback bar, the timeline.

It wires its own parts (the one clock drives the timeline and the bar; the
timeline seeks and previews); the window connects what leaves the column.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ui.audio import AudioOut
from ui.controls import PlaybackBar
from ui.player import DualPlayer, Preview, VideoPane
from ui.timeline import Timeline


class PlaybackColumn(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        panes = QHBoxLayout()
        # the desk's words: translated in the main window's context
        self.main_pane = VideoPane(QCoreApplication.translate("MainWindow", "Main (主机)"))
        self.aux_pane = VideoPane(QCoreApplication.translate("MainWindow", "Aux (辅机)"))
        panes.addWidget(self.main_pane)
        panes.addWidget(self.aux_pane)
        column.addLayout(panes, 1)
        self.player = DualPlayer(self.main_pane, self.aux_pane)
        self.audio = AudioOut(self.player)
        self.bar = PlaybackBar(self.player, self.audio)
        self.bar.overlay_button.toggled.connect(self._toggle_overlays)
        column.addWidget(self.bar)
        self.timeline = Timeline()
        self.timeline.seek_requested.connect(self.player.seek)
        self.preview = Preview()
        self.timeline.hovered.connect(self.preview.show_at)
        self.timeline.left.connect(self.preview.hide)
        column.addWidget(self.timeline)
        self.player.position_changed.connect(self._position)

    def _position(self, t: float) -> None:
        self.timeline.set_position(t)
        self.bar.show_position(t)

    def _toggle_overlays(self, on: bool) -> None:
        for pane in (self.main_pane, self.aux_pane):
            pane.show_overlays = on
        self.player.seek(self.player.position)
