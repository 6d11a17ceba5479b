"""Four eyes before a zero, and the discipline committee's queue (Qt-free).

A verdict of violation (a zero) is final only when a second reviewer with a
different name agrees. A second reviewer who disagrees, or a grader who asks for
the committee, sends the subject to the committee, whose verdict is final. The
steps are decision rows of the kinds in `STEPS`, read in the database's order;
`verdict_state` folds them into where the subject's verdict stands.

Roles come from the configuration file (`[roles] committee = ["…"]`): log-in is
out of scope for an offline desk, but every action carries the non-empty name of
the person and their role, and the committee's actions are refused to others.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from reviewer.decisions import (
    NOT_CHECKED,
    DecisionResult,
    FourEyes,
    Seen,
    Verdict,
    _audit,
    _meanwhile,
)
from reviewer.storage.models import DecisionRow, SubjectRow

log = logging.getLogger(__name__)

STEPS = ("verdict", "second_review", "committee")


class Role(enum.StrEnum):
    GRADER = "grader"
    COMMITTEE = "committee"


def role_of(name: str, committee: Collection[str]) -> Role:
    return Role.COMMITTEE if name.strip() in {c.strip() for c in committee} else Role.GRADER


class Stage(enum.StrEnum):
    """Where a subject's verdict stands."""

    OPEN = "open"  # no verdict yet
    AWAITING_SECOND = "awaiting_second"  # a violation by one grader: a second must agree
    COMMITTEE = "committee"  # asked for, or the second reviewer disagreed
    FINAL = "final"  # no violation; a violation two graders agree on; the committee's


@dataclass(frozen=True)
class Step:
    """One verdict, second review or committee verdict: who, as what, when."""

    decision_id: int
    kind: str  # verdict | second_review | committee
    value: str  # a Verdict value, or agree | disagree for a second review
    by: str
    at: datetime | None
    note: str


@dataclass(frozen=True)
class VerdictState:
    stage: Stage
    verdict: Verdict | None  # what stands now (the committee's, once it spoke)
    by: str  # who gave it
    second_by: str  # who agreed (or disagreed) as the second reviewer
    disputed: bool  # the second reviewer disagreed
    steps: tuple[Step, ...]  # the whole history, oldest first

    @property
    def final(self) -> bool:
        return self.stage == Stage.FINAL


def verdict_state(rows: Sequence[DecisionRow]) -> VerdictState:
    """Fold a subject's verdict steps (any decision rows; others are skipped) in id order."""
    steps = tuple(
        Step(r.id, r.kind, r.value or "", r.grader, r.created_at, r.note)
        for r in sorted(rows, key=lambda r: r.id)
        if r.kind in STEPS
    )
    stage, verdict, by, second_by, disputed = Stage.OPEN, None, "", "", False
    spoken = False  # the committee has decided: nothing after changes it
    for st in steps:
        if st.kind == "committee":
            stage, verdict, by, spoken = Stage.FINAL, Verdict(st.value), st.by, True
        elif spoken:
            continue
        elif st.kind == "verdict":
            verdict, by, second_by, disputed = Verdict(st.value), st.by, "", False
            stage = {
                Verdict.VIOLATION: Stage.AWAITING_SECOND,
                Verdict.NEEDS_COMMITTEE: Stage.COMMITTEE,
                Verdict.NO_VIOLATION: Stage.FINAL,
            }[verdict]
        elif st.kind == "second_review" and stage == Stage.AWAITING_SECOND and st.by != by:
            second_by = st.by
            if st.value == "agree":
                stage = Stage.FINAL
            else:
                stage, disputed = Stage.COMMITTEE, True
    return VerdictState(stage, verdict, by, second_by, disputed, steps)


def _state(s: Session, subject_id: int) -> VerdictState:
    """The subject's row locked (verdict steps are saved one at a time), then its state."""
    subj = s.scalar(
        select(SubjectRow).where(SubjectRow.id == subject_id).with_for_update(key_share=True)
    )
    if subj is None:
        raise KeyError(subject_id)
    rows = s.scalars(
        select(DecisionRow).where(DecisionRow.subject_id == subject_id, DecisionRow.kind.in_(STEPS))
    )
    return verdict_state(list(rows))


def _save(
    s: Session,
    subject_id: int,
    kind: str,
    value: str,
    name: str,
    role: Role,
    note: str,
    seen: Seen,
) -> DecisionResult:
    row = DecisionRow(subject_id=subject_id, kind=kind, value=value, note=note, grader=name)
    s.add(row)
    _audit(s, name, kind, subject_id, None, {"value": value, "note": note}, role=role.value)
    s.flush()
    same = (DecisionRow.subject_id == subject_id) & DecisionRow.kind.in_(STEPS)
    return DecisionResult(row.id, _meanwhile(s, row, seen, same))


def second_review(
    s: Session,
    subject_id: int,
    reviewer: str,
    agree: bool,
    note: str = "",
    *,
    seen_decision_id: Seen = NOT_CHECKED,
) -> DecisionResult:
    """A second grader agrees with a violation (it becomes final) or disagrees (the
    subject goes to the committee). The one who gave the verdict cannot."""
    name = _named(reviewer)
    state = _state(s, subject_id)
    if state.stage != Stage.AWAITING_SECOND:
        raise FourEyes("nothing_to_review", "no violation awaits a second reviewer here")
    if name == state.by:
        raise FourEyes(
            "same_reviewer", f"{name} gave the verdict: a second reviewer must be someone else"
        )
    value = "agree" if agree else "disagree"
    return _save(s, subject_id, "second_review", value, name, Role.GRADER, note, seen_decision_id)


def committee_verdict(
    s: Session,
    subject_id: int,
    member: str,
    verdict: Verdict,
    note: str,
    committee: Collection[str],
    *,
    seen_decision_id: Seen = NOT_CHECKED,
) -> DecisionResult:
    """The committee's own verdict (violation or no violation), with its note: final."""
    name = _named(member)
    if role_of(name, committee) != Role.COMMITTEE:
        raise FourEyes("not_committee", f"{name} is not a member of the committee")
    if verdict == Verdict.NEEDS_COMMITTEE:
        raise FourEyes("committee_must_decide", "the committee decides: violation or not")
    if not note.strip():
        raise FourEyes("committee_note", "the committee's verdict needs a note")
    _state(s, subject_id)  # locks the subject; KeyError when it is gone
    return _save(
        s,
        subject_id,
        "committee",
        verdict.value,
        name,
        Role.COMMITTEE,
        note,
        seen_decision_id,
    )


def _named(name: str) -> str:
    if not name.strip():
        raise FourEyes("no_name", "every action needs the name of the person")
    return name.strip()
