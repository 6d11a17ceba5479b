"""Domain-level reads and writes over the ORM: keeping the DB in step with a scan."""

from __future__ import annotations

import logging
import os
import socket
import sys
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from analysis import ANALYSIS_VERSION
from analysis.flags import Flag, Source
from reviewer.errors import UserError
from reviewer.export import ExportPlan, PlannedSubject
from reviewer.paths import shown_name
from reviewer.reasons import encode_missing
from reviewer.storage.models import (
    CandidateRow,
    DecisionRow,
    ExportRow,
    FlagRow,
    ProbeRow,
    RecordingRow,
    ScanRow,
    SubjectRow,
    as_utc,
)

log = logging.getLogger(__name__)

SubjectKey = tuple[str, str]
# Longest export root, and candidate id or subject name, in UTF-8 bytes: they are
# unique keys, and PostgreSQL cannot index a value over about 2,700 bytes.
# Refused alike on SQLite, so an export scans the same into either database.
MAX_ROOT_BYTES = 2000
MAX_NAME_BYTES = 1000
# A running scan this old is taken for dead whatever its host (see begin_scan).
STALE_SCAN_AFTER = timedelta(hours=48)


def get_export(s: Session, root: str) -> ExportRow | None:
    """The export stored for this folder (a name that is not UTF-8 is stored escaped)."""
    return s.scalar(select(ExportRow).where(ExportRow.root == shown_name(root)))


def sync_plan(s: Session, plan: ExportPlan) -> tuple[ExportRow, dict[SubjectKey, SubjectRow]]:
    """Create or update export, candidates, subjects and recordings to match the plan."""
    root = shown_name(str(plan.root))
    if len(root.encode()) > MAX_ROOT_BYTES:
        raise UserError(
            f"export folder path too long ({len(root.encode())} bytes, at most "
            f"{MAX_ROOT_BYTES}): move the export to a shorter path",
            "export_path_too_long",
            bytes=str(len(root.encode())),
            limit=str(MAX_ROOT_BYTES),
        )
    planned = [ps for ps in plan.subjects if _name_fits(ps, plan.warnings)]
    export = get_export(s, root)
    if export is None:
        export = ExportRow(root=root, info={})
        s.add(export)
        s.flush()
    export.info = {
        "manifest_present": plan.manifest_present,
        "manifest_errors": plan.manifest_errors,
        "signature": plan.signature,
        "unrecognised": plan.unrecognised,
        "warnings": plan.warnings,
    }
    # Read and insert in bulk (a few statements, not a few per subject): planning
    # 10,000 recordings is part of a batch's enqueue (bench/bench_batch.py).
    cands = {
        c.candidate_id: c
        for c in s.scalars(select(CandidateRow).where(CandidateRow.export_id == export.id))
    }
    fresh = [
        CandidateRow(export_id=export.id, candidate_id=cid)
        for cid in dict.fromkeys(ps.candidate_id for ps in planned)
        if cid not in cands
    ]
    if fresh:
        s.add_all(fresh)
        s.flush()
        cands.update((c.candidate_id, c) for c in fresh)
    known = {
        (sj.candidate_pk, sj.name): sj
        for sj in s.scalars(
            select(SubjectRow)
            .join(CandidateRow, SubjectRow.candidate_pk == CandidateRow.id)
            .where(CandidateRow.export_id == export.id)
        )
    }
    new_subjects = []
    for ps in planned:
        key = (cands[ps.candidate_id].id, ps.subject)
        if key not in known:
            known[key] = SubjectRow(candidate_pk=key[0], name=ps.subject)
            new_subjects.append(known[key])
    if new_subjects:
        s.add_all(new_subjects)
        s.flush()
    recs_of: dict[int, dict[str, RecordingRow]] = {}
    for r in s.scalars(
        select(RecordingRow)
        .join(SubjectRow, RecordingRow.subject_id == SubjectRow.id)
        .join(CandidateRow, SubjectRow.candidate_pk == CandidateRow.id)
        .where(CandidateRow.export_id == export.id)
    ):
        recs_of.setdefault(r.subject_id, {})[r.camera] = r
    subjects: dict[SubjectKey, SubjectRow] = {}
    for ps in planned:
        subj = known[(cands[ps.candidate_id].id, ps.subject)]
        subjects[(ps.candidate_id, ps.subject)] = subj
        existing = recs_of.setdefault(subj.id, {})
        for cam, pr in ps.recordings.items():
            rec = existing.get(cam.value)
            if rec is None:
                rec = existing[cam.value] = RecordingRow(subject_id=subj.id, camera=cam.value)
                s.add(rec)
            if rec.path != pr.path:
                rec.stat_key = rec.sha256 = None
                rec.probe = None
            rec.path = pr.path
            rec.missing_reason = (
                None
                if pr.missing_reason is None
                else encode_missing(pr.missing_reason, pr.missing_facts)
            )
            rec.expected_sha256 = pr.expected_sha256
            rec.started_at = pr.started_at.astimezone(UTC) if pr.started_at else None
    _forget_vanished(s, export.id, {sj.id for sj in subjects.values()})
    s.flush()
    return export, subjects


def _name_fits(ps: PlannedSubject, warnings: list[str]) -> bool:
    for what, name in (("candidate id", ps.candidate_id), ("subject name", ps.subject)):
        size = len(name.encode())
        if size > MAX_NAME_BYTES:
            warnings.append(
                f"{what} {name[:40]}… is {size} bytes (at most {MAX_NAME_BYTES}): not scanned"
            )
            return False
    return True


