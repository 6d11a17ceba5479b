"""Graders and scans at once: no decision lost, database order, no migration race.

Each test drives a second connection (a thread with its own session, or spawned
processes) against SQLite and a throwaway PostgreSQL schema or database.
"""

from __future__ import annotations

import multiprocessing
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import nullcontext
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select, text

from analysis.flags import Camera, Flag, FlagType
from reviewer import review, store
from reviewer import scan as scan_module
from reviewer.export import ExportPlan, PlannedRecording, PlannedSubject
from reviewer.review import FlagDecision, Verdict
from reviewer.scan import ScanOptions, run_scan
from reviewer.storage.db import Database, open_database
from reviewer.storage.models import AuditRow, DecisionRow, ExportRow, FlagRow, ScanRow
from tests.pg import database, fresh_database_url, open_at_once

TYPES = frozenset({FlagType.UNREADABLE.value})


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    with database(request.param, tmp_path) as db:
        yield db


def _one_subject(db: Database) -> tuple[int, int, int]:
    """An export with one subject (candidate c, subject s, a main file), and a scan row."""
    main = {Camera.MAIN: PlannedRecording(Camera.MAIN, "c/s/main.mp4")}
    with db.session() as s:
        export, subjects = store.sync_plan(
            s, ExportPlan(Path("/e"), [PlannedSubject("c", "s", main)])
        )
        scan = ScanRow(export_id=export.id, analysis_version="test")
        s.add(scan)
        s.flush()
        return export.id, subjects[("c", "s")].id, scan.id


def _backend_pid(s: Any) -> int | None:
    if s.get_bind().dialect.name != "postgresql":
        return None
    return int(s.execute(text("select pg_backend_pid()")).scalar_one())


def _wait_done_or_blocked(db: Database, t: threading.Thread, pid: list[int | None]) -> None:
    """Until the grader's thread finished or (PostgreSQL) waits on a row lock; bounded."""
    if db.engine.dialect.name != "postgresql":
        t.join(timeout=2.0)
        return
    with db.engine.connect() as conn:
        for _ in range(200):
            t.join(timeout=0.05)
            if not t.is_alive():
                return
            if pid and pid[0] is not None:
                waits = conn.execute(
                    text("select wait_event_type from pg_stat_activity where pid = :p"),
                    {"p": pid[0]},
                ).scalar()
                conn.rollback()
                if waits == "Lock":
                    return


