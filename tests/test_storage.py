"""Storage: the migrations build exactly the ORM's schema, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from reviewer.report import build_report
from reviewer.scan import ScanOptions, run_scan
from reviewer.storage.db import Database, open_database
from reviewer.storage.models import Base

PG_URL = os.environ.get("DUALCAM_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def test_migrations_match_models(db: Database) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_opening_twice_is_idempotent(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'x.db'}"
    open_database(url).close()
    db = open_database(url)
    with db.engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == "0005"
    db.close()


@pytest.fixture
def pg_db() -> Iterator[Database]:
    """A throwaway schema in the local PostgreSQL (CI machines run one)."""
    try:
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            schema = f"t_{uuid.uuid4().hex[:10]}"
            conn.execute(text(f"create schema {schema}"))
    except Exception as exc:  # noqa: BLE001 - any connection failure means no server here
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {exc}")
    sep = "&" if "?" in PG_URL else "?"
    db = open_database(f"{PG_URL}{sep}options=-csearch_path%3D{schema}")
    yield db
    db.close()
    with admin.connect() as conn:
        conn.execute(text(f"drop schema {schema} cascade"))
    admin.dispose()


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
