"""The review workflow's writes: decisions on flags, manual flags, verdicts, the audit trail.

Every decision is written at once, with the grader's name, and appended to the
tamper-evident audit log (`reviewer.audit`, `AuditRow`). `reviewer.review` re-exports these names.

Two graders may decide the same flag (or give the same subject a verdict). The
latest decision is the database's: the greatest id; decisions on one flag (one
subject's verdicts) are serialised by a row lock, so that is also the order in
which they were saved. Both are saved; the one who decided second, passing the
id of the latest decision they saw (`FlagView.decision_id`,
`SubjectView.verdict_decision_id`), learns from the result what the other
decided since (`DecisionResult.meanwhile`), so the desk can show it.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from analysis.flags import Camera, FlagType, Source
from reviewer.audit import chain as audit_chain
from reviewer.storage.models import (
    AuditRow,
    CandidateRow,
    DecisionRow,
    FlagRow,
    SubjectRow,
    as_utc,
)

log = logging.getLogger(__name__)


class FlagDecision(enum.StrEnum):
    CONFIRM = "confirm"
    DISMISS = "dismiss"
    UNCERTAIN = "uncertain"


class Verdict(enum.StrEnum):
    NO_VIOLATION = "no_violation"
    VIOLATION = "violation"
    NEEDS_COMMITTEE = "needs_committee"


class _NotChecked(enum.Enum):
    NOT_CHECKED = "not checked"


# `seen_decision_id` left out: the caller does not say what it saw; nothing is checked.
NOT_CHECKED: Literal[_NotChecked.NOT_CHECKED] = _NotChecked.NOT_CHECKED
Seen = int | None | Literal[_NotChecked.NOT_CHECKED]


@dataclass(frozen=True)
class DecidedMeanwhile:
    """Another grader's decision, saved after the one the caller had seen: "Wang
    decided confirm at 10:32 since you opened the subject"."""

    decision_id: int
    grader: str
    kind: str  # confirm | dismiss | uncertain (on a flag) | verdict
    value: str | None  # the verdict (no_violation | violation | needs_committee), else None
    note: str
    at: datetime  # the database's clock, UTC


@dataclass(frozen=True)
class DecisionResult:
    """A saved decision or verdict, and what other graders decided since the
    caller's view (oldest first; empty when nothing, or when not checked)."""

    decision_id: int
    meanwhile: tuple[DecidedMeanwhile, ...] = ()


class FlagGone(KeyError):
    """The flag is no longer there: a rescan removed it (the scan no longer finds
    it and nobody had decided on it) before this decision was written. Nothing
    was saved; the desk reloads the subject."""

    def __init__(self, flag_id: int) -> None:
        super().__init__(flag_id)
        self.flag_id = flag_id

    def __str__(self) -> str:
        return f"flag {self.flag_id} is gone: a rescan no longer finds it"


