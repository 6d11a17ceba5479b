"""Comparisons of templates: similarity, the majority of a candidate's subjects,
and the point where a recording's segments change person."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from analysis.identity.embed import normalise
from analysis.identity.template import Template, cosine


@dataclass(frozen=True)
class Change:
    """Segments [0, k) show one person, [k, n) another: `similarity` between the two
    sides' templates (weighted by faces); the change happened in (last_before, first_after)."""

    k: int
    similarity: float
    last_before_s: float
    first_after_s: float
    faces_before: int
    faces_after: int
    best_before: int  # indices of the recording's faces
    best_after: int


def _side(segs: Sequence[Template]) -> NDArray[np.float32]:
    return normalise(np.sum([s.vector * s.faces for s in segs], axis=0))


def change_point(segments: Sequence[Template], min_faces: int) -> Change | None:
    """The split of the segments (in time order) whose two sides differ most, with at
    least `min_faces` faces on each side; None when there is no such split."""
    best: Change | None = None
    for k in range(1, len(segments)):
        before, after = segments[:k], segments[k:]
        fb, fa = sum(s.faces for s in before), sum(s.faces for s in after)
        if fb < min_faces or fa < min_faces:
            continue
        sim = cosine(_side(before), _side(after))
        if best is None or sim < best.similarity:
            bb = max(before, key=lambda s: s.faces * s.spread)
            ba = max(after, key=lambda s: s.faces * s.spread)
            best = Change(k, sim, before[-1].end_s, after[0].start_s, fb, fa, bb.best, ba.best)
    return best


def outliers(sims: NDArray[np.float64], threshold: float) -> list[int]:
    """Which of n templates (pairwise similarities `sims`) disagree with the rest.

    Templates join when similar (>= threshold, transitively). With a strict
    majority group, the others are the outliers; with none (two subjects that
    differ, a 2-2 split), all are: who the stand-in is cannot be told."""
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
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    biggest = max(groups.values(), key=len)
    if 2 * len(biggest) > n:
        return [i for i in range(n) if i not in biggest]
    return list(range(n)) if len(groups) > 1 else []
