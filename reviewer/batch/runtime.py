"""What every batch job shares: the worker's context, the analysis in its pool,
the visibility check, retries and failures in the audit trail, and barriers.

A job's shape (`run_analysis`): the files it reads must be visible from this
machine (else it fails at once, with the reason in the audit trail); the analysis
runs in the worker's pebble pool (`reviewer.workers`); a crash or hang raises
`Retry` until the last of `MAX_TRIES` tries, whose outcome the job stores as the
scan stores it.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import procrastinate
import psycopg
from pebble import ProcessPool
from procrastinate import JobContext, RetryStrategy
from procrastinate.exceptions import AlreadyEnqueued
from sqlalchemy.exc import OperationalError

from reviewer import audit, scan
from reviewer.batch.queue import PathMap
from reviewer.paths import real_path
from reviewer.storage.db import Database
from reviewer.storage.models import ExportRow, RecordingRow
from reviewer.workers import Job, Outcome, run_jobs

log = logging.getLogger(__name__)

# a file whose analysis crashes or hangs this many times is `unreadable`
MAX_TRIES = 3
WAIT_S = 2  # a barrier looks again this often
FAULT_ENV = "DUALCAM_BATCH_CRASH"  # tests: a path containing this crashes the analysis


class Retry(Exception):
    """The analysis crashed or timed out, or the database failed: try again later."""


class NotVisible(Exception):
    """This machine cannot see the file: a mount or `[paths]` mapping is missing."""


# Retried with backoff: crashes and time-outs of the analysis, and database errors;
# a file this machine cannot see fails at once (`batch retry --failed` after a fix).
RETRY = RetryStrategy(
    max_attempts=MAX_TRIES - 1,
    exponential_wait=2,
    retry_exceptions={Retry, OperationalError, psycopg.OperationalError},
)


@dataclass
class WorkerContext:
    """What a worker process gives its jobs (procrastinate's `additional_context`)."""

    db: Database
    paths: PathMap
    pool: ProcessPool | None
    client: procrastinate.App  # sync app: defers successors
    jobs_dsn: tuple[str, str]

    def root(self, export_id: int) -> tuple[str, Path]:
        with self.db.session() as s:
            row = s.get(ExportRow, export_id)
            assert row is not None, f"export {export_id} is not in the database"
            stored = row.root
        local = self.paths.local(stored)
        return stored, (local if local != Path(stored) else real_path(stored))


def worker_context(context: JobContext) -> WorkerContext:
    got = context.additional_context["batch"]
    assert isinstance(got, WorkerContext)
    return got


def _crashable(fn: Callable[..., Any], *args: Any) -> Any:
    """Runs in the pool's process: the analysis, or a crash where the test asks one."""
    fault = os.environ.get(FAULT_ENV)
    if fault and fault in repr(args):
        os.abort()
    return fn(*args)


def _analyse(
    wc: WorkerContext, fn: Callable[..., Any], args: tuple[Any, ...], timeout: float
) -> Outcome[Any]:
    got: list[Outcome[Any]] = []
    run_jobs(
        _crashable,
        [Job(0, (fn, *args), timeout)],
        workers=0 if wc.pool is None else 1,
        on_done=lambda _k, o: got.append(o),
        pool=wc.pool,
    )
    return got[0]


def _visible(path: Path) -> None:
    try:
        scan.stat_key(path)
    except OSError as exc:
        raise NotVisible(
            f"{path}: not visible from {socket.gethostname()} ({exc.strerror or exc}); "
            "mount the export or map its root ([paths] in the config, or --map STORED=LOCAL)"
        ) from exc


def last_try(context: JobContext) -> bool:
    return context.job.attempts + 1 >= MAX_TRIES


def run_analysis(
    context: JobContext,
    fn: Callable[..., Any],
    args: tuple[Any, ...],
    timeout: float,
    *,
    reads: Iterable[Path] = (),
    subject: Callable[[], int] | None = None,
) -> Outcome[Any]:
    """A job's shared shape: fail at once (audited against `subject()`) if a file of
    `reads` is not visible here; run `fn(*args)` in the pool; raise `Retry` on a crash
    or hang before the last try. The outcome, a failed one at the last try, is the
    caller's to store."""
    wc = worker_context(context)
    try:
        for path in reads:
            _visible(path)
    except NotVisible as exc:
        assert subject is not None, "a job that reads files names their subject"
        record_failure(wc.db, subject(), context, str(exc))
        raise
    outcome = _analyse(wc, fn, args, timeout)
    if outcome.value is None and not last_try(context):
        raise Retry(outcome.error)
    return outcome


def record_failure(db: Database, subject_id: int, context: JobContext, reason: str) -> None:
    """A job's failure, in the audit trail (the only append-only record of ours)."""
    with db.session() as s:
        audit.record_batch_outcome(
            s,
            f"batch {socket.gethostname()} {os.getpid()}",
            context.job.task_name,
            "failed",
            subject_id=subject_id,
            detail={"job_id": context.job.id, "reason": reason},
        )


def subject_of(db: Database, rec_id: int) -> int:
    with db.session() as s:
        rec = s.get(RecordingRow, rec_id)
        assert rec is not None
        return rec.subject_id


def defer_barrier(
    client: procrastinate.App,
    name: str,
    export_id: int,
    options: dict[str, Any],
    priority: int,
    delay_s: int,
) -> None:
    try:
        client.configure_task(
            f"dualcam:{name}",
            queueing_lock=f"{name}:{export_id}",
            lock=f"{name}:{export_id}",
            priority=priority,
            schedule_in={"seconds": delay_s} if delay_s else None,
        ).defer(export_id=export_id, options=options)
    except AlreadyEnqueued:
        log.debug("%s of export %d already queued", name, export_id)
