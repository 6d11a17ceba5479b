"""Storage: the migrations build exactly the ORM's schema, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config as AlembicConfig
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, select, text

from analysis.flags import Camera
from reviewer import store
from reviewer.decisions import FlagDecision, decide_flag
from reviewer.errors import UserError
from reviewer.example import ExampleFiles
from reviewer.export import ExportPlan, PlannedRecording, PlannedSubject
from reviewer.report import build_report
from reviewer.scan import ScanOptions, run_scan
from reviewer.storage.db import MIGRATIONS, Database, open_database
from reviewer.storage.models import Base, DecisionRow, RecordingRow, SubjectRow
from tests.pg import schema_db, schema_url


def test_migrations_match_models(db: Database) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_opening_twice_is_idempotent(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'x.db'}"
    open_database(url).close()
    db = open_database(url)
    with db.engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == "0008"
    db.close()


@pytest.fixture
def pg_db() -> Iterator[Database]:
    """A throwaway schema in the local PostgreSQL (CI machines run one)."""
    with schema_db() as db:
        yield db


@pytest.mark.postgres
def test_same_scan_on_postgresql(pg_db: Database, db: Database, example_files) -> None:  # type: ignore[no-untyped-def]
    opts = ScanOptions(workers=0, detect=None)
    reports = []
    for database in (db, pg_db):
        run_scan(database, example_files.export, opts)
        with database.session() as s:
            reports.append(build_report(s, example_files.export.resolve()))
    assert reports[0] == reports[1]
    with pg_db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """The same test on a SQLite file and on a throwaway PostgreSQL schema."""
    if request.param == "postgresql":
        with schema_db() as db:
            yield db
    else:
        db = open_database(f"sqlite:///{tmp_path / 'review.db'}")
        yield db
        db.close()


def test_long_names_and_paths_are_stored_alike(
    any_db: Database, example_files: ExampleFiles, tmp_path: Path
) -> None:
    """Input: an export made by copying the example's 2026001/素描 pair under a
    candidate folder of 200 characters (nested layout), scanned without
    detection; then a plan built by hand whose main path has 1,100 characters
    (as a manifest may name it). Both databases store them whole (PostgreSQL
    used to refuse both with a DataError)."""
    export = tmp_path / "export"
    cand = "候" * 20 + "c" * 180  # 240 bytes: under the file system's 255
    (export / cand / "素描").mkdir(parents=True)
    for cam in ("main", "aux"):
        shutil.copy(
            example_files.export / "2026001" / "素描" / f"{cam}.mp4", export / cand / "素描"
        )
    summary = run_scan(any_db, export, ScanOptions(workers=0, detect=None))
    assert summary.status == "completed"
    with any_db.session() as s:
        report = build_report(s, export.resolve())
    (subject,) = report["subjects"]
    assert subject["candidate_id"] == cand
    assert subject["recordings"]["main"]["path"] == f"{cand}/素描/main.mp4"
    assert subject["flags"] == []

    long_path = "/".join(["d" * 99] * 11) + "/main.mp4"
    assert len(long_path) > 1024
    root = tmp_path / "other"
    plan = ExportPlan(
        root,
        [
            PlannedSubject(
                cand,
                "s" * 300,
                {Camera.MAIN: PlannedRecording(Camera.MAIN, long_path)},
            )
        ],
    )
    with any_db.session() as s:
        store.sync_plan(s, plan)
    with any_db.session() as s:
        subj = s.scalars(select(SubjectRow).where(SubjectRow.name == "s" * 300)).one()
        paths = list(s.scalars(select(RecordingRow.path).where(RecordingRow.subject_id == subj.id)))
    assert paths == [long_path]


def test_names_too_long_to_index_are_refused_alike(any_db: Database, tmp_path: Path) -> None:
    """Input: plans built by hand, one whose export root has 3,000 bytes and one
    with a candidate id of 3,000 bytes (as a manifest may name it). PostgreSQL
    cannot index either; both databases refuse the root with a UserError and
    skip the subject with a warning, keeping the rest."""
    long_root = ExportPlan(tmp_path / ("r" * 250) / ("r" * 250) / ("é" * 1250), [])
    with pytest.raises(UserError, match="too long"), any_db.session() as s:
        store.sync_plan(s, long_root)
    main = {Camera.MAIN: PlannedRecording(Camera.MAIN, "m.mp4")}
    plan = ExportPlan(
        tmp_path, [PlannedSubject("c" * 3000, "s", main), PlannedSubject("c", "s", main)]
    )
    with any_db.session() as s:
        _, subjects = store.sync_plan(s, plan)
    assert list(subjects) == [("c", "s")]
    assert len(plan.warnings) == 1 and "3000 bytes" in plan.warnings[0]


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_upgrade_to_0006_keeps_every_row(kind: str, tmp_path: Path) -> None:
    """Input: a database (SQLite file, or a new PostgreSQL schema) migrated to 0005
    and filled by SQL with one export, candidate, subject, recording, flag,
    decision and audit row; then opened (migrated to head). Every row is still
    there and linked (on SQLite, copying the widened tables must not cascade
    deletes), and a new decision takes its time from the database."""
    with ExitStack() as stack:
        if kind == "postgresql":
            url = stack.enter_context(schema_url())
        else:
            url = f"sqlite:///{tmp_path / 'old.db'}"
        _fill_at_0005(url)
        db = open_database(url)
        stack.callback(db.close)
        tables = ("exports", "candidates", "subjects", "recordings", "flags", "decisions", "audit")
        with db.engine.connect() as conn:
            counts = {t: conn.execute(text(f"select count(*) from {t}")).scalar() for t in tables}
            links = conn.execute(text("select flag_id, subject_id from decisions")).one()
            if kind == "sqlite":
                assert conn.execute(text("pragma foreign_keys")).scalar() == 1
        with db.session() as s:
            result = decide_flag(s, 1, FlagDecision.DISMISS, "Wang")
        with db.session() as s:
            row = s.get(DecisionRow, result.decision_id)
            assert row is not None and row.created_at is not None
    assert counts == dict.fromkeys(tables, 1)
    assert tuple(links) == (1, 1)


def _fill_at_0005(url: str) -> None:
    engine = create_engine(url)
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
        for sql in (
            "insert into exports (id, root, created_at, info) values (1, '/e', '2026-01-01', '{}')",
            "insert into candidates (id, export_id, candidate_id) values (1, 1, 'c')",
            "insert into subjects (id, candidate_pk, name) values (1, 1, 's')",
            "insert into recordings (id, subject_id, camera, path) values (1, 1, 'main', 'm')",
            "insert into flags (id, export_id, subject_id, type, camera, confidence, source,"
            " detail, stale, created_at) values (1, 1, 1, 'unreadable', 'main', 1, 'rule', '',"
            " false, '2026-01-01')",
            "insert into decisions (id, subject_id, flag_id, kind, note, grader, created_at)"
            " values (1, 1, 1, 'confirm', '', 'Li', '2026-01-01')",
            "insert into audit (id, at, grader, action, subject_id, flag_id, detail)"
            " values (1, '2026-01-01', 'Li', 'decide_flag', 1, 1, '{}')",
        ):
            conn.exec_driver_sql(sql)
        if engine.dialect.name == "postgresql":  # ids were given: move the sequences on
            for t in (
                "exports",
                "candidates",
                "subjects",
                "recordings",
                "flags",
                "decisions",
                "audit",
            ):
                conn.exec_driver_sql(f"select setval('{t}_id_seq', 1)")
    engine.dispose()