def test_a_rescan_never_loses_a_decision(any_db: Database) -> None:
    """Input: one subject with a machine `unreadable` flag, 12 rounds. Each round a
    rescan (`store.replace_machine_flags` with an empty set: the flag vanished)
    is held just before it deletes the flag, while a second session decides on
    that flag and commits (or, where the rescan locked the row, waits). Every
    decision the grader was told was saved must still point at its flag, and the
    other outcome is the domain's FlagGone, never a raw database error."""
    db = any_db
    export_id, subject_id, scan_id = _one_subject(db)
    main = threading.main_thread()
    outcomes: list[str] = []
    lost: list[int] = []
    for rnd in range(12):
        with db.session() as s:
            flag = Flag(FlagType.UNREADABLE, Camera.MAIN, "", start_s=rnd, end_s=rnd + 1)
            store.replace_machine_flags(s, export_id, subject_id, [flag], scan_id, TYPES)
        with db.session() as s:
            fid = s.scalars(select(FlagRow.id).where(FlagRow.stale.is_(False))).one()
        pid: list[int | None] = []
        fired: list[threading.Thread] = []

        def grader(fid: int = fid, pid: list[int | None] = pid, rnd: int = rnd) -> None:
            try:
                with db.session() as s:
                    pid.append(_backend_pid(s))
                    review.decide_flag(s, fid, FlagDecision.CONFIRM, "Wang", str(rnd))
                outcomes.append("saved")
            except Exception as exc:  # noqa: BLE001 - the test reports what reached the grader
                outcomes.append(type(exc).__name__)

        def before(
            conn: Any,
            cursor: Any,
            statement: str,
            *_: Any,
            fired: list[threading.Thread] = fired,
            grader: Any = grader,
            pid: list[int | None] = pid,
        ) -> None:
            if (
                threading.current_thread() is main
                and not fired
                and statement.lstrip().upper().startswith("DELETE FROM FLAGS")
            ):
                t = threading.Thread(target=grader)
                fired.append(t)
                t.start()
                _wait_done_or_blocked(db, t, pid)

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            with db.session() as s:
                store.replace_machine_flags(s, export_id, subject_id, [], scan_id, TYPES)
        finally:
            event.remove(db.engine, "before_cursor_execute", before)
        assert fired, "the rescan deleted nothing"
        fired[0].join(timeout=60)
        assert not fired[0].is_alive()
        with db.session() as s:
            ours = list(s.scalars(select(DecisionRow).where(DecisionRow.note == str(rnd))))
            if outcomes[-1] == "saved" and (s.get(FlagRow, fid) is None or not ours):
                lost.append(rnd)
    assert {o for o in outcomes} <= {"saved", "FlagGone"}, outcomes
    assert lost == [], f"{len(lost)} of 12 decisions lost"
    with db.session() as s:
        decisions = list(s.scalars(select(DecisionRow)))
        view = review.subject_view(s, subject_id)
    assert len(decisions) == outcomes.count("saved")
    assert all(d.flag_id is not None for d in decisions)
    shown = {f.id for f in view.flags if f.decision == FlagDecision.CONFIRM}
    assert shown == {d.flag_id for d in decisions}


def test_a_flag_removed_under_the_grader_is_a_domain_error(any_db: Database) -> None:
    """Input: one subject with a machine `unreadable` flag, 6 rounds. Each round a
    grader's session has read the flag and is held just before it inserts the
    decision, while a rescan whose set no longer has the flag runs in a second
    session (or, where the grader locked the row, waits). The grader is told
    FlagGone (nothing saved) or the decision is saved on the kept, stale flag;
    a raw ForeignKeyViolation never reaches them."""
    db = any_db
    export_id, subject_id, scan_id = _one_subject(db)
    outcomes: list[str] = []
    grader_thread = threading.current_thread()
    for rnd in range(6):
        with db.session() as s:
            flag = Flag(FlagType.UNREADABLE, Camera.MAIN, "", start_s=rnd, end_s=rnd + 1)
            store.replace_machine_flags(s, export_id, subject_id, [flag], scan_id, TYPES)
        with db.session() as s:
            fid = s.scalars(select(FlagRow.id).where(FlagRow.stale.is_(False))).one()
        pid: list[int | None] = []
        fired: list[threading.Thread] = []

        def rescan(pid: list[int | None] = pid) -> None:
            with db.session() as s:
                pid.append(_backend_pid(s))
                store.replace_machine_flags(s, export_id, subject_id, [], scan_id, TYPES)

        def before(
            conn: Any,
            cursor: Any,
            statement: str,
            *_: Any,
            fired: list[threading.Thread] = fired,
            rescan: Any = rescan,
            pid: list[int | None] = pid,
        ) -> None:
            if (
                threading.current_thread() is grader_thread
                and not fired
                and statement.lstrip()
                .upper()
                .startswith(("INSERT INTO DECISIONS", "INSERT INTO AUDIT"))
            ):
                t = threading.Thread(target=rescan)
                fired.append(t)
                t.start()
                _wait_done_or_blocked(db, t, pid)

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            with db.session() as s:
                review.decide_flag(s, fid, FlagDecision.DISMISS, "Li", str(rnd))
            outcomes.append("saved")
        except Exception as exc:  # noqa: BLE001 - the test reports what reached the grader
            outcomes.append(type(exc).__name__)
        finally:
            event.remove(db.engine, "before_cursor_execute", before)
        assert fired, "the grader wrote nothing"
        fired[0].join(timeout=60)
        assert not fired[0].is_alive()
        with db.session() as s:
            ours = list(s.scalars(select(DecisionRow).where(DecisionRow.note == str(rnd))))
            kept = s.get(FlagRow, fid)
        if outcomes[-1] == "saved":
            assert kept is not None and kept.stale and [d.flag_id for d in ours] == [fid]
        else:
            assert ours == []
    assert set(outcomes) <= {"saved", "FlagGone"}, outcomes


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_eight_processes_open_a_fresh_database_at_once(kind: str, tmp_path: Path) -> None:
    """Input: an empty database (a new SQLite file's path, or a PostgreSQL
    database made with CREATE DATABASE); 8 spawned processes wait at a barrier,
    then each opens it (which migrates it). All succeed: the migrations used to
    race (PostgreSQL: duplicate key in pg_type_typname_nsp_index; SQLite: table
    already exists)."""
    ctx = multiprocessing.get_context("spawn")
    fresh = (
        fresh_database_url() if kind == "postgresql" else nullcontext(f"sqlite:///{tmp_path}/r.db")
    )
    with fresh as url:
        barrier = ctx.Barrier(8)
        results = ctx.Queue()
        procs = [ctx.Process(target=open_at_once, args=(url, barrier, results)) for _ in range(8)]
        for p in procs:
            p.start()
        try:
            got = [results.get(timeout=180) for _ in procs]
        finally:
            for p in procs:
                p.join(timeout=30)
                if p.is_alive():
                    p.kill()
        db = open_database(url)
        with db.engine.connect() as conn:
            head = conn.execute(text("select version_num from alembic_version")).scalars().all()
        db.close()
    assert got == ["ok"] * 8
    assert head == ["0009"]


