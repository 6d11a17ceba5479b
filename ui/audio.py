"""Sound for the desk: one camera's audio in step with the player's clock.

The grader hears the main camera by default and can switch to the aux (whose
time is the clock minus the pair's offset) or turn sound off. Sound plays at
1x only; paused or at another speed it is silent. PCM comes from
`analysis.media.video` (decoded off the GUI thread in chunks through `ui.tasks`) and
is pushed to a QAudioSink. The sink's position is checked against the clock
on every tick. When the device took a while to start, the sound it has not
been given yet is skipped by that much, so it catches up with the clock;
when sound and clock later drift apart by more than `RESYNC_S` (or the clock
jumps: a seek), sound restarts at the clock. With no audio output device (a
server, CI without a sound server) the desk says so and plays silently. Sound
is optional: QtMultimedia is imported here, lazily, and when it cannot be loaded
(PySide6-Addons missing, or the PulseAudio library libpulse0 not installed) the
desk starts all the same, with the sound selector off and the reason given.
"""

from __future__ import annotations

import enum
import importlib
import logging
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from analysis.media.video import open_video
from ui.player import DualPlayer
from ui.tasks import run_task

log = logging.getLogger(__name__)

RATE = 24000  # Hz, mono, 16-bit: plenty for speech
CHUNK_S = 2.0  # decoded at a time
AHEAD_S = 1.0  # keep this much decoded beyond what the sink holds
RESYNC_S = 0.15


class Source(enum.StrEnum):
    MAIN = "main"
    AUX = "aux"
    OFF = "off"


def pcm_chunk(path: Path, start_s: float, duration_s: float) -> bytes:
    """`duration_s` of `path`'s sound from `start_s` (may be negative: silence before
    the recording starts) as 16-bit mono PCM at `RATE`. Runs on a worker thread."""
    n = round(duration_s * RATE)
    out = np.zeros(n, np.float32)
    lo = max(0.0, start_s)
    if start_s + duration_s > 0:
        with open_video(path) as vf:
            samples, rate, t0 = vf.audio(RATE, lo, start_s + duration_s)
        if samples.size:
            # place the decoded samples on the requested grid (rates like 22050 too)
            grid = start_s + np.arange(n) / RATE
            have = t0 + np.arange(samples.size) / rate
            inside = (grid >= have[0]) & (grid <= have[-1])
            out[inside] = np.interp(grid[inside], have, samples)
    return (np.clip(out, -1.0, 1.0) * 32767).astype(np.int16).tobytes()


def load_multimedia() -> tuple[ModuleType | None, str]:
    """QtMultimedia, or None and why not. Importing it loads the system's sound library
    (libpulse on Linux), which a fresh machine may lack: that raises ImportError or
    OSError, not ModuleNotFoundError."""
    try:
        return importlib.import_module("PySide6.QtMultimedia"), ""
    except (ImportError, OSError) as exc:
        log.warning("no sound: QtMultimedia cannot be loaded: %s", exc)
        return None, str(exc)


