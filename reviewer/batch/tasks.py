"""The batch's jobs: the scan's stages, one unit of work each, on procrastinate.

procrastinate has no graph of jobs, so the stages meet at two barriers: `stages`
(plan the alignments and detections, with the scan's own planners, once every
recording of the export is hashed and probed) and `finish` (flags, scan row,
report data). A barrier that finds work of its export still queued or running
defers itself again a few seconds later and ends; a worker killed anywhere
leaves at worst a barrier to be run again. That keeps the planning of pairs and
parts exactly the scan's (they need every probe of the export), at the cost of
alignment waiting for the export's last probe.

Every job commits its result in its own transaction, keyed as the scan's are by
(sha256, analysis or detection version), so a job that runs twice is harmless.
The analysis itself runs in the worker's pebble pool (`reviewer.workers`): a
crash or hang is that job's failure; it is retried with backoff and, at the
last try, stored as the scan stores it (`unreadable`, not cached). That shape,
shared by every job, is `reviewer.batch.runtime.run_analysis`.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from functools import partial
from typing import Any

import procrastinate
from procrastinate import JobContext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from analysis.align.alignment import align_pair
from analysis.detect.runner import detect_recording
from analysis.media.inspect import inspect_recording
from analysis.media.probe import ProbeResult
from analysis.speech.runner import analyse_speech
from reviewer import behaviour, identity, pairs, scan, store
from reviewer import speech as speech_stage
from reviewer.batch import jobs as jobs_sql
from reviewer.batch.options import BatchOptions
from reviewer.batch.parts import join_leftovers, join_parts, part_key
from reviewer.batch.runtime import (
    FAULT_ENV,
    MAX_TRIES,
    RETRY,
    WAIT_S,
    NotVisible,
    Retry,
    WorkerContext,
    defer_barrier,
    record_failure,
    run_analysis,
    subject_of,
    worker_context,
)
from reviewer.paths import disk_path
from reviewer.storage.models import DetectionRow, RecordingRow
from reviewer.workers import Outcome

# the names other modules and the tests import from here
__all__ = [
    "FAULT_ENV",
    "MAX_TRIES",
    "NotVisible",
    "Retry",
    "WorkerContext",
    "defer_barrier",
    "record_failure",
    "register",
]

log = logging.getLogger(__name__)


def inspect(context: JobContext, export_id: int, rec_id: int, rehash: bool, timeout: float) -> None:
    """Hash and probe one recording (the scan's `inspect_recording` and `store_outcome`)."""
    wc = worker_context(context)
    _, root = wc.root(export_id)
    with wc.db.session() as s:
        rec = s.get(RecordingRow, rec_id)
        assert rec is not None
        rel = rec.path
    if rel is None:
        return  # gone from the export since it was enqueued: the next enqueue says so
    path = disk_path(root, rel)
    subject = partial(subject_of, wc.db, rec_id)
    args = (str(path), rehash, True)
    outcome = run_analysis(context, inspect_recording, args, timeout, reads=[path], subject=subject)
    if outcome.value is None:
        record_failure(wc.db, subject(), context, str(outcome.error))
    scan.store_outcome(wc.db, root, rec_id, outcome)


def stages(context: JobContext, export_id: int, options: dict[str, Any]) -> None:
    """Barrier: once every probe of the export is in, plan its alignments and detections
    with the scan's planners, enqueue them, then the `finish` barrier."""
    wc = worker_context(context)
    opts = BatchOptions.from_json(options)
    if jobs_sql.pending(wc.jobs_dsn, export_id, ("inspect",)):
        defer_barrier(wc.client, "stages", export_id, options, opts.priority, WAIT_S)
        return
    _, root = wc.root(export_id)
    with wc.db.session() as s:
        pair_jobs = pairs.plan_pair_jobs(s, root, export_id)
        detect_jobs = (
            []
            if opts.detect is None
            else behaviour.plan_detect_jobs(s, root, export_id, opts.detect, opts.detect_part_s)
        )
        voices = (
            []
            if opts.speech is None or not opts.speech.enabled
            else (speech_stage.plan_speech_jobs(s, root, export_id, opts.speech))
        )
    detect_cfg = options.get("detect")
    rows: list[tuple[str, str, dict[str, Any]]] = (
        [
            (
                "detect",
                f"detect:{j.key[0]}:{j.key[1]}:{j.key[2]}",
                {
                    "export_id": export_id,
                    "rec_id": j.key[0],
                    "part": j.key[1],
                    "parts": j.key[2],
                    "span": list(j.args[2]),
                    "timeout": j.timeout_s,
                    "detect": detect_cfg,
                },
            )
            for j in sorted(detect_jobs, key=lambda j: -j.timeout_s)  # the longest first
        ]
        + [
            (
                "align",
                f"align:{j.key}",
                {"export_id": export_id, "subject_id": j.key, "timeout": j.timeout_s},
            )
            for j in pair_jobs
        ]
        + [
            (
                "speech",
                f"speech:{j.key}",
                {
                    "export_id": export_id,
                    "rec_id": j.key,
                    "timeout": j.timeout_s,
                    "asr": j.args[2],
                    "language": j.args[4],
                    "speech": options.get("speech"),
                },
            )
            for j in voices
        ]
    )
    if opts.detect is not None:  # who is in each recording (issue 18), as a scan does
        with wc.db.session() as s:
            id_jobs = identity.plan_identity_jobs(s, root, export_id, opts.identity)
        rows += [
            (
                "identity",
                f"identity:{j.key[0]}:{j.key[1]}",
                {
                    "export_id": export_id,
                    "kind": j.key[0],
                    "pk": j.key[1],
                    "timeout": j.timeout_s,
                    "identity": options.get("identity"),
                },
            )
            for j in id_jobs
        ]
    jobs_sql.defer_many(wc.client, wc.jobs_dsn, rows, opts.priority)
    defer_barrier(wc.client, "finish", export_id, options, opts.priority, 0)


def align(context: JobContext, export_id: int, subject_id: int, timeout: float) -> None:
    """Align one pair (the scan's `align_pair` and `store_alignment`)."""
    wc = worker_context(context)
    _, root = wc.root(export_id)
    with wc.db.session() as s:
        recs = {
            r.camera: r
            for r in s.scalars(select(RecordingRow).where(RecordingRow.subject_id == subject_id))
        }
        tracks = []
        for cam in ("main", "aux"):
            rec = recs[cam]
            assert rec.probe is not None
            tracks.append(pairs._track(root, rec, ProbeResult.from_json(rec.probe)))
    reads = [t.path for t in tracks]
    outcome = run_analysis(
        context, align_pair, tuple(tracks), timeout, reads=reads, subject=lambda: subject_id
    )
    pairs.store_alignment(wc.db, subject_id, outcome)


def speech(
    context: JobContext,
    export_id: int,
    rec_id: int,
    timeout: float,
    asr: bool,
    language: str,
    speech: Any,
) -> None:
    """One recording's speech (the scan's `analyse_speech` and `SpeechStore`)."""
    wc = worker_context(context)
    _, root = wc.root(export_id)
    cfg = BatchOptions.speech_config(speech or {})
    with wc.db.session() as s:
        rec = s.get(RecordingRow, rec_id)
        assert rec is not None and rec.path is not None
        path = disk_path(root, rec.path)
    args = (str(path), cfg, asr, str(speech_stage.model_dir()), language)
    outcome = run_analysis(
        context,
        analyse_speech,
        args,
        timeout,
        reads=[path],
        subject=partial(subject_of, wc.db, rec_id),
    )
    speech_stage.SpeechStore(wc.db, cfg).add(rec_id, outcome)


def identity_job(
    context: JobContext,
    export_id: int,
    kind: str,
    pk: int,
    timeout: float,
    identity: Any = None,
) -> None:
    """Who is in one recording, or a reference photo (the scan's identity job and
    `identity.store_identity`), with the enqueuer's [identity] sampling (a job queued
    before the batch carried it: the defaults); its thresholds apply at `finish`."""
    wc = worker_context(context)
    _, root = wc.root(export_id)
    settings = BatchOptions.identity_settings(identity or {})
    with wc.db.session() as s:
        job = identity.job_for(s, root, (kind, pk), settings)
    if job is None or job.fn is None:
        return  # stored meanwhile, or gone
    outcome = run_analysis(context, job.fn, job.args, timeout)
    identity.store_identity(wc.db, root, job.key, settings.config(), outcome)


def detect(
    context: JobContext,
    export_id: int,
    rec_id: int,
    part: int,
    parts: int,
    span: list[float | None],
    timeout: float,
    detect: dict[str, Any],
) -> None:
    """Detect behaviour in one part of a recording. A part's result is cached under its
    own key until the last part joins them into the recording's (the scan's cache)."""
    wc = worker_context(context)
    _, root = wc.root(export_id)
    with wc.db.session() as s:
        rec = s.get(RecordingRow, rec_id)
        assert rec is not None and rec.path is not None
        path, sha, subject_id = disk_path(root, rec.path), rec.sha256, rec.subject_id
        cfg = BatchOptions.detect_config(detect).for_camera(rec.camera)
    assert sha is not None
    a, b = span
    assert a is not None
    outcome = run_analysis(
        context,
        detect_recording,
        (str(path), cfg, (a, b)),
        timeout,
        reads=[path],
        subject=lambda: subject_id,
    )
    if outcome.value is None:
        reason = (
            outcome.error
            if parts == 1
            else behaviour.part_error((a, b), part, parts, outcome.error)
        )
        record_failure(wc.db, subject_id, context, str(reason))
        behaviour.store_detection(wc.db, rec_id, cfg, Outcome(None, reason))
        return
    if parts == 1:
        behaviour.store_detection(wc.db, rec_id, cfg, outcome)
        return
    with wc.db.session() as s:
        try:
            with s.begin_nested():
                s.add(
                    DetectionRow(
                        sha256=sha,
                        detect_key=part_key(cfg, part, parts),
                        result=outcome.value.to_json(),
                    )
                )
        except IntegrityError:
            log.debug("part %d of %s already cached", part, sha)
    join_parts(wc.db, rec_id, cfg, parts)


def finish(context: JobContext, export_id: int, options: dict[str, Any]) -> None:
    """Barrier: once nothing of the export is queued or running, write its flags as a
    scan does (`scan.write_flags`) under a scan row of its own."""
    wc = worker_context(context)
    opts = BatchOptions.from_json(options)
    busy = ("inspect", "stages", "align", "detect", "speech", "identity")
    if jobs_sql.pending(wc.jobs_dsn, export_id, busy):
        defer_barrier(wc.client, "finish", export_id, options, opts.priority, WAIT_S)
        return
    if opts.detect is not None:
        join_leftovers(wc.db, export_id, opts.detect)
    with wc.db.session() as s:
        row = store.begin_scan(s, export_id)
        row.total, row.reused = opts.total, opts.reused
        here = replace(opts.scan_options(), roster_root=wc.root(export_id)[1])  # mapped root
        scan.write_flags(s, export_id, row.id, opts.export_flags(), here)
        store.end_scan(s, row.id, "completed", opts.analysed)


def register(app: procrastinate.App) -> None:
    """Give `app` the batch's tasks, named `dualcam:<name>`."""
    for fn in (inspect, stages, align, detect, speech, finish):
        app.task(name=f"dualcam:{fn.__name__}", pass_context=True, retry=RETRY)(fn)
    app.task(name="dualcam:identity", pass_context=True, retry=RETRY)(identity_job)
