"""Feature signals both cameras share, for alignment.

- Audio: a band-passed log-energy envelope at 250 Hz, high-passed so that a
  different microphone gain or noise floor does not matter.
- Video: motion read from the compressed stream, not from pixels. The size of
  each inter-coded frame grows with how much the picture changed, so the
  sequence of packet sizes is a full-frame-rate motion signal that costs only
  a demux (decoding every frame of a 10-minute 720p pair takes minutes here).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage, signal

F64 = NDArray[np.float64]

AUDIO_RATE = 8000
ENVELOPE_RATE = 250  # Hz: 4 ms hops
MOTION_RATE = 50  # Hz: the grid packet sizes are resampled onto
SILENT_RMS = 1e-4  # about -80 dBFS: a switched-off microphone


def audio_envelope(
    samples: NDArray[np.float32], sr: int = AUDIO_RATE, rate: int = ENVELOPE_RATE
) -> F64 | None:
    """None when the track is silent."""
    x = np.asarray(samples, np.float64)
    if x.size < sr or float(np.sqrt(np.mean(x**2))) < SILENT_RMS:
        return None
    sos = signal.butter(4, [150, min(3400, 0.45 * sr)], btype="band", fs=sr, output="sos")
    y = signal.sosfilt(sos, x)
    hop = max(1, sr // rate)
    n = y.size // hop
    energy = (y[: n * hop] ** 2).reshape(n, hop).mean(axis=1)
    if sr % rate:  # e.g. 8820 Hz from 44.1 kHz: put the envelope on an exact `rate` grid
        t = (np.arange(n) + 0.5) * hop / sr
        energy = np.interp(np.arange(int(t[-1] * rate)) / rate + 0.5 / rate, t, energy)
    floor = float(np.percentile(energy, 10)) + 1e-12
    env = np.log(energy + floor)
    # high-pass (~1 s): keeps syllables and knocks, drops slow gain changes
    return np.asarray(env - ndimage.uniform_filter1d(env, size=rate, mode="nearest"))


def packet_motion(
    pts: F64, sizes: F64, keyframe: NDArray[np.bool_], rate: int = MOTION_RATE
) -> F64 | None:
    """Motion signal from video packet sizes, on a uniform `rate` Hz grid from t=0."""
    order = np.argsort(pts)
    pts, sizes, keyframe = pts[order], sizes[order], keyframe[order]
    ok = np.isfinite(pts) & (sizes > 0)
    pts, sizes, keyframe = pts[ok], sizes[ok], keyframe[ok]
    if pts.size < 20:
        return None
    x = np.log(sizes)
    # Rate control makes the frames after a keyframe systematically different:
    # remove the mean per position in the GOP, then drop the keyframes.
    pos = np.arange(pts.size) - np.maximum.accumulate(np.where(keyframe, np.arange(pts.size), 0))
    for p in np.unique(pos):
        sel = pos == p
        if sel.sum() >= 3:
            x[sel] -= np.median(x[sel])
    inter = ~keyframe
    if inter.sum() < 20:
        return None
    t, v = pts[inter], x[inter]
    frame_dt = float(np.median(np.diff(t))) if t.size > 1 else 1 / 30
    v = v - ndimage.median_filter(v, size=max(3, round(4.0 / frame_dt) | 1), mode="nearest")
    sd = float(np.std(v)) + 1e-9
    v = np.clip(v, -4 * sd, 4 * sd)  # a scene cut or glitch must not dominate
    grid = np.arange(0, float(t.max()), 1 / rate)
    return np.asarray(np.interp(grid, t, v))


def pixel_motion(
    times: F64, frames_gray: list[NDArray[np.uint8]], rate: int = MOTION_RATE
) -> F64 | None:
    """Motion energy between consecutive small gray frames, on a uniform grid from t=0."""
    if len(frames_gray) < 20:
        return None
    stack = np.stack(frames_gray).astype(np.float32)
    energy = np.log1p(np.abs(np.diff(stack, axis=0)).mean(axis=(1, 2)))
    t = times[1:]
    frame_dt = float(np.median(np.diff(t)))
    energy = energy - ndimage.median_filter(
        energy, size=max(3, round(2.0 / frame_dt) | 1), mode="nearest"
    )
    grid = np.arange(0, float(t.max()), 1 / rate)
    return np.asarray(np.interp(grid, t, energy))
