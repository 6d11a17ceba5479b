"""Find what an export holds and what it should hold.

Two layouts, freely mixed:

- nested: ``EXPORT/<candidate_id>/<subject>/main.<ext>`` and ``aux.<ext>``
- flat:   ``EXPORT/<candidate_id>_<subject>_<role>.<ext>``

with role ``main``/``aux``/``主机``/``辅机``. When ``manifest.csv`` is usable it
says which recordings must exist; the layout only fills in what it leaves out.
"""

from __future__ import annotations

import logging
import os
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from analysis.flags import Camera, Flag, FlagType
from reviewer.errors import UserError
from reviewer.manifest import (
    CAMERA_NAMES,
    MANIFEST_NAME,
    SIGNATURE_NAME,
    Manifest,
    check_signature,
    read_manifest,
)
from reviewer.paths import PathEscape, ensure_inside, safe_join

log = logging.getLogger(__name__)

VIDEO_EXTS = frozenset({".mp4", ".mov", ".m4v", ".mkv", ".webm", ".3gp"})
CAMERAS = (Camera.MAIN, Camera.AUX)
Key = tuple[str, str, Camera]


@dataclass(frozen=True)
class PlannedRecording:
    camera: Camera
    path: str | None  # relative to the export, posix; None when missing
    expected_sha256: str | None = None
    started_at: datetime | None = None
    missing_reason: str | None = None


@dataclass(frozen=True)
class PlannedSubject:
    candidate_id: str
    subject: str
    recordings: dict[Camera, PlannedRecording]


@dataclass
class ExportPlan:
    root: Path
    subjects: list[PlannedSubject] = field(default_factory=list)
    unrecognised: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    manifest_present: bool = False
    manifest_errors: list[str] = field(default_factory=list)
    signature: str = "not_checked"  # ok | invalid | not_checked
    export_flags: list[Flag] = field(default_factory=list)


def nfc(text: str) -> str:
    """Names from macOS exports arrive decomposed (NFD); compare them composed."""
    return unicodedata.normalize("NFC", text)


def classify(rel: str) -> Key | None:
    """The (candidate, subject, camera) a relative path names, or None."""
    parts = nfc(rel).split("/")
    name = parts[-1]
    stem, dot, ext = name.rpartition(".")
    if not dot or f".{ext.lower()}" not in VIDEO_EXTS:
        return None
    if len(parts) == 3:
        cam = CAMERA_NAMES.get(stem.lower())
        if cam is not None and parts[0] and parts[1]:
            return parts[0], parts[1], cam
        return None
    if len(parts) == 1:
        head, _, role = stem.rpartition("_")
        cam = CAMERA_NAMES.get(role.lower())
        cand, _, subject = head.partition("_")
        if cam is not None and cand and subject:
            return cand, subject, cam
    return None


def discover(root: Path, warnings: list[str]) -> tuple[dict[Key, str], list[str]]:
    """Walk the export (without following links out of it)."""
    found: dict[Key, str] = {}
    unrecognised: list[str] = []

    def on_error(err: OSError) -> None:
        warnings.append(f"cannot read {err.filename}: {err.strerror}")

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        here = Path(dirpath)
        dirnames.sort()
        for d in dirnames:
            if (here / d).is_symlink():
                warnings.append(
                    f"{(here / d).relative_to(root).as_posix()}: symlinked folder not followed"
                )
        for name in sorted(filenames):
            full = here / name
            rel = full.relative_to(root).as_posix()
            if rel in (MANIFEST_NAME, SIGNATURE_NAME):
                continue
            if full.is_symlink():
                try:
                    ensure_inside(root, full, rel)
                except PathEscape as exc:
                    warnings.append(f"refused: {exc}")
                    continue
            key = classify(rel)
            if key is None:
                unrecognised.append(rel)
            elif key in found:
                warnings.append(
                    f"{rel}: second file for {key[0]}/{key[1]}/{key[2].value}; using {found[key]}"
                )
                unrecognised.append(rel)
            else:
                found[key] = rel
    return found, unrecognised


def plan_export(root: Path, key: Ed25519PublicKey | None) -> ExportPlan:
    """Everything about an export that needs no decoding; raises UserError if unreadable."""
    if not root.exists():
        raise UserError(f"export folder not found: {root}")
    if not root.is_dir():
        raise UserError(f"export is not a folder: {root}")
    try:
        next(os.scandir(root), None)
    except OSError as exc:
        raise UserError(f"cannot read export folder {root}: {exc.strerror or exc}") from exc
    plan = ExportPlan(root=root)
    found, plan.unrecognised = discover(root, plan.warnings)
    manifest = read_manifest(root)
    plan.manifest_present = manifest is not None
    if manifest is not None:
        plan.manifest_errors = list(manifest.errors)
    if key is not None:
        problem = check_signature(root, manifest, key)
        plan.signature = "ok" if problem is None else "invalid"
        if problem:
            plan.export_flags.append(Flag(FlagType.SIGNATURE_INVALID, Camera.EXPORT, problem))
    if manifest is not None and manifest.usable:
        plan.subjects = _from_manifest(root, manifest, found, plan)
    else:
        plan.subjects = _from_layout(found)
    plan.unrecognised.sort()
    return plan


def _from_layout(found: dict[Key, str]) -> list[PlannedSubject]:
    pairs = sorted({(c, s) for c, s, _ in found})
    subjects = []
    for cand, subj in pairs:
        recs = {}
        for cam in CAMERAS:
            rel = found.get((cand, subj, cam))
            recs[cam] = PlannedRecording(
                cam, rel, missing_reason=None if rel else f"no {cam.value} recording in the export"
            )
        subjects.append(PlannedSubject(cand, subj, recs))
    return subjects


def _from_manifest(
    root: Path, manifest: Manifest, found: dict[Key, str], plan: ExportPlan
) -> list[PlannedSubject]:
    rows = {(nfc(r.candidate_id), nfc(r.subject), r.camera): r for r in manifest.rows}
    listed_paths = {nfc(r.path) for r in manifest.rows}
    plan.unrecognised = [u for u in plan.unrecognised if nfc(u) not in listed_paths]
    extra = sorted(
        rel for k, rel in found.items() if k not in rows and nfc(rel) not in listed_paths
    )
    pairs = sorted({(c, s) for c, s, _ in rows})
    subjects = []
    for cand, subj in pairs:
        recs = {}
        for cam in CAMERAS:
            row = rows.get((cand, subj, cam))
            if row is None:
                rel = found.get((cand, subj, cam))
                if rel is not None:
                    plan.warnings.append(f"{rel}: not listed in {MANIFEST_NAME}; hash not checked")
                    extra.remove(rel)
                recs[cam] = PlannedRecording(
                    cam, rel, missing_reason=f"{MANIFEST_NAME} lists no {cam.value} recording"
                )
                continue
            if row.refused:
                recs[cam] = PlannedRecording(
                    cam, None, row.sha256, row.started_at, f"manifest path refused: {row.refused}"
                )
                continue
            path = safe_join(root, row.path)
            exists = path.is_file()
            recs[cam] = PlannedRecording(
                cam,
                path.relative_to(root).as_posix() if exists else None,
                row.sha256,
                row.started_at,
                None
                if exists
                else f"listed in {MANIFEST_NAME} as {row.path} but the file is absent",
            )
        subjects.append(PlannedSubject(cand, subj, recs))
    for rel in extra:
        plan.warnings.append(f"{rel}: a recording not listed in {MANIFEST_NAME}; not scanned")
        plan.unrecognised.append(rel)
    return subjects
