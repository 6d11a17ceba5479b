"""Audio evidence for alignment: whole-track envelopes for short recordings, and
a windowed search for long ones, which decodes about a third of the audio.

Decoding dominates audio alignment (about 1 s per 10 minutes of AAC here), so
for long pairs we decode a 60 s window of the aux and the stretch of the main
it can fall in (the lag range), find the offset there, then decode a few 30 s
windows spread over the recording to measure drift.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from analysis.align.signals import AUDIO_RATE, ENVELOPE_RATE, F64, audio_envelope
from analysis.align.xcorr import DriftFit, LagEstimate, best_lag, fit_line, local_lag
from analysis.media.video import MediaError, open_video

log = logging.getLogger(__name__)

WINDOWED_MIN_S = 300.0  # both recordings at least this long: windowed search
COARSE_S = 60.0
DRIFT_WINDOW_S = 30.0
DRIFT_SEARCH_S = 1.5
DRIFT_AT = (0.3, 0.55, 0.8, 0.97)  # where the drift windows end, as a fraction of the aux


@dataclass(frozen=True)
class Segment:
    env: F64
    start_s: float  # file time of env[0]


def envelope(path: Path, start_s: float = 0.0, end_s: float | None = None) -> Segment | None:
    """Band-passed energy envelope of [start_s, end_s); None if silent or unreadable."""
    try:
        with open_video(path) as vf:
            samples, rate, start = vf.audio(AUDIO_RATE, start_s, end_s)
    except MediaError as exc:
        log.debug("%s", exc)
        return None
    env = audio_envelope(samples, rate)
    return None if env is None else Segment(env, start)


def whole(seg: Segment) -> F64:
    """A whole-track envelope with sample 0 at file time 0 (pad a late start)."""
    if seg.start_s <= 0:
        return seg.env
    return np.concatenate([np.zeros(int(seg.start_s * ENVELOPE_RATE)), seg.env])


def windowed(
    main: Path, aux: Path, main_s: float, aux_s: float, lo: float, hi: float, min_psr: float
) -> tuple[LagEstimate, DriftFit | None] | None:
    """Offset (and drift) of a long pair from windows; None when the windows do not match."""
    r = ENVELOPE_RATE
    a_start = max(0.0, -lo)
    a = envelope(aux, a_start, a_start + COARSE_S)
    m = envelope(main, 0.0, a_start + COARSE_S + max(hi, 0.0))
    if a is None or m is None:
        return None
    shift = m.start_s - a.start_s  # offset = shift + lag between the two arrays
    est = best_lag(
        m.env, a.env, r, min_lag_s=lo - shift, max_lag_s=hi - shift, min_overlap_s=0.8 * COARSE_S
    )
    if est is None or est.psr < min_psr:
        return None
    offset = shift + est.lag_s
    points = [(a.start_s + COARSE_S / 2 + offset, offset)]
    for frac in DRIFT_AT:
        t0 = max(a.start_s + COARSE_S, frac * aux_s - DRIFT_WINDOW_S)
        m0 = t0 + offset - DRIFT_SEARCH_S
        m1 = t0 + DRIFT_WINDOW_S + offset + DRIFT_SEARCH_S
        if m0 < 0 or m1 > main_s or t0 + DRIFT_WINDOW_S > aux_s:
            continue
        sa = envelope(aux, t0, t0 + DRIFT_WINDOW_S)
        sm = envelope(main, m0, m1)
        if sa is None or sm is None:
            continue
        n = int(DRIFT_WINDOW_S * r)
        d = local_lag(sm.env, sa.env[:n], r, search_s=DRIFT_SEARCH_S)
        if d is not None:
            local = sm.start_s + DRIFT_SEARCH_S + d - sa.start_s
            points.append((sa.start_s + DRIFT_WINDOW_S / 2 + local, local))
    fit = fit_line(points, len(DRIFT_AT) + 1)
    return replace(est, lag_s=offset), fit
