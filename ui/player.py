"""Synchronised dual playback: one clock on the main camera's timeline, two panes.

Frames are decoded off the GUI thread (through `ui.tasks`), one request in
flight per pane; a pane always asks for the newest position, so a slow decode
drops frames instead of lagging. The aux pane shows aux time t - offset.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy

from analysis.detect.observations import Observation
from analysis.detect.overlay import COLOURS as OVERLAY_COLOURS
from analysis.media.video import MediaError, TimedFrame, VideoFile, open_video
from ui.tasks import run_task
from ui.wording import observation_name

log = logging.getLogger(__name__)

PANE_SIZE = (640, 360)
# evidence boxes belong to one sampled frame; frames this close to it show them too
# (wider, and a visitor's box showed half a second before they came in)
OVERLAY_WINDOW_S = 0.3


class FrameSource:
    """Random access to one recording's frames, cheap when moving forward."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._vf: VideoFile = open_video(path)
        info = self._vf.info()
        self.fps = info.fps or 30.0
        self._it: Iterator[TimedFrame] | None = None
        self._last: TimedFrame | None = None

    def frame_at(self, t: float) -> TimedFrame | None:
        half = 0.5 / self.fps
        last = self._last
        if last is not None and abs(last.pts_s - t) <= half:
            return last
        if self._it is None or last is None or not (last.pts_s < t <= last.pts_s + 2.0):
            self._it = self._vf.frames(start_s=max(0.0, t - 0.01), size=PANE_SIZE)
        for frame in self._it:
            self._last = frame
            if frame.pts_s >= t - half:
                return frame
        return self._last

    def close(self) -> None:
        self._it = None
        self._vf.close()


def paint_observations(pix: QPixmap, observations: list[Observation]) -> None:
    """The detectors' boxes on the shown frame, labelled in the grader's language."""
    p = QPainter(pix)
    w, h = pix.width(), pix.height()
    for o in observations:
        if o.box is None:
            continue
        colour = QColor(*OVERLAY_COLOURS.get(o.kind, (255, 255, 255)))
        p.setPen(QPen(colour, 2))
        rect = QRectF(
            o.box.x0 * w, o.box.y0 * h, (o.box.x1 - o.box.x0) * w, (o.box.y1 - o.box.y0) * h
        )
        p.drawRect(rect)
        p.drawText(rect.topLeft() + QPointF(3, 13), f"{observation_name(o.label)} {o.score:.2f}")
    p.end()


