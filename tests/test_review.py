"""The Qt-free review workflow: queue order, statuses, decisions and the audit trail."""

from __future__ import annotations

import hashlib

from analysis.flags import Camera, FlagType
from reviewer import review
from reviewer.example import ExampleFiles
from reviewer.manifest import load_public_key
from reviewer.review import FlagDecision, Status, Verdict
from reviewer.scan import ScanOptions, run_scan
from reviewer.storage.db import Database


def test_queue_status_follows_decisions(example_db: Database) -> None:
    db = example_db  # the example export scanned without detection
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
    assert (
        view.verdict == Verdict.VIOLATION and view.item.status == Status.AWAITING_SECOND
    )  # four eyes
    assert [a.action for a in trail] == ["decide_flag", "verdict"]
    assert trail[1].detail == {"verdict": "violation", "rule": "timestamp_gap", "note": "cut"}


def test_a_forged_manifest_reaches_every_subject_of_its_export(
    db: Database, example_files: ExampleFiles, example_copy: ExampleFiles
) -> None:
    """Input: the example export scanned as made, and a copy where 2026001/素描's
    main file got one byte changed in the middle (inside a frame's data, which
    no probe check decodes) and manifest.csv re-lists its new sha256 (the
    signature no longer verifies: signature_invalid, an export-level flag), both
    scanned with the platform key, without detection. The tampered file's hash
    is "ok" and its subject has no flag of its own; the export's flag must still
    show in that subject's queue row, rank it above the clean subjects of the
    untouched export, appear in its view, and be listed for the desk's banner."""
    main = example_copy.export / "2026001" / "素描" / "main.mp4"
    old_sha = hashlib.sha256(main.read_bytes()).hexdigest()
    data = bytearray(main.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one byte of a frame in the middle: no check sees it
    main.write_bytes(bytes(data))
    new_sha = hashlib.sha256(main.read_bytes()).hexdigest()
    manifest = example_copy.export / "manifest.csv"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(old_sha, new_sha), "utf-8")
    for ex in (example_files, example_copy):
        opts = ScanOptions(workers=0, detect=None, manifest_key=load_public_key(ex.public_key))
        run_scan(db, ex.export, opts)
    forged = str(example_copy.export.resolve())
    with db.session() as s:
        queue = review.review_queue(s)
        problems = review.export_problems(s)
    tampered = next(
        q
        for q in queue
        if q.export_root == forged and (q.candidate_id, q.subject) == ("2026001", "素描")
    )
    assert tampered.export_flags == ("signature_invalid",)
    assert "signature_invalid" in tampered.integrity and tampered.flag_total == 1
    clean_elsewhere = [q for q in queue if q.export_root != forged and q.priority == 0]
    assert clean_elsewhere
    assert queue.index(tampered) < min(queue.index(q) for q in clean_elsewhere)
    assert all(q.export_flags == ("signature_invalid",) for q in queue if q.export_root == forged)
    assert all(q.export_flags == () for q in queue if q.export_root != forged)
    with db.session() as s:
        view = review.subject_view(s, tampered.subject_id)
    assert view.flags == []
    (flag,) = view.export_flags
    assert (flag.type, flag.camera) == (FlagType.SIGNATURE_INVALID, Camera.EXPORT)
    (problem,) = problems
    assert problem.export_root == forged and problem.subjects == 8
    assert [f.type for f in problem.flags] == [FlagType.SIGNATURE_INVALID]
