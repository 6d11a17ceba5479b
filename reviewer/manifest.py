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

from analysis.flags import Camera
from reviewer.errors import UserError
from reviewer.paths import PathEscape, safe_join

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


@dataclass
class Manifest:
    rows: list[ManifestRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    usable: bool = True  # False: fall back to discovering files by layout
    raw: bytes = b""


def read_manifest(root: Path) -> Manifest | None:
    """Parse EXPORT/manifest.csv; row problems are collected, never raised."""
    path = root / MANIFEST_NAME
    if not path.is_file():
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Manifest(errors=[f"{MANIFEST_NAME}: cannot read: {exc}"], usable=False)
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
    refused = None
    try:
        safe_join(root, vals["path"])
    except PathEscape as exc:
        refused = str(exc)
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


def check_signature(root: Path, manifest: Manifest | None, key: Ed25519PublicKey) -> str | None:
    """None when the signature verifies, else why not (for a `signature_invalid` flag)."""
    if manifest is None:
        return f"a manifest key is configured but the export has no {MANIFEST_NAME}"
    sig_path = root / SIGNATURE_NAME
    if not sig_path.is_file():
        return f"{SIGNATURE_NAME} is missing"
    try:
        sig = sig_path.read_bytes()
    except OSError as exc:
        return f"cannot read {SIGNATURE_NAME}: {exc}"
    if len(sig) != 64:
        return f"{SIGNATURE_NAME} is {len(sig)} bytes; a raw Ed25519 signature is 64"
    try:
        key.verify(sig, manifest.raw)
    except InvalidSignature:
        return (
            f"{SIGNATURE_NAME} does not verify: the manifest was changed or signed by another key"
        )
    return None
