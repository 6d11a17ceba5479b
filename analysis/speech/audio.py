"""A recording's sound at the rates the speech models take, through the one decode
interface (`analysis.media.video`), a block at a time so that a 3-hour recording
never sits in memory whole."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy.signal import resample_poly

from analysis.media.video import open_video

log = logging.getLogger(__name__)

RATE = 16000  # Whisper's rate; the VAD runs on half of it

F32 = NDArray[np.float32]


def to_rate(samples: F32, rate: int, target: int) -> F32:
    """`samples` at `rate` resampled to `target` (polyphase, with its low-pass)."""
    if rate == target or samples.size == 0:
        return samples.astype(np.float32, copy=False)
    g = int(np.gcd(rate, target))
    out = resample_poly(samples, target // g, rate // g)
    return np.asarray(out, dtype=np.float32)


def decode(
    path: Path, rate: int, start_s: float = 0.0, end_s: float | None = None
) -> tuple[F32, float]:
    """(mono samples at exactly `rate`, file time of the first) of [start_s, end_s).

    `VideoFile.audio` decimates by an integer factor with a box average (48 kHz
    gives 16 kHz); what it returns is brought to `rate` here (44.1 kHz sources,
    and 8 kHz for the VAD). Raises MediaError when there is no audio. The file is
    opened for each call (cheap): a `VideoFile` decodes its audio once.
    """
    with open_video(path) as vf:
        samples, got, start = vf.audio(RATE, start_s, end_s)
    return to_rate(samples, got, rate), start
