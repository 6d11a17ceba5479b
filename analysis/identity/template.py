"""Templates: the robust identity of a recording (and of each of its segments).

A template is the mean of the inlier faces' embeddings around their element-wise
median, so a few odd faces (a visitor's, a blurred one) do not move it. Only the
template vectors are kept, never one face's embedding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from analysis.identity.embed import DIM, normalise

# a face is an inlier when its similarity to the median is at least this far below
# the faces' median similarity (and above INLIER_FLOOR): the same person across
# light and pose scores 0.66-0.89 (PROVENANCE.md), other people at most 0.57
INLIER_SPREAD = 0.15
INLIER_FLOOR = 0.35


@dataclass(frozen=True)
class FaceSample:
    """One usable face: where and when, how good. No embedding is kept here."""

    t: float
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 as fractions of the frame
    score: float
    frontal: float
    eye_px: float  # eye distance in the file's own pixels
    segment: int

    @property
    def quality(self) -> float:
        return self.score * self.frontal * min(1.0, self.eye_px / 40.0)

    def to_json(self) -> dict[str, Any]:
        return {
            "t": round(self.t, 3),
            "box": [round(v, 4) for v in self.box],
            "score": round(self.score, 3),
            "frontal": round(self.frontal, 3),
            "eye_px": round(self.eye_px, 1),
            "segment": self.segment,
        }

    @staticmethod
    def from_json(d: dict[str, Any]) -> FaceSample:
        x0, y0, x1, y1 = (float(v) for v in d["box"])
        return FaceSample(
            float(d["t"]),
            (x0, y0, x1, y1),
            float(d["score"]),
            float(d["frontal"]),
            float(d["eye_px"]),
            int(d["segment"]),
        )


@dataclass(frozen=True)
class Template:
    """A robust identity over some faces: its vector, how many faces made it (inliers
    of how many), their span, and its best face (index into the recording's faces)."""

    vector: NDArray[np.float32]
    faces: int
    of_faces: int
    start_s: float
    end_s: float
    best: int
    spread: float  # median similarity of its faces to it (how consistent they were)

    def meta(self) -> dict[str, Any]:
        return {
            "faces": self.faces,
            "of_faces": self.of_faces,
            "start_s": round(self.start_s, 3),
            "end_s": round(self.end_s, 3),
            "best": self.best,
            "spread": round(self.spread, 4),
        }

    @staticmethod
    def from_meta(meta: dict[str, Any], vector: NDArray[np.float32]) -> Template:
        return Template(
            vector,
            int(meta["faces"]),
            int(meta["of_faces"]),
            float(meta["start_s"]),
            float(meta["end_s"]),
            int(meta["best"]),
            float(meta["spread"]),
        )


def robust_template(
    embeddings: NDArray[np.float32], faces: Sequence[FaceSample], index: Sequence[int]
) -> Template | None:
    """The template of the faces `index` (rows of `embeddings`, entries of `faces`)."""
    if len(index) == 0:
        return None
    e = embeddings[list(index)]
    med = normalise(np.median(e, axis=0))
    sims = e @ med
    cut = max(INLIER_FLOOR, float(np.median(sims)) - INLIER_SPREAD)
    keep = sims >= cut
    if not keep.any():
        return None
    vec = normalise(e[keep].mean(axis=0))
    kept = [index[int(i)] for i in np.flatnonzero(keep)]
    best = max(kept, key=lambda i: faces[i].quality)
    times = [faces[i].t for i in kept]
    spread = float(np.median(e[keep] @ vec))
    return Template(vec, len(kept), len(index), min(times), max(times), best, spread)


def spread_pick(faces: Sequence[FaceSample], n: int) -> list[int]:
    """At most `n` faces spread over time: the best of each of n equal time bins."""
    if len(faces) <= n:
        return list(range(len(faces)))
    t0, t1 = faces[0].t, faces[-1].t
    width = (t1 - t0) / n or 1.0
    best: dict[int, int] = {}
    for i, f in enumerate(faces):
        b = min(n - 1, int((f.t - t0) / width))
        if b not in best or f.quality > faces[best[b]].quality:
            best[b] = i
    return sorted(best.values())


def cosine(a: NDArray[np.float32], b: NDArray[np.float32]) -> float:
    return float(np.dot(a, b))


def pack(vectors: Sequence[NDArray[np.float32]]) -> bytes:
    """float32 rows as bytes (how the database stores them)."""
    if not vectors:
        return b""
    return np.stack(vectors).astype("<f4").tobytes()


def unpack(data: bytes) -> NDArray[np.float32]:
    return np.frombuffer(data, "<f4").reshape(-1, DIM).astype(np.float32)
