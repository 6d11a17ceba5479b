"""Flag timeline: one lane per camera plus the pair, flags as coloured bands.

AI flags are filled bands, human flags are outlined with a hatch, so the two
never look alike. Clicking a band selects the flag and seeks with a pre-roll.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from analysis.flags import Camera, Source
from reviewer.review import FlagView
from ui.speech_view import STRIP_H, paint_speech
from ui.wording import camera_name

COLOURS = {
    "missing_recording": "#8e44ad",
    "hash_mismatch": "#8e44ad",
    "signature_invalid": "#8e44ad",
    "unreadable": "#7f8c8d",
    "timestamp_gap": "#c0392b",
    "duration_exceeded": "#7f8c8d",
    "pair_mismatch": "#d35400",
    "left_frame": "#e67e22",
    "second_person": "#e74c3c",
    "mirror": "#16a085",
    "phone": "#2980b9",
    "camera_obstructed": "#34495e",
    "picture_of_person": "#95a5a6",
    "speech_in_silent_subject": "#82e0aa",
    "wrong_language": "#a569bd",
    "identity_stated": "#f1c40f",
    "identity_mismatch": "#922b21",
    "person_changed": "#922b21",
    "identity_unresolved": "#cd6155",
}
LANES = (Camera.MAIN, Camera.AUX, Camera.PAIR)
AXIS_H = 18  # px under the lanes for the time axis
TICK_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)


def clock(t: float) -> str:
    """mm:ss (h:mm:ss past an hour) of a time on the main clock."""
    s = int(max(t, 0.0))
    h, m = divmod(s // 60, 60)
    return f"{h}:{m:02d}:{s % 60:02d}" if h else f"{m:02d}:{s % 60:02d}"


def colour_of(flag_type: str) -> str:
    """A flag type's colour, shared by the timeline's bands and the flag list."""
    return COLOURS.get(flag_type, "#999999")


PREROLL_S = 3.0


class Timeline(QWidget):
    flag_clicked = Signal(int)  # flag id
    seek_requested = Signal(float)  # main-timeline seconds
    hovered = Signal(float, QPoint)  # main-timeline seconds, global position (preview)
    left = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumHeight(112)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.flags: list[FlagView] = []
        self.duration = 1.0
        self.offset = 0.0
        self.position = 0.0
        self.selected: int | None = None
        self._bands: list[tuple[QRectF, FlagView]] = []
        self.speech: dict[str, list[tuple[float, float]]] = {}  # per camera, main clock

    def set_subject(self, flags: list[FlagView], duration: float, offset: float) -> None:
        self.flags, self.duration, self.offset = flags, max(duration, 1.0), offset
        self.update()

    def set_position(self, t: float) -> None:
        self.position = t
        self.update()

    def main_time(self, f: FlagView) -> tuple[float, float]:
        """A flag's span on the main timeline (aux times are shifted by the offset)."""
        start = f.start_s if f.start_s is not None else 0.0
        end = f.end_s if f.end_s is not None else (self.duration if f.start_s is None else start)
        shift = self.offset if f.camera == Camera.AUX else 0.0
        return start + shift, end + shift

    def best_time(self, f: FlagView) -> float | None:
        """A flag's strongest frame on the main timeline (None: it has no evidence)."""
        if not f.evidence or "best_t" not in f.evidence:
            return None
        return float(f.evidence["best_t"]) + (self.offset if f.camera == Camera.AUX else 0.0)

    def _left(self) -> int:
        """Where the lanes start: after the widest lane name, in the grader's language."""
        metrics = self.fontMetrics()
        return 14 + max(metrics.horizontalAdvance(camera_name(lane)) for lane in LANES)

    def _span(self) -> int:
        return max(self.width() - self._left() - 10, 1)

    def _x(self, t: float) -> float:
        return self._left() + self._span() * min(max(t / self.duration, 0.0), 1.0)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#f4f4f4"))
        lane_h = (self.height() - 12 - AXIS_H) / len(LANES)
        self._bands = []
        for i, lane in enumerate(LANES):
            y = 6 + i * lane_h
            p.setPen(QColor("#555555"))
            p.drawText(
                QRectF(4, y, self._left() - 6, lane_h),
                Qt.AlignmentFlag.AlignVCenter,
                camera_name(lane),
            )
            p.fillRect(QRectF(self._left(), y + 2, self._span(), lane_h - 4), QColor("#e6e6e6"))
            strip = STRIP_H + 1 if lane.value in self.speech else 0
            if strip:
                lane_rect = QRectF(self._left(), y + 2, self._span(), lane_h - 4)
                paint_speech(p, lane_rect, self.speech[lane.value], self._x)
            for f in self.flags:
                if (f.camera if f.camera in LANES else Camera.PAIR) != lane:
                    continue
                a, b = self.main_time(f)
                x0, x1 = self._x(a), max(self._x(b), self._x(a) + 4)
                rect = QRectF(x0, y + 3, x1 - x0, lane_h - 6 - strip)
                colour = QColor(colour_of(f.type.value))
                if f.decision is not None and f.decision.value == "dismiss":
                    colour.setAlpha(70)
                if f.source == Source.HUMAN:
                    p.setBrush(QBrush(colour, Qt.BrushStyle.BDiagPattern))
                    p.setPen(QPen(colour, 2))
                else:
                    p.setBrush(colour)
                    p.setPen(Qt.PenStyle.NoPen)
                p.drawRect(rect)
                if f.id == self.selected:
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    p.setPen(QPen(QColor("#000000"), 2))
                    p.drawRect(rect.adjusted(-1, -1, 1, 1))
                self._bands.append((rect, f))
        self._axis(p, self.height() - AXIS_H)
        x = self._x(self.position)
        p.setPen(QPen(QColor("#000000"), 2))
        p.drawLine(int(x), 2, int(x), self.height() - AXIS_H)
        label = clock(self.position)
        w = p.fontMetrics().horizontalAdvance(label) + 8
        box = QRectF(
            min(max(x - w / 2, self._left()), self.width() - w - 2), self.height() - AXIS_H, w, 16
        )
        p.fillRect(box, QColor("#000000"))
        p.setPen(QColor("#ffffff"))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        p.end()

    def _axis(self, p: QPainter, y: float) -> None:
        """mm:ss ticks on the main clock, at a round step at least ~80 px apart."""
        span = self._span()
        step = next((s for s in TICK_STEPS if span * s / self.duration >= 80), TICK_STEPS[-1])
        p.setPen(QColor("#777777"))
        t = 0.0
        while t <= self.duration + 1e-6:
            x = self._x(t)
            p.drawLine(int(x), int(y) - 4, int(x), int(y))
            left = min(max(x - 30, 30.0), self.width() - 62.0)  # the last label whole
            p.drawText(QRectF(left, y + 3, 60, AXIS_H - 3), Qt.AlignmentFlag.AlignHCenter, clock(t))
            t += step

    def _time_at(self, x: float) -> float | None:
        if x < self._left():
            return None
        return min(max((x - self._left()) / self._span(), 0.0), 1.0) * self.duration

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        t = self._time_at(event.position().x())
        if t is not None:
            self.hovered.emit(t, event.globalPosition().toPoint())

    def leaveEvent(self, event: QEvent) -> None:
        self.left.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        for rect, f in reversed(self._bands):
            if rect.contains(pos):
                self.flag_clicked.emit(f.id)
                return
        t = self._time_at(pos.x())
        if t is not None:
            self.seek_requested.emit(t)
