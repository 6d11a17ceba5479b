"""The desk's sound: the chosen camera's audio, placed on the player's clock.

Sound is optional: the PCM tests need no sound library; the playback tests need
QtMultimedia (PySide6-Addons, and libpulse0 on Linux) and an output device, and
skip saying which is missing; the no-library test simulates the failed import, so
it runs on every machine.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings

from analysis.synth.recording import RecordingSpec, write_recording
from reviewer.scan import ScanOptions
from reviewer.storage.db import Database
from tests.test_desk import _select, scanned  # noqa: F401 - the scanned example export
from ui import audio as audio_mod
from ui.audio import RATE, Source, pcm_chunk
from ui.main_window import MainWindow


@pytest.fixture
def beep(tmp_path: Path) -> Path:
    """A 6 s 320x180 recording (grey frames) whose 16 kHz AAC track is silent except a
    1 kHz tone from 3.0 s to 3.5 s."""
    path = tmp_path / "beep.mp4"

    def sound(t: np.ndarray) -> np.ndarray:
        return np.where((t >= 3.0) & (t < 3.5), 0.5 * np.sin(2 * np.pi * 1000 * t), 0.0)

    write_recording(
        path,
        RecordingSpec(6.0, audio_rate=16000),
        lambda t: np.full((180, 320, 3), 128, np.uint8),
        sound,
    )
    return path


def _loud(pcm: bytes, start_s: float) -> tuple[float, float]:
    """First and last time (on the clock) where the chunk is loud."""
    x = np.frombuffer(pcm, np.int16).astype(np.float32) / 32767
    loud = np.flatnonzero(np.abs(x) > 0.2)
    return start_s + loud[0] / RATE, start_s + loud[-1] / RATE


def test_pcm_chunk_puts_the_tone_where_the_recording_has_it(beep: Path) -> None:
    pcm = pcm_chunk(beep, 2.0, 2.0)
    assert len(pcm) == 2 * 2 * RATE  # 2 s, 16-bit mono
    first, last = _loud(pcm, 2.0)
    assert first == pytest.approx(3.0, abs=0.03) and last == pytest.approx(3.5, abs=0.03)


def test_pcm_chunk_before_the_recording_starts_is_silence(beep: Path) -> None:
    """The aux's clock time minus the offset can fall before its first sample."""
    pcm = pcm_chunk(beep, -1.0, 2.0)
    x = np.frombuffer(pcm, np.int16)
    assert len(x) == 2 * RATE and not x[:RATE].any()


@pytest.fixture
def window(qtbot, scanned: Database, tmp_path: Path):  # type: ignore[no-untyped-def]  # noqa: F811
    settings = QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat)
    win = MainWindow(scanned, settings, ScanOptions(workers=1, detect=None))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def _multimedia() -> object:
    qm, why = audio_mod.load_multimedia()
    if qm is None:
        pytest.skip(f"QtMultimedia cannot be loaded here ({why}): install libpulse0")
    return qm


@pytest.mark.parametrize(
    "failure",
    [
        None,  # PySide6-Addons not installed: the import finds no module
        OSError("libpulse.so.0: cannot open shared object file: No such file or directory"),
        ImportError("libpulse.so.0: cannot open shared object file: No such file or directory"),
    ],
)
def test_without_the_sound_library_the_desk_starts_and_plays_silently(
    qtbot,  # type: ignore[no-untyped-def]
    scanned: Database,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    failure: Exception | None,
) -> None:
    """QtMultimedia made unloadable: `sys.modules` holds None for it (as when
    PySide6-Addons is absent), or its import raises what a missing libpulse raises."""
    if failure is None:
        monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    else:
        real = audio_mod.importlib.import_module

        def broken(name: str, package: str | None = None) -> object:
            if name == "PySide6.QtMultimedia":
                raise failure
            return real(name, package)

        monkeypatch.setattr(audio_mod.importlib, "import_module", broken)
    settings = QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat)
    win = MainWindow(scanned, settings, ScanOptions(workers=1, detect=None))
    qtbot.addWidget(win)
    try:
        _select(win, "2026001", "素描")
        assert not win.audio.available
        assert not win.bar.sound.isEnabled()
        assert win.bar.sound_status.text()  # says why, in the grader's language
        assert "libpulse0" in win.bar.sound.toolTip()
        if failure is not None:
            assert "libpulse0" in win.bar.sound_status.toolTip()
        win.player.play()
        qtbot.waitUntil(lambda: win.player.position > 0.3, timeout=5000)
        win.player.pause()
    finally:
        win.close()


def test_without_an_output_device_the_desk_says_so_and_plays_on(
    qtbot,  # type: ignore[no-untyped-def]
    scanned: Database,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    qm = _multimedia()
    monkeypatch.setattr(
        qm.QMediaDevices,  # type: ignore[attr-defined]
        "defaultAudioOutput",
        lambda: qm.QAudioDevice(),  # type: ignore[attr-defined]
    )
    settings = QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat)
    win = MainWindow(scanned, settings, ScanOptions(workers=1, detect=None))
    qtbot.addWidget(win)
    try:
        _select(win, "2026001", "素描")
        assert not win.audio.available
        assert not win.bar.sound.isEnabled()
        assert win.bar.sound_status.toolTip().endswith("no audio output device")
        win.player.play()
        qtbot.waitUntil(lambda: win.player.position > 0.3, timeout=5000)
        win.player.pause()
    finally:
        win.close()


def test_main_sound_plays_in_step_and_switches_to_aux(
    window: MainWindow,
    qtbot,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _multimedia()
    if not window.audio.available:
        pytest.skip("no audio output device: .ci/run starts a PulseAudio null sink")
    asked: list[tuple[str, float]] = []
    real = audio_mod.pcm_chunk

    def spy(path: Path, start_s: float, duration_s: float) -> bytes:
        asked.append((path.name, start_s))
        return real(path, start_s, duration_s)

    monkeypatch.setattr(audio_mod, "pcm_chunk", spy)
    _select(window, "2026001", "素描")  # aux started 2.5 s after main
    view = window.view
    assert view is not None and view.offset_s == pytest.approx(2.5, abs=0.05)
    window.player.seek(4.0)
    window.player.play()
    qtbot.waitUntil(lambda: (window.audio.heard() or 0.0) > 4.6, timeout=8000)
    heard = window.audio.heard()
    assert heard is not None and abs(window.player.position - heard) < 0.8  # device latency
    assert asked[0] == ("main.mp4", pytest.approx(4.0, abs=0.05))
    assert window.bar.sound_status.toolTip() == "main camera sound"

    asked.clear()
    window.bar.sound.setCurrentIndex(window.bar.sound.findData(Source.AUX.value))
    qtbot.waitUntil(lambda: bool(asked), timeout=3000)
    name, start = asked[0]
    assert name == "aux.mp4"
    assert start == pytest.approx(window.player.position - view.offset_s, abs=0.3)
    assert window.bar.sound_status.toolTip() == "aux camera sound"

    window.bar.speed.setCurrentIndex(window.bar.speed.findData(2.0))
    assert not window.audio.running and "2x" in window.bar.sound_status.toolTip()
    window.player.pause()
    assert not window.audio.running
