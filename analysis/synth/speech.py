"""Sound for speech tests and evaluation: speech clips mixed into a room at known
times, with echo, room noise and music, and the same scene as the second phone
hears it (later, quieter, its own noise).

Clips come from files (the committed espeak-ng clips in tests/data/speech, PyPI
`useful-moonshine-onnx`'s real English) or from `espeak_ng` (Debian's
espeak-ng binary, for the evaluation only; tests never need it).
"""

from __future__ import annotations

import math
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from numpy.typing import NDArray
from scipy.signal import fftconvolve, resample_poly

F32 = NDArray[np.float32]
RATE = 16000


def read_clip(path: Path, rate: int = RATE) -> F32:
    """A sound file (wav, ogg/opus, flac...) as mono float32 at `rate`."""
    chunks = []
    src_rate = rate
    with av.open(str(path)) as c:
        stream = c.streams.audio[0]
        src_rate = int(stream.rate)
        for frame in c.decode(stream):
            raw = np.asarray(frame.to_ndarray())
            x = raw.astype(np.float32)
            if raw.dtype.kind in "iu":
                x /= float(2 ** (8 * raw.dtype.itemsize - 1))
            channels = len(frame.layout.channels)
            if not frame.format.is_planar and channels > 1:
                x = x.reshape(-1, channels).T
            chunks.append(x.mean(axis=0))
    y = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
    if src_rate != rate:
        g = math.gcd(src_rate, rate)
        y = resample_poly(y, rate // g, src_rate // g)
    return np.asarray(y, np.float32)


def write_clip(path: Path, x: F32, rate: int = RATE, bitrate: int = 24000) -> None:
    """Mono Opus in Ogg: a few KB a second, for committed test clips."""
    with av.open(str(path), "w", format="ogg") as out:
        s = out.add_stream("libopus", rate=48000, layout="mono")
        s.bit_rate = bitrate
        y = resample_poly(x, 3, 1).astype(np.float32) if rate == 16000 else x
        for i in range(0, y.size, 960):
            block = y[i : i + 960]
            if block.size < 960:
                block = np.concatenate([block, np.zeros(960 - block.size, np.float32)])
            f = av.AudioFrame.from_ndarray(block.reshape(1, -1), format="flt", layout="mono")
            f.sample_rate, f.pts, f.time_base = 48000, i, Fraction(1, 48000)
            out.mux(s.encode(f))
        out.mux(s.encode(None))


def espeak_ng(text: str, voice: str, speed: int = 150, pitch: int = 50) -> F32:
    """`text` spoken by espeak-ng (Debian package) at 16 kHz; Mandarin (`cmn`) wants
    tone-numbered pinyin, since it reads many characters as letters."""
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "say.wav"
        subprocess.run(
            ["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", str(wav), text],
            check=True,
            capture_output=True,
        )
        return read_clip(wav)


def room_echo(x: F32, rt60_s: float, seed: int, rate: int = RATE) -> F32:
    """`x` in a room: an exponentially decaying noise impulse response (with the
    direct sound), normalised to the same peak level."""
    if rt60_s <= 0 or x.size == 0:
        return x
    rng = np.random.default_rng(seed)
    n = int(rt60_s * rate)
    t = np.arange(n) / rate
    ir = rng.normal(0, 1, n) * np.exp(-6.9 * t / rt60_s) * 0.25
    ir[0] = 1.0
    y = np.asarray(fftconvolve(x, ir)[: x.size + n], np.float64)
    peak = float(np.max(np.abs(y))) or 1.0
    out: F32 = (y * (float(np.max(np.abs(x))) / peak)).astype(np.float32)
    return out


def room_noise(duration_s: float, level: float, seed: int, rate: int = RATE) -> F32:
    """Pinkish room tone with a mains hum and a few knocks (a pencil, a chair)."""
    rng = np.random.default_rng(seed)
    n = int(duration_s * rate)
    white = rng.normal(0, 1, n)
    spec = np.fft.rfft(white)
    f = np.fft.rfftfreq(n, 1 / rate)
    spec /= np.sqrt(np.maximum(f, 20.0))
    pink = np.fft.irfft(spec, n)
    pink /= float(np.std(pink)) or 1.0
    t = np.arange(n) / rate
    hum = 0.2 * np.sin(2 * np.pi * 50 * t)
    out = level * (pink + hum)
    for k in rng.uniform(0, duration_s, int(duration_s / 8)):
        i = int(k * rate)
        m = min(int(0.05 * rate), n - i)
        out[i : i + m] += 6 * level * rng.normal(0, 1, m) * np.exp(-np.arange(m) / (0.01 * rate))
    return out.astype(np.float32)


def music(duration_s: float, level: float, seed: int, rate: int = RATE) -> F32:
    """Instrumental music: plucked notes of a seeded melody over held chords."""
    rng = np.random.default_rng(seed)
    n = int(duration_s * rate)
    t = np.arange(n) / rate
    out = np.zeros(n)
    scale = np.array([0, 2, 4, 5, 7, 9, 11, 12])
    beat = 60 / rng.uniform(80, 130)
    k = 0.0
    while k < duration_s:
        f = 220 * 2 ** (rng.choice(scale) / 12)
        i, m = int(k * rate), int(min(beat * 2, duration_s - k) * rate)
        tt = np.arange(m) / rate
        note = sum(np.sin(2 * np.pi * f * h * tt) / h for h in (1, 2, 3)) * np.exp(-3 * tt)
        out[i : i + m] += note
        k += beat
    chord = sum(np.sin(2 * np.pi * 110 * 2 ** (s / 12) * t) for s in (0, 4, 7))
    out += 0.3 * chord
    out /= float(np.max(np.abs(out))) or 1.0
    return (level * out).astype(np.float32)


@dataclass(frozen=True)
class Placed:
    """A clip placed in a scene: at `at_s`, `gain` times its level (dBFS peak)."""

    clip: F32
    at_s: float
    gain: float = 0.3


def scene(
    duration_s: float,
    placed: Sequence[Placed],
    *,
    noise_level: float = 0.004,
    rt60_s: float = 0.3,
    seed: int = 0,
    extra: F32 | None = None,
    rate: int = RATE,
) -> F32:
    """The room as one phone hears it: room noise, each clip with echo at its time."""
    out = room_noise(duration_s, noise_level, seed, rate)
    if extra is not None:
        out[: min(out.size, extra.size)] += extra[: out.size]
    for k, pl in enumerate(placed):
        x = room_echo(pl.clip, rt60_s, seed * 100 + k, rate)
        peak = float(np.max(np.abs(x))) or 1.0
        x = x * (pl.gain / peak)
        i = int(pl.at_s * rate)
        m = min(x.size, out.size - i)
        if m > 0:
            out[i : i + m] += x[:m]
    return out


def as_audio_fn(x: F32, rate: int = RATE) -> Callable[[NDArray[np.float64]], F32]:
    """`x` as the `audio_fn(t)` that `write_recording` takes."""

    def audio(t: NDArray[np.float64]) -> F32:
        i = np.clip((t * rate).astype(np.int64), 0, x.size - 1)
        out: F32 = x[i]
        return out

    return audio
