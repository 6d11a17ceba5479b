"""The Qt-free review workflow: queue order, statuses, decisions and the audit trail."""

from __future__ import annotations

from reviewer import review
from reviewer.example import ExampleFiles
from reviewer.review import FlagDecision, Status, Verdict
from reviewer.scan import ScanOptions, run_scan
from reviewer.storage.db import Database


def test_queue_status_follows_decisions(db: Database, example_files: ExampleFiles) -> None:
    run_scan(db, example_files.export, ScanOptions(workers=0, detect=None))
    with db.session() as s:
        queue = review.review_queue(s)
    assert len(queue) == 8
    assert [q.priority for q in queue] == sorted((q.priority for q in queue), reverse=True)
    clean = [q for q in queue if q.flag_total == 0]
    assert clean and all(q.priority == 0 for q in clean)
    top = queue[0]
    assert top.status == Status.UNREVIEWED and top.integrity
    with db.session() as s:
        flag = review.subject_view(s, top.subject_id).flags[0]
        review.decide_flag(s, flag.id, FlagDecision.DISMISS, "Li", "player glitch")
    with db.session() as s:
        item = review.subject_view(s, top.subject_id).item
    assert item.status == Status.IN_REVIEW and item.priority < top.priority
    with db.session() as s:
        review.set_verdict(s, top.subject_id, Verdict.VIOLATION, "Li", "timestamp_gap", "cut")
        view = review.subject_view(s, top.subject_id)
        trail = review.audit_trail(s, top.subject_id)
    assert view.verdict == Verdict.VIOLATION and view.item.status == Status.REVIEWED
    assert [a.action for a in trail] == ["decide_flag", "verdict"]
    assert trail[1].detail == {"verdict": "violation", "rule": "timestamp_gap", "note": "cut"}
