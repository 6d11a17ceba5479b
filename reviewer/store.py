"""Domain-level reads and writes over the ORM: keeping the DB in step with a scan."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from analysis import ANALYSIS_VERSION
from analysis.flags import Flag, Source
from reviewer.export import ExportPlan
from reviewer.paths import shown_name
from reviewer.reasons import encode_missing
from reviewer.storage.models import (
    CandidateRow,
    DecisionRow,
    ExportRow,
    FlagRow,
    ProbeRow,
    RecordingRow,
    SubjectRow,
)

log = logging.getLogger(__name__)

SubjectKey = tuple[str, str]


def get_export(s: Session, root: str) -> ExportRow | None:
    """The export stored for this folder (a name that is not UTF-8 is stored escaped)."""
    return s.scalar(select(ExportRow).where(ExportRow.root == shown_name(root)))


def sync_plan(s: Session, plan: ExportPlan) -> tuple[ExportRow, dict[SubjectKey, SubjectRow]]:
    """Create or update export, candidates, subjects and recordings to match the plan."""
    root = shown_name(str(plan.root))
    export = get_export(s, root)
    if export is None:
        export = ExportRow(root=root, info={})
        s.add(export)
        s.flush()
    export.info = {
        "manifest_present": plan.manifest_present,
        "manifest_errors": plan.manifest_errors,
        "signature": plan.signature,
        "unrecognised": plan.unrecognised,
        "warnings": plan.warnings,
    }
    cands = {
        c.candidate_id: c
        for c in s.scalars(select(CandidateRow).where(CandidateRow.export_id == export.id))
    }
    subjects: dict[SubjectKey, SubjectRow] = {}
    for ps in plan.subjects:
        cand = cands.get(ps.candidate_id)
        if cand is None:
            cand = cands[ps.candidate_id] = CandidateRow(
                export_id=export.id, candidate_id=ps.candidate_id
            )
            s.add(cand)
            s.flush()
        subj = s.scalar(
            select(SubjectRow).where(
                SubjectRow.candidate_pk == cand.id, SubjectRow.name == ps.subject
            )
        )
        if subj is None:
            subj = SubjectRow(candidate_pk=cand.id, name=ps.subject)
            s.add(subj)
            s.flush()
        subjects[(ps.candidate_id, ps.subject)] = subj
        existing = {
            r.camera: r
            for r in s.scalars(select(RecordingRow).where(RecordingRow.subject_id == subj.id))
        }
        for cam, pr in ps.recordings.items():
            rec = existing.get(cam.value)
            if rec is None:
                rec = RecordingRow(subject_id=subj.id, camera=cam.value)
                s.add(rec)
            if rec.path != pr.path:
                rec.stat_key = rec.sha256 = None
                rec.probe = None
            rec.path = pr.path
            rec.missing_reason = (
                None
                if pr.missing_reason is None
                else encode_missing(pr.missing_reason, pr.missing_facts)
            )
            rec.expected_sha256 = pr.expected_sha256
            rec.started_at = pr.started_at.astimezone(UTC) if pr.started_at else None
    _forget_vanished(s, export.id, {sj.id for sj in subjects.values()})
    s.flush()
    return export, subjects


def _forget_vanished(s: Session, export_id: int, current: set[int]) -> None:
    """Subjects scanned before but gone from the export now: their files are missing."""
    gone = s.scalars(
        select(RecordingRow)
        .join(SubjectRow)
        .join(CandidateRow)
        .where(CandidateRow.export_id == export_id, RecordingRow.subject_id.not_in(current))
    )
    for rec in gone:
        if rec.path is not None:
            rec.path, rec.stat_key, rec.probe = None, None, None
            rec.missing_reason = encode_missing("gone_since_earlier_scan", {})


def cached_probe(s: Session, sha256: str) -> dict[str, Any] | None:
    row = s.scalar(
        select(ProbeRow).where(
            ProbeRow.sha256 == sha256, ProbeRow.analysis_version == ANALYSIS_VERSION
        )
    )
    return None if row is None else row.result


def cache_probe(s: Session, sha256: str, result: dict[str, Any]) -> None:
    """Insert once; another machine sharing the DB may have raced us to it."""
    if cached_probe(s, sha256) is not None:
        return
    try:
        with s.begin_nested():
            s.add(ProbeRow(sha256=sha256, analysis_version=ANALYSIS_VERSION, result=result))
    except IntegrityError:
        log.debug("probe for %s already cached by another writer", sha256)


def replace_machine_flags(
    s: Session,
    export_id: int,
    subject_id: int | None,
    flags: Iterable[Flag | tuple[Flag, dict[str, Any] | None]],
    scan_id: int,
    types: frozenset[str],
) -> None:
    """Make the stored machine flags of `types` equal `flags`.

    Flags a grader decided on are never deleted: one the new scan no longer
    produces is kept and marked stale, so no decision is lost.
    """
    q = select(FlagRow).where(
        FlagRow.export_id == export_id,
        FlagRow.source != Source.HUMAN.value,
        FlagRow.type.in_(types),
    )
    q = q.where(
        FlagRow.subject_id.is_(None) if subject_id is None else FlagRow.subject_id == subject_id
    )
    old = {_flag_key(r): r for r in s.scalars(q)}
    decided = (
        set(
            s.scalars(
                select(DecisionRow.flag_id).where(
                    DecisionRow.flag_id.in_([r.id for r in old.values()])
                )
            )
        )
        if old
        else set()
    )
    for item in flags:
        f, ev = item if isinstance(item, tuple) else (item, None)
        row = old.pop((f.type.value, f.camera.value, _r(f.start_s), _r(f.end_s)), None)
        if row is None:
            row = FlagRow(
                export_id=export_id,
                subject_id=subject_id,
                type=f.type.value,
                camera=f.camera.value,
                start_s=f.start_s,
                end_s=f.end_s,
            )
            s.add(row)
        row.confidence, row.source, row.detail = f.confidence, f.source.value, f.detail
        row.reason, row.facts = f.reason, dict(f.facts) or None
        row.scan_id, row.stale, row.evidence = scan_id, False, ev
    for row in old.values():
        if row.id in decided:
            row.stale = True
        else:
            s.delete(row)


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def _flag_key(r: FlagRow) -> tuple[str, str, float | None, float | None]:
    return r.type, r.camera, _r(r.start_s), _r(r.end_s)
