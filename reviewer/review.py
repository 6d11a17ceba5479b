"""The review workflow, Qt-free: the queue, a subject's details, decisions, verdicts.

Every decision is written at once, with the grader's name and a timestamp, and
appended to the audit trail (`AuditRow`).
"""

from __future__ import annotations

import enum
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.flags import INTEGRITY_TYPES, SEVERITY, Camera, FlagType, Severity, Source
from analysis.observations import Observation
from reviewer.paths import disk_path, real_path
from reviewer.storage.models import (
    AuditRow,
    CandidateRow,
    DecisionRow,
    ExportRow,
    FlagRow,
    RecordingRow,
    SubjectRow,
)

log = logging.getLogger(__name__)


class Status(enum.StrEnum):
    UNREVIEWED = "unreviewed"
    IN_REVIEW = "in review"
    REVIEWED = "reviewed"
    NEEDS_COMMITTEE = "needs committee"


class FlagDecision(enum.StrEnum):
    CONFIRM = "confirm"
    DISMISS = "dismiss"
    UNCERTAIN = "uncertain"


class Verdict(enum.StrEnum):
    NO_VIOLATION = "no_violation"
    VIOLATION = "violation"
    NEEDS_COMMITTEE = "needs_committee"


@dataclass(frozen=True)
class ReviewItem:
    """One row of the queue: a candidate's subject, ranked for review."""

    subject_id: int
    export_root: str
    candidate_id: str
    subject: str
    status: Status
    priority: float
    flag_counts: dict[str, int]
    integrity: tuple[str, ...]  # integrity flag types present

    @property
    def flag_total(self) -> int:
        return sum(self.flag_counts.values())


@dataclass(frozen=True)
class FlagView:
    id: int
    type: FlagType
    camera: Camera
    start_s: float | None
    end_s: float | None
    confidence: float
    source: Source
    detail: str
    decision: FlagDecision | None
    note: str
    evidence: dict[str, Any] | None
    reason: str = ""  # what `detail` says, as a code and facts the desk words
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AlignmentView:
    """The pair's alignment as facts; `facts` holds the score and notes (codes)."""

    method: str  # audio | visual | metadata | none
    offset_s: float | None
    confidence: float
    drift_ppm: float | None
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SubjectView:
    item: ReviewItem
    recordings: dict[Camera, Path | None]  # absolute paths; None: missing
    readable: dict[Camera, bool]
    durations: dict[Camera, float]
    offset_s: float  # aux starts this long after main (0 when not aligned)
    alignment_detail: str
    flags: list[FlagView] = field(default_factory=list)
    verdict: Verdict | None = None
    verdict_note: str = ""
    has_audio: dict[Camera, bool] = field(default_factory=dict)  # from the stored probe
    alignment: AlignmentView | None = None


def priority(flags: list[FlagRow], decisions: dict[int, str]) -> float:
    """Severity x confidence x duration, over flags not yet dismissed."""
    score = 0.0
    for f in flags:
        if decisions.get(f.id) == FlagDecision.DISMISS.value:
            continue
        sev = SEVERITY.get(FlagType(f.type), Severity.WARNING)
        weight = {Severity.INFO: 0.2, Severity.WARNING: 1.0, Severity.VIOLATION: 3.0}[sev]
        span = (f.end_s - f.start_s) if f.start_s is not None and f.end_s is not None else 10.0
        score += weight * f.confidence * (1.0 + min(span, 120.0) / 30.0)
    return round(score, 2)


def _latest(
    s: Session, subject_ids: list[int]
) -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    """Latest flag decision per flag, their notes, and latest verdict per subject."""
    flag_dec: dict[int, str] = {}
    notes: dict[int, str] = {}
    verdicts: dict[int, str] = {}
    rows = s.scalars(
        select(DecisionRow)
        .where(DecisionRow.subject_id.in_(subject_ids))
        .order_by(DecisionRow.created_at, DecisionRow.id)
    )
    for d in rows:
        if d.kind == "verdict":
            verdicts[d.subject_id] = d.value or ""
        elif d.flag_id is not None:
            flag_dec[d.flag_id], notes[d.flag_id] = d.kind, d.note
    return flag_dec, notes, verdicts


def review_queue(s: Session) -> list[ReviewItem]:
    """All subjects of all scanned exports, most urgent first."""
    rows = list(
        s.execute(
            select(SubjectRow, CandidateRow.candidate_id, ExportRow.root)
            .join(CandidateRow, SubjectRow.candidate_pk == CandidateRow.id)
            .join(ExportRow, CandidateRow.export_id == ExportRow.id)
        )
    )
    ids = [r[0].id for r in rows]
    flags_by: dict[int, list[FlagRow]] = {}
    for f in s.scalars(select(FlagRow).where(FlagRow.subject_id.in_(ids))):
        flags_by.setdefault(f.subject_id or 0, []).append(f)
    flag_dec, _, verdicts = _latest(s, ids)
    items = []
    for subj, cand, root in rows:
        flags = flags_by.get(subj.id, [])
        items.append(_item(subj, cand, root, flags, flag_dec, verdicts.get(subj.id)))
    items.sort(key=lambda i: (-i.priority, i.candidate_id, i.subject))
    return items


