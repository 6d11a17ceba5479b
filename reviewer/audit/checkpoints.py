"""Checkpoints: the chain's head hash and count at a moment, signed with Ed25519.

A checkpoint is written at every evidence export and at the end of every scan
(`write_checkpoint`), and, where a signing key is configured, every
`checkpoint_every` entries. Without a key the checkpoint is unsigned: it still
records the head, but whoever can write the database can rewrite it too, so
verifying against it proves less than against a signed one.

The process's key is set once at start (`configure`, from the `[audit]` table of
the configuration file); the signed message is `MESSAGE_PREFIX` followed by the
canonical JSON of {"count", "head", "at"}.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_pem_private_key,
    load_pem_public_key,
)
from sqlalchemy.orm import Session

from reviewer.audit.head import canonical, db_now, lock_head, time_text
from reviewer.errors import UserError
from reviewer.storage.models import AuditCheckpointRow

log = logging.getLogger(__name__)

MESSAGE_PREFIX = b"dualcam-audit-checkpoint/1\n"
DEFAULT_EVERY = 1000


@dataclass(frozen=True)
class Signer:
    key: Ed25519PrivateKey | None  # None: checkpoints are unsigned
    every: int = DEFAULT_EVERY  # with a key: a signed checkpoint every this many entries


_signer = Signer(None)


def configure(signing_key: Path | None, every: int = DEFAULT_EVERY) -> None:
    """Set this process's signing key (PEM, Ed25519 private) and checkpoint period.

    The desk and the CLI call it once at start with the configuration's `[audit]`
    values (`reviewer.config.Config.audit`)."""
    global _signer
    if every < 1:
        raise UserError(f"[audit] checkpoint_every must be 1 or more, not {every}")
    _signer = Signer(load_private_key(signing_key) if signing_key else None, every)


def signer() -> Signer:
    return _signer


def load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        key = load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise UserError(f"cannot read audit signing key {path}: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise UserError(f"audit signing key {path} is a {type(key).__name__}, not Ed25519")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    try:
        key = load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise UserError(f"cannot read audit public key {path}: {exc}") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise UserError(f"audit public key {path} is a {type(key).__name__}, not Ed25519")
    return key


def key_id(key: Ed25519PublicKey) -> str:
    """A short name of a public key: sha256 of its raw bytes, 16 hex digits."""
    return hashlib.sha256(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).hexdigest()[:16]


def message(count: int, head: str, at: str) -> bytes:
    return MESSAGE_PREFIX + canonical({"count": count, "head": head, "at": at}).encode()


def signature_ok(key: Ed25519PublicKey, count: int, head: str, at: str, signature: str) -> bool:
    try:
        key.verify(bytes.fromhex(signature), message(count, head, at))
    except (InvalidSignature, ValueError):
        return False
    return True


def write_checkpoint(s: Session, reason: str) -> AuditCheckpointRow:
    """Record the head (signed with the configured key, if any), in the caller's
    transaction; it holds the chain's lock, so the head is the one committed with it."""
    count, head = lock_head(s)
    at = db_now(s)
    row = AuditCheckpointRow(count=count, head=head, at=at, reason=reason[:32])
    key = _signer.key
    if key is not None:
        row.key_id = key_id(key.public_key())
        row.signature = key.sign(message(count, head, time_text(at))).hex()
    s.add(row)
    s.flush()
    log.debug("audit checkpoint %s at %d entries (%s)", reason, count, row.key_id or "unsigned")
    return row


def after_append(s: Session, seq: int) -> None:
    """Called by every append: a signed checkpoint every `every` entries, with a key."""
    if _signer.key is not None and seq % _signer.every == 0:
        write_checkpoint(s, "every_n")
