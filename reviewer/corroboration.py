"""The scan's "two views, one verdict" step: each behaviour flag of a subject is
checked against the other camera's stored detection (`analysis.detect.corroborate`)
at the aligned time, and the finding is stored with the flag's evidence
(`evidence["corroboration"]`, no new column). The report lifts it to the flag's
`corroboration` field; the queue's priority weighs it (`PRIORITY_FACTOR`).

Called from `reviewer.scan.write_flags`, so the overnight batch's `finish` job
gets it too.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from analysis.detect.corroborate import (
    Clock,
    Corroboration,
    CorroborationConfig,
    Status,
    View,
    corroborate,
    presence,
)
from analysis.detect.rules import RuleConfig
from analysis.flags import INTEGRITY_TYPES, Camera, Flag
from reviewer.storage.models import RecordingRow, SubjectRow

if TYPE_CHECKING:  # the queue's priority needs only `factor`: the desk starts lighter
    from analysis.detect.runner import DetectConfig

log = logging.getLogger(__name__)

KEY = "corroboration"  # where it lives in a flag's evidence
# How a flag's finding moves its subject in the queue (reviewer.review.priority):
# two cameras agreeing make a zero more likely; one camera contradicted by the
# other is most likely a look away or a lean out of the picture.
PRIORITY_FACTOR: dict[str, float] = {
    Status.CORROBORATED.value: 1.5,
    Status.CONTRADICTED.value: 0.3,
    Status.UNKNOWN.value: 1.0,
}

Item = Flag | tuple[Flag, dict[str, Any] | None]


def factor(evidence: Mapping[str, Any] | None) -> float:
    """The priority factor of a stored flag's corroboration (1 where it has none)."""
    found = (evidence or {}).get(KEY)
    status = found.get("status") if isinstance(found, Mapping) else None
    return PRIORITY_FACTOR.get(str(status), 1.0)


def status_of(evidence: Mapping[str, Any] | None) -> str | None:
    found = (evidence or {}).get(KEY)
    return str(found.get("status")) if isinstance(found, Mapping) else None


def annotate(
    s: Session,
    subj: SubjectRow,
    recs: Sequence[RecordingRow],
    flags: Sequence[Item],
    detect: DetectConfig,
    rules: RuleConfig,
    cfg: CorroborationConfig | None = None,
) -> list[Item]:
    """`flags` with each behaviour flag's evidence holding its corroboration."""
    pairs = _split(flags)
    mine = [_is_behaviour(f) for f, _ in pairs]
    if not any(mine):
        return list(flags)
    clock = _clock(subj)
    views: dict[Camera, View | None] = {}
    for cam in (Camera.MAIN, Camera.AUX):
        if any(m and f.camera != cam for (f, _), m in zip(pairs, mine, strict=True)):
            rec = next((r for r in recs if r.camera == cam.value), None)
            own = [f for (f, _), m in zip(pairs, mine, strict=True) if m and f.camera == cam]
            views[cam] = _view(s, rec, own, detect, rules)
    out: list[Item] = []
    for item, (f, ev), m in zip(flags, pairs, mine, strict=True):
        if not m:
            out.append(item)
            continue
        other = Camera.AUX if f.camera == Camera.MAIN else Camera.MAIN
        found: Corroboration = corroborate(f, views.get(other), clock, cfg)
        out.append((f, {**(ev or {}), KEY: found.to_json()}))
    return out


def _is_behaviour(f: Flag) -> bool:
    return f.type not in INTEGRITY_TYPES and f.camera in (Camera.MAIN, Camera.AUX)


def _split(flags: Sequence[Item]) -> list[tuple[Flag, dict[str, Any] | None]]:
    return [item if isinstance(item, tuple) else (item, None) for item in flags]


def _clock(subj: SubjectRow) -> Clock | None:
    if subj.align_offset_s is None or subj.align_mismatch:
        return None  # not aligned, or not the same sitting: the other view says nothing
    return Clock(subj.align_offset_s, subj.align_drift_ppm or 0.0)


def _view(
    s: Session,
    rec: RecordingRow | None,
    own_flags: list[Flag],
    detect: DetectConfig,
    rules: RuleConfig,
) -> View | None:
    from analysis.detect.runner import DetectionResult
    from reviewer import behaviour

    if rec is None or rec.sha256 is None or rec.detect_error:
        return None
    data = behaviour.cached(s, rec.sha256, detect.for_camera(rec.camera).key())
    if data is None:
        return None
    result = DetectionResult.from_json(data)
    times = tuple(sorted(result.sample_times))
    return View(
        Camera(rec.camera), times, tuple(own_flags), presence(result.observations, times, rules)
    )
