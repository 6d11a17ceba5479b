"""What an evidence package says about a subject, read from the database.

Facts only: the subject, its recordings (paths, stored and expected sha256,
start times), the flags chosen for the package, every decision, and the
alignment as a `Clock` that turns main time into aux time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.flags import INTEGRITY_TYPES, Camera
from reviewer.errors import UserError
from reviewer.review import AlignmentView, FlagDecision, FlagView, Verdict, subject_view
from reviewer.storage.models import (
    CandidateRow,
    DecisionRow,
    ExportRow,
    RecordingRow,
    SubjectRow,
    as_utc,
)

log = logging.getLogger(__name__)

FLAG_CHOICES = ("confirmed", "all")
PRE_ROLL_S = 5.0
POST_ROLL_S = 5.0


@dataclass(frozen=True)
class Clock:
    """Main time t ↔ aux time t − (offset_s + drift_ppm·1e-6·t)."""

    offset_s: float
    drift_ppm: float

    def to_aux(self, t: float) -> float:
        return t - (self.offset_s + self.drift_ppm * 1e-6 * t)

    def to_main(self, ta: float) -> float:
        return (ta + self.offset_s) / (1.0 - self.drift_ppm * 1e-6)


@dataclass(frozen=True)
class RecordingFacts:
    camera: Camera
    path: Path | None  # absolute; None: missing
    name: str | None  # as stored (relative to the export)
    sha256: str | None  # hashed at the scan
    expected_sha256: str | None  # the platform's manifest
    started_at: datetime | None  # wall clock at file time 0, UTC, where known
    duration_s: float
    readable: bool


@dataclass(frozen=True)
class DecisionFacts:
    kind: str  # confirm | dismiss | uncertain | verdict
    value: str | None
    note: str
    grader: str
    at: datetime  # UTC
    flag_id: int | None


@dataclass(frozen=True)
class SubjectFacts:
    subject_id: int
    candidate_id: str
    subject: str
    export_root: str
    verdict: Verdict | None
    verdict_note: str
    alignment: AlignmentView
    clock: Clock
    recordings: dict[Camera, RecordingFacts]
    flags: tuple[FlagView, ...]  # the ones the package covers
    integrity_flags: tuple[FlagView, ...]  # the subject's and its export's
    decisions: tuple[DecisionFacts, ...]
    signature: str  # the export manifest's signature: ok | invalid | not_checked


def find_subject(s: Session, candidate_id: str, subject: str, export_root: str | None) -> int:
    q = (
        select(SubjectRow.id, ExportRow.root)
        .join(CandidateRow, SubjectRow.candidate_pk == CandidateRow.id)
        .join(ExportRow, CandidateRow.export_id == ExportRow.id)
        .where(CandidateRow.candidate_id == candidate_id, SubjectRow.name == subject)
    )
    rows = list(s.execute(q))
    if export_root is not None:
        rows = [r for r in rows if Path(r[1]) == Path(export_root).expanduser().resolve()]
    if not rows:
        raise UserError(
            f"no subject {subject!r} of candidate {candidate_id!r} in the database",
            code="subject_not_found",
            candidate=candidate_id,
            subject=subject,
        )
    if len(rows) > 1:
        roots = ", ".join(str(r[1]) for r in rows)
        raise UserError(
            f"candidate {candidate_id!r} subject {subject!r} is in {len(rows)} exports "
            f"({roots}): name one with --export",
            code="subject_ambiguous",
        )
    return int(rows[0][0])


def gather(s: Session, subject_id: int, which: str) -> SubjectFacts:
    """The facts of a subject; `which` is "confirmed" (flags whose latest decision
    confirms them) or "all" (every flag with a time on a camera)."""
    if which not in FLAG_CHOICES:
        raise UserError(f"--flags must be one of {', '.join(FLAG_CHOICES)}, not {which!r}")
    view = subject_view(s, subject_id)
    subj = s.get(SubjectRow, subject_id)
    assert subj is not None
    recs = {
        r.camera: r
        for r in s.scalars(select(RecordingRow).where(RecordingRow.subject_id == subject_id))
    }
    recordings = {}
    for cam in (Camera.MAIN, Camera.AUX):
        r = recs.get(cam.value)
        recordings[cam] = RecordingFacts(
            cam,
            view.recordings.get(cam),
            r.path if r is not None else None,
            r.sha256 if r is not None else None,
            r.expected_sha256 if r is not None else None,
            as_utc(r.started_at) if r is not None and r.started_at is not None else None,
            view.durations.get(cam, 0.0),
            view.readable.get(cam, False),
        )
    chosen = tuple(
        f
        for f in view.flags
        if f.camera in (Camera.MAIN, Camera.AUX, Camera.PAIR)
        and (which == "all" or f.decision == FlagDecision.CONFIRM)
    )
    integrity = tuple(f for f in view.flags if f.type in INTEGRITY_TYPES) + tuple(view.export_flags)
    decisions = tuple(
        DecisionFacts(d.kind, d.value, d.note, d.grader, as_utc(d.created_at), d.flag_id)
        for d in s.scalars(
            select(DecisionRow).where(DecisionRow.subject_id == subject_id).order_by(DecisionRow.id)
        )
    )
    cand = s.get(CandidateRow, subj.candidate_pk)
    assert cand is not None
    export = s.get(ExportRow, cand.export_id)
    assert export is not None
    align = view.alignment or AlignmentView("none", None, 0.0, None)
    return SubjectFacts(
        subject_id,
        view.item.candidate_id,
        view.item.subject,
        export.root,
        view.verdict,
        view.verdict_note,
        align,
        Clock(align.offset_s or 0.0, align.drift_ppm or 0.0),
        recordings,
        chosen,
        integrity,
        decisions,
        str((export.info or {}).get("signature", "not_checked")),
    )


@dataclass(frozen=True)
class Window:
    """A flag's span and the clip windows around it, on each camera's own timeline."""

    main_span: tuple[float, float]  # the flag on the main timeline
    main: tuple[float, float]  # with pre- and post-roll, within the main recording
    aux: tuple[float, float]  # the same moment on the aux timeline


def window(f: FlagView, clock: Clock, facts: SubjectFacts) -> Window | None:
    """None for a flag without a time."""
    if f.start_s is None:
        return None
    start, end = f.start_s, f.end_s if f.end_s is not None else f.start_s
    if f.camera == Camera.AUX:
        start, end = clock.to_main(start), clock.to_main(end)
    lo, hi = start - PRE_ROLL_S, end + POST_ROLL_S
    main_len = facts.recordings[Camera.MAIN].duration_s or hi
    aux_len = facts.recordings[Camera.AUX].duration_s or clock.to_aux(hi)
    m = (max(0.0, lo), min(main_len, hi))
    a = (max(0.0, clock.to_aux(lo)), min(aux_len, clock.to_aux(hi)))
    return Window((start, end), m, a)