def test_the_latest_decision_is_the_databases_order(any_db: Database) -> None:
    """Input: one subject with a machine flag. Li decides (confirm, verdict
    violation), then Wang, whose workstation's clock is an hour behind
    (simulated by a before_insert hook that back-dates his rows' timestamps, as
    his client wrote them), decides dismiss and verdict no_violation. Wang
    wrote last, so his are the current decision and verdict, and the audit
    trail lists the actions in the order they were written."""
    db = any_db
    export_id, subject_id, scan_id = _one_subject(db)
    with db.session() as s:
        flag = Flag(FlagType.UNREADABLE, Camera.MAIN, "", start_s=1, end_s=2)
        store.replace_machine_flags(s, export_id, subject_id, [flag], scan_id, TYPES)
    with db.session() as s:
        fid = s.scalars(select(FlagRow.id)).one()

    def back_date(mapper: Any, conn: Any, row: Any) -> None:
        if row.grader == "Wang":
            when = datetime.now(UTC) - timedelta(hours=1)
            if isinstance(row, DecisionRow):
                row.created_at = when
            else:
                row.at = when

    for model in (DecisionRow, AuditRow):
        event.listen(model, "before_insert", back_date)
    try:
        for grader, decision, verdict in (
            ("Li", FlagDecision.CONFIRM, Verdict.VIOLATION),
            ("Wang", FlagDecision.DISMISS, Verdict.NO_VIOLATION),
        ):
            with db.session() as s:
                review.decide_flag(s, fid, decision, grader)
            with db.session() as s:
                review.set_verdict(s, subject_id, verdict, grader)
    finally:
        for model in (DecisionRow, AuditRow):
            event.remove(model, "before_insert", back_date)
    with db.session() as s:
        view = review.subject_view(s, subject_id)
        trail = [(a.grader, a.action) for a in review.audit_trail(s, subject_id)]
    assert view.flags[0].decision == FlagDecision.DISMISS
    assert view.verdict == Verdict.NO_VIOLATION
    assert trail == [
        ("Li", "decide_flag"),
        ("Li", "verdict"),
        ("Wang", "decide_flag"),
        ("Wang", "verdict"),
    ]


