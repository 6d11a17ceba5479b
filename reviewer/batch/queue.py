"""The job queue of overnight batches: procrastinate on the team's PostgreSQL.

procrastinate keeps its tables, types and functions in their own schema beside
ours: `<schema>_jobs` when the database URL sets a search_path (`options=-c
search_path=<schema>`, as the tests do), else `dualcam_jobs`. Its objects are
created on first use (`ensure_schema`, under an advisory lock); ours stay under
Alembic. Besides procrastinate's own objects that schema holds one small table,
`dualcam_batch_workers`, naming the host and process of each live worker.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import procrastinate
import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from reviewer.errors import UserError

DEFAULT_JOBS_SCHEMA = "dualcam_jobs"
NAMESPACE = "dualcam"
WORKERS_TABLE = "dualcam_batch_workers"
_LOCK_ID = 0x64756163  # "duac": advisory lock while creating the queue's schema


def conninfo(db_url: str) -> tuple[str, str]:
    """(libpq URL without `options`, the jobs schema) for a SQLAlchemy PostgreSQL URL."""
    try:
        url = make_url(db_url)
    except Exception as exc:
        raise UserError(f"not a database URL: {db_url}") from exc
    if url.get_backend_name() != "postgresql":
        raise UserError("batch needs a PostgreSQL database (--db postgresql://…)")
    options = url.query.get("options", "")
    if isinstance(options, tuple):
        options = " ".join(options)
    found = re.search(r"search_path\s*=\s*([A-Za-z0-9_]+)", unquote(options))
    schema = f"{found.group(1)}_jobs" if found else DEFAULT_JOBS_SCHEMA
    plain = url.set(drivername="postgresql").difference_update_query(["options"])
    return plain.render_as_string(hide_password=False), schema


def connect_kwargs(schema: str, role: str) -> dict[str, Any]:
    return {
        "options": f"-c search_path={schema}",
        "application_name": f"dualcam-batch {role} {socket.gethostname()} {os.getpid()}"[:63],
    }


def make_app(db_url: str, *, worker: bool = False, max_size: int = 2) -> procrastinate.App:
    """An app with the batch's tasks; `worker`: the async connector a worker runs on
    (sync calls still work through it), else the sync one for enqueuing and watching."""
    from reviewer.batch.tasks import register

    dsn, schema = conninfo(db_url)
    kwargs = connect_kwargs(schema, "worker" if worker else "client")
    connector: Any
    if worker:
        connector = procrastinate.PsycopgConnector(conninfo=dsn, kwargs=kwargs)
    else:
        connector = procrastinate.SyncPsycopgConnector(
            conninfo=dsn, kwargs=kwargs, min_size=1, max_size=max_size
        )
    app = procrastinate.App(connector=connector)
    register(app)
    return app


def connect(db_url: str) -> psycopg.Connection[Any]:
    """A plain connection to the jobs schema, for reading the queue (status, summary)."""
    dsn, schema = conninfo(db_url)
    return psycopg.connect(dsn, autocommit=True, **connect_kwargs(schema, "watch"))


def ensure_schema(db_url: str) -> str:
    """Create the jobs schema and procrastinate's objects in it, once (concurrent callers
    wait for one another). Returns the schema's name."""
    dsn, schema = conninfo(db_url)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("select pg_advisory_lock(%s)", (_LOCK_ID,))
        try:
            conn.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(schema)))
            exists = conn.execute(
                "select 1 from information_schema.tables "
                "where table_schema = %s and table_name = 'procrastinate_jobs'",
                (schema,),
            ).fetchone()
            if exists is None:
                conn.execute(
                    sql.SQL("set search_path to {}").format(sql.Identifier(schema)),
                )
                conn.execute(procrastinate.schema.SchemaManager.get_schema())
                conn.execute(
                    sql.SQL(
                        "create table {} (worker_id bigint primary key references "
                        "procrastinate_workers(id) on delete cascade, host text not null, "
                        "pid integer not null, started_at timestamptz not null default now())"
                    ).format(sql.Identifier(WORKERS_TABLE))
                )
        finally:
            conn.execute("select pg_advisory_unlock(%s)", (_LOCK_ID,))
    return schema


def drop_schema(db_url: str) -> None:
    """Remove the queue (for tests and for starting over)."""
    dsn, schema = conninfo(db_url)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("drop schema if exists {} cascade").format(sql.Identifier(schema)))


class PathMap:
    """Export roots as stored (the enqueuer's view) -> where this machine sees them.

    The longest stored prefix that matches wins; a root nothing maps is used as is.
    """

    def __init__(self, mapping: Mapping[str, str]) -> None:
        self._pairs = sorted(
            ((k.rstrip("/\\") or "/", v) for k, v in mapping.items()),
            key=lambda kv: -len(kv[0]),
        )

    @staticmethod
    def parse(items: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for item in items:
            stored, sep, local = item.partition("=")
            if not sep or not stored or not local:
                raise UserError(f"--map wants STORED=LOCAL, not {item!r}")
            out[stored] = local
        return out

    def local(self, stored_root: str) -> Path:
        for stored, local in self._pairs:
            if stored_root == stored:
                return Path(local)
            for sep in ("/", "\\"):
                if stored_root.startswith(stored + sep):
                    rest = stored_root[len(stored) + 1 :].replace("\\", "/")
                    return Path(local) / rest
        return Path(stored_root)
