"""The scan runner: plan the export, hash and probe what changed, store flags.

Qt-free. Callers pass a cancel `threading.Event` and `on_progress(done, total)`;
the CLI turns progress into a tqdm bar, the GUI into signals. Each finished
recording is committed at once, so an interrupted scan loses nothing and the
next scan picks up where it stopped.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.align.alignment import align_pair
from analysis.detect.rules import RuleConfig
from analysis.detect.runner import DetectConfig, detect_recording
from analysis.flags import INTEGRITY_TYPES, Camera, Flag, FlagType
from analysis.media.hashing import sha256_file
from analysis.media.inspect import Inspection, inspect_recording
from analysis.media.probe import ProbeResult, integrity_flags
from analysis.speech.config import SpeechConfig
from reviewer import (
    audit,
    behaviour,
    corroboration,
    identity,
    identity_flags,
    pairs,
    speech,
    store,
)
from reviewer.export import plan_export
from reviewer.paths import disk_path, file_kind
from reviewer.reasons import missing_flag
from reviewer.storage.db import Database
from reviewer.storage.models import RecordingRow, SubjectRow
from reviewer.workers import Job, Outcome, run_jobs, worker_pool

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]
# Per-file time-out: generous fixed part plus the time to read the file slowly.
TIMEOUT_BASE_S = 120.0
TIMEOUT_PER_GB_S = 120.0
SCAN_FLAG_TYPES = frozenset(t.value for t in INTEGRITY_TYPES if t != FlagType.SIGNATURE_INVALID)
BEHAVIOUR_FLAG_TYPES = (
    frozenset(t.value for t in FlagType if t not in INTEGRITY_TYPES) - speech.FLAG_TYPES
)
EXPORT_FLAG_TYPES = frozenset({FlagType.SIGNATURE_INVALID.value})


@dataclass(frozen=True)
class ScanOptions:
    workers: int = 2
    manifest_key: Ed25519PublicKey | None = None
    duration_limits: Mapping[str, float] = field(default_factory=dict)
    rehash: bool = False  # ignore the (size, mtime, ctime, inode) shortcut
    detect: DetectConfig | None = field(default_factory=DetectConfig)  # None: no behaviour
    rules: RuleConfig = field(default_factory=RuleConfig)
    # recordings are detected in parts of about this many seconds, one job each
    detect_part_s: float = behaviour.PART_S
    actor: str = ""  # who runs it, for the audit log ("": user@host)
    speech: SpeechConfig | None = field(default_factory=SpeechConfig)  # None: no speech stage
    roster_root: Path | None = None  # where this machine sees the export (batch: mapped)
    # who is in each recording (issue 18); runs with behaviour detection (None: off)
    identity: identity.IdentitySettings | None = field(default_factory=identity.IdentitySettings)


@dataclass(frozen=True)
class ScanSummary:
    export_root: Path
    scan_id: int
    status: str  # completed | cancelled
    subjects: int
    recordings: int
    analysed: int
    reused: int
    aligned: int  # pairs aligned by this scan (unchanged pairs keep their alignment)
    flags: Mapping[str, int]
    warnings: tuple[str, ...]


def stat_key(path: Path) -> tuple[str, int]:
    """(size:mtime:ctime:inode, size); OSError for anything but a regular file, which
    is never opened (a FIFO put there since planning would block the reader)."""
    st = path.stat()
    kind = file_kind(st.st_mode)
    if kind != "regular":
        raise OSError(f"not a regular file ({kind})")
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}", st.st_size


def run_scan(
    db: Database,
    export_root: Path,
    options: ScanOptions | None = None,
    *,
    cancel: threading.Event | None = None,
    on_progress: ProgressFn | None = None,
) -> ScanSummary:
    """Scan an export into `db`. Raises UserError if the export cannot be read.

    A scan that raises (or is killed: see `store.begin_scan`) is left `interrupted`.
    """
    started: list[int] = []
    try:
        return _run_scan(db, export_root, options, cancel, on_progress, started)
    except BaseException:
        if started:
            try:
                with db.session() as s:
                    store.end_scan(s, started[0], "interrupted")
                    actor = (options.actor if options else "") or audit.system_actor()
                    audit.record_scan_end(s, actor, started[0], "interrupted", {})
            except Exception as exc:  # noqa: BLE001 - the first error is the one to report
                log.warning("scan %d not marked interrupted: %s", started[0], exc)
        raise


def _run_scan(
    db: Database,
    export_root: Path,
    options: ScanOptions | None,
    cancel: threading.Event | None,
    on_progress: ProgressFn | None,
    started: list[int],
) -> ScanSummary:
    options = options or ScanOptions()
    cancel = cancel or threading.Event()
    progress = on_progress or (lambda done, total: None)
    root = export_root.expanduser().resolve()
    plan = plan_export(root, options.manifest_key)
    for w in plan.warnings + plan.manifest_errors:
        log.warning("%s", w)

    with db.session() as s:
        export, subjects = store.sync_plan(s, plan)
        scan = store.begin_scan(s, export.id)
        export_id, scan_id = export.id, scan.id
        recs, jobs, reused = analysis_jobs(s, root, subjects.values(), options.rehash)
        scan.total, scan.reused = len(recs), reused
    started.append(scan_id)
    actor = options.actor or audit.system_actor()
    with db.session() as s:
        audit.record_scan_start(s, actor, scan_id, str(root))
    total = len(recs)
    done = reused
    progress(done, total)
    log.info(
        "%d recordings: %d unchanged since the last scan, %d to analyse", total, reused, len(jobs)
    )

    def on_done(rec_id: int, outcome: Outcome[Inspection]) -> None:
        nonlocal done
        store_outcome(db, root, rec_id, outcome)
        done += 1
        progress(done, total)

    # one pool of workers for all the stages: they start (and import) once
    with worker_pool(options.workers) as pool:
        completed = run_jobs(
            inspect_recording,
            jobs,
            workers=options.workers,
            on_done=on_done,
            cancel=cancel,
            pool=pool,
        )
        analysed = done - reused
        pair_jobs: list[Job[int]] = []
        detect_jobs: list[Job[behaviour.PartKey]] = []
        speech_jobs: list[Job[int]] = []
        id_jobs: list[Job[identity.IdentityKey]] = []
        if completed:
            with db.session() as s:
                pair_jobs = pairs.plan_pair_jobs(s, root, export_id)
                if options.detect is not None:
                    detect_jobs = behaviour.plan_detect_jobs(
                        s, root, export_id, options.detect, options.detect_part_s
                    )
                if options.speech is not None and options.speech.enabled:
                    speech_jobs = speech.plan_speech_jobs(s, root, export_id, options.speech)
                if options.detect is not None and options.identity is not None:
                    id_jobs = identity.plan_identity_jobs(s, root, export_id, options.identity)
            total += len(pair_jobs) + len(detect_jobs) + len(speech_jobs) + len(id_jobs)
            progress(done, total)

            # One pool for both: a pair's alignment runs beside the detection of other
            # recordings instead of leaving a core idle. The longer detection jobs go first.
            parts = behaviour.PartStore(db, detect_jobs)
            voices = speech.SpeechStore(db, options.speech or SpeechConfig())
            mixed: list[Job[tuple[str, Any]]] = (
                [Job(("detect", j.key), j.args, j.timeout_s, detect_recording) for j in detect_jobs]
                + [Job(("speech", j.key), j.args, j.timeout_s, j.fn) for j in speech_jobs]
                + [Job(("align", j.key), j.args, j.timeout_s, align_pair) for j in pair_jobs]
            )
            mixed += [Job(("identity", j.key), j.args, j.timeout_s, j.fn) for j in id_jobs]

            def on_stage_done(key: tuple[str, Any], outcome: Outcome[Any]) -> None:
                nonlocal done
                kind, what = key
                if kind == "align":
                    pairs.store_alignment(db, what, outcome)
                elif kind == "speech":
                    voices.add(what, outcome)
                elif kind == "identity" and options.identity is not None:
                    identity.store_identity(db, root, what, options.identity.config(), outcome)
                else:
                    parts.add(what, outcome)
                done += 1
                progress(done, total)

            completed = run_jobs(
                align_pair,
                mixed,
                workers=options.workers,
                on_done=on_stage_done,
                cancel=cancel,
                pool=pool,
            )
    status = "completed" if completed else "cancelled"
    with db.session() as s:
        counts = write_flags(s, export_id, scan_id, plan.export_flags, options)
        store.end_scan(s, scan_id, status, analysed)
        audit.record_scan_end(
            s,
            actor,
            scan_id,
            status,
            {"recordings": len(recs), "analysed": analysed, "reused": reused, "flags": counts},
        )
    return ScanSummary(
        root,
        scan_id,
        status,
        len(plan.subjects),
        len(recs),
        analysed,
        reused,
        len(pair_jobs),
        counts,
        tuple(plan.warnings + plan.manifest_errors),
    )


def analysis_jobs(
    s: Session, root: Path, subjects: Iterable[SubjectRow], rehash: bool
) -> tuple[list[RecordingRow], list[Job[int]], int]:
    """The present recordings of `subjects`, the hash-and-probe jobs of those that
    changed, and how many are reused (shared by `run_scan` and the batch's enqueue)."""
    recs = list(
        s.scalars(
            select(RecordingRow).where(
                RecordingRow.subject_id.in_([sj.id for sj in subjects]),
                RecordingRow.path.is_not(None),
            )
        )
    )
    jobs, reused = _plan_jobs(s, root, recs, rehash)
    return recs, jobs, reused


def _plan_jobs(
    s: Session, root: Path, recs: list[RecordingRow], rehash: bool
) -> tuple[list[Job[int]], int]:
    jobs: list[Job[int]] = []
    reused = 0
    for rec in recs:
        assert rec.path is not None
        path = disk_path(root, rec.path)
        try:
            key, size = stat_key(path)
        except OSError as exc:
            rec.probe = ProbeResult(
                readable=False, error=f"{rec.path}: cannot stat: {exc}"
            ).to_json()
            reused += 1
            continue
        same_file = not rehash and rec.stat_key == key and rec.sha256 is not None
        if same_file and rec.sha256 is not None:
            cached = store.cached_probe(s, rec.sha256)
            if cached is not None:
                rec.probe = cached
                reused += 1
                continue
        timeout = TIMEOUT_BASE_S + TIMEOUT_PER_GB_S * size / 1e9
        jobs.append(Job(rec.id, (str(path), not same_file, True), timeout))
    return jobs, reused


def store_outcome(db: Database, root: Path, rec_id: int, outcome: Outcome[Inspection]) -> None:
    with db.session() as s:
        rec = s.get(RecordingRow, rec_id)
        assert rec is not None and rec.path is not None
        path = disk_path(root, rec.path)
        ins = outcome.value
        try:
            key, size = stat_key(path)
            sha = ins.sha256 if ins is not None and ins.sha256 else rec.sha256
            if sha is None or (rec.stat_key != key and (ins is None or ins.sha256 is None)):
                sha = sha256_file(path)  # the worker died before hashing: hash here
        except OSError as exc:
            rec.probe = ProbeResult(
                readable=False, error=f"{rec.path}: cannot read: {exc}"
            ).to_json()
            return
        rec.sha256, rec.stat_key, rec.size_bytes = sha, key, size
        if ins is not None and ins.probe is not None:
            rec.probe = ins.probe.to_json()
            store.cache_probe(s, sha, rec.probe)
        else:
            # A crash or time-out is not cached: the next scan tries again.
            rec.probe = ProbeResult(readable=False, error=f"{rec.path}: {outcome.error}").to_json()
            log.warning("%s: %s", rec.path, outcome.error)


def recording_flags(rec: RecordingRow, duration_limit: float | None) -> list[Flag]:
    cam = Camera(rec.camera)
    if rec.path is None:
        return [missing_flag(cam, rec.missing_reason)]
    flags: list[Flag] = []
    if rec.expected_sha256 and rec.sha256 and rec.expected_sha256 != rec.sha256:
        flags.append(
            Flag(
                FlagType.HASH_MISMATCH,
                cam,
                f"{rec.path}: sha256 {rec.sha256[:12]}… differs from the manifest's "
                f"{rec.expected_sha256[:12]}… (file changed after export)",
                reason="changed_after_export",
                facts={"sha256": rec.sha256, "expected_sha256": rec.expected_sha256},
            )
        )
    if rec.probe is not None:
        flags.extend(integrity_flags(ProbeResult.from_json(rec.probe), cam, duration_limit))
    if rec.detect_error and not any(f.type == FlagType.UNREADABLE for f in flags):
        flags.append(
            Flag(
                FlagType.UNREADABLE,
                cam,
                f"{rec.path}: {rec.detect_error}",
                reason="detection_failed",
                facts={"error": rec.detect_error},
            )
        )
    return flags


def write_flags(
    s: Session, export_id: int, scan_id: int, export_flags: list[Flag], options: ScanOptions
) -> dict[str, int]:
    counts: Counter[str] = Counter(f.type.value for f in export_flags)
    store.replace_machine_flags(s, export_id, None, export_flags, scan_id, EXPORT_FLAG_TYPES)
    types = SCAN_FLAG_TYPES | (BEHAVIOUR_FLAG_TYPES if options.detect is not None else set())
    types |= speech.flag_types(options.speech)
    roster = None
    if options.speech is not None:
        roster = speech.export_roster(s, export_id, options.roster_root)
    subjects = s.scalars(
        select(SubjectRow)
        .join(SubjectRow.candidate)
        .where(SubjectRow.candidate.has(export_id=export_id))
        .order_by(SubjectRow.id)  # one order for every scan: their flag locks cannot deadlock
    )
    for subj in subjects:
        recs = list(s.scalars(select(RecordingRow).where(RecordingRow.subject_id == subj.id)))
        if any(r.path is not None and r.probe is None for r in recs):
            continue  # not analysed yet (scan cancelled): keep what was there
        limit = options.duration_limits.get(subj.name)
        flags: list[Flag | tuple[Flag, dict[str, Any] | None]] = []
        for r in recs:
            flags.extend(recording_flags(r, limit))
            if options.detect is not None:
                flags.extend(behaviour.recording_behaviour(s, r, options.detect, options.rules))
        flags.extend(pairs.pair_flags(subj))
        if options.speech is not None and options.speech.enabled and roster is not None:
            flags.extend(speech.subject_flags(s, subj, recs, options.speech, roster))
        if options.detect is not None and options.identity is not None:
            flags.extend(identity_flags.subject_flags(s, subj, options.identity))
        if options.detect is not None:  # each behaviour flag checked in the other view
            flags = corroboration.annotate(s, subj, recs, flags, options.detect, options.rules)
        counts.update((f[0] if isinstance(f, tuple) else f).type.value for f in flags)
        store.replace_machine_flags(s, export_id, subj.id, flags, scan_id, frozenset(types))
    return dict(counts)


def default_workers() -> int:
    return max(1, min(4, (os.cpu_count() or 2)))
