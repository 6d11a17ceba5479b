"""The pair stage of a scan: align each complete main/aux pair, flag foreign pairs."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.align.alignment import ALIGN_VERSION, Alignment, Track
from analysis.flags import Camera, Flag, FlagType
from analysis.media.probe import ProbeResult
from reviewer.paths import disk_path
from reviewer.storage.db import Database
from reviewer.storage.models import CandidateRow, RecordingRow, SubjectRow
from reviewer.workers import Job, Outcome

log = logging.getLogger(__name__)

TIMEOUT_BASE_S = 120.0
TIMEOUT_PER_MIN_S = 6.0  # per minute of the longer recording


def _track(root: Path, rec: RecordingRow, probe: ProbeResult) -> Track:
    assert rec.path is not None
    return Track(
        disk_path(root, rec.path),
        probe.duration_s,
        probe.has_audio,
        probe.width,
        probe.height,
        probe.fps,
        rec.started_at,
        probe.creation_time,
    )


def plan_pair_jobs(s: Session, root: Path, export_id: int) -> list[Job[int]]:
    """Jobs for pairs whose (main sha, aux sha, version) changed; others keep their result."""
    jobs: list[Job[int]] = []
    subjects = s.scalars(
        select(SubjectRow).join(CandidateRow).where(CandidateRow.export_id == export_id)
    )
    for subj in subjects:
        recs = {
            r.camera: r
            for r in s.scalars(select(RecordingRow).where(RecordingRow.subject_id == subj.id))
        }
        main, aux = recs.get(Camera.MAIN.value), recs.get(Camera.AUX.value)
        why_not = _unalignable(main, aux)
        if why_not is not None:
            _set(subj, why_not, None)
            continue
        assert main is not None and aux is not None and main.probe and aux.probe
        key = f"{main.sha256}:{aux.sha256}:{ALIGN_VERSION}"
        if subj.align_key == key:
            continue
        pm, pa = ProbeResult.from_json(main.probe), ProbeResult.from_json(aux.probe)
        longest = max(pm.duration_s or 0.0, pa.duration_s or 0.0)
        jobs.append(
            Job(
                subj.id,
                (_track(root, main, pm), _track(root, aux, pa)),
                TIMEOUT_BASE_S + TIMEOUT_PER_MIN_S * longest / 60,
            )
        )
        _set(subj, _not_aligned("pending", "alignment pending"), None)
    return jobs


def _not_aligned(code: str, detail: str, **facts: str) -> Alignment:
    """No alignment, and why: `code` (and `facts`) for the desk, `detail` for the report."""
    return Alignment(None, 0.0, "none", None, detail, facts={"why": code, **facts})


def _unalignable(main: RecordingRow | None, aux: RecordingRow | None) -> Alignment | None:
    for name, rec in (("main", main), ("aux", aux)):
        if rec is None or rec.path is None:
            return _not_aligned("missing", f"not aligned: {name} recording missing", camera=name)
        if rec.probe is None or rec.sha256 is None:
            return _not_aligned(
                "not_analysed", f"not aligned: {name} recording not analysed yet", camera=name
            )
        if not rec.probe.get("readable"):
            return _not_aligned(
                "unreadable", f"not aligned: {name} recording unreadable", camera=name
            )
    return None


def store_alignment(db: Database, subject_id: int, outcome: Outcome[Alignment]) -> None:
    with db.session() as s:
        subj = s.get(SubjectRow, subject_id)
        assert subj is not None
        recs = {
            r.camera: r
            for r in s.scalars(select(RecordingRow).where(RecordingRow.subject_id == subject_id))
        }
        if outcome.value is None:
            # a crash or time-out is not a verdict on the pair: no flag, retried next scan
            log.warning("alignment of subject %s failed: %s", subject_id, outcome.error)
            _set(subj, _not_aligned("failed", f"not aligned: {outcome.error}"), None)
            return
        key = f"{recs['main'].sha256}:{recs['aux'].sha256}:{ALIGN_VERSION}"
        _set(subj, outcome.value, key)


def _set(subj: SubjectRow, a: Alignment, key: str | None) -> None:
    subj.align_offset_s, subj.align_confidence, subj.align_method = (
        a.offset_s,
        a.confidence,
        a.method,
    )
    subj.align_drift_ppm, subj.align_detail, subj.align_mismatch = a.drift_ppm, a.detail, a.mismatch
    subj.align_facts = a.facts or None
    subj.align_key = key


def pair_flags(subj: SubjectRow) -> list[Flag]:
    if not subj.align_mismatch:
        return []
    # evidence of absence is weaker than a measured impossibility
    notes = (subj.align_facts or {}).get("notes", [])
    no_overlap = any(n.get("code") == "no_overlap" for n in notes) or (
        not subj.align_facts and "no overlap" in subj.align_detail  # stored before 0005
    )
    conf = 1.0 if no_overlap else 0.8
    return [
        Flag(
            FlagType.PAIR_MISMATCH,
            Camera.PAIR,
            subj.align_detail,
            confidence=conf,
            reason="no_overlap" if no_overlap else "no_match",
            facts={"offset_s": subj.align_offset_s, "method": subj.align_method},
        )
    ]


def alignment_json(subj: SubjectRow) -> dict[str, object]:
    return {
        "offset_s": subj.align_offset_s,
        "confidence": round(subj.align_confidence, 3),
        "method": subj.align_method,
        "drift_ppm": subj.align_drift_ppm,
        "detail": subj.align_detail,
    }
