"""The optional candidate roster: `EXPORT/roster.csv` and `EXPORT/<candidate>/photo.jpg`.

`roster.csv` has the header `candidate_id,name,photo,language` (every column but
`candidate_id` may be empty or absent). `photo` is a path relative to the export
root; where it is empty, `<candidate_id>/photo.jpg` (or `.jpeg`, `.png`) is used if it
exists. `language` is the language registered at the first round (ISO 639-1, e.g.
`zh`, `en`). The identity stage reads the photo, the speech stage the name and
language. A broken roster never stops a scan: its problems come back as warnings.
"""

from __future__ import annotations

import csv
import io
import logging
import unicodedata
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

ROSTER_NAME = "roster.csv"
PHOTO_NAMES = ("photo.jpg", "photo.jpeg", "photo.png")
MAX_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class RosterEntry:
    candidate_id: str
    name: str = ""
    photo: Path | None = None  # absolute path of an existing file inside the export
    language: str = ""  # ISO 639-1, lower case; "" if not registered


@dataclass(frozen=True)
class Roster:
    entries: dict[str, RosterEntry]
    warnings: tuple[str, ...] = ()

    def get(self, candidate_id: str) -> RosterEntry | None:
        return self.entries.get(_norm(candidate_id))


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _inside(root: Path, rel: str) -> Path | None:
    """`rel` resolved under `root`, or None if it leaves the export or is not a file."""
    try:
        path = (root / rel).resolve()
        path.relative_to(root.resolve())
    except (ValueError, OSError):
        return None
    return path if path.is_file() else None


def _default_photo(root: Path, candidate_id: str) -> Path | None:
    for name in PHOTO_NAMES:
        found = _inside(root, f"{candidate_id}/{name}")
        if found is not None:
            return found
    return None


def load_roster(root: Path) -> Roster:
    """Read the roster of the export at `root` (an empty roster if there is none)."""
    warnings: list[str] = []
    entries: dict[str, RosterEntry] = {}
    path = root / ROSTER_NAME
    rows: list[dict[str, str]] = []
    if path.is_file():
        try:
            if path.stat().st_size > MAX_BYTES:
                raise ValueError(f"larger than {MAX_BYTES // 2**20} MiB")
            text = path.read_bytes().decode("utf-8-sig")
            reader = csv.DictReader(io.StringIO(text))
            if reader.fieldnames is None or "candidate_id" not in [
                _norm(f) for f in reader.fieldnames
            ]:
                raise ValueError("no candidate_id column in its header")
            rows = [{_norm(k or ""): (v or "") for k, v in row.items()} for row in reader]
        except (OSError, UnicodeDecodeError, csv.Error, ValueError) as exc:
            warnings.append(f"{ROSTER_NAME}: not read ({exc})")
            rows = []
    for n, row in enumerate(rows, start=2):
        cid = _norm(row.get("candidate_id", ""))
        if not cid:
            warnings.append(f"{ROSTER_NAME} line {n}: no candidate_id")
            continue
        if cid in entries:
            warnings.append(f"{ROSTER_NAME} line {n}: candidate {cid} listed twice (first kept)")
            continue
        photo_rel = _norm(row.get("photo", ""))
        photo = _inside(root, photo_rel) if photo_rel else None
        if photo_rel and photo is None:
            warnings.append(f"{ROSTER_NAME} line {n}: photo {photo_rel!r} not found in the export")
        entries[cid] = RosterEntry(
            cid,
            name=_norm(row.get("name", "")),
            photo=photo or _default_photo(root, cid),
            language=_norm(row.get("language", "")).lower(),
        )
    for w in warnings:
        log.warning("%s", w)
    return Roster(entries, tuple(warnings))


def photo_for(root: Path, roster: Roster, candidate_id: str) -> Path | None:
    """The candidate's reference photo: the roster's, else `<candidate>/photo.*`."""
    entry = roster.get(candidate_id)
    if entry is not None and entry.photo is not None:
        return entry.photo
    return _default_photo(root, _norm(candidate_id))
