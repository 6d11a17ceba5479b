"""The package as a BagIt bag (Library of Congress `bagit`), its Ed25519 signature,
and its offline verification.

`tagmanifest-sha256.txt` lists the sha256 of `bagit.txt`, `bag-info.txt` and
`manifest-sha256.txt`, which lists every payload file under `data/`; the
detached signature `tagmanifest-sha256.txt.sig` (base64 of the 64-byte Ed25519
signature of that file's bytes) therefore covers every byte of the package.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import bagit
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_pem_private_key,
)

from analysis.media.hashing import sha256_file
from reviewer.errors import UserError

if TYPE_CHECKING:
    from reviewer.evidence.package import Content

log = logging.getLogger(__name__)

TAGMANIFEST = "tagmanifest-sha256.txt"
SIGNATURE = TAGMANIFEST + ".sig"
KEY_FIELD = "Signing-Key-SHA256"
# Files that no manifest lists: the tag manifest itself and its signature.
UNLISTED = frozenset({TAGMANIFEST, SIGNATURE})


def key_fingerprint(key: Ed25519PublicKey) -> str:
    return hashlib.sha256(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).hexdigest()


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """Read an unencrypted Ed25519 private key (PEM); anything else is a UserError."""
    try:
        key = load_pem_private_key(path.expanduser().read_bytes(), password=None)
    except OSError as exc:
        raise UserError(f"cannot read signing key {path}: {exc.strerror}") from exc
    except (ValueError, TypeError) as exc:
        raise UserError(f"signing key {path} is not an unencrypted PEM private key") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise UserError(f"signing key {path} is a {type(key).__name__}, not Ed25519")
    return key


def make(folder: Path, content: Content, key: Ed25519PrivateKey | None) -> None:
    """Turn `folder` (its files become the payload under data/) into a signed bag."""
    f = content.facts
    info = {
        "Source-Organization": "DualCam Review",
        "External-Description": f"Evidence package: candidate {f.candidate_id}, "
        f"subject {f.subject}",
        "External-Identifier": f"{f.candidate_id}/{f.subject}",
        "Bagging-Date": content.created_at.date().isoformat(),
        "Contact-Name": content.grader,
    }
    if key is not None:
        info[KEY_FIELD] = key_fingerprint(key.public_key())
    bagit.make_bag(str(folder), info, processes=1, checksums=["sha256"])
    if key is not None:
        sig = key.sign((folder / TAGMANIFEST).read_bytes())
        (folder / SIGNATURE).write_text(base64.b64encode(sig).decode() + "\n", encoding="ascii")


@dataclass(frozen=True)
class Problem:
    kind: str  # changed | missing | extra | signature | bag
    path: str  # relative to the package ("" for the bag as a whole)
    detail: str = ""


@dataclass(frozen=True)
class Verification:
    problems: tuple[Problem, ...]
    files: int  # files whose hash was checked
    signature: str  # valid | invalid | absent | not_checked
    signer: str | None  # the fingerprint bag-info.txt names

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(path: Path, key: Ed25519PublicKey | None) -> Verification:
    """Check every file's hash, the bag's completeness and (with `key`) the signature."""
    if not any((path / n).exists() for n in ("bagit.txt", TAGMANIFEST, "data")):
        raise UserError(f"{path} is not an evidence package (no bagit.txt)", code="not_a_bag")
    problems: list[Problem] = []
    signer: object = None
    if (path / "bagit.txt").is_file():
        try:
            signer = bagit.Bag(str(path)).info.get(KEY_FIELD)
        except bagit.BagError as exc:
            problems.append(Problem("bag", "", str(exc)))
    # The manifests are read here, not through bagit, so that a missing one is
    # named (it is listed in the tag manifest) rather than ending the check.
    entries = _listed(path / TAGMANIFEST) | _listed(path / "manifest-sha256.txt")
    if not (path / TAGMANIFEST).is_file():
        problems.append(Problem("missing", TAGMANIFEST))
    checked = 0
    root = path.resolve()
    for rel, want in sorted(entries.items()):
        p = path / rel
        if root not in (path / rel).resolve().parents:
            problems.append(Problem("bag", rel, "a manifest names a file outside the package"))
            continue
        if not p.is_file():
            problems.append(Problem("missing", rel))
            continue
        checked += 1
        got = sha256_file(p)
        if want is None or got != want:
            problems.append(Problem("changed", rel, f"sha256 {got}, listed {want}"))
    for p in sorted(_files(path)):
        rel = p.relative_to(path).as_posix()
        if rel not in entries and rel not in UNLISTED:
            problems.append(Problem("extra", rel))
    sig_state = _signature(path, key, signer, problems)
    return Verification(tuple(problems), checked, sig_state, str(signer) if signer else None)


def _listed(manifest: Path) -> dict[str, str | None]:
    """path -> sha256 of a BagIt manifest ("HASH  PATH" lines, %-encoded CR, LF, %)."""
    if not manifest.is_file():
        return {}
    out: dict[str, str | None] = {}
    for line in manifest.read_text(encoding="utf-8", errors="replace").splitlines():
        digest, _, rel = line.strip().partition(" ")
        rel = rel.strip().replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")
        if rel:
            out[rel] = digest.lower() if len(digest) == 64 else None
    return out


def _files(root: Path) -> list[Path]:
    out: list[Path] = []
    for dirpath, _dirs, names in os.walk(root):
        out.extend(Path(dirpath) / n for n in names)
    return out


def _signature(
    path: Path, key: Ed25519PublicKey | None, signer: object, problems: list[Problem]
) -> str:
    sig_file, tag = path / SIGNATURE, path / TAGMANIFEST
    if not sig_file.is_file():
        if key is not None:
            problems.append(Problem("signature", SIGNATURE, "the package is not signed"))
        return "absent"
    if key is None:
        return "not_checked"
    try:
        sig = base64.b64decode(sig_file.read_text(encoding="ascii").strip(), validate=True)
        key.verify(sig, tag.read_bytes())
    except (InvalidSignature, binascii.Error, UnicodeDecodeError, ValueError, OSError):
        mine = key_fingerprint(key)
        why = "does not verify with the given key"
        if signer and signer != mine:
            why += f" (bag-info names key {signer}, the given key is {mine})"
        problems.append(Problem("signature", SIGNATURE, why))
        return "invalid"
    return "valid"
