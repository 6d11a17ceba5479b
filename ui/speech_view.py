"""The desk's speech: a speech strip under each camera's lane of the timeline, a
key (S) that jumps to the next speech, and the transcript panel with search.

Segments and transcripts come from `reviewer.speech.subject_speech` (times on
each camera's own file); the desk shows them on the main clock (aux + offset).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from analysis.flags import Camera
from reviewer.speech import CameraSpeech
from ui.wording import LANGUAGE_NAMES, camera_name, tr

SPEECH_COLOUR = "#0e6655"  # dark teal: apart from the light speech flag bands
STRIP_H = 6  # px at the bottom of a camera's lane


def main_spans(
    speech: Mapping[str, CameraSpeech], offset: float
) -> dict[str, list[tuple[float, float]]]:
    """Each camera's speech segments on the main clock."""
    out: dict[str, list[tuple[float, float]]] = {}
    for cam, sp in speech.items():
        shift = offset if cam == Camera.AUX.value else 0.0
        out[cam] = [(a + shift, b + shift) for a, b in sp.segments]
    return out


def paint_speech(
    p: QPainter, lane: QRectF, spans: list[tuple[float, float]], x_of: Callable[[float], float]
) -> None:
    """The speech strip at the bottom of a camera's lane."""
    strip = QRectF(lane.left(), lane.bottom() - STRIP_H, lane.width(), STRIP_H)
    p.fillRect(strip, QColor("#d5d8dc"))
    colour = QColor(SPEECH_COLOUR)
    for a, b in spans:
        x0, x1 = x_of(a), max(x_of(b), x_of(a) + 2)
        p.fillRect(QRectF(x0, strip.top(), x1 - x0, STRIP_H), colour)


def next_speech(spans: Mapping[str, list[tuple[float, float]]], t: float) -> float | None:
    """The start of the first speech (any camera) after `t` on the main clock."""
    starts = [a for segs in spans.values() for a, _ in segs if a > t + 0.25]
    return min(starts) if starts else None


def _clock(t: float) -> str:
    s = int(max(t, 0.0))
    return f"{s // 60:02d}:{s % 60:02d}"


class TranscriptPanel(QWidget):
    """What was said, with times, searchable; a row click seeks there."""

    seek = Signal(float)  # main-clock seconds

    def __init__(self) -> None:
        super().__init__()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight:bold;")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search the transcript"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.rows = QListWidget()
        self.rows.setWordWrap(True)
        self.rows.itemActivated.connect(self._go)
        self.rows.itemClicked.connect(self._go)
        for w in (self.title, self.status, self.search):
            lay.addWidget(w)
        lay.addWidget(self.rows, 1)
        self.spans: dict[str, list[tuple[float, float]]] = {}
        self.show_speech({}, 0.0, None)

    def show_speech(
        self, speech: Mapping[str, CameraSpeech], offset: float, missing: str | None
    ) -> None:
        """`missing`: why transcription is not installed here (None: it is)."""
        self.spans = main_spans(speech, offset)
        self.rows.clear()
        total = sum(b - a for segs in self.spans.values() for a, b in segs)
        self.title.setText(self.tr("Speech and transcript"))
        lines = []
        rows: list[tuple[float, str, bool]] = []
        for cam in (Camera.MAIN.value, Camera.AUX.value):
            sp = speech.get(cam)
            if sp is None or sp.asr == "none":
                continue
            secs = sum(b - a for a, b in sp.segments)
            lines.append(
                self.tr("%1: %2 s of speech, stretches: %3")
                .replace("%1", camera_name(cam))
                .replace("%2", f"{secs:.0f}")
                .replace("%3", str(len(sp.segments)))
            )
            shift = offset if cam == Camera.AUX.value else 0.0
            where = camera_name(cam)
            for a, _, text in sp.transcript:
                rows.append((a + shift, f"{_clock(a + shift)}  [{where}]  {text}", False))
            for a, _, lang, prob in sp.languages:
                name = tr(LANGUAGE_NAMES[lang]) if lang in LANGUAGE_NAMES else lang
                label = self.tr("language: %1 (%2%)").replace("%1", name)
                label = label.replace("%2", f"{prob * 100:.0f}")
                rows.append((a + shift, f"{_clock(a + shift)}  [{where}]  {label}", True))
        for t, text, lang in sorted(rows, key=lambda r: (r[0], not r[2])):
            self._add(t, text, lang)
        if not speech or all(sp.asr == "none" for sp in speech.values()):
            lines.append(self.tr("The speech stage has not run on this subject."))
        if missing is not None and not any(sp.transcript for sp in speech.values()):
            lines.append(
                self.tr(
                    "Transcription is not installed (pip install -e '.[speech]'): "
                    "speech is found, not transcribed."
                )
            )
        elif speech and not any(sp.asr == "done" for sp in speech.values()) and total > 0:
            lines.append(self.tr("Not transcribed: a silent subject, or scanned with --no-speech."))
        self.status.setText("\n".join(lines))
        self._filter(self.search.text())

    def _add(self, t: float, text: str, lang: bool = False) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, t)
        if lang:
            item.setForeground(QColor("#7f8c8d"))
        self.rows.addItem(item)

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for i in range(self.rows.count()):
            item = self.rows.item(i)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def _go(self, item: QListWidgetItem) -> None:
        t = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(t, float | int):
            self.seek.emit(max(0.0, float(t) - 1.0))
