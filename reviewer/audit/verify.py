"""Verify the chain: from the database or from an exported JSONL file.

Every entry's hash is recomputed from its content and the previous entry's
hash; the sequence numbers must run 1, 2, 3... An edited entry fails its own
hash; a deleted, inserted or moved one breaks the numbering or the link. A tail
cut off, or a chain rewritten from some entry on with fresh hashes, is caught
only by a checkpoint taken after it: with `key`, by one signed with that key.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from reviewer.audit.chain import entry_hash
from reviewer.audit.checkpoints import key_id, signature_ok
from reviewer.audit.head import GENESIS, HEAD_ID, time_text
from reviewer.errors import UserError
from reviewer.storage.models import AuditCheckpointRow, AuditHeadRow

log = logging.getLogger(__name__)

MAX_PROBLEMS = 50  # listed; the first is the first bad entry


class Entry(NamedTuple):
    seq: int
    at: str  # as hashed (`head.time_text`)
    actor: str
    role: str
    action: str
    subject_id: int | None
    flag_id: int | None
    detail: Any
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class Checkpoint:
    id: int
    count: int
    head: str
    at: str
    reason: str
    key_id: str | None
    signature: str | None


@dataclass
class Verification:
    entries: int = 0
    head: str = GENESIS
    problems: list[tuple[int, str]] = field(default_factory=list)  # (entry seq, what)
    signed_ok: int = 0  # checkpoints whose signature the given key verifies
    covered: int = 0  # entries covered by a checkpoint that checks out (signed, with a key)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_bad(self) -> int | None:
        return min(seq for seq, _ in self.problems) if self.problems else None

    def problem(self, seq: int, what: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append((seq, what))


def verify(
    entries: Iterable[Entry],
    checkpoints: Iterable[Checkpoint],
    key: Ed25519PublicKey | None = None,
    head: tuple[int, str] | None = None,
) -> Verification:
    """Check the chain, in the order given, against the checkpoints (and the head row)."""
    cps = list(checkpoints)
    wanted = {c.count for c in cps}
    hash_at: dict[int, str] = {}
    v = Verification()
    expected, prev = 1, GENESIS
    for e in entries:
        if e.seq != expected:
            if e.seq > expected:
                gone = f"{expected}" if e.seq == expected + 1 else f"{expected}..{e.seq - 1}"
                v.problem(expected, f"entry {gone} missing (deleted), or entry {e.seq} moved")
            else:
                v.problem(e.seq, f"entry {e.seq} out of order (after entry {expected - 1})")
        computed = entry_hash(
            e.seq, e.at, e.actor, e.role, e.action, e.subject_id, e.flag_id, e.detail, e.prev_hash
        )
        if computed != e.hash:
            v.problem(
                e.seq, f"entry {e.seq} ({e.action} by {e.actor}) does not match its hash: edited"
            )
        elif e.prev_hash != prev and e.seq == expected:
            v.problem(
                e.seq,
                f"entry {e.seq} does not link to entry {e.seq - 1}: "
                "an entry before it was deleted, inserted or moved",
            )
        if e.seq in wanted:
            hash_at[e.seq] = e.hash
        prev, expected = e.hash, max(expected, e.seq) + 1
        v.entries += 1
    v.head = prev
    last = expected - 1
    if head is not None and (head[0] != last or head[1] != prev):
        v.problem(
            min(head[0], last) + 1 if head[0] != last else last,
            f"the head row records {head[0]} entries (head {head[1][:12]}), "
            f"the log has {last} (head {prev[:12]}): entries cut off or added around it",
        )
    _check_checkpoints(v, cps, hash_at, last, key)
    return v


def _check_checkpoints(
    v: Verification,
    cps: list[Checkpoint],
    hash_at: dict[int, str],
    last: int,
    key: Ed25519PublicKey | None,
) -> None:
    kid = key_id(key) if key is not None else None
    by_key = 0  # checkpoints whose signature the key verifies (their head right or not)
    for c in sorted(cps, key=lambda c: (c.count, c.id)):
        signed = c.signature is not None
        what = f"checkpoint {c.id} ({c.reason}, {c.at}, {'signed' if signed else 'unsigned'})"
        if key is not None and signed:
            assert c.signature is not None
            if not signature_ok(key, c.count, c.head, c.at, c.signature):
                other = f" (signed by key {c.key_id}, not {kid})" if c.key_id != kid else ""
                v.problem(c.count, f"{what}: its signature does not verify{other}: forged")
                continue
            by_key += 1
        if c.count > last:
            v.problem(
                last + 1,
                f"{what} records {c.count} entries, the log has {last}: "
                f"entries {last + 1}..{c.count} were deleted (truncated)",
            )
        elif c.count > 0 and hash_at.get(c.count) != c.head:
            v.problem(
                c.count,
                f"{what}: entry {c.count} does not match the checkpoint's head: "
                f"entries up to {c.count} were rewritten",
            )
        elif key is not None and signed:
            v.signed_ok += 1
            v.covered = max(v.covered, c.count)
    if key is None:
        v.notes.append(
            "no --key: checkpoints were checked for their head and count only; whoever "
            "can write the database could rewrite the chain and its checkpoints together"
        )
    elif by_key == 0:
        v.problem(1, f"no checkpoint signed by key {kid}: the chain cannot be proved")
    if key is not None and last > v.covered:
        v.notes.append(
            f"entries {v.covered + 1}..{last} were written after the last signed checkpoint: "
            "only the chain protects them (a cut-off tail there goes unnoticed)"
        )


def checkpoint_of(row: AuditCheckpointRow) -> Checkpoint:
    return Checkpoint(
        row.id, row.count, row.head, time_text(row.at), row.reason, row.key_id, row.signature
    )


ENTRY_SQL = (
    "select seq, at, grader, role, action, subject_id, flag_id, detail, prev_hash, hash"
    " from audit{where} order by seq"
)


def _at_text(at: Any) -> str:
    """The hashed form of a time as the driver hands it back, without SQLAlchemy's
    types (a million rows): a datetime (PostgreSQL), or SQLite's text, which
    SQLAlchemy writes as 'YYYY-MM-DD HH:MM:SS.ffffff', in UTC."""
    if isinstance(at, str):
        if len(at) == 26 and at[10] == " ":
            return f"{at[:10]}T{at[11:]}Z"
        return time_text(datetime.fromisoformat(at))
    return time_text(at)


def db_entries(s: Session, upto: int | None = None) -> Iterator[Entry]:
    """The database's entries in seq order, streamed (up to `upto`: the head read first)."""
    sql = ENTRY_SQL.format(where="" if upto is None else " where seq <= :upto")
    stmt = text(sql).execution_options(stream_results=True, yield_per=10_000)
    loads = json.loads
    for seq, at, actor, role, action, subject_id, flag_id, detail, prev, digest in s.execute(
        stmt, {"upto": upto}
    ):
        if isinstance(detail, str):
            detail = loads(detail)
        yield Entry(
            seq, _at_text(at), actor, role, action, subject_id, flag_id, detail, prev, digest
        )


