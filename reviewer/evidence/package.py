"""Make a subject's evidence package (Qt-free; the CLI and the desk call `export_evidence`).

The package is a BagIt bag (`reviewer.evidence.bag`): under `data/`, for each
chosen flag a clip from each camera (stream copy where the keyframes allow),
a side-by-side video with burn-in, the best-frame stills, `manifest.json`
(every cut's in and out points) and `report.html` / `report.pdf`. It is built
in a folder beside `out` and renamed into place when complete; the originals
are only read.
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from analysis.flags import Camera
from analysis.media.clips import Cut, cut_clip, render_pair
from analysis.media.hashing import sha256_file
from analysis.media.video import MediaError, open_video
from reviewer import audit
from reviewer.errors import UserError
from reviewer.evidence import bag
from reviewer.evidence.burnin import boxes, pair_composer, still
from reviewer.evidence.faces import FacePair, face_pairs, faces_picture
from reviewer.evidence.gather import SubjectFacts, Window, find_subject, gather, window
from reviewer.review import FlagView
from reviewer.storage.db import Database

log = logging.getLogger(__name__)

SCHEMA = "dualcam-evidence/1"
PANEL_W = 640
Progress = Callable[[int, int], None]


class Cancelled(Exception):
    """The caller's cancel event was set; nothing was left behind."""


@dataclass(frozen=True)
class ClipFacts:
    camera: Camera
    file: str  # relative to data/
    cut: Cut


@dataclass(frozen=True)
class FlagEntry:
    flag: FlagView
    window: Window | None
    clips: tuple[ClipFacts, ...] = ()
    side_by_side: str | None = None
    stills: dict[Camera, str] = field(default_factory=dict)
    problems: tuple[str, ...] = ()  # e.g. "aux: missing" (English facts for the manifest)


@dataclass(frozen=True)
class OriginalCheck:
    camera: Camera
    name: str | None
    sha256: str | None  # hashed now, while packing
    stored: str | None  # hashed at the scan
    expected: str | None  # the platform's manifest
    status: str  # match | mismatch | missing


@dataclass(frozen=True)
class Content:
    """Everything the reports show."""

    facts: SubjectFacts
    entries: tuple[FlagEntry, ...]
    originals: tuple[OriginalCheck, ...]
    files: dict[str, str]  # data/-relative path -> sha256 (media and manifest)
    created_at: datetime
    grader: str
    signer: str | None  # sha256 of the signing public key, when signed


@dataclass(frozen=True)
class EvidenceResult:
    path: Path
    flags: int
    signed: bool
    timings: dict[str, float]  # seconds per stage: clips, side_by_side, stills, reports, bag


