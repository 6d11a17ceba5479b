"""The review workflow's writes: decisions on flags, manual flags, verdicts, the audit trail.

Every decision is written at once, with the grader's name, and appended to the
audit trail (`AuditRow`). `reviewer.review` re-exports these names.
"""

from __future__ import annotations

import enum
import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from analysis.flags import Camera, FlagType, Source
from reviewer.storage.models import AuditRow, CandidateRow, DecisionRow, FlagRow, SubjectRow

log = logging.getLogger(__name__)


class FlagDecision(enum.StrEnum):
    CONFIRM = "confirm"
    DISMISS = "dismiss"
    UNCERTAIN = "uncertain"


class Verdict(enum.StrEnum):
    NO_VIOLATION = "no_violation"
    VIOLATION = "violation"
    NEEDS_COMMITTEE = "needs_committee"


class FlagGone(KeyError):
    """The flag is no longer there: a rescan removed it (the scan no longer finds
    it and nobody had decided on it) before this decision was written. Nothing
    was saved; the desk reloads the subject."""

    def __init__(self, flag_id: int) -> None:
        super().__init__(flag_id)
        self.flag_id = flag_id

    def __str__(self) -> str:
        return f"flag {self.flag_id} is gone: a rescan no longer finds it"


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
    """Record a grader's decision on a flag.

    The flag's row is locked first (FOR NO KEY UPDATE on PostgreSQL): a rescan
    replacing it holds it until it commits, then the flag is either kept (and
    this decision saved) or gone, which raises FlagGone and saves nothing.
    """
    flag = s.scalar(select(FlagRow).where(FlagRow.id == flag_id).with_for_update(key_share=True))
    if flag is None or flag.subject_id is None:
        raise FlagGone(flag_id)
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
    try:
        s.flush()
    except IntegrityError as exc:  # SQLite: deleted between the read and the insert
        log.info("flag %d deleted by a rescan while %s decided on it", flag_id, grader)
        raise FlagGone(flag_id) from exc


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
