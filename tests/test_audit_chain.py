"""The audit chain under concurrent writers, and the upgrade of an existing trail.

Concurrent: 8 spawned processes each write decisions on one flag at once (after a
barrier), on a throwaway PostgreSQL schema and on a SQLite file in WAL mode.
Upgrade: a database migrated to 0006 and filled by SQL with audit rows, opened
(migrated to head).
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import create_engine, select, text

from reviewer.audit.verify import verify_database
from reviewer.review import FlagDecision, decide_flag
from reviewer.storage.db import MIGRATIONS, open_database
from reviewer.storage.models import AuditRow
from tests.pg import database, schema_url
from tests.test_audit import one_flag

WRITERS = 8
EACH = 10


def write_decisions(url: str, grader: str, flag_id: int, barrier: Any, results: Any) -> None:
    """In a spawned process: wait for the others, then save EACH decisions, one
    transaction each, with notes grader-0, grader-1..."""
    try:
        db = open_database(url)
        barrier.wait(timeout=120)
        for n in range(EACH):
            with db.session() as s:
                decide_flag(s, flag_id, FlagDecision.CONFIRM, grader, f"{grader}-{n}")
        db.close()
        results.put("ok")
    except Exception as exc:  # noqa: BLE001 - the parent reports what went wrong
        results.put(f"{type(exc).__name__}: {exc}")


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_eight_writers_keep_one_chain(kind: str, tmp_path: Path) -> None:
    """Input: one flag; 8 processes x 10 decisions at once. All succeed, the
    chain verifies, and it holds exactly one entry per decision (80, each note
    once), numbered 1..80."""
    with database(kind, tmp_path) as db:
        _, fid = one_flag(db)
        ctx = multiprocessing.get_context("spawn")
        barrier = ctx.Barrier(WRITERS)
        results = ctx.Queue()
        procs = [
            ctx.Process(target=write_decisions, args=(db.url, f"g{i}", fid, barrier, results))
            for i in range(WRITERS)
        ]
        for p in procs:
            p.start()
        try:
            got = [results.get(timeout=300) for _ in procs]
        finally:
            for p in procs:
                p.join(timeout=30)
                if p.is_alive():
                    p.kill()
        with db.session() as s:
            v = verify_database(s, None)
            notes = Counter(r.detail["note"] for r in s.scalars(select(AuditRow)))
            seqs = sorted(s.scalars(select(AuditRow.seq)))
    assert got == ["ok"] * WRITERS
    assert v.ok, v.problems
    assert v.entries == WRITERS * EACH
    assert seqs == list(range(1, WRITERS * EACH + 1))
    assert notes == Counter({f"g{i}-{n}": 1 for i in range(WRITERS) for n in range(EACH)})


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_upgrade_turns_the_existing_trail_into_the_chain(kind: str, tmp_path: Path) -> None:
    """Input: a database at 0006 with a subject, a flag and three audit rows
    inserted by SQL with ids 5, 2, 9 (out of insertion order). After opening
    it: the rows are entries 1-3 in the order of their ids, role grader, the
    chain verifies, and a new decision appends entry 4 to it."""
    sqlite_url = f"sqlite:///{tmp_path / 'old.db'}"
    with schema_url() if kind == "postgresql" else nullcontext(sqlite_url) as url:
        engine = create_engine(url)
        cfg = AlembicConfig()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0006")
            for sql in (
                "insert into exports (id, root, created_at, info)"
                " values (1, '/e', '2026-01-01', '{}')",
                "insert into candidates (id, export_id, candidate_id) values (1, 1, 'c')",
                "insert into subjects (id, candidate_pk, name) values (1, 1, 's')",
                "insert into flags (id, export_id, subject_id, type, camera, confidence, source,"
                " detail, stale, created_at) values (1, 1, 1, 'unreadable', 'main', 1, 'rule',"
                " '', false, '2026-01-01')",
                "insert into audit (id, at, grader, action, subject_id, flag_id, detail) values"
                " (5, '2026-01-02 10:00:00', 'Wang', 'verdict', 1, null,"
                ' \'{"verdict": "violation"}\')',
                "insert into audit (id, at, grader, action, subject_id, flag_id, detail) values"
                " (2, '2026-01-01 09:00:00', 'Li', 'decide_flag', 1, 1, '{\"note\": \"手机\"}')",
                "insert into audit (id, at, grader, action, subject_id, flag_id, detail) values"
                " (9, '2026-01-03 11:00:00.5', 'Li', 'add_flag', 1, 1, '{}')",
            ):
                conn.exec_driver_sql(sql)
            if engine.dialect.name == "postgresql":
                for t in ("exports", "candidates", "subjects", "flags"):
                    conn.exec_driver_sql(f"select setval('{t}_id_seq', 1)")
                conn.exec_driver_sql("select setval('audit_id_seq', 9)")
        engine.dispose()
        db = open_database(url)
        try:
            with db.session() as s:
                before = [(r.seq, r.id, r.grader, r.role) for r in s.scalars(select(AuditRow))]
                ok_before = verify_database(s, None).ok
            with db.session() as s:
                decide_flag(s, 1, FlagDecision.DISMISS, "Zhao")
            with db.session() as s:
                after = verify_database(s, None)
                version = s.execute(text("select version_num from alembic_version")).scalar()
        finally:
            db.close()
    assert sorted(before) == [
        (1, 2, "Li", "grader"),
        (2, 5, "Wang", "grader"),
        (3, 9, "Li", "grader"),
    ]
    assert ok_before and after.ok and after.entries == 4
    assert version == "0009"