def db_state(s: Session) -> tuple[tuple[int, str] | None, list[Checkpoint]]:
    """The head row (None: missing) and the checkpoints, read before the entries.

    The checkpoints are read first: the head only grows, so each of them counts at
    most the head read after them (a later append is left out, not half-seen)."""
    q = select(AuditCheckpointRow).order_by(AuditCheckpointRow.id)
    cps = [checkpoint_of(c) for c in s.scalars(q)]
    head = s.execute(
        select(AuditHeadRow.count, AuditHeadRow.hash).where(AuditHeadRow.id == HEAD_ID)
    ).first()
    return ((int(head[0]), str(head[1])) if head is not None else None), cps


def verify_database(s: Session, key: Ed25519PublicKey | None) -> Verification:
    head, cps = db_state(s)
    v = verify(db_entries(s, head[0] if head else None), cps, key, head)
    if head is None:
        v.problem(v.entries + 1, "the head row is missing: someone edited the database")
    return v


def jsonl_records(path: Path) -> tuple[list[Entry], list[Checkpoint]]:
    """An exported file's entries (in the file's order) and checkpoints."""
    entries: list[Entry] = []
    cps: list[Checkpoint] = []
    try:
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                obj = json.loads(line)
                kind = obj.pop("kind", None)
                if kind == "entry":
                    entries.append(Entry(**obj))
                elif kind == "checkpoint":
                    cps.append(Checkpoint(**obj))
                elif kind != "header":
                    raise ValueError(f"line {n}: unknown kind {kind!r}")
    except (OSError, UnicodeDecodeError, ValueError, TypeError) as exc:
        raise UserError(f"cannot read audit export {path}: {exc}") from exc
    return entries, cps