class FourEyes(ValueError):
    """A verdict step the four-eyes rules do not allow (`reviewer.committee`): `code`
    says which (same_reviewer, nothing_to_review, not_committee, committee_decided, ...);
    the desk words it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _audit(
    s: Session,
    grader: str,
    action: str,
    subject_id: int | None,
    flag_id: int | None,
    detail: dict[str, Any],
    role: str = "grader",
) -> AuditRow:
    """Append an action to the tamper-evident audit log (`reviewer.audit.append`)."""
    return audit_chain.append(
        s, grader, role, action, subject_id=subject_id, flag_id=flag_id, detail=detail
    )


def decide_flag(
    s: Session,
    flag_id: int,
    decision: FlagDecision,
    grader: str,
    note: str = "",
    *,
    seen_decision_id: Seen = NOT_CHECKED,
) -> DecisionResult:
    """Record a grader's decision on a flag; it becomes the flag's latest.

    `seen_decision_id`: the latest decision on this flag the grader saw
    (`FlagView.decision_id`, None: none). Decisions by other graders saved
    since come back in the result's `meanwhile`.

    The flag's row is locked first (FOR NO KEY UPDATE on PostgreSQL): a rescan
    replacing it holds it until it commits, then the flag is either kept (and
    this decision saved) or gone, which raises FlagGone and saves nothing.
    """
    flag = s.scalar(select(FlagRow).where(FlagRow.id == flag_id).with_for_update(key_share=True))
    if flag is None:
        raise FlagGone(flag_id)
    if flag.subject_id is None:
        raise ValueError(f"flag {flag_id} is an export's (signature_invalid): no subject to decide")
    row = DecisionRow(
        subject_id=flag.subject_id, flag_id=flag_id, kind=decision.value, note=note, grader=grader
    )
    s.add(row)
    try:
        s.flush()
    except IntegrityError as exc:  # SQLite: deleted between the read and the insert
        log.info("flag %d deleted by a rescan while %s decided on it", flag_id, grader)
        raise FlagGone(flag_id) from exc
    _audit(
        s,
        grader,
        "decide_flag",
        flag.subject_id,
        flag_id,
        {"decision": decision.value, "note": note, "type": flag.type},
    )
    return DecisionResult(
        row.id, _meanwhile(s, row, seen_decision_id, DecisionRow.flag_id == flag_id)
    )


def _meanwhile(
    s: Session, mine: DecisionRow, seen: Seen, same: Any
) -> tuple[DecidedMeanwhile, ...]:
    """Decisions on the same thing by other graders, after `seen` and before `mine`.

    Runs after `mine` is written: by then this transaction holds the row lock
    (PostgreSQL) or the write lock (SQLite), so every decision saved before it is
    visible here, and none can come between.
    """
    if seen is NOT_CHECKED:
        return ()
    q = select(DecisionRow).where(same, DecisionRow.id < mine.id, DecisionRow.grader != mine.grader)
    if seen is not None:
        q = q.where(DecisionRow.id > seen)
    return tuple(
        DecidedMeanwhile(d.id, d.grader, d.kind, d.value, d.note, as_utc(d.created_at))
        for d in s.scalars(q.order_by(DecisionRow.id))
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
    s: Session,
    subject_id: int,
    verdict: Verdict,
    grader: str,
    rule: str = "",
    note: str = "",
    *,
    seen_decision_id: Seen = NOT_CHECKED,
) -> DecisionResult:
    """Record a subject's verdict; it becomes the subject's latest.

    `seen_decision_id`: the latest verdict the grader saw
    (`SubjectView.verdict_decision_id`, None: none); verdicts by other graders
    saved since come back in the result's `meanwhile`. The subject's row is
    locked (FOR NO KEY UPDATE on PostgreSQL) so verdicts are saved one at a time.
    """
    subj = s.scalar(
        select(SubjectRow).where(SubjectRow.id == subject_id).with_for_update(key_share=True)
    )
    if subj is None:
        raise KeyError(subject_id)
    committee_spoke = select(DecisionRow.id).where(
        DecisionRow.subject_id == subject_id, DecisionRow.kind == "committee"
    )
    if s.scalar(committee_spoke.limit(1)) is not None:
        raise FourEyes("committee_decided", "the committee has decided this subject")
    row = DecisionRow(
        subject_id=subject_id,
        kind="verdict",
        value=verdict.value,
        note=note if not rule else f"{rule}: {note}".rstrip(": "),
        grader=grader,
    )
    s.add(row)
    _audit(
        s,
        grader,
        "verdict",
        subject_id,
        None,
        {"verdict": verdict.value, "rule": rule, "note": note},
    )
    s.flush()
    same = (DecisionRow.subject_id == subject_id) & (DecisionRow.kind == "verdict")
    return DecisionResult(row.id, _meanwhile(s, row, seen_decision_id, same))


def audit_trail(s: Session, subject_id: int) -> list[AuditRow]:
    """A subject's actions, in the order of the audit log."""
    return list(
        s.scalars(select(AuditRow).where(AuditRow.subject_id == subject_id).order_by(AuditRow.seq))
    )
