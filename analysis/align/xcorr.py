"""Offset estimation between two uniformly sampled feature signals.

`a` is the main camera's signal, `b` the aux camera's, both at `rate` Hz with
sample 0 at each file's time 0. The lag L (seconds) we look for satisfies
b(τ) ≈ a(τ + L): aux time τ shows what main showed at τ + L, so L is the
report's `offset_s` (the aux started L seconds after the main).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import signal, stats

F64 = NDArray[np.float64]


@dataclass(frozen=True)
class LagEstimate:
    lag_s: float
    psr: float  # peak-to-sidelobe ratio of the normalised cross-correlation
    peak: float  # normalised correlation at the peak, in [-1, 1]
    overlap_s: float


def standardise(x: F64) -> F64:
    x = np.asarray(x, np.float64)
    sd = float(np.std(x))
    return (x - float(np.mean(x))) / sd if sd > 1e-12 else np.zeros_like(x)


def best_lag(
    a: F64,
    b: F64,
    rate: float,
    *,
    min_lag_s: float,
    max_lag_s: float,
    min_overlap_s: float = 10.0,
    exclude_s: float = 0.5,
) -> LagEstimate | None:
    """Normalised cross-correlation (Pearson over each lag's overlap), by FFT.

    Searched in [min_lag, max_lag] where the overlap is at least `min_overlap_s`.
    The PSR compares the peak with the spread of all other lags (outside
    ±exclude_s of the peak): unrelated signals give a PSR near the expected
    maximum of noise (about 4-5), related ones far more.
    """
    a, b = standardise(a), standardise(b)
    if not a.any() or not b.any():
        return None
    ncc, lags, overlap = _ncc(a, b)
    min_n = max(int(min_overlap_s * rate), 8)
    lo, hi = int(np.floor(min_lag_s * rate)), int(np.ceil(max_lag_s * rate))
    ok = (overlap >= min_n) & (lags >= lo) & (lags <= hi)
    if ok.sum() < 3:
        return None
    norm = np.where(ok, ncc, -np.inf)
    k = int(np.argmax(norm))
    excl = int(exclude_s * rate)
    side = norm[ok & (np.abs(lags - lags[k]) > excl)]
    if side.size < 10:
        return None
    psr = float((norm[k] - side.mean()) / (side.std() + 1e-12))
    frac = _parabolic(norm, k)
    return LagEstimate((lags[k] + frac) / rate, psr, float(norm[k]), float(overlap[k] / rate))


def _ncc(a: F64, b: F64) -> tuple[F64, NDArray[np.int64], NDArray[np.int64]]:
    """Pearson correlation of b with a shifted by every lag L (b[n] against a[n + L])."""
    corr = signal.correlate(a, b, mode="full", method="fft")
    lags = np.arange(corr.size) - (b.size - 1)
    a_lo, a_hi = np.maximum(0, lags), np.minimum(a.size, lags + b.size)
    b_lo, b_hi = a_lo - lags, a_hi - lags
    n = np.maximum(a_hi - a_lo, 0)
    ca, ca2 = np.concatenate([[0], np.cumsum(a)]), np.concatenate([[0], np.cumsum(a * a)])
    cb, cb2 = np.concatenate([[0], np.cumsum(b)]), np.concatenate([[0], np.cumsum(b * b)])
    sa, saa = ca[a_hi] - ca[a_lo], ca2[a_hi] - ca2[a_lo]
    sb, sbb = cb[b_hi] - cb[b_lo], cb2[b_hi] - cb2[b_lo]
    nn = np.maximum(n, 1)
    cov = corr - sa * sb / nn
    var = np.maximum(saa - sa * sa / nn, 1e-12) * np.maximum(sbb - sb * sb / nn, 1e-12)
    return np.where(n > 1, cov / np.sqrt(var), 0.0), lags, n


def _parabolic(y: F64, k: int) -> float:
    """Sub-sample peak offset from the parabola through y[k-1], y[k], y[k+1]."""
    if k <= 0 or k >= y.size - 1 or not np.isfinite(y[k - 1]) or not np.isfinite(y[k + 1]):
        return 0.0
    den = y[k - 1] - 2 * y[k] + y[k + 1]
    return float(0.5 * (y[k - 1] - y[k + 1]) / den) if den < 0 else 0.0


@dataclass(frozen=True)
class DriftFit:
    offset_s: float  # at main time 0
    drift_ppm: float
    drift_se_ppm: float  # standard error of the drift
    windows_used: int
    windows_total: int

    @property
    def significant(self) -> bool:
        """Drift clearly above the noise of the per-window lags."""
        return abs(self.drift_ppm) > 3 * self.drift_se_ppm


def local_lag(
    a_seg: F64, b_seg: F64, rate: float, *, search_s: float, min_peak: float = 0.3
) -> float | None:
    """Lag of `b_seg` inside `a_seg`, which extends `search_s` beyond it on both sides.

    Returns the lag relative to perfect alignment (a_seg[search] <-> b_seg[0]),
    or None when the window does not correlate (judged by its peak: a search this
    narrow is too short for a PSR).
    """
    window_s = b_seg.size / rate
    est = best_lag(
        a_seg,
        b_seg,
        rate,
        min_lag_s=0,
        max_lag_s=2 * search_s,
        min_overlap_s=window_s * 0.9,
        exclude_s=0.25,
    )
    if est is None or est.peak < min_peak or not 0.05 < est.lag_s < 2 * search_s - 0.05:
        return None
    return float(est.lag_s - search_s)


def fit_line(points: list[tuple[float, float]], total: int) -> DriftFit | None:
    """Robust line through (main time, offset) points: Theil-Sen, outliers out, refit."""
    if len(points) < 3:
        return None
    t, lag = np.array([p[0] for p in points]), np.array([p[1] for p in points])
    slope, intercept, _, _ = stats.theilslopes(lag, t)
    resid = np.abs(lag - (intercept + slope * t))
    mad = float(np.median(resid)) * 1.4826 + 1e-3
    keep = resid <= 3 * mad
    if keep.sum() >= 3:
        slope, intercept = np.polyfit(t[keep], lag[keep], 1)
    tk, lk = t[keep], lag[keep]
    res = lk - (intercept + slope * tk)
    spread = float(np.sum((tk - tk.mean()) ** 2)) + 1e-12
    se = float(np.sqrt(np.sum(res**2) / max(tk.size - 2, 1) / spread)) if tk.size > 2 else 1.0
    return DriftFit(float(intercept), float(slope * 1e6), se * 1e6, int(keep.sum()), total)


def fit_drift(
    a: F64,
    b: F64,
    rate: float,
    global_lag_s: float,
    *,
    window_s: float = 40.0,
    hop_s: float = 20.0,
    search_s: float = 1.0,
) -> DriftFit | None:
    """Local lags in windows of the aux signal, outliers rejected, a robust line fitted.

    offset(t) = offset_s + drift * t, with t the main time of the window centre.
    """
    n_win, n_hop = int(window_s * rate), int(hop_s * rate)
    points: list[tuple[float, float]] = []
    total = 0
    for start in range(0, max(b.size - n_win, 0) + 1, n_hop):
        seg = b[start : start + n_win]
        if seg.size < n_win:
            break
        total += 1
        a0 = start + round((global_lag_s - search_s) * rate)
        a1 = start + n_win + round((global_lag_s + search_s) * rate)
        if a0 < 0 or a1 > a.size:
            continue
        d = local_lag(a[a0:a1], seg, rate, search_s=search_s)
        if d is not None:
            lag = a0 / rate + search_s + d - start / rate
            points.append((start / rate + window_s / 2 + lag, lag))
    return fit_line(points, total)
