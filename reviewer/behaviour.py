"""The behaviour stage of a scan: run the detectors on each readable recording
(cached by content and detection settings), then apply the rules."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from analysis.detect.observations import Observation
from analysis.detect.rules import RuleConfig, behaviour_flags, counted
from analysis.detect.runner import DetectConfig, DetectionResult, Span, join, spans
from analysis.flags import Camera, Flag
from reviewer.paths import disk_path
from reviewer.storage.db import Database
from reviewer.storage.models import CandidateRow, DetectionRow, RecordingRow, SubjectRow
from reviewer.workers import Job, Outcome

log = logging.getLogger(__name__)

TIMEOUT_BASE_S = 120.0
TIMEOUT_PER_MIN_S = 20.0  # per minute of recording
# A long recording is detected in parts of about this length, each its own job, so
# that the cores share the work of a few long recordings (the end of a batch, one
# 3-hour pair) and a time-out is sized to a part. A part costs about 0.4 s more
# (opening, models, a warm-up sample): under 5% of 300 s of 720p. On the
# benchmark's 10-minute pair it changed nothing measurable (bench_scan.py: 29.4
# and 31.3 s in parts of 300 s, 32.8 s whole, back to back).
PART_S = 300.0

PartKey = tuple[int, int, int]  # recording id, part index, number of parts


def cached(s: Session, sha256: str, key: str) -> dict[str, Any] | None:
    row = s.scalar(
        select(DetectionRow).where(DetectionRow.sha256 == sha256, DetectionRow.detect_key == key)
    )
    return None if row is None else row.result


def plan_detect_jobs(
    s: Session, root: Path, export_id: int, cfg: DetectConfig, part_s: float = PART_S
) -> list[Job[PartKey]]:
    """One job per part of each readable recording whose detection is not cached;
    args are (path, its camera's config, span) for `analysis.detect.runner.detect_recording`."""
    jobs: list[Job[PartKey]] = []
    recs = s.scalars(
        select(RecordingRow)
        .join(SubjectRow)
        .join(CandidateRow)
        .where(CandidateRow.export_id == export_id, RecordingRow.path.is_not(None))
    )
    for rec in recs:
        if rec.sha256 is None or not (rec.probe or {}).get("readable"):
            continue
        own = cfg.for_camera(rec.camera)
        if cached(s, rec.sha256, own.key()) is not None:
            rec.detect_error = None
            continue
        assert rec.path is not None
        duration = (rec.probe or {}).get("duration_s")
        parts = spans(float(duration) if duration else None, part_s)
        for k, (a, b) in enumerate(parts):
            minutes = ((b if b is not None else float(duration or 60.0)) - a) / 60
            timeout = TIMEOUT_BASE_S + TIMEOUT_PER_MIN_S * max(minutes, 1.0)
            jobs.append(
                Job((rec.id, k, len(parts)), (str(disk_path(root, rec.path)), own, (a, b)), timeout)
            )
    return jobs


class PartStore:
    """Collects the parts of each recording's detection as their jobs finish, and
    stores the joined result once every part is in. A failed part fails the
    recording (nothing is cached, so the next scan tries again)."""

    def __init__(self, db: Database, jobs: list[Job[PartKey]]) -> None:
        self.db = db
        self._spans: dict[PartKey, Span] = {j.key: j.args[2] for j in jobs}
        self._configs: dict[int, DetectConfig] = {j.key[0]: j.args[1] for j in jobs}
        self._parts: dict[int, dict[int, Outcome[DetectionResult]]] = {}

    def add(self, key: PartKey, outcome: Outcome[Any]) -> None:
        rec_id, k, n = key
        if outcome.value is None and n > 1:
            outcome = Outcome(None, part_error(self._spans[key], k, n, outcome.error))
        got = self._parts.setdefault(rec_id, {})
        got[k] = outcome
        if len(got) < n:
            return
        del self._parts[rec_id]
        failed = [got[i].error for i in range(n) if got[i].value is None]
        cfg = self._configs[rec_id]
        if failed:
            store_detection(self.db, rec_id, cfg, Outcome(None, "; ".join(map(str, failed))))
        else:
            results = [r for i in range(n) if (r := got[i].value) is not None]
            store_detection(self.db, rec_id, cfg, Outcome(join(results), None))


def part_error(span: Span, k: int, n: int, error: str | None) -> str:
    """Why part k (of n) of a recording's detection failed, naming its span."""
    a, b = span
    end = f"{b:.0f} s" if b is not None else "the end"
    return f"part {k + 1} of {n} ({a:.0f} s to {end}): {error}"


def store_detection(
    db: Database, rec_id: int, cfg: DetectConfig, outcome: Outcome[DetectionResult]
) -> None:
    with db.session() as s:
        rec = s.get(RecordingRow, rec_id)
        assert rec is not None and rec.sha256 is not None
        if outcome.value is None:
            # not cached: a crash or hang is retried by the next scan
            rec.detect_error = f"behaviour detection failed: {outcome.error}"
            log.warning("%s: %s", rec.path, rec.detect_error)
            return
        rec.detect_error = None
        try:
            with s.begin_nested():
                s.add(
                    DetectionRow(
                        sha256=rec.sha256, detect_key=cfg.key(), result=outcome.value.to_json()
                    )
                )
        except IntegrityError:
            log.debug("detection for %s already cached by another writer", rec.sha256)


def recording_behaviour(
    s: Session, rec: RecordingRow, detect: DetectConfig, rules: RuleConfig
) -> list[tuple[Flag, dict[str, Any] | None]]:
    """Behaviour flags of one recording, each with its evidence (best frame and boxes)."""
    if rec.sha256 is None:
        return []
    data = cached(s, rec.sha256, detect.for_camera(rec.camera).key())
    if data is None:
        return []
    result = DetectionResult.from_json(data)
    out: list[tuple[Flag, dict[str, Any] | None]] = []
    for flag, best_t in behaviour_flags(
        result.observations, result.sample_times, Camera(rec.camera), rules
    ):
        out.append((flag, evidence(result.observations, best_t, rules)))
    return out


def evidence(
    observations: tuple[Observation, ...], best_t: float, rules: RuleConfig
) -> dict[str, Any]:
    """What the grader's desk draws at the flag's best frame: what the rules counted."""
    frame = [o for o in observations if abs(o.t - best_t) < 1e-3]
    at = [o.to_json() for o in counted(frame, rules)]
    return {"best_t": round(best_t, 3), "observations": at}