class AudioOut(QObject):
    """Plays the chosen camera's sound while the player plays at 1x."""

    # (code, English description): off, no-library, no-device, no-recording, no-sound,
    # paused, speed, playing, unreadable, failed; the desk translates by code
    status_changed = Signal(str, str)

    def __init__(self, player: DualPlayer) -> None:
        super().__init__()
        self.player = player
        self.source = Source.MAIN
        self.paths: dict[Source, Path | None] = {Source.MAIN: None, Source.AUX: None}
        self.has_sound: dict[Source, bool] = {Source.MAIN: False, Source.AUX: False}
        self._sink: Any = None  # a QAudioSink, when QtMultimedia and a device are there
        self._qm, self.library_error = load_multimedia()
        if self._qm is not None:
            fmt = self._qm.QAudioFormat()
            fmt.setSampleRate(RATE)
            fmt.setChannelCount(1)
            fmt.setSampleFormat(self._qm.QAudioFormat.SampleFormat.Int16)
            device = self._qm.QMediaDevices.defaultAudioOutput()
            if not device.isNull() and device.isFormatSupported(fmt):
                self._sink = self._qm.QAudioSink(device, fmt, self)
        self._io = None
        self._gen = 0  # bumps on every (re)start: late chunks of an old run are dropped
        self._buf = bytearray()
        self._start_t = 0.0  # clock time of the first byte written
        self._start_wall = 0.0
        self._fetch_t = 0.0  # clock time of the next chunk to decode
        self._fetching = False
        self._latency: float | None = None  # sound behind the clock, measured per start
        self._written = 0  # bytes given to the sink since the start
        self._status = ("", "")
        self._timer = QTimer(self)
        self._timer.setInterval(40)
        self._timer.timeout.connect(self._pump)
        player.playing_changed.connect(lambda _p: self._follow())
        player.position_changed.connect(self._on_position)

    @property
    def available(self) -> bool:
        return self._sink is not None

    def unavailable(self) -> tuple[str, str]:
        """Why the desk has no sound at all (code, English description), or ("", "")."""
        if self._qm is None:
            return "no-library", f"no sound: QtMultimedia cannot be loaded ({self.library_error})"
        if self._sink is None:
            return "no-device", "no audio output device"
        return "", ""

    @property
    def running(self) -> bool:
        return self._io is not None

    def set_recordings(
        self, main: Path | None, aux: Path | None, has_sound: tuple[bool, bool]
    ) -> None:
        """The subject's recordings (None: missing or unreadable) and whether each has a
        sound track (from the stored probe: no file is opened here, on the GUI thread)."""
        self._stop()
        self.paths = {Source.MAIN: main, Source.AUX: aux}
        self.has_sound = {Source.MAIN: has_sound[0], Source.AUX: has_sound[1]}
        self._follow()

    def set_source(self, source: Source) -> None:
        self.source = source
        self._stop()
        self._follow()

    def heard(self) -> float | None:
        """The clock time of the sound the sink has played so far (None: not playing)."""
        if self._sink is None or self._io is None:
            return None
        return self._start_t + self._sink.processedUSecs() / 1e6

    def _wanted(self) -> tuple[str, str] | None:
        """Why there is no sound now (code, description), or None when there should be."""
        cam = self.source.value
        if self._sink is None:
            return self.unavailable()
        if self.source == Source.OFF:
            return "off", "sound off"
        if self.paths.get(self.source) is None:
            return "no-recording", f"no {cam} recording"
        if not self.has_sound.get(self.source):
            return "no-sound", f"no sound in the {cam} recording"
        if not self.player.playing:
            return "paused", f"{cam} camera sound"
        if self.player.speed != 1.0:
            return "speed", f"silent at {self.player.speed:g}x"
        return None

    def _follow(self) -> None:
        why = self._wanted()
        if why is not None:
            self._stop()
            self._say(*why)
        elif not self.running:
            self._start(self.player.position)

    def _on_position(self, t: float) -> None:
        if self._wanted() is not None:
            self._follow()
            return
        if not self.running:
            self._start(t)
            return
        assert self._sink is not None
        processed = self._sink.processedUSecs() / 1e6
        if processed <= 0:
            expected = self._start_t + time.monotonic() - self._start_wall
            if abs(t - expected) > 2 * RESYNC_S:  # a seek before sound began
                self._start(t)
            return
        lag = t - (self._start_t + processed)
        if self._latency is None:
            if lag > RESYNC_S:  # the device started late: catch up once
                log.debug("audio output started %.3f s late: skipping that much", lag)
                self._skip(lag)
            else:
                self._latency = lag
            return
        if abs(lag - self._latency) > RESYNC_S:
            log.debug("sound drifted %.3f s from the clock: restart", lag - self._latency)
            self._start(t)

    def _start(self, t: float) -> None:
        assert self._sink is not None
        self._stop()
        self._gen += 1
        self._start_t = self._fetch_t = t
        self._start_wall = time.monotonic()
        self._written = 0
        self._latency = None
        self._io = self._sink.start()
        self._timer.start()
        self._say("playing", f"{self.source.value} camera sound")
        self._fetch()

    def _skip(self, seconds: float) -> None:
        """Drop `seconds` of the sound not yet given to the sink."""
        self._gen += 1  # a chunk still decoding is for the old position
        self._fetching = False
        self._buf.clear()
        self._fetch_t = self._start_t + self._written / (2 * RATE) + seconds
        self._start_t += seconds
        self._fetch()

    def _stop(self) -> None:
        self._gen += 1
        self._timer.stop()
        self._buf.clear()
        self._fetching = False
        if self._sink is not None and self._io is not None:
            self._sink.stop()
        self._io = None

    def _fetch(self) -> None:
        path = self.paths.get(self.source)
        if self._fetching or path is None:
            return
        self._fetching = True
        gen, t = self._gen, self._fetch_t
        start = t - (self.player.offset if self.source == Source.AUX else 0.0)

        def done(pcm: bytes) -> None:
            if gen != self._gen:
                return
            self._fetching = False
            self._buf.extend(pcm)
            self._fetch_t = t + CHUNK_S
            self._pump()

        def failed(exc: BaseException) -> None:
            if gen == self._gen:
                self._fetching = False
                self._stop()
                self._say("unreadable", f"sound unreadable: {exc}")

        run_task(self, lambda: pcm_chunk(path, start, CHUNK_S), on_done=done, on_error=failed)

    def _pump(self) -> None:
        if self._sink is None or self._io is None:
            return
        audio = self._qm.QAudio
        if self._sink.state() == audio.State.StoppedState and self._sink.error() not in (
            audio.Error.NoError,
            audio.Error.UnderrunError,
        ):
            self._stop()
            self._say("failed", f"audio output failed ({self._sink.error().name})")
            return
        free = self._sink.bytesFree()
        if free and self._buf:
            n = max(0, self._io.write(bytes(self._buf[:free])))
            del self._buf[:n]
            self._written += n
        if len(self._buf) < AHEAD_S * RATE * 2:
            self._fetch()

    def _say(self, code: str, text: str) -> None:
        if (code, text) != self._status:
            self._status = (code, text)
            self.status_changed.emit(code, text)

    def close(self) -> None:
        self._stop()