def test_a_grader_is_told_who_decided_since_they_opened_the_subject(any_db: Database) -> None:
    """Input: one subject with a machine flag. Li opens the subject; Wang then
    confirms the flag and gives a verdict; Li, from what she saw, dismisses and
    gives her verdict. Li's decisions are saved (the latest), and each result
    names Wang's decision made since she opened the subject; Wang, deciding
    again from a fresh view, is told nothing."""
    db = any_db
    export_id, subject_id, scan_id = _one_subject(db)
    with db.session() as s:
        flag = Flag(FlagType.UNREADABLE, Camera.MAIN, "", start_s=1, end_s=2)
        store.replace_machine_flags(s, export_id, subject_id, [flag], scan_id, TYPES)
    with db.session() as s:
        li_view = review.subject_view(s, subject_id)
    (li_flag,) = li_view.flags
    assert li_flag.decision_id is None and li_view.verdict_decision_id is None
    with db.session() as s:
        wang = review.decide_flag(
            s, li_flag.id, FlagDecision.CONFIRM, "Wang", seen_decision_id=None
        )
        wang_verdict = review.set_verdict(
            s, subject_id, Verdict.VIOLATION, "Wang", seen_decision_id=None
        )
    assert wang.meanwhile == () and wang_verdict.meanwhile == ()
    with db.session() as s:
        li = review.decide_flag(
            s, li_flag.id, FlagDecision.DISMISS, "Li", seen_decision_id=li_flag.decision_id
        )
        li_verdict = review.set_verdict(
            s, subject_id, Verdict.NO_VIOLATION, "Li", seen_decision_id=li_view.verdict_decision_id
        )
    (told,) = li.meanwhile
    assert (told.decision_id, told.grader, told.kind, told.value) == (
        wang.decision_id,
        "Wang",
        "confirm",
        None,
    )
    assert told.at.tzinfo is not None and abs(datetime.now(UTC) - told.at) < timedelta(hours=1)
    (told_verdict,) = li_verdict.meanwhile
    assert (told_verdict.grader, told_verdict.kind, told_verdict.value) == (
        "Wang",
        "verdict",
        "violation",
    )
    with db.session() as s:
        view = review.subject_view(s, subject_id)
    assert view.flags[0].decision == FlagDecision.DISMISS
    assert view.flags[0].decision_id == li.decision_id
    assert view.flags[0].decided_by == "Li"
    assert view.verdict == Verdict.NO_VIOLATION
    assert view.verdict_decision_id == li_verdict.decision_id
    with db.session() as s:
        again = review.decide_flag(
            s,
            li_flag.id,
            FlagDecision.UNCERTAIN,
            "Wang",
            seen_decision_id=view.flags[0].decision_id,
        )
    assert again.meanwhile == ()


