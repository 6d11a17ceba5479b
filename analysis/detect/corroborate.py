"""Two views, one verdict: a behaviour flag of one camera checked against the other's.

Both cameras film the same sitting, so what one saw the other can often confirm
or rule out at the same moment (the pair's stored alignment maps one camera's
time to the other's: aux = main − (offset + drift·t)):

- a second person or a phone the other camera also flagged there is
  **corroborated**;
- the candidate away (`left_frame`) while the other camera sees them on most
  of its samples there is **contradicted** (they looked away or leaned out of
  one view); away in both views is corroborated;
- anything the other camera cannot judge (a visitor or a phone out of its
  view, a mirror or a covered lens, which belong to one view) stays
  **unknown**, as does a flag with no aligned, detected other recording.

Pure functions over stored facts (the other camera's sample times, flags and
per-sample presence): no media, no database. `reviewer/corroboration.py` feeds
them from a scan.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from analysis.detect.observations import Kind, Observation
from analysis.detect.rules import RuleConfig, relevant
from analysis.flags import Camera, FactValue, Flag, FlagType


class Status(enum.StrEnum):
    CORROBORATED = "corroborated"
    CONTRADICTED = "contradicted"
    UNKNOWN = "unknown"


# why, as a code the desk words (ui/corroboration_words.py) and an English sentence
REASONS: dict[str, str] = {
    "seen_by_both": "the {camera} camera flagged it too ({start_s:.0f}-{end_s:.0f} s there)",
    "away_in_both": "the {camera} camera saw no candidate either",
    "candidate_seen": "the {camera} camera saw the candidate on {present:.0%} of its samples",
    "not_seen": "the {camera} camera did not see it: it may be out of that view",
    "one_view": "only one camera can see this",
    "not_aligned": "the two recordings are not aligned",
    "no_data": "the {camera} recording has no detection results",
    "outside": "the {camera} recording does not cover this moment",
}

# The flag types the other view can speak to; mirrors and covered lenses belong to one view.
JUDGED = frozenset({FlagType.LEFT_FRAME, FlagType.SECOND_PERSON, FlagType.PHONE})


@dataclass(frozen=True)
class CorroborationConfig:
    # the other camera's flag may start or end this much apart (alignment, sampling,
    # and each camera's own persistence rule)
    tolerance_s: float = 2.0
    # contradicted: the candidate seen on at least this share of the other camera's
    # samples in the window (a person or face the rules would count)
    present_share: float = 0.8
    # away in both: the other camera's left_frame covers this share of the window
    away_share: float = 0.5
    min_samples: int = 2  # fewer samples of the other camera in the window: outside


@dataclass(frozen=True)
class Clock:
    """Main time t ↔ aux time t − (offset_s + drift_ppm·1e-6·t)."""

    offset_s: float
    drift_ppm: float = 0.0

    def to_other(self, t: float, camera: Camera) -> float:
        """`t` on `camera`'s timeline, as time on the other camera's."""
        if camera == Camera.MAIN:
            return t - (self.offset_s + self.drift_ppm * 1e-6 * t)
        return (t + self.offset_s) / (1.0 - self.drift_ppm * 1e-6)


@dataclass(frozen=True)
class View:
    """What one camera's stored detection says, sample by sample."""

    camera: Camera
    sample_times: tuple[float, ...]
    flags: tuple[Flag, ...]
    present: tuple[bool, ...]  # the candidate seen on each sample


@dataclass(frozen=True)
class Corroboration:
    camera: Camera  # the camera that was asked
    status: Status
    reason: str  # a key of REASONS
    facts: Mapping[str, FactValue] = field(default_factory=dict)

    @property
    def detail(self) -> str:
        return REASONS[self.reason].format(camera=self.camera.value, **self.facts)

    def to_json(self) -> dict[str, Any]:
        """The report's `corroboration` object (also stored with the flag's evidence)."""
        return {
            "camera": self.camera.value,
            "status": self.status.value,
            "detail": self.detail,
            "reason": self.reason,
            "facts": dict(self.facts),
        }


def presence(
    observations: Sequence[Observation], sample_times: Sequence[float], rules: RuleConfig
) -> tuple[bool, ...]:
    """Per sample: a face or a person the rules would count (the candidate, or someone)."""
    seen = {
        round(o.t, 3)
        for o in observations
        if o.kind in (Kind.FACE, Kind.PERSON) and o.box is not None and relevant(o, rules)
    }
    return tuple(round(t, 3) in seen for t in sample_times)


def corroborate(
    flag: Flag,
    other: View | None,
    clock: Clock | None,
    cfg: CorroborationConfig | None = None,
) -> Corroboration:
    """Check `flag` (on main or aux) against the other camera's view at the same moment."""
    c = cfg or CorroborationConfig()
    cam = Camera.AUX if flag.camera == Camera.MAIN else Camera.MAIN
    if flag.type not in JUDGED or flag.camera not in (Camera.MAIN, Camera.AUX):
        return Corroboration(cam, Status.UNKNOWN, "one_view")
    if clock is None:
        return Corroboration(cam, Status.UNKNOWN, "not_aligned")
    if other is None or not other.sample_times:
        return Corroboration(cam, Status.UNKNOWN, "no_data")
    start = flag.start_s if flag.start_s is not None else 0.0
    end = flag.end_s if flag.end_s is not None else start
    a, b = sorted((clock.to_other(start, flag.camera), clock.to_other(end, flag.camera)))
    idx = [i for i, t in enumerate(other.sample_times) if a - 1e-6 <= t <= b + 1e-6]
    if len(idx) < c.min_samples:
        return Corroboration(cam, Status.UNKNOWN, "outside")
    same = [
        f
        for f in other.flags
        if f.type == flag.type
        and f.start_s is not None
        and f.end_s is not None
        and f.start_s <= b + c.tolerance_s
        and a - c.tolerance_s <= f.end_s
    ]
    if flag.type == FlagType.LEFT_FRAME:
        away = sum(
            1
            for i in idx
            if any(_within(other.sample_times[i], f, c.tolerance_s / 2) for f in same)
        )
        if away / len(idx) >= c.away_share:
            return Corroboration(cam, Status.CORROBORATED, "away_in_both")
        share = sum(other.present[i] for i in idx) / len(idx)
        if share >= c.present_share:
            return Corroboration(
                cam, Status.CONTRADICTED, "candidate_seen", {"present": round(share, 2)}
            )
        return Corroboration(cam, Status.UNKNOWN, "not_seen")
    if same:
        best = max(same, key=lambda f: _overlap(f, a, b))
        assert best.start_s is not None and best.end_s is not None
        facts = {"start_s": round(best.start_s, 1), "end_s": round(best.end_s, 1)}
        return Corroboration(cam, Status.CORROBORATED, "seen_by_both", facts)
    return Corroboration(cam, Status.UNKNOWN, "not_seen")


def _within(t: float, f: Flag, slack: float) -> bool:
    assert f.start_s is not None and f.end_s is not None
    return f.start_s - slack <= t <= f.end_s + slack


def _overlap(f: Flag, a: float, b: float) -> float:
    assert f.start_s is not None and f.end_s is not None
    return min(f.end_s, b) - max(f.start_s, a)