def _forget_vanished(s: Session, export_id: int, current: set[int]) -> None:
    """Subjects scanned before but gone from the export now: their files are missing."""
    gone = s.scalars(
        select(RecordingRow)
        .join(SubjectRow)
        .join(CandidateRow)
        .where(CandidateRow.export_id == export_id, RecordingRow.subject_id.not_in(current))
    )
    for rec in gone:
        if rec.path is not None:
            rec.path, rec.stat_key, rec.probe = None, None, None
            rec.missing_reason = encode_missing("gone_since_earlier_scan", {})


def begin_scan(s: Session, export_id: int) -> ScanRow:
    """A new `running` scan row of this host and process, after marking the
    export's running scans whose owner is gone as `interrupted`.

    Several workstations may share a PostgreSQL database, so a running scan is
    only taken for dead when that is known: its process (same host) no longer
    exists, or it started over STALE_SCAN_AFTER ago (any host; no scan runs that
    long). A scan of another host, younger than that, is left running.
    """
    host, now = socket.gethostname(), datetime.now(UTC)
    running = s.scalars(
        select(ScanRow).where(ScanRow.export_id == export_id, ScanRow.status == "running")
    )
    for row in running:
        if _owner_gone(row, host, now):
            log.info("scan %d (%s, pid %s) was interrupted", row.id, row.host, row.pid)
            row.status = "interrupted"
    scan = ScanRow(
        export_id=export_id, analysis_version=ANALYSIS_VERSION, host=host, pid=os.getpid()
    )
    s.add(scan)
    s.flush()
    return scan


def end_scan(s: Session, scan_id: int, status: str, analysed: int | None = None) -> None:
    row = s.get(ScanRow, scan_id)
    if row is None:
        return
    row.status, row.finished_at = status, datetime.now(UTC)
    if analysed is not None:
        row.analysed = analysed


def _owner_gone(row: ScanRow, host: str, now: datetime) -> bool:
    pid = row.pid  # another process of this host, that no longer exists?
    if row.host == host and pid is not None and pid != os.getpid() and not pid_alive(pid):
        return True
    return now - as_utc(row.started_at) > STALE_SCAN_AFTER


def pid_alive(pid: int) -> bool:
    """Whether a process of this machine has that id (False only when surely not)."""
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return bool(kernel32.GetLastError() == 5)  # access denied: it exists
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)  # signal 0: only asks whether it exists (never on Windows: it kills)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def cached_probe(s: Session, sha256: str) -> dict[str, Any] | None:
    row = s.scalar(
        select(ProbeRow).where(
            ProbeRow.sha256 == sha256, ProbeRow.analysis_version == ANALYSIS_VERSION
        )
    )
    return None if row is None else row.result


def cache_probe(s: Session, sha256: str, result: dict[str, Any]) -> None:
    """Insert once; another machine sharing the DB may have raced us to it."""
    if cached_probe(s, sha256) is not None:
        return
    try:
        with s.begin_nested():
            s.add(ProbeRow(sha256=sha256, analysis_version=ANALYSIS_VERSION, result=result))
    except IntegrityError:
        log.debug("probe for %s already cached by another writer", sha256)


def replace_machine_flags(
    s: Session,
    export_id: int,
    subject_id: int | None,
    flags: Iterable[Flag | tuple[Flag, dict[str, Any] | None]],
    scan_id: int,
    types: frozenset[str],
) -> None:
    """Make the stored machine flags of `types` equal `flags`.

    Flags a grader decided on are never deleted: one the new scan no longer
    produces is kept and marked stale, so no decision is lost. That holds while
    graders decide during the rescan: the flags replaced are locked (FOR UPDATE
    on PostgreSQL, so a decision on one waits for this transaction, then finds
    it kept or gone: `review.FlagGone`), and the delete itself skips any flag a
    decision points at, decided up to the moment it runs (SQLite takes its write
    lock only there).
    """
    q = select(FlagRow).where(
        FlagRow.export_id == export_id,
        FlagRow.source != Source.HUMAN.value,
        FlagRow.type.in_(types),
    )
    q = q.where(
        FlagRow.subject_id.is_(None) if subject_id is None else FlagRow.subject_id == subject_id
    )
    old = {_flag_key(r): r for r in s.scalars(q.order_by(FlagRow.id).with_for_update())}
    for item in flags:
        f, ev = item if isinstance(item, tuple) else (item, None)
        row = old.pop((f.type.value, f.camera.value, _r(f.start_s), _r(f.end_s)), None)
        if row is None:
            row = FlagRow(
                export_id=export_id,
                subject_id=subject_id,
                type=f.type.value,
                camera=f.camera.value,
                start_s=f.start_s,
                end_s=f.end_s,
            )
            s.add(row)
        row.confidence, row.source, row.detail = f.confidence, f.source.value, f.detail
        row.reason, row.facts = f.reason, dict(f.facts) or None
        row.scan_id, row.stale, row.evidence = scan_id, False, ev
    gone = [r.id for r in old.values()]
    if not gone:
        return
    s.flush()
    s.execute(
        delete(FlagRow)
        .where(FlagRow.id.in_(gone), ~exists().where(DecisionRow.flag_id == FlagRow.id))
        .execution_options(synchronize_session="fetch")
    )
    s.execute(
        update(FlagRow)
        .where(FlagRow.id.in_(gone))
        .values(stale=True)
        .execution_options(synchronize_session="fetch")
    )


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def _flag_key(r: FlagRow) -> tuple[str, str, float | None, float | None]:
    return r.type, r.camera, _r(r.start_s), _r(r.end_s)