def export_evidence(
    db: Database,
    candidate_id: str,
    subject: str,
    out: Path,
    *,
    grader: str,
    sign_key: Ed25519PrivateKey | None = None,
    flags: str = "confirmed",
    language: str = "en",
    export_root: str | None = None,
    side_by_side: bool = True,
    on_progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> EvidenceResult:
    """Write the evidence package of one subject to `out` (a new folder) and record
    the export in the audit trail. Raises UserError for unusable input, Cancelled."""
    from reviewer.evidence.report import write_reports  # reportlab loads on use

    out = out.expanduser()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UserError(f"--out {out} exists and is not an empty folder", code="out_exists")
    with db.session() as s:
        subject_id = find_subject(s, candidate_id, subject, export_root)
        facts = gather(s, subject_id, flags)
        faces = face_pairs(s, Path(facts.export_root), facts.flags)
    work = out.parent / f".{out.name}.partial"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    timings = dict.fromkeys(("hash", "clips", "side_by_side", "stills", "reports", "bag"), 0.0)
    steps = 3 + 3 * len(facts.flags)
    done = 0

    def step(stage: str, started: float) -> None:
        nonlocal done
        timings[stage] += time.perf_counter() - started
        done += 1
        if on_progress is not None:
            on_progress(done, steps)
        if cancel is not None and cancel.is_set():
            raise Cancelled

    try:
        t0 = time.perf_counter()
        originals = tuple(_check_original(facts, cam) for cam in (Camera.MAIN, Camera.AUX))
        step("hash", t0)
        entries = []
        for f in facts.flags:
            entry = _flag_entry(work, facts, f, side_by_side, step, cancel)
            entries.append(_with_faces(work, entry, faces.get(f.id), language))
        t0 = time.perf_counter()
        files = _write_manifest(work, facts, entries, originals, grader)
        signer = bag.key_fingerprint(sign_key.public_key()) if sign_key else None
        content = Content(
            facts, tuple(entries), originals, files, datetime.now(UTC), grader, signer
        )
        write_reports(work, content, language)
        step("reports", t0)
        t0 = time.perf_counter()
        bag.make(work, content, sign_key)
        work.replace(out) if not out.exists() else _move_into(work, out)
        step("bag", t0)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    with db.session() as s:  # an entry of the audit log, then a checkpoint of its head
        audit.record_evidence_export(
            s,
            grader,
            "grader",
            [subject_id],
            str(out),
            {"flags": [f.id for f in facts.flags], "signed": signer is not None},
        )
        s.commit()
    log.info("evidence package of %s %s written to %s", candidate_id, subject, out)
    return EvidenceResult(out, len(facts.flags), sign_key is not None, timings)


def _move_into(work: Path, out: Path) -> None:
    out.rmdir()  # empty, checked above
    work.replace(out)


def _check_original(facts: SubjectFacts, cam: Camera) -> OriginalCheck:
    r = facts.recordings[cam]
    if r.path is None or not r.path.is_file():
        return OriginalCheck(cam, r.name, None, r.sha256, r.expected_sha256, "missing")
    now = sha256_file(r.path)
    ok = now == r.sha256 and (r.expected_sha256 is None or now == r.expected_sha256)
    return OriginalCheck(
        cam, r.name, now, r.sha256, r.expected_sha256, "match" if ok else "mismatch"
    )


def _flag_entry(
    work: Path,
    facts: SubjectFacts,
    f: FlagView,
    side_by_side: bool,
    step: Callable[[str, float], None],
    cancel: threading.Event | None,
) -> FlagEntry:
    win = window(f, facts.clock, facts)
    t0 = time.perf_counter()
    clips: list[ClipFacts] = []
    problems: list[str] = []
    paths = {c: facts.recordings[c].path for c in (Camera.MAIN, Camera.AUX)}
    usable = {c: p for c, p in paths.items() if p is not None and facts.recordings[c].readable}
    if win is not None:
        (work / "clips").mkdir(exist_ok=True)
        for cam, (lo, hi) in ((Camera.MAIN, win.main), (Camera.AUX, win.aux)):
            src = usable.get(cam)
            if src is None:
                problems.append(f"{cam.value}: missing or unreadable")
                continue
            if hi <= lo:
                problems.append(f"{cam.value}: the moment is outside the recording")
                continue
            rel = f"clips/flag-{f.id}-{cam.value}.mp4"
            try:
                clips.append(ClipFacts(cam, rel, cut_clip(src, work / rel, lo, hi)))
            except MediaError as exc:
                problems.append(f"{cam.value}: {exc}")
    step("clips", t0)
    t0 = time.perf_counter()
    sbs = None
    if win is not None and side_by_side and usable:
        (work / "side_by_side").mkdir(exist_ok=True)
        sbs = f"side_by_side/flag-{f.id}.mp4"
        height = max(_panel_height(p) for p in usable.values())
        started = {c: facts.recordings[c].started_at for c in (Camera.MAIN, Camera.AUX)}
        compose = pair_composer(f, win.main_span, started, (PANEL_W, height))
        render_pair(
            usable.get(Camera.MAIN),
            usable.get(Camera.AUX),
            work / sbs,
            win.main[0],
            win.main[1],
            facts.clock.to_aux,
            compose,
            PANEL_W,
            cancel=cancel.is_set if cancel is not None else None,
        )
    step("side_by_side", t0)
    t0 = time.perf_counter()
    stills = _stills(work, facts, f, win, usable)
    step("stills", t0)
    return FlagEntry(f, win, tuple(clips), sbs, stills, tuple(problems))


def _with_faces(work: Path, e: FlagEntry, pair: FacePair | None, language: str) -> FlagEntry:
    """An identity flag's two faces, side by side, as its first still (key pair)."""
    if pair is None:
        return e
    (work / "stills").mkdir(exist_ok=True)
    rel = f"stills/flag-{e.flag.id}-faces.png"
    faces_picture(pair, language).save(work / rel)
    missing = tuple(
        f"face {k + 1}: not found in its recording"
        for k, img in enumerate(pair.images)
        if img is None
    )
    return replace(e, stills={Camera.PAIR: rel, **e.stills}, problems=e.problems + missing)


def _panel_height(path: Path) -> int:
    with open_video(path) as vf:
        info = vf.info()
    h = round((info.height or 360) * PANEL_W / max(1, info.width or 640))
    return h + h % 2


def _stills(
    work: Path, facts: SubjectFacts, f: FlagView, win: Window | None, usable: dict[Camera, Path]
) -> dict[Camera, str]:
    """The flag's best frame (its middle where it has no evidence) on both cameras."""
    if win is None:
        return {}
    best, obs = boxes(f)
    if best is not None:
        t_main = facts.clock.to_main(best) if f.camera == Camera.AUX else best
    else:
        t_main = (win.main_span[0] + win.main_span[1]) / 2
    out: dict[Camera, str] = {}
    (work / "stills").mkdir(exist_ok=True)
    for cam, src in usable.items():
        t = t_main if cam == Camera.MAIN else facts.clock.to_aux(t_main)
        with open_video(src) as vf:
            frame = next(iter(vf.frames(start_s=max(0.0, t))), None)
        if frame is None:
            continue
        shown = obs if cam == f.camera else []
        title = f"{cam.value.upper()} file {frame.pts_s:.3f} s - {f.type.value}"
        rel = f"stills/flag-{f.id}-{cam.value}.png"
        still(frame, title, shown).save(work / rel)
        out[cam] = rel
    return out


def _write_manifest(
    work: Path,
    facts: SubjectFacts,
    entries: list[FlagEntry],
    originals: tuple[OriginalCheck, ...],
    grader: str,
) -> dict[str, str]:
    files = {
        p.relative_to(work).as_posix(): sha256_file(p)
        for p in sorted(work.rglob("*"))
        if p.is_file()
    }
    doc: dict[str, Any] = {
        "schema": SCHEMA,
        "candidate": facts.candidate_id,
        "subject": facts.subject,
        "export": facts.export_root,
        "made_by": grader,
        "made_at": datetime.now(UTC).isoformat(),
        "verdict": facts.verdict.value if facts.verdict else None,
        "alignment": {
            "method": facts.alignment.method,
            "offset_s": facts.alignment.offset_s,
            "drift_ppm": facts.alignment.drift_ppm,
            "confidence": facts.alignment.confidence,
            "aux_time": "main_time - (offset_s + drift_ppm * 1e-6 * main_time)",
        },
        "originals": [
            {
                "camera": o.camera.value,
                "name": o.name,
                "sha256": o.sha256,
                "sha256_at_scan": o.stored,
                "sha256_expected": o.expected,
                "status": o.status,
                "started_at": _iso(facts.recordings[o.camera].started_at),
            }
            for o in originals
        ],
        "flags": [_entry_json(e) for e in entries],
        "files": files,
    }
    (work / "manifest.json").write_text(
        json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return files


def _iso(t: datetime | None) -> str | None:
    return t.isoformat() if t is not None else None


def _entry_json(e: FlagEntry) -> dict[str, Any]:
    f = e.flag
    return {
        "id": f.id,
        "type": f.type.value,
        "camera": f.camera.value,
        "start_s": f.start_s,
        "end_s": f.end_s,
        "main_span_s": list(e.window.main_span) if e.window else None,
        "source": f.source.value,
        "confidence": f.confidence,
        "detail": f.detail,
        "decision": f.decision.value if f.decision else None,
        "evidence": f.evidence,
        "clips": [
            {
                "camera": c.camera.value,
                "file": c.file,
                "asked_in_s": c.cut.asked_in_s,
                "asked_out_s": c.cut.asked_out_s,
                "in_s": c.cut.in_s,
                "out_s": c.cut.out_s,
                "clip_to_source_shift_s": c.cut.shift_s,
                "frames": c.cut.frames,
                "method": "stream_copy" if c.cut.copied else "reencode",
            }
            for c in e.clips
        ],
        "side_by_side": e.side_by_side,
        "stills": {c.value: p for c, p in e.stills.items()},
        "problems": list(e.problems),
    }