class VideoPane(QLabel):
    """Shows one camera; a placeholder when the recording is missing or unreadable."""

    shown = Signal(float)  # pts of the frame now on screen

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setStyleSheet("background:#202020;color:#dddddd;font-size:14px;")
        self.source: FrameSource | None = None
        self.overlays: list[Observation] = []
        self.show_overlays = True
        self._busy = False
        self._retired: list[FrameSource] = []
        self._want: float | None = None
        self.current_pts: float | None = None
        self.set_placeholder(self.tr("No recording"))

    def _drop_source(self) -> None:
        """Let go of the current source; a decode still running on it closes it later."""
        old, self.source, self._want = self.source, None, None
        if old is None:
            return
        if self._busy:
            self._retired.append(old)
        else:
            old.close()

    def _settle(self) -> None:
        """A decode task ended (GUI thread): sources it may have used can close now."""
        self._busy = False
        while self._retired:
            self._retired.pop().close()

    def set_placeholder(self, text: str) -> None:
        self._drop_source()
        self.current_pts = None
        self.clear()
        self.setText(f"{self.title}\n\n{text}")

    def open(self, path: Path | None, readable: bool) -> None:
        self._drop_source()
        if path is None:
            self.set_placeholder(self.tr("Recording missing"))
            return
        if not readable:
            self.set_placeholder(self.tr("Recording unreadable"))
            return
        try:
            self.source = FrameSource(path)
        except MediaError as exc:
            self.set_placeholder(self.tr("Cannot open: %s") % exc)

    def request(self, t: float) -> None:
        """Show the frame at file time t (newest request wins)."""
        if self.source is None:
            return
        self._want = t
        if not self._busy:
            self._fetch()

    def _fetch(self) -> None:
        if self.source is None or self._want is None:
            return
        t, src, self._want = self._want, self.source, None
        self._busy = True
        if t < 0:
            self._busy = False
            self.clear()
            self.setText(f"{self.title}\n\n" + self.tr("not recording yet"))
            return
        overlays = list(self.overlays) if self.show_overlays else []

        def decode() -> tuple[FrameSource, TimedFrame | None, Any]:
            frame = src.frame_at(t)
            if frame is None:
                return src, None, None
            near = [o for o in overlays if abs(o.t - frame.pts_s) <= OVERLAY_WINDOW_S]
            return src, frame, (np.ascontiguousarray(frame.image), near)

        run_task(self, decode, on_done=self._show, on_error=self._failed)

    def _show(self, result: tuple[FrameSource, TimedFrame | None, Any]) -> None:
        self._settle()
        src, frame, shown = result
        if src is self.source and frame is not None and shown is not None:
            img, near = shown
            h, w = img.shape[:2]
            qimg = QImage(img.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
            pix = QPixmap.fromImage(qimg).scaled(
                self.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            if near:
                paint_observations(pix, near)
            self.setPixmap(pix)
            self.current_pts = frame.pts_s
            self.shown.emit(frame.pts_s)
        if self._want is not None:
            self._fetch()

    def _failed(self, exc: BaseException) -> None:
        self._settle()
        self.set_placeholder(self.tr("Decoding failed: %s") % exc)

    def close_source(self) -> None:
        self._drop_source()


SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)


class DualPlayer(QObject):
    """The clock: position on the main timeline, play/pause, speed, offset to aux."""

    position_changed = Signal(float)
    playing_changed = Signal(bool)

    def __init__(self, main: VideoPane, aux: VideoPane) -> None:
        super().__init__()
        self.main, self.aux = main, aux
        self.position = 0.0
        self.duration = 0.0
        self.offset = 0.0  # aux started this long after main
        self.speed = 1.0
        self.fps = 30.0
        self._timer = QTimer(self)
        self._timer.setInterval(33)
        self._timer.timeout.connect(self._tick)
        self._wall = 0.0

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    def load(self, duration: float, offset: float, fps: float) -> None:
        self.pause()
        self.duration, self.offset, self.fps = duration, offset, fps or 30.0
        self.seek(0.0)

    def play(self) -> None:
        if not self.playing:
            self._wall = time.monotonic()
            self._timer.start()
            self.playing_changed.emit(True)

    def pause(self) -> None:
        if self.playing:
            self._timer.stop()
            self.playing_changed.emit(False)

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def set_speed(self, speed: float) -> None:
        self.speed = speed

    def step(self, frames: int) -> None:
        self.pause()
        self.seek(self.position + frames / self.fps)

    def jump(self, seconds: float) -> None:
        self.seek(self.position + seconds)

    def seek(self, t: float) -> None:
        self.position = min(max(0.0, t), max(self.duration, 0.0))
        self.main.request(self.position)
        self.aux.request(self.position - self.offset)
        self.position_changed.emit(self.position)

    def _tick(self) -> None:
        now = time.monotonic()
        dt, self._wall = now - self._wall, now
        if self.position >= self.duration:
            self.pause()
            return
        self.seek(self.position + dt * self.speed)


class Preview(QLabel):
    """A small frame under the mouse on the timeline (hover preview of the main camera)."""

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.ToolTip)
        self.setStyleSheet("border:1px solid #333;background:#000;")
        self.source: FrameSource | None = None
        self._busy = False
        self._retired: list[FrameSource] = []
        self._want: tuple[float, Any] | None = None

    def set_source(self, path: Path | None) -> None:
        old, self.source, self._want = self.source, None, None
        if old is not None and self._busy:
            self._retired.append(old)  # the running decode still reads it
        elif old is not None:
            old.close()
        if path is not None:
            try:
                self.source = FrameSource(path)
            except MediaError as exc:
                log.debug("no preview: %s", exc)

    def show_at(self, t: float, where: Any) -> None:
        if self.source is None:
            return
        self._want = (t, where)
        if not self._busy:
            self._next()

    def _next(self) -> None:
        if self._want is None or self.source is None:
            return
        (t, where), src, self._want = self._want, self.source, None
        self._busy = True

        def decode() -> Any:
            frame = src.frame_at(t)
            return None if frame is None else np.ascontiguousarray(frame.image[::2, ::2])

        def settle() -> None:
            self._busy = False
            while self._retired:
                self._retired.pop().close()

        def done(img: Any) -> None:
            settle()
            if img is not None and src is self.source:
                h, w = img.shape[:2]
                qimg = QImage(img.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
                self.setPixmap(QPixmap.fromImage(qimg))
                self.adjustSize()
                self.move(where.x() - w // 2, where.y() - h - 24)
                self.show()
            self._next()

        run_task(self, decode, on_done=done, on_error=lambda e: settle())
