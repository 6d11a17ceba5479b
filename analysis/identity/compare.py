"""Comparisons of templates: similarity, the majority of a candidate's subjects,
and the point where a recording's segments change person."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import combinations

import numpy as np
from numpy.typing import NDArray

from analysis.identity.embed import normalise
from analysis.identity.template import Template, cosine


@dataclass(frozen=True)
class Change:
    """Segments [k, end) show another person than the rest of the recording: a
    change at one point (A then B: `end` is the last segment) or a stay (A, B, then
    A again). `similarity` is between the run's template and the rest's (weighted by
    faces); the other person came in (last_before_s, k's start) and left (the run's
    last end, first_after_s), where a side with no segment gives the run's own edge."""

    k: int
    similarity: float
    last_before_s: float
    first_after_s: float
    faces_before: int  # faces of the rest (the person before and after the run)
    faces_after: int  # faces of the run (the other person)
    best_before: int  # indices of the recording's faces
    best_after: int
    end: int = 0  # one past the run's last segment (0: to the end of the recording)
    back_s: float | None = None  # when the first person was seen again (a stay), else None
    # the least similarity between two segments on the same side (segments of at least
    # two faces); None where a side has fewer than two such segments
    within: float | None = None


def _side(segs: Sequence[Template]) -> NDArray[np.float32]:
    return normalise(np.sum([s.vector * s.faces for s in segs], axis=0))


def change_point(segments: Sequence[Template], min_faces: int) -> Change | None:
    """The run of segments (in time order) that differs most from the rest, with at
    least `min_faces` faces on each side; None when there is no such run.

    A run touching either end is a change at one point (A then B); a run in the
    middle is a stay (A, B, A: the swap and back). Every contiguous run is tried
    (n(n+1)/2 for n segments, a few dozen for a long recording)."""
    best: Change | None = None
    best_sides: tuple[list[Template], list[Template]] = ([], [])
    n = len(segments)
    for k in range(n):
        for end in range(k + 1, n + 1):
            if k == 0 and end == n:
                continue
            run = segments[k:end]
            rest = [*segments[:k], *segments[end:]]
            fr, fo = sum(s.faces for s in rest), sum(s.faces for s in run)
            if fr < min_faces or fo < min_faces:
                continue
            sim = cosine(_side(rest), _side(run))
            if best is not None and sim >= best.similarity:
                continue
            best_sides = (list(rest), list(run))
            br = max(rest, key=lambda s: s.faces * s.spread)
            bo = max(run, key=lambda s: s.faces * s.spread)
            if k == 0:  # B then A: the change is at the run's end
                best = Change(
                    end, sim, run[-1].end_s, segments[end].start_s, fo, fr, bo.best, br.best
                )
            elif end == n:  # A then B
                best = Change(
                    k, sim, segments[k - 1].end_s, run[0].start_s, fr, fo, br.best, bo.best
                )
            else:  # A, B, then A again
                best = Change(
                    k,
                    sim,
                    segments[k - 1].end_s,
                    run[0].start_s,
                    fr,
                    fo,
                    br.best,
                    bo.best,
                    end=end,
                    back_s=segments[end].start_s,
                )
    if best is None:
        return None
    return replace(best, within=_within(*best_sides))


def _within(*sides: list[Template]) -> float | None:
    least = 1.0
    for side in sides:
        segs = [s for s in side if s.faces >= 2]
        if len(segs) < 2:
            return None
        least = min(least, *(cosine(a.vector, b.vector) for a, b in combinations(segs, 2)))
    return least


def groups(sims: NDArray[np.float64], threshold: float) -> list[list[int]]:
    """n templates (pairwise similarities `sims`) joined when similar (>= threshold,
    transitively): the groups, biggest first."""
    n = len(sims)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            if sims[i, j] >= threshold:
                parent[find(i)] = find(j)
    out: dict[int, list[int]] = {}
    for i in range(n):
        out.setdefault(find(i), []).append(i)
    return sorted(out.values(), key=len, reverse=True)


def outliers(sims: NDArray[np.float64], threshold: float) -> list[int]:
    """Which of n templates disagree with a strict majority of them (a stand-in can
    be named); [] when all agree or when there is no majority (see `undecided`)."""
    found = groups(sims, threshold)
    if len(found) < 2 or 2 * len(found[0]) <= len(sims):
        return []
    return sorted(i for g in found[1:] for i in g)


def undecided(sims: NDArray[np.float64], threshold: float) -> bool:
    """The templates show more than one person but no strict majority: two subjects
    that differ, a 2-2 split. Who the candidate is cannot be told from them."""
    found = groups(sims, threshold)
    return len(found) > 1 and 2 * len(found[0]) <= len(sims)
