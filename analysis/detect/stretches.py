"""Stretches: runs of samples where a condition holds, bridging short gaps (the rules'
persistence), and one flag for overlapping stretches found by different cues."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from analysis.flags import Flag


@dataclass(frozen=True)
class Stretch:
    start_s: float
    end_s: float
    samples: int
    best_t: float
    score: float


def stretches(
    times: Sequence[float],
    values: Sequence[float],
    *,
    min_s: float,
    max_gap_s: float,
    step_s: float,
    min_samples: int = 2,
) -> list[Stretch]:
    """Runs of samples with value > 0 lasting at least `min_s`, bridging short gaps."""
    out: list[Stretch] = []
    run: list[int] = []

    def close() -> None:
        if not run:
            return
        start, end = times[run[0]], times[run[-1]] + step_s
        if end - start >= min_s - 1e-6 and len(run) >= min_samples:
            vals = [values[i] for i in run]
            k = run[int(np.argmax(vals))]
            out.append(Stretch(start, end, len(run), times[k], float(np.mean(vals))))

    for i, (t, v) in enumerate(zip(times, values, strict=True)):
        if v > 0:
            if run and t - times[run[-1]] > max_gap_s + step_s + 1e-6:
                close()
                run = []
            run.append(i)
    close()
    return out


def merge_stretches(found: list[tuple[Flag, float]]) -> list[tuple[Flag, float]]:
    """One flag for overlapping stretches of the same type found by different cues."""
    out: list[tuple[Flag, float]] = []
    for flag, best in sorted(found, key=lambda fb: fb[0].start_s or 0.0):
        if out and (flag.start_s or 0.0) <= (out[-1][0].end_s or 0.0):
            prev, pbest = out[-1]
            keep = prev if prev.confidence >= flag.confidence else flag
            end = max(prev.end_s or 0.0, flag.end_s or 0.0)
            out[-1] = (
                replace(
                    keep,
                    start_s=prev.start_s,
                    end_s=end,
                    confidence=max(prev.confidence, flag.confidence),
                    facts={**keep.facts, "duration_s": round(end - (prev.start_s or 0.0), 1)},
                ),
                pbest if keep is prev else best,
            )
        else:
            out.append((flag, best))
    return out