def _item(
    subj: SubjectRow,
    cand: str,
    root: str,
    flags: list[FlagRow],
    flag_dec: dict[int, str],
    verdict: str | None,
) -> ReviewItem:
    if verdict == Verdict.NEEDS_COMMITTEE.value:
        status = Status.NEEDS_COMMITTEE
    elif verdict:
        status = Status.REVIEWED
    elif any(f.id in flag_dec for f in flags):
        status = Status.IN_REVIEW
    else:
        status = Status.UNREVIEWED
    counts = Counter(f.type for f in flags)
    integrity = tuple(sorted({f.type for f in flags if FlagType(f.type) in INTEGRITY_TYPES}))
    return ReviewItem(
        subj.id, root, cand, subj.name, status, priority(flags, flag_dec), dict(counts), integrity
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
    flag_dec, notes, verdicts = _latest(s, [subject_id])
    verdict_row = s.scalars(
        select(DecisionRow)
        .where(DecisionRow.subject_id == subject_id, DecisionRow.kind == "verdict")
        .order_by(DecisionRow.created_at.desc(), DecisionRow.id.desc())
    ).first()
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
    views = [
        FlagView(
            f.id,
            FlagType(f.type),
            Camera(f.camera),
            f.start_s,
            f.end_s,
            f.confidence,
            Source(f.source),
            f.detail,
            FlagDecision(flag_dec[f.id]) if f.id in flag_dec else None,
            notes.get(f.id, ""),
            f.evidence,
            f.reason,
            f.facts or {},
        )
        for f in flags
    ]
    item = _item(subj, cand.candidate_id, export.root, flags, flag_dec, verdicts.get(subject_id))
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
    )


def evidence_observations(flags: list[FlagView], camera: Camera) -> list[Observation]:
    """The boxes stored as evidence on a camera's flags (what the desk overlays)."""
    return [
        Observation.from_json(o)
        for f in flags
        if f.camera == camera and f.evidence
        for o in f.evidence.get("observations", [])
    ]


def _audit(
    s: Session,
    grader: str,
    action: str,
    subject_id: int,
    flag_id: int | None,
    detail: dict[str, Any],
) -> None:
    s.add(
        AuditRow(
            grader=grader, action=action, subject_id=subject_id, flag_id=flag_id, detail=detail
        )
    )


def decide_flag(
    s: Session, flag_id: int, decision: FlagDecision, grader: str, note: str = ""
) -> None:
    flag = s.get(FlagRow, flag_id)
    if flag is None or flag.subject_id is None:
        raise KeyError(flag_id)
    s.add(
        DecisionRow(
            subject_id=flag.subject_id,
            flag_id=flag_id,
            kind=decision.value,
            note=note,
            grader=grader,
        )
    )
    _audit(
        s,
        grader,
        "decide_flag",
        flag.subject_id,
        flag_id,
        {"decision": decision.value, "note": note, "type": flag.type},
    )


def add_manual_flag(
    s: Session,
    subject_id: int,
    type_: FlagType,
    camera: Camera,
    start_s: float,
    end_s: float,
    grader: str,
    note: str = "",
) -> int:
    subj = s.get(SubjectRow, subject_id)
    if subj is None:
        raise KeyError(subject_id)
    cand = s.get(CandidateRow, subj.candidate_pk)
    assert cand is not None
    lo, hi = sorted((start_s, end_s))
    row = FlagRow(
        export_id=cand.export_id,
        subject_id=subject_id,
        type=type_.value,
        camera=camera.value,
        start_s=lo,
        end_s=hi,
        confidence=1.0,
        source=Source.HUMAN.value,
        detail=note or "added by a grader",
    )
    s.add(row)
    s.flush()
    _audit(
        s,
        grader,
        "add_flag",
        subject_id,
        row.id,
        {"type": type_.value, "camera": camera.value, "start_s": lo, "end_s": hi, "note": note},
    )
    return row.id


def set_verdict(
    s: Session, subject_id: int, verdict: Verdict, grader: str, rule: str = "", note: str = ""
) -> None:
    if s.get(SubjectRow, subject_id) is None:
        raise KeyError(subject_id)
    s.add(
        DecisionRow(
            subject_id=subject_id,
            kind="verdict",
            value=verdict.value,
            note=note if not rule else f"{rule}: {note}".rstrip(": "),
            grader=grader,
        )
    )
    _audit(
        s,
        grader,
        "verdict",
        subject_id,
        None,
        {"verdict": verdict.value, "rule": rule, "note": note},
    )


def audit_trail(s: Session, subject_id: int) -> list[AuditRow]:
    return list(
        s.scalars(
            select(AuditRow)
            .where(AuditRow.subject_id == subject_id)
            .order_by(AuditRow.at, AuditRow.id)
        )
    )
