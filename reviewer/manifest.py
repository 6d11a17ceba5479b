"""The optional platform manifest (`manifest.csv`) and its Ed25519 signature."""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from analysis.flags import Camera, FactValue, Flag
from reviewer.errors import UserError
from reviewer.paths import PathEscape, ensure_inside, file_kind, safe_join
from reviewer.reasons import signature_flag

log = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.csv"
SIGNATURE_NAME = "manifest.csv.sig"
COLUMNS = ("candidate_id", "subject", "camera", "path", "sha256", "started_at")
CAMERA_NAMES = {"main": Camera.MAIN, "aux": Camera.AUX, "主机": Camera.MAIN, "辅机": Camera.AUX}
_HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")


@dataclass(frozen=True)
class ManifestRow:
    line: int
    candidate_id: str
    subject: str
    camera: Camera
    path: str
    sha256: str | None  # lower-case hex, None when the row had none or bad hex
    started_at: datetime | None
    refused: str | None = None  # why `path` was refused (it escapes the export)
    refused_code: str | None = None  # PathEscape.code of that refusal


@dataclass
class Manifest:
    rows: list[ManifestRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    usable: bool = True  # False: fall back to discovering files by layout
    raw: bytes = b""
    # why it was not read, as a signature_invalid reason code and facts
    unread: tuple[str, dict[str, FactValue]] | None = None


def read_inside(root: Path, name: str) -> bytes | tuple[str, dict[str, FactValue]] | None:
    """The bytes of EXPORT/name; None if there is no such file; else why it was not read
    (a signature_invalid code and facts): a link out of the export, a link loop, a
    FIFO or device (never opened: a FIFO would block), or a read error."""
    path = root / name
    try:
        st = path.lstat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return "manifest_unreadable", {"file": name, "error": exc.strerror or str(exc)}
    try:
        if path.is_symlink():
            ensure_inside(root, path, name)
            st = path.stat()
    except PathEscape as exc:
        if exc.code == "link_outside":
            return "manifest_link_outside", {"file": name}
        return "manifest_unreadable", {"file": name, "error": str(exc)}
    except OSError as exc:
        return "manifest_unreadable", {"file": name, "error": exc.strerror or str(exc)}
    kind = file_kind(st.st_mode)
    if kind != "regular":
        return "manifest_unreadable", {"file": name, "error": f"not a regular file ({kind})"}
    try:
        return path.read_bytes()
    except OSError as exc:
        return "manifest_unreadable", {"file": name, "error": exc.strerror or str(exc)}


def read_manifest(root: Path) -> Manifest | None:
    """Parse EXPORT/manifest.csv; row problems are collected, never raised."""
    raw = read_inside(root, MANIFEST_NAME)
    if raw is None:
        return None
    if not isinstance(raw, bytes):
        why = signature_flag(raw[0], **raw[1]).detail
        return Manifest(errors=[f"{MANIFEST_NAME}: refused: {why}"], usable=False, unread=raw)
    m = Manifest(raw=raw)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        m.errors.append(f"{MANIFEST_NAME}: not UTF-8 ({exc}); ignoring it")
        m.usable = False
        return m
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        m.errors.append(
            f"{MANIFEST_NAME}: missing columns {', '.join(missing)}; "
            "ignoring it and discovering files by layout"
        )
        m.usable = False
        return m
    reader.fieldnames = header
    seen: dict[tuple[str, str, Camera], ManifestRow] = {}
    for n, rec in enumerate(reader, start=2):
        row = _parse_row(root, n, rec, m.errors)
        if row is None:
            continue
        key = (row.candidate_id, row.subject, row.camera)
        if key in seen:
            first = seen[key]
            same = (first.path, first.sha256) == (row.path, row.sha256)
            m.errors.append(
                f"{MANIFEST_NAME} line {n}: duplicate of line {first.line} for "
                f"{row.candidate_id}/{row.subject}/{row.camera.value}"
                + ("" if same else f" with different path or hash; keeping line {first.line}")
            )
            continue
        seen[key] = row
        m.rows.append(row)
    return m


def _parse_row(
    root: Path, n: int, rec: dict[str, str | None], errors: list[str]
) -> ManifestRow | None:
    where = f"{MANIFEST_NAME} line {n}"
    vals = {k: (rec.get(k) or "").strip() for k in COLUMNS}
    if not vals["candidate_id"] or not vals["subject"]:
        errors.append(f"{where}: empty candidate_id or subject; row ignored")
        return None
    camera = CAMERA_NAMES.get(vals["camera"].lower())
    if camera is None:
        errors.append(
            f"{where}: unknown camera {vals['camera']!r} (expected main or aux); row ignored"
        )
        return None
    if "\x00" in vals["candidate_id"] + vals["subject"]:
        errors.append(f"{where}: NUL byte in candidate_id or subject; row ignored")
        return None
    refused = refused_code = None
    try:
        safe_join(root, vals["path"])
    except PathEscape as exc:
        refused, refused_code = str(exc), exc.code
        errors.append(f"{where}: refused: {exc}")
    sha: str | None = vals["sha256"].lower() or None
    if sha is not None and not _HEX64.match(sha):
        errors.append(
            f"{where}: sha256 {vals['sha256']!r} is not 64 hex digits; "
            "hash not checked for this recording"
        )
        sha = None
    started: datetime | None = None
    if vals["started_at"]:
        try:
            started = datetime.fromisoformat(vals["started_at"])
        except ValueError:
            errors.append(f"{where}: started_at {vals['started_at']!r} is not ISO-8601")
        else:
            if started.tzinfo is None:
                errors.append(
                    f"{where}: started_at {vals['started_at']!r} has no timezone; ignored"
                )
                started = None
    return ManifestRow(
        n,
        vals["candidate_id"],
        vals["subject"],
        camera,
        vals["path"].replace("\\", "/"),
        sha,
        started,
        refused,
        refused_code,
    )


def load_public_key(path: Path) -> Ed25519PublicKey:
    """Read an Ed25519 public key (PEM); anything else is a UserError."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read manifest key {path}: {exc.strerror or exc}") from exc
    try:
        key = load_pem_public_key(data)
    except (ValueError, TypeError) as exc:
        raise UserError(f"manifest key {path} is not a PEM public key") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise UserError(f"manifest key {path} is a {type(key).__name__}, not Ed25519")
    return key


def check_signature(root: Path, manifest: Manifest | None, key: Ed25519PublicKey) -> Flag | None:
    """None when the signature verifies, else the `signature_invalid` flag saying why."""
    if manifest is None:
        return signature_flag("manifest_absent")
    if manifest.unread is not None:
        return signature_flag(manifest.unread[0], **manifest.unread[1])
    sig = read_inside(root, SIGNATURE_NAME)
    if sig is None:
        return signature_flag("signature_missing")
    if not isinstance(sig, bytes):
        code, facts = sig
        if code == "manifest_unreadable":
            return signature_flag("signature_unreadable", error=facts["error"])
        return signature_flag(code, **facts)
    if len(sig) != 64:
        return signature_flag("signature_malformed", bytes=len(sig))
    try:
        key.verify(sig, manifest.raw)
    except InvalidSignature:
        return signature_flag("signature_mismatch")
    return None
