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
import stat
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from analysis.flags import Camera, FactValue, Flag
from reviewer.errors import UserError
from reviewer.manifest import (
    CAMERA_NAMES,
    MANIFEST_NAME,
    SIGNATURE_NAME,
    Manifest,
    ManifestRow,
    check_signature,
    read_manifest,
)
from reviewer.paths import PathEscape, ensure_inside, file_kind, safe_join, shown_name
from reviewer.reasons import missing_detail

log = logging.getLogger(__name__)

VIDEO_EXTS = frozenset({".mp4", ".mov", ".m4v", ".mkv", ".webm", ".3gp"})
CAMERAS = (Camera.MAIN, Camera.AUX)
Key = tuple[str, str, Camera]
# PathEscape.code of a refused link -> the missing_recording reason
LINK_CODES = {"link_outside": "link_outside_export", "symlink_loop": "symlink_loop"}


@dataclass(frozen=True)
class PlannedRecording:
    camera: Camera
    path: str | None  # relative to the export, posix; None when missing
    expected_sha256: str | None = None
    started_at: datetime | None = None
    missing_reason: str | None = None  # a code of reviewer.reasons.MISSING
    missing_facts: Mapping[str, FactValue] = field(default_factory=dict)

    @property
    def missing_detail(self) -> str | None:
        if self.missing_reason is None:
            return None
        return missing_detail(self.missing_reason, self.missing_facts)


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


@dataclass
class Discovery:
    """What a walk of the export found (all paths relative, posix, shown names)."""

    found: dict[Key, str] = field(default_factory=dict)
    # recordings by layout that are refused: key -> (missing reason code, facts)
    refused: dict[Key, tuple[str, dict[str, FactValue]]] = field(default_factory=dict)
    unrecognised: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # NFC name -> name on disk
    refused_files: dict[str, tuple[str, dict[str, FactValue]]] = field(default_factory=dict)

    def refuse(self, rel: str, code: str, facts: dict[str, FactValue]) -> None:
        self.refused_files[nfc(rel)] = (code, facts)
        key = classify(rel)
        if key is not None and key not in self.refused:
            self.refused[key] = (code, facts)


def discover(root: Path, warnings: list[str]) -> Discovery:
    """Walk the export without following links out of it, nor opening anything that
    is not a regular file (a FIFO would block the reader forever)."""
    disc = Discovery()

    def on_error(err: OSError) -> None:
        warnings.append(f"cannot read {err.filename}: {err.strerror}")

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        here = Path(dirpath)
        dirnames.sort()
        for d in dirnames:
            rel = shown_name((here / d).relative_to(root).as_posix())
            _warn_name(d, rel, warnings)
            if (here / d).is_symlink():
                warnings.append(f"{rel}: symlinked folder not followed")
            elif classify(rel) is not None:
                warnings.append(f"{rel}: a folder, not a recording; not opened")
                disc.refuse(rel, "not_a_regular_file", {"path": rel, "kind": "directory"})
        for name in sorted(filenames):
            full = here / name
            rel = shown_name(full.relative_to(root).as_posix())
            if rel in (MANIFEST_NAME, SIGNATURE_NAME):
                continue
            _warn_name(name, rel, warnings)
            try:
                st = full.lstat()
                if stat.S_ISLNK(st.st_mode):
                    ensure_inside(root, full, rel)
                    st = full.stat()
            except PathEscape as exc:
                warnings.append(f"refused: {exc}")
                code = LINK_CODES.get(exc.code, "unresolvable")
                disc.refuse(rel, code, {"path": rel})
                continue
            except OSError as exc:
                warnings.append(f"cannot read {rel}: {exc.strerror or exc}")
                continue
            kind = file_kind(st.st_mode)
            if kind != "regular":
                warnings.append(f"{rel}: not a regular file ({kind}); not opened")
                disc.refuse(rel, "not_a_regular_file", {"path": rel, "kind": kind})
                continue
            disc.files[nfc(rel)] = rel
            key = classify(rel)
            if key is None:
                disc.unrecognised.append(rel)
            elif key in disc.found:
                warnings.append(
                    f"{rel}: second file for {key[0]}/{key[1]}/{key[2].value}; "
                    f"using {disc.found[key]}"
                )
                disc.unrecognised.append(rel)
            else:
                disc.found[key] = rel
    return disc


def _warn_name(name: str, rel: str, warnings: list[str]) -> None:
    shown = shown_name(name)
    if shown != name:
        warnings.append(f"{rel}: name is not valid UTF-8; shown with \\x escapes for its bytes")


