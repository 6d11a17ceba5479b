"""Graders and scans at once: no decision lost, database order, no migration race.

Each test drives a second connection (a thread with its own session, or spawned
processes) against SQLite and a throwaway PostgreSQL schema or database.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select, text

from analysis.flags import Camera, Flag, FlagType
from reviewer import review, store
from reviewer.export import ExportPlan, PlannedRecording, PlannedSubject
from reviewer.review import FlagDecision
from reviewer.storage.db import Database, open_database
from reviewer.storage.models import DecisionRow, FlagRow, ScanRow
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


@pytest.mark.postgres
def test_eight_processes_open_a_fresh_database_at_once() -> None:
    """Input: a database made with CREATE DATABASE, empty; 8 spawned processes
    wait at a barrier, then each opens it (which migrates it). All succeed: the
    migrations used to race (duplicate key in pg_type_typname_nsp_index)."""
    ctx = multiprocessing.get_context("spawn")
    with fresh_database_url() as url:
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
    assert head == ["0006"]
