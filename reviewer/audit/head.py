"""The chain's head row (the lock every append takes), the database's clock and
the canonical forms that are hashed and signed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from reviewer.errors import UserError
from reviewer.storage.models import AuditHeadRow, as_utc

GENESIS = "0" * 64  # the "previous hash" of the first entry
HEAD_ID = 1


def canonical(obj: Any) -> str:
    """The one JSON text of `obj` that is hashed: sorted keys, no spaces, UTF-8."""
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def time_text(at: datetime) -> str:
    """A database time as hashed: UTC, microseconds, e.g. 2026-11-30T05:10:03.123000Z."""
    return as_utc(at).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def lock_head(s: Session) -> tuple[int, str]:
    """Take the chain's lock (until the transaction ends); return (count, head hash)."""
    res = s.execute(
        update(AuditHeadRow)
        .where(AuditHeadRow.id == HEAD_ID)
        .values(count=AuditHeadRow.count)
        .execution_options(synchronize_session=False)
    )
    if getattr(res, "rowcount", 1) == 0:
        raise UserError(
            "the audit log's head row is missing: someone edited the database; "
            "run `main.py audit verify`",
            "audit_head_missing",
        )
    count, head = s.execute(
        select(AuditHeadRow.count, AuditHeadRow.hash).where(AuditHeadRow.id == HEAD_ID)
    ).one()
    return int(count), str(head)


def db_now(s: Session) -> datetime:
    """The database's clock, read after the lock (PostgreSQL: clock_timestamp)."""
    if s.get_bind().dialect.name == "postgresql":
        value = s.scalar(select(func.clock_timestamp()))
        assert isinstance(value, datetime)
        return value.astimezone(UTC)
    text = s.scalar(select(func.strftime("%Y-%m-%d %H:%M:%f", "now")))
    return datetime.fromisoformat(str(text)).replace(tzinfo=UTC)
