"""Open a database by URL, migrate it to the current schema, hand out sessions."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from reviewer.errors import UserError

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
# pg_advisory_xact_lock key serialising migrations of one PostgreSQL database
# (any 64-bit number no other program on that server uses; this one spells "dualcam!")
MIGRATION_LOCK = 0x6475616C63616D21


class Database:
    """One engine and its session factory. Each unit of work gets its own session."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = _engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on error."""
        with self._sessions() as s:
            try:
                yield s
                s.commit()
            except BaseException:
                s.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


def open_database(url: str) -> Database:
    """Connect and migrate; any problem becomes a one-line UserError."""
    shown = _redact(url)
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        folder = Path(url.removeprefix("sqlite:///")).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"cannot create database folder {folder}: {exc.strerror}") from exc
    try:
        db = Database(url)
        migrate(db.engine)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise UserError(f"bad database URL {shown}: {exc}") from exc
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise UserError(
            f"cannot open database {shown}: {reason}", "database_unreachable", url=shown
        ) from exc
    return db


def migrate(engine: Engine) -> None:
    """Bring the schema to head.

    On PostgreSQL, the migration holds a transaction-scoped advisory lock: several
    workstations (or processes) opening a fresh database at once would otherwise
    create the same tables together and all but one fail. The others wait, then
    find the schema at head. On SQLite, the migration is one transaction that
    takes the write lock first (BEGIN IMMEDIATE), to the same end.

    On SQLite, foreign keys are off while migrating: changing a column copies
    its table (Alembic's batch mode), and dropping the old copy with foreign
    keys on would cascade its deletes into the tables that refer to it.
    """
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")  # no-op inside a transaction
            conn.commit()
        try:
            with conn.begin():
                if engine.dialect.name == "postgresql":
                    conn.execute(text("select pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
                elif sqlite:
                    conn.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock, before any read
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise SQLAlchemyError("foreign keys broken by the migration")
        finally:
            if sqlite:
                conn.rollback()
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()
    log.debug("database at head: %s", inspect(engine).get_table_names())


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def _redact(url: str) -> str:
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url
