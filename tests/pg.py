"""PostgreSQL for tests: a throwaway schema or a whole fresh database on the local server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from reviewer.storage.db import Database, open_database

PG_URL = os.environ.get("DUALCAM_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _admin():  # type: ignore[no-untyped-def]
    try:
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # noqa: BLE001 - any connection failure means no server here
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {exc}")
    return admin


@contextmanager
def schema_url() -> Iterator[str]:
    """The URL of a new, empty schema (dropped afterwards)."""
    admin = _admin()
    schema = f"t_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f"create schema {schema}"))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"drop schema {schema} cascade"))
        admin.dispose()


@contextmanager
def schema_db() -> Iterator[Database]:
    """A migrated database in a new, empty schema."""
    with schema_url() as url:
        db = open_database(url)
        try:
            yield db
        finally:
            db.close()


@contextmanager
def fresh_database_url() -> Iterator[str]:
    """The URL of a new, empty database (CREATE DATABASE; dropped afterwards)."""
    admin = _admin()
    name = f"dualcam_t_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f"create database {name}"))
    base, _, query = PG_URL.partition("?")
    url = base.rsplit("/", 1)[0] + f"/{name}" + (f"?{query}" if query else "")
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"drop database {name} with (force)"))
        admin.dispose()


@contextmanager
def database(kind: str, folder: Path) -> Iterator[Database]:
    """A migrated SQLite file in `folder` (kind "sqlite") or PostgreSQL schema ("postgresql")."""
    if kind == "postgresql":
        with schema_db() as db:
            yield db
        return
    db = open_database(f"sqlite:///{folder / 'review.db'}")
    try:
        yield db
    finally:
        db.close()


def open_at_once(url: str, barrier: Any, results: Any) -> None:
    """In a spawned process: wait for the others, then open (and migrate) `url`."""
    barrier.wait(timeout=120)
    try:
        open_database(url).close()
        results.put("ok")
    except Exception as exc:  # noqa: BLE001 - the parent reports what went wrong
        results.put(f"{type(exc).__name__}: {exc}")