def plan_export(root: Path, key: Ed25519PublicKey | None) -> ExportPlan:
    """Everything about an export that needs no decoding; raises UserError if unreadable."""
    if not root.exists():
        raise UserError(f"export folder not found: {root}", "export_not_found", path=str(root))
    if not root.is_dir():
        raise UserError(f"export is not a folder: {root}", "export_not_a_folder", path=str(root))
    try:
        next(os.scandir(root), None)
    except OSError as exc:
        raise UserError(
            f"cannot read export folder {root}: {exc.strerror or exc}",
            "export_unreadable",
            path=str(root),
        ) from exc
    plan = ExportPlan(root=root)
    disc = discover(root, plan.warnings)
    plan.unrecognised = disc.unrecognised
    manifest = read_manifest(root)
    plan.manifest_present = manifest is not None
    if manifest is not None:
        plan.manifest_errors = list(manifest.errors)
    if key is not None:
        problem = check_signature(root, manifest, key)
        plan.signature = "ok" if problem is None else "invalid"
        if problem:
            plan.export_flags.append(problem)
    if manifest is not None and manifest.usable:
        plan.subjects = _from_manifest(root, manifest, disc, plan)
    else:
        plan.subjects = _from_layout(disc)
    plan.unrecognised.sort()
    # an OS message may quote a name that is not UTF-8: keep every string storable
    plan.warnings = [shown_name(w) for w in plan.warnings]
    plan.manifest_errors = [shown_name(e) for e in plan.manifest_errors]
    return plan


def _from_layout(disc: Discovery) -> list[PlannedSubject]:
    pairs = sorted({(c, s) for c, s, _ in [*disc.found, *disc.refused]})
    subjects = []
    for cand, subj in pairs:
        recs = {}
        for cam in CAMERAS:
            rel = disc.found.get((cand, subj, cam))
            if rel is not None:
                recs[cam] = PlannedRecording(cam, rel)
                continue
            code, facts = disc.refused.get((cand, subj, cam), ("not_in_layout", {}))
            recs[cam] = _missing(cam, code, facts)
        subjects.append(PlannedSubject(cand, subj, recs))
    return subjects


def _missing(
    cam: Camera,
    code: str,
    facts: dict[str, FactValue],
    row: ManifestRow | None = None,
) -> PlannedRecording:
    if code in ("not_in_layout", "not_in_manifest"):
        facts = {"camera": cam.value}
    return PlannedRecording(
        cam,
        None,
        row.sha256 if row else None,
        row.started_at if row else None,
        code,
        facts,
    )


def _norm(path: str) -> str:
    return nfc(PurePosixPath(path).as_posix())


def _from_manifest(
    root: Path, manifest: Manifest, disc: Discovery, plan: ExportPlan
) -> list[PlannedSubject]:
    rows = {(nfc(r.candidate_id), nfc(r.subject), r.camera): r for r in manifest.rows}
    listed_paths = {_norm(r.path) for r in manifest.rows}
    plan.unrecognised = [u for u in plan.unrecognised if nfc(u) not in listed_paths]
    extra = sorted(
        rel for k, rel in disc.found.items() if k not in rows and nfc(rel) not in listed_paths
    )
    pairs = sorted({(c, s) for c, s, _ in rows})
    subjects = []
    for cand, subj in pairs:
        recs = {}
        for cam in CAMERAS:
            row = rows.get((cand, subj, cam))
            if row is None:
                rel = disc.found.get((cand, subj, cam))
                if rel is not None and rel in extra:  # not claimed by another row
                    plan.warnings.append(f"{rel}: not listed in {MANIFEST_NAME}; hash not checked")
                    extra.remove(rel)
                    recs[cam] = PlannedRecording(cam, rel)
                else:
                    recs[cam] = _missing(cam, "not_in_manifest", {})
                continue
            if row.refused:
                facts: dict[str, FactValue] = {
                    "path": repr(row.path)[1:-1],
                    "line": row.line,
                    "why": row.refused_code or "",
                }
                recs[cam] = _missing(cam, "manifest_path_refused", facts, row)
                continue
            rel, code, facts = _locate(root, row.path, disc)
            if rel is None:
                recs[cam] = _missing(cam, code, facts, row)
            else:
                recs[cam] = PlannedRecording(cam, rel, row.sha256, row.started_at)
        subjects.append(PlannedSubject(cand, subj, recs))
    for rel in extra:
        plan.warnings.append(f"{rel}: a recording not listed in {MANIFEST_NAME}; not scanned")
        plan.unrecognised.append(rel)
    return subjects


def _locate(
    root: Path, listed: str, disc: Discovery
) -> tuple[str | None, str, dict[str, FactValue]]:
    """The on-disk file a manifest path names, matched NFC-normalised (macOS writes
    names decomposed); else why it is missing, as a code and facts."""
    key = _norm(listed)
    if key in disc.files:
        return disc.files[key], "", {}
    if key in disc.refused_files:
        return None, *disc.refused_files[key]
    # not seen by the walk, e.g. inside a symlinked folder that stays in the export
    try:
        path = safe_join(root, listed)
        kind = file_kind(path.stat().st_mode)
    except (OSError, PathEscape):
        return None, "absent", {"path": listed}
    if kind != "regular":
        return None, "not_a_regular_file", {"path": listed, "kind": kind}
    return shown_name(path.relative_to(root).as_posix()), "", {}
