"""Four eyes before a zero, and the committee's queue, on the scanned example export.

The example export (see `example_files`) is scanned without detection; verdicts,
second reviews and committee verdicts are written through the domain, as the desk
writes them, on SQLite (the same code runs on PostgreSQL; see test_concurrency).
"""

from __future__ import annotations

import pytest

from reviewer import review
from reviewer.committee import Role, Stage, committee_verdict, role_of, second_review
from reviewer.decisions import FourEyes, Verdict, set_verdict
from reviewer.review import Status
from reviewer.storage.db import Database
from tests.test_desk import scanned  # noqa: F401 - the scanned example export

COMMITTEE = ("张主任",)


def _subject(db: Database) -> int:
    with db.session() as s:
        return review.review_queue(s)[0].subject_id


def _status(db: Database, sid: int) -> tuple[Status, review.SubjectView]:
    with db.session() as s:
        view = review.subject_view(s, sid)
    return view.item.status, view


def test_a_zero_is_final_only_when_a_second_grader_agrees(scanned: Database) -> None:  # noqa: F811
    sid = _subject(scanned)
    with scanned.session() as s:
        set_verdict(s, sid, Verdict.VIOLATION, "王老师", "second_person", "两人同框")
    status, view = _status(scanned, sid)
    assert status == Status.AWAITING_SECOND and view.verdict_state is not None
    assert view.verdict_state.stage == Stage.AWAITING_SECOND and not view.verdict_state.final
    with pytest.raises(FourEyes) as same, scanned.session() as s:
        second_review(s, sid, "王老师", agree=True)
    assert same.value.code == "same_reviewer"
    assert _status(scanned, sid)[0] == Status.AWAITING_SECOND  # nothing was saved
    with scanned.session() as s:
        second_review(s, sid, "刘老师", agree=True, note="看过录像，同意")
    status, view = _status(scanned, sid)
    assert status == Status.REVIEWED and view.verdict_state is not None
    assert view.verdict_state.final and view.verdict_state.second_by == "刘老师"
    assert [st.kind for st in view.verdict_state.steps] == ["verdict", "second_review"]


def test_a_disputed_zero_goes_to_the_committee_whose_verdict_is_final(
    scanned: Database,  # noqa: F811
) -> None:
    sid = _subject(scanned)
    with scanned.session() as s:
        set_verdict(s, sid, Verdict.VIOLATION, "王老师", "phone")
    with scanned.session() as s:
        second_review(s, sid, "刘老师", agree=False, note="是计算器，不是手机")
    status, view = _status(scanned, sid)
    assert status == Status.NEEDS_COMMITTEE and view.verdict_state is not None
    assert view.verdict_state.disputed
    with pytest.raises(FourEyes) as outsider, scanned.session() as s:
        committee_verdict(s, sid, "刘老师", Verdict.NO_VIOLATION, "不是手机", COMMITTEE)
    assert outsider.value.code == "not_committee"
    with pytest.raises(FourEyes) as silent, scanned.session() as s:
        committee_verdict(s, sid, "张主任", Verdict.NO_VIOLATION, " ", COMMITTEE)
    assert silent.value.code == "committee_note"
    with scanned.session() as s:
        committee_verdict(s, sid, "张主任", Verdict.NO_VIOLATION, "计算器，不违规", COMMITTEE)
    status, view = _status(scanned, sid)
    assert status == Status.REVIEWED and view.verdict_state is not None
    assert view.verdict_state.verdict == Verdict.NO_VIOLATION and view.verdict_state.by == "张主任"
    with pytest.raises(FourEyes) as late, scanned.session() as s:
        set_verdict(s, sid, Verdict.VIOLATION, "王老师")
    assert late.value.code == "committee_decided"


def test_asking_for_the_committee_puts_the_subject_in_its_queue(
    scanned: Database,  # noqa: F811
) -> None:
    sid = _subject(scanned)
    with scanned.session() as s:
        set_verdict(s, sid, Verdict.NEEDS_COMMITTEE, "王老师", note="看不清")
        queue = review.review_queue(s)
    assert [i.subject_id for i in queue if i.status == Status.NEEDS_COMMITTEE] == [sid]
    with pytest.raises(FourEyes) as nothing, scanned.session() as s:
        second_review(s, sid, "刘老师", agree=True)
    assert nothing.value.code == "nothing_to_review"


def test_no_violation_needs_one_grader_and_roles_come_from_names() -> None:
    assert role_of("张主任 ", COMMITTEE) == Role.COMMITTEE
    assert role_of("王老师", COMMITTEE) == Role.GRADER


def test_every_step_is_in_the_audit_trail_with_its_role(scanned: Database) -> None:  # noqa: F811
    sid = _subject(scanned)
    with scanned.session() as s:
        set_verdict(s, sid, Verdict.VIOLATION, "王老师", "mirror")
    with scanned.session() as s:
        second_review(s, sid, "刘老师", agree=False)
    with scanned.session() as s:
        committee_verdict(s, sid, "张主任", Verdict.VIOLATION, "镜子可见", COMMITTEE)
    with scanned.session() as s:
        trail = [(a.action, a.grader, a.role) for a in review.audit_trail(s, sid)]
    assert trail == [
        ("verdict", "王老师", "grader"),
        ("second_review", "刘老师", "grader"),
        ("committee", "张主任", "committee"),
    ]
