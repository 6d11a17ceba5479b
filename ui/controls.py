"""The playback bar under the two panes: transport, speed, scrub, clock, overlays, sound."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from ui.audio import AudioOut, Source
from ui.player import SPEEDS, DualPlayer

STATUS_W = 130  # px for the sound's status


def tight(button: QPushButton) -> QPushButton:
    """A button as wide as its text (the style's 80-px minimum would push a 1366-px
    window off the screen)."""
    width = button.fontMetrics().horizontalAdvance(button.text()) + 20
    button.setMinimumWidth(width)
    button.setMaximumWidth(width + 24)
    return button


class PlaybackBar(QWidget):
    def __init__(self, player: DualPlayer, audio: AudioOut) -> None:
        super().__init__()
        self.player, self.audio = player, audio
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        self.play_button = QPushButton(self.tr("Play"))
        longest = max(self.tr("Play"), self.tr("Pause"), key=self.fontMetrics().horizontalAdvance)
        self.play_button.setMinimumWidth(self.fontMetrics().horizontalAdvance(longest) + 24)
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
            b = tight(QPushButton(text))
            b.clicked.connect(fn)
            row.addWidget(b)
        self.speed = QComboBox()
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}×", s)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.currentIndexChanged.connect(self._speed_changed)
        row.addWidget(self.speed)
        self.scrub = QSlider(Qt.Orientation.Horizontal)
        self.scrub.setMinimumWidth(60)
        self.scrub.setRange(0, 1000)
        self.scrub.sliderMoved.connect(lambda v: player.seek(v / 1000 * player.duration))
        row.addWidget(self.scrub, 1)
        self.clock = QLabel("00:00.0")
        row.addWidget(self.clock)
        self.overlay_button = tight(QPushButton(self.tr("Overlays")))
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
        self.sound_status.setMaximumWidth(STATUS_W)  # the whole reason is in its tooltip
        audio.status_changed.connect(self._sound_status)
        row.addWidget(self.sound_status)
        if not audio.available:  # no sound library or no output device: say why, play on
            self.sound.setEnabled(False)
            self._sound_status(*audio.unavailable())

    def _speed_changed(self) -> None:
        self.player.set_speed(float(self.speed.currentData()))
        self.audio.set_source(self.audio.source)  # silent away from 1x, back at 1x

    def _sound_status(self, code: str, text: str) -> None:
        camera = self.tr("main") if self.audio.source == Source.MAIN else self.tr("aux")
        texts = {
            "no-library": self.tr("no sound library")
            if "libpulse" not in text
            else self.tr("no sound: libpulse0 not installed"),
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
        shown = texts.get(code, text)
        self.sound_status.setText(
            self.sound_status.fontMetrics().elidedText(shown, Qt.TextElideMode.ElideRight, STATUS_W)
        )
        if code == "no-library":
            shown = self.tr(
                "No sound: Qt's multimedia module could not be loaded. On Debian or Ubuntu "
                "install libpulse0 (Fedora: pulseaudio-libs); playback works without it."
            )
        elif code == "no-device":
            shown = self.tr("No sound: no audio output device (is a sound server running?)")
        self.sound_status.setToolTip(f"{shown}\n{text}" if shown != text else text)
        if code in ("no-library", "no-device"):
            self.sound.setToolTip(shown)

    def show_position(self, t: float) -> None:
        if self.player.duration > 0 and not self.scrub.isSliderDown():
            self.scrub.setValue(int(1000 * t / self.player.duration))
        self.clock.setText(f"{int(t // 60):02d}:{t % 60:04.1f}")

    def faster(self) -> None:
        i = SPEEDS.index(self.player.speed) if self.player.speed in SPEEDS else 2
        self.speed.setCurrentIndex(min(i + 1, len(SPEEDS) - 1))
        self.player.play()
