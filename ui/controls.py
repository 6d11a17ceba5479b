"""The playback bar under the two panes: transport, speed, scrub, clock, overlays, sound."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from ui.audio import AudioOut, Source
from ui.player import SPEEDS, DualPlayer


class PlaybackBar(QWidget):
    def __init__(self, player: DualPlayer, audio: AudioOut) -> None:
        super().__init__()
        self.player, self.audio = player, audio
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.play_button = QPushButton(self.tr("Play"))
        self.play_button.clicked.connect(player.toggle)
        player.playing_changed.connect(
            lambda on: self.play_button.setText(self.tr("Pause") if on else self.tr("Play"))
        )
        row.addWidget(self.play_button)
        for text, fn in (
            ("−5 s", lambda: player.jump(-5)),
            ("◀ |", lambda: player.step(-1)),
            ("| ▶", lambda: player.step(1)),
            ("+5 s", lambda: player.jump(5)),
        ):
            b = QPushButton(text)
            b.clicked.connect(fn)
            row.addWidget(b)
        self.speed = QComboBox()
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}×", s)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.currentIndexChanged.connect(self._speed_changed)
        row.addWidget(self.speed)
        self.scrub = QSlider(Qt.Orientation.Horizontal)
        self.scrub.setRange(0, 1000)
        self.scrub.sliderMoved.connect(lambda v: player.seek(v / 1000 * player.duration))
        row.addWidget(self.scrub, 1)
        self.clock = QLabel("00:00.0")
        row.addWidget(self.clock)
        self.overlay_button = QPushButton(self.tr("Overlays"))
        self.overlay_button.setCheckable(True)
        self.overlay_button.setChecked(True)
        row.addWidget(self.overlay_button)
        self.sound = QComboBox()
        self.sound.setToolTip(self.tr("Sound: which camera you hear (at 1× only)"))
        for src, text in (
            (Source.MAIN, self.tr("♪ Main")),
            (Source.AUX, self.tr("♪ Aux")),
            (Source.OFF, self.tr("♪ Off")),
        ):
            self.sound.addItem(text, src.value)
        self.sound.currentIndexChanged.connect(
            lambda: audio.set_source(Source(self.sound.currentData()))
        )
        row.addWidget(self.sound)
        self.sound_status = QLabel()
        self.sound_status.setObjectName("soundStatus")
        audio.status_changed.connect(self._sound_status)
        row.addWidget(self.sound_status)

    def _speed_changed(self) -> None:
        self.player.set_speed(float(self.speed.currentData()))
        self.audio.set_source(self.audio.source)  # silent away from 1x, back at 1x

    def _sound_status(self, code: str, text: str) -> None:
        camera = self.tr("main") if self.audio.source == Source.MAIN else self.tr("aux")
        texts = {
            "off": self.tr("sound off"),
            "no-device": self.tr("no audio output"),
            "no-recording": self.tr("no %s recording") % camera,
            "no-sound": self.tr("no sound in the %s recording") % camera,
            "paused": "",
            "speed": self.tr("silent at %s×") % f"{self.player.speed:g}",
            "playing": self.tr("%s camera sound") % camera,
            "unreadable": self.tr("sound unreadable"),
            "failed": self.tr("audio output failed"),
        }
        self.sound_status.setText(texts.get(code, text))
        self.sound_status.setToolTip(text)

    def show_position(self, t: float) -> None:
        if self.player.duration > 0 and not self.scrub.isSliderDown():
            self.scrub.setValue(int(1000 * t / self.player.duration))
        self.clock.setText(f"{int(t // 60):02d}:{t % 60:04.1f}")

    def faster(self) -> None:
        i = SPEEDS.index(self.player.speed) if self.player.speed in SPEEDS else 2
        self.speed.setCurrentIndex(min(i + 1, len(SPEEDS) - 1))
        self.player.play()
