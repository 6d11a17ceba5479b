"""The audit log as a hash chain: canonical content, sha256, and the append.

Each entry's hash is sha256 over the canonical JSON of its content (sequence
number, the database's time, actor, role, action, subject and flag ids, detail)
and the previous entry's hash; the first links to `GENESIS`. Appends are
serialised on the single head row (`audit_head`): its UPDATE takes a row lock
on PostgreSQL and the write lock on SQLite, held until the transaction ends, so
concurrent writers keep one chain and lose nothing.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import socket
from collections.abc import Mapping
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from reviewer.audit import checkpoints
from reviewer.audit.head import HEAD_ID, canonical, db_now, lock_head, time_text
from reviewer.paths import shown_name
from reviewer.storage.models import AuditHeadRow, AuditRow

log = logging.getLogger(__name__)

ROLES = frozenset({"grader", "committee", "system"})


def entry_content(
    seq: int,
    at: str,
    actor: str,
    role: str,
    action: str,
    subject_id: int | None,
    flag_id: int | None,
    detail: Any,
    prev_hash: str,
) -> dict[str, Any]:
    """What an entry's hash covers, as the object whose canonical JSON is hashed."""
    return {
        "seq": seq,
        "at": at,
        "actor": actor,
        "role": role,
        "action": action,
        "subject_id": subject_id,
        "flag_id": flag_id,
        "detail": detail,
        "prev": prev_hash,
    }


_text = json.encoder.encode_basestring  # a JSON string, non-ASCII kept (ensure_ascii=False)


def _int(n: int | None) -> str:
    return "null" if n is None else str(int(n))


def entry_hash(
    seq: int,
    at: str,
    actor: str,
    role: str,
    action: str,
    subject_id: int | None,
    flag_id: int | None,
    detail: Any,
    prev_hash: str,
) -> str:
    """sha256 (hex) of `canonical(entry_content(...))`: the content and the previous hash.

    Spelt out key by key (in sorted order) for speed: verifying a million entries
    runs this a million times. `tests/test_audit.py` checks it equals the canonical
    JSON of `entry_content`.
    """
    content = (
        f'{{"action":{_text(action)},"actor":{_text(actor)},"at":{_text(at)},'
        f'"detail":{canonical(detail)},"flag_id":{_int(flag_id)},"prev":{_text(prev_hash)},'
        f'"role":{_text(role)},"seq":{int(seq)},"subject_id":{_int(subject_id)}}}'
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def system_actor() -> str:
    """Who runs a scan or a batch job when no name is given: user@host."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


def _clean_detail(detail: Mapping[str, Any] | None) -> dict[str, Any]:
    """The detail as the database will hand it back (JSON round trip), with names
    that are not UTF-8 (surrogate escapes) written as `reviewer.paths.shown_name` does."""
    try:
        out = _valid_text(json.loads(json.dumps(dict(detail or {}), allow_nan=False)))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"audit detail is not plain JSON: {exc}") from exc
    assert isinstance(out, dict)
    return out


def _valid_text(value: Any) -> Any:
    if isinstance(value, str):
        return shown_name(value)
    if isinstance(value, list):
        return [_valid_text(v) for v in value]
    if isinstance(value, dict):
        return {shown_name(k): _valid_text(v) for k, v in value.items()}
    return value


def append(
    s: Session,
    actor: str,
    role: str,
    action: str,
    *,
    subject_id: int | None = None,
    flag_id: int | None = None,
    detail: Mapping[str, Any] | None = None,
) -> AuditRow:
    """Append one entry to the chain, in the caller's transaction (committed with it).

    `actor`: a non-empty name; `role`: grader | committee | system. Where a
    signing key is configured (`reviewer.audit.configure`), every
    `checkpoint_every`-th entry also writes a signed checkpoint.
    """
    actor = shown_name(actor.strip())
    if not actor:
        raise ValueError("an audit entry needs an actor's name")
    if role not in ROLES:
        raise ValueError(f"audit role must be one of {sorted(ROLES)}, not {role!r}")
    if not action or len(action) > 32:
        raise ValueError(f"bad audit action {action!r}")
    clean = _clean_detail(detail)
    count, prev = lock_head(s)
    seq = count + 1
    at = db_now(s)
    digest = entry_hash(seq, time_text(at), actor, role, action, subject_id, flag_id, clean, prev)
    row = AuditRow(
        seq=seq,
        at=at,
        grader=actor,
        role=role,
        action=action,
        subject_id=subject_id,
        flag_id=flag_id,
        detail=clean,
        prev_hash=prev,
        hash=digest,
    )
    s.add(row)
    s.flush()
    s.execute(
        update(AuditHeadRow)
        .where(AuditHeadRow.id == HEAD_ID)
        .values(count=seq, hash=digest)
        .execution_options(synchronize_session=False)
    )
    checkpoints.after_append(s, seq)
    return row