def test_two_graders_deciding_at_once_one_is_told(any_db: Database) -> None:
    """Input: one subject with a machine flag, 8 rounds. Each round Li and Wang,
    in two threads with their own sessions, read the flag's current decision,
    wait at a barrier, then decide on it at once, each passing what they saw.
    Both are saved; the one written second is told of the other's (the
    database serialises decisions on one flag), and the view shows the second."""
    db = any_db
    export_id, subject_id, scan_id = _one_subject(db)
    with db.session() as s:
        flag = Flag(FlagType.UNREADABLE, Camera.MAIN, "", start_s=1, end_s=2)
        store.replace_machine_flags(s, export_id, subject_id, [flag], scan_id, TYPES)
    with db.session() as s:
        fid = s.scalars(select(FlagRow.id)).one()
    for _ in range(8):
        barrier = threading.Barrier(2, timeout=30)
        results: dict[str, Any] = {}

        def grader(
            name: str, kind: FlagDecision, barrier: Any = barrier, results: Any = results
        ) -> None:
            with db.session() as s:
                seen = review.subject_view(s, subject_id).flags[0].decision_id
            barrier.wait()
            with db.session() as s:
                results[name] = review.decide_flag(s, fid, kind, name, seen_decision_id=seen)

        threads = [
            threading.Thread(target=grader, args=("Li", FlagDecision.CONFIRM)),
            threading.Thread(target=grader, args=("Wang", FlagDecision.DISMISS)),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not any(t.is_alive() for t in threads)
        first, second = sorted(results.values(), key=lambda r: r.decision_id)
        assert first.meanwhile == ()
        assert [m.decision_id for m in second.meanwhile] == [first.decision_id]
        with db.session() as s:
            assert review.subject_view(s, subject_id).flags[0].decision_id == second.decision_id


def test_a_scan_whose_process_is_gone_is_marked_interrupted(
    any_db: Database, tmp_path: Path
) -> None:
    """Input: two empty export folders, each scanned once; then scan rows written
    by hand for the first export, all `running`: one of this host whose process
    has exited (a spawned child's pid, after it ended), one of this very process,
    one of another host started an hour ago, one of another host started three
    days ago, and a dead one of this host for the second export. Scanning the
    first export again marks interrupted exactly the dead one of this host and
    the three-day-old one; its own row records this host and process."""
    db = any_db
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    run_scan(db, first, ScanOptions(workers=0, detect=None))
    run_scan(db, second, ScanOptions(workers=0, detect=None))
    child = multiprocessing.get_context("spawn").Process(target=int)
    child.start()
    child.join(timeout=60)
    dead = child.pid
    assert dead is not None
    here, now = socket.gethostname(), datetime.now(UTC)
    rows = {
        "dead here": (first, here, dead, now),
        "this process": (first, here, os.getpid(), now),
        "elsewhere, recent": (first, "elsewhere", dead, now - timedelta(hours=1)),
        "elsewhere, 3 days": (first, "elsewhere", dead, now - timedelta(days=3)),
        "other export": (second, here, dead, now),
    }
    ids = {}
    with db.session() as s:
        exports = {
            folder: s.scalars(
                select(ExportRow.id).where(ExportRow.root == str(folder.resolve()))
            ).one()
            for folder in (first, second)
        }
        for name, (folder, host, pid, started) in rows.items():
            row = ScanRow(
                export_id=exports[folder],
                analysis_version="test",
                status="running",
                host=host,
                pid=pid,
                started_at=started,
            )
            s.add(row)
            s.flush()
            ids[name] = row.id
    summary = run_scan(db, first, ScanOptions(workers=0, detect=None))
    with db.session() as s:
        status = {name: s.get(ScanRow, i).status for name, i in ids.items()}  # type: ignore[union-attr]
        mine = s.get(ScanRow, summary.scan_id)
        assert mine is not None
        assert (mine.status, mine.host, mine.pid) == ("completed", here, os.getpid())
    assert status == {
        "dead here": "interrupted",
        "this process": "running",
        "elsewhere, recent": "running",
        "elsewhere, 3 days": "interrupted",
        "other export": "running",
    }


def test_a_scan_that_raises_is_left_interrupted(
    any_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Input: an empty export folder scanned while writing the flags raises (the
    flag writer is replaced by one that raises RuntimeError, as a lost database
    connection would). The error reaches the caller and the scan's row says
    `interrupted`, not `running` (the desk's process lives on, so no later scan
    would find its owner gone)."""

    def broken(*_: object) -> None:
        raise RuntimeError("connection lost")

    monkeypatch.setattr(scan_module, "write_flags", broken)
    with pytest.raises(RuntimeError, match="connection lost"):
        run_scan(any_db, tmp_path, ScanOptions(workers=0, detect=None))
    with any_db.session() as s:
        assert [r.status for r in s.scalars(select(ScanRow))] == ["interrupted"]
