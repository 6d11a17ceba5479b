"""The review workflow, Qt-free: the queue and a subject's details.

The writes (decisions, manual flags, verdicts, the audit trail) live in
`reviewer.decisions`, the views it returns in `reviewer.review_views`; both are
re-exported here.
"""

from __future__ import annotations

import logging
from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.flags import INTEGRITY_TYPES, SEVERITY, Camera, FlagType, Severity
from reviewer import corroboration
from reviewer.committee import STEPS, Stage, VerdictState, verdict_state
from reviewer.decisions import (  # the write side, re-exported for the desk
    NOT_CHECKED,
    DecidedMeanwhile,
    DecisionResult,
    FlagDecision,
    FlagGone,
    Verdict,
    add_manual_flag,
    audit_trail,
    decide_flag,
    set_verdict,
)
from reviewer.paths import disk_path, real_path
from reviewer.review_views import (  # the views, re-exported for the desk
    AlignmentView,
    ExportProblem,
    FlagView,
    ReviewItem,
    Status,
    SubjectView,
    evidence_observations,
    flag_view,
)
from reviewer.storage.models import (
    CandidateRow,
    DecisionRow,
    ExportRow,
    FlagRow,
    RecordingRow,
    SubjectRow,
    as_utc,
)

log = logging.getLogger(__name__)

OPEN = verdict_state([])  # a subject no verdict was given for

__all__ = [
    "NOT_CHECKED",
    "AlignmentView",
    "DecidedMeanwhile",
    "DecisionResult",
    "ExportProblem",
    "FlagDecision",
    "FlagGone",
    "FlagView",
    "ReviewItem",
    "Status",
    "SubjectView",
    "Verdict",
    "add_manual_flag",
    "audit_trail",
    "decide_flag",
    "evidence_observations",
    "export_problems",
    "priority",
    "review_queue",
    "set_verdict",
    "subject_view",
]


def priority(flags: list[FlagRow], decisions: dict[int, str]) -> float:
    """Severity x confidence x duration, over flags not yet dismissed; a flag the
    other camera corroborated counts more, one it contradicted less."""
    score = 0.0
    for f in flags:
        if decisions.get(f.id) == FlagDecision.DISMISS.value:
            continue
        sev = SEVERITY.get(FlagType(f.type), Severity.WARNING)
        weight = {Severity.INFO: 0.2, Severity.WARNING: 1.0, Severity.VIOLATION: 3.0}[sev]
        span = (f.end_s - f.start_s) if f.start_s is not None and f.end_s is not None else 10.0
        weight *= corroboration.factor(f.evidence)
        score += weight * f.confidence * (1.0 + min(span, 120.0) / 30.0)
    return round(score, 2)


def _latest(
    s: Session, subject_ids: list[int]
) -> tuple[dict[int, DecisionRow], dict[int, DecisionRow], dict[int, VerdictState]]:
    """Latest decision per flag, latest verdict per subject and where each subject's
    verdict stands (four eyes): the greatest id, the database's order (the graders'
    clocks disagree)."""
    flag_dec: dict[int, DecisionRow] = {}
    verdicts: dict[int, DecisionRow] = {}
    steps: dict[int, list[DecisionRow]] = {}
    rows = s.scalars(
        select(DecisionRow).where(DecisionRow.subject_id.in_(subject_ids)).order_by(DecisionRow.id)
    )
    for d in rows:
        if d.kind == "verdict":
            verdicts[d.subject_id] = d
        elif d.flag_id is not None:
            flag_dec[d.flag_id] = d
        if d.kind in STEPS:
            steps.setdefault(d.subject_id, []).append(d)
    return flag_dec, verdicts, {sid: verdict_state(v) for sid, v in steps.items()}


def _export_flags(s: Session, export_ids: list[int] | None = None) -> dict[int, list[FlagRow]]:
    """Export-level flags (no subject) per export, oldest first."""
    q = select(FlagRow).where(FlagRow.subject_id.is_(None))
    if export_ids is not None:
        q = q.where(FlagRow.export_id.in_(export_ids))
    by: dict[int, list[FlagRow]] = {}
    for f in s.scalars(q.order_by(FlagRow.id)):
        by.setdefault(f.export_id, []).append(f)
    return by


def export_problems(s: Session) -> list[ExportProblem]:
    """Exports whose own flags (signature_invalid) concern all their subjects."""
    by = _export_flags(s)
    if not by:
        return []
    counts: dict[int, int] = dict(
        s.execute(
            select(CandidateRow.export_id, func.count(SubjectRow.id))
            .join(SubjectRow, SubjectRow.candidate_pk == CandidateRow.id)
            .where(CandidateRow.export_id.in_(list(by)))
            .group_by(CandidateRow.export_id)
        ).all()
    )
    roots: dict[int, str] = dict(
        s.execute(select(ExportRow.id, ExportRow.root).where(ExportRow.id.in_(list(by)))).all()
    )
    return sorted(
        (
            ExportProblem(
                eid, roots[eid], tuple(flag_view(f, None) for f in flags), counts.get(eid, 0)
            )
            for eid, flags in by.items()
        ),
        key=lambda p: p.export_root,
    )


def review_queue(s: Session) -> list[ReviewItem]:
    """All subjects of all scanned exports, most urgent first."""
    rows = list(
        s.execute(
            select(SubjectRow, CandidateRow.candidate_id, ExportRow.root, ExportRow.id)
            .join(CandidateRow, SubjectRow.candidate_pk == CandidateRow.id)
            .join(ExportRow, CandidateRow.export_id == ExportRow.id)
        )
    )
    export_flags = _export_flags(s)
    ids = [r[0].id for r in rows]
    flags_by: dict[int, list[FlagRow]] = {}
    for f in s.scalars(select(FlagRow).where(FlagRow.subject_id.in_(ids))):
        flags_by.setdefault(f.subject_id or 0, []).append(f)
    flag_dec, _, states = _latest(s, ids)
    kinds = {fid: d.kind for fid, d in flag_dec.items()}
    items = []
    for subj, cand, root, eid in rows:
        flags = flags_by.get(subj.id, [])
        ef = export_flags.get(eid, [])
        items.append(_item(subj, cand, root, flags, kinds, states.get(subj.id, OPEN), ef))
    items.sort(key=lambda i: (-i.priority, i.candidate_id, i.subject))
    return items


def _item(
    subj: SubjectRow,
    cand: str,
    root: str,
    flags: list[FlagRow],
    flag_dec: dict[int, str],
    state: VerdictState,
    export_flags: list[FlagRow],
) -> ReviewItem:
    if state.stage != Stage.OPEN:
        status = {
            Stage.AWAITING_SECOND: Status.AWAITING_SECOND,
            Stage.COMMITTEE: Status.NEEDS_COMMITTEE,
            Stage.FINAL: Status.REVIEWED,
        }[state.stage]
    elif any(f.id in flag_dec for f in flags):
        status = Status.IN_REVIEW
    else:
        status = Status.UNREVIEWED
    every = flags + export_flags
    counts = Counter(f.type for f in every)
    integrity = tuple(sorted({f.type for f in every if FlagType(f.type) in INTEGRITY_TYPES}))
    return ReviewItem(
        subj.id,
        root,
        cand,
        subj.name,
        status,
        priority(every, flag_dec),
        dict(counts),
        integrity,
        tuple(sorted({f.type for f in export_flags})),
        dict(
            Counter(
                st
                for f in flags
                if flag_dec.get(f.id) != FlagDecision.DISMISS.value
                and (st := corroboration.status_of(f.evidence)) is not None
            )
        ),
    )


def subject_view(s: Session, subject_id: int) -> SubjectView:
    subj = s.get(SubjectRow, subject_id)
    if subj is None:
        raise KeyError(subject_id)
    cand = s.get(CandidateRow, subj.candidate_pk)
    assert cand is not None
    export = s.get(ExportRow, cand.export_id)
    assert export is not None
    flags = list(
        s.scalars(
            select(FlagRow)
            .where(FlagRow.subject_id == subject_id)
            .order_by(FlagRow.start_s.is_(None), FlagRow.start_s, FlagRow.id)
        )
    )
    flag_dec, verdicts, states = _latest(s, [subject_id])
    verdict_row = verdicts.get(subject_id)
    state = states.get(subject_id, OPEN)
    recs = {
        r.camera: r
        for r in s.scalars(select(RecordingRow).where(RecordingRow.subject_id == subject_id))
    }
    root = real_path(export.root)
    paths, readable, durations, has_audio = {}, {}, {}, {}
    for cam in (Camera.MAIN, Camera.AUX):
        r = recs.get(cam.value)
        probe = (r.probe or {}) if r is not None else {}
        paths[cam] = disk_path(root, r.path) if r is not None and r.path else None
        readable[cam] = bool(probe.get("readable"))
        durations[cam] = float(probe.get("duration_s") or 0.0)
        has_audio[cam] = bool(probe.get("has_audio"))
    views = [flag_view(f, flag_dec.get(f.id)) for f in flags]
    kinds = {fid: d.kind for fid, d in flag_dec.items()}
    export_flags = _export_flags(s, [export.id]).get(export.id, [])
    item = _item(subj, cand.candidate_id, export.root, flags, kinds, state, export_flags)
    return SubjectView(
        item,
        paths,
        readable,
        durations,
        subj.align_offset_s or 0.0,
        subj.align_detail,
        views,
        Verdict(verdict_row.value) if verdict_row and verdict_row.value else None,
        verdict_row.note if verdict_row else "",
        has_audio,
        AlignmentView(
            subj.align_method,
            subj.align_offset_s,
            subj.align_confidence,
            subj.align_drift_ppm,
            subj.align_facts or {},
        ),
        verdict_decision_id=verdict_row.id if verdict_row else None,
        verdict_by=verdict_row.grader if verdict_row else "",
        verdict_at=as_utc(verdict_row.created_at) if verdict_row else None,
        export_flags=[flag_view(f, None) for f in export_flags],
        verdict_state=state,
    )
