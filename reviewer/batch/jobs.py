"""Reads and bulk writes of procrastinate's job table (`procrastinate_jobs`): which
work of an export is still queued or running, and deferring many jobs at once
while skipping those already queued or running (their queueing lock)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

import procrastinate
import psycopg
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.jobs import Job

from reviewer.batch.queue import NAMESPACE

log = logging.getLogger(__name__)

QUEUE = "dualcam"
CHUNK = 1000
LIVE = ("todo", "doing")


def task_name(name: str) -> str:
    return f"{NAMESPACE}:{name}"


def _connect(dsn: tuple[str, str]) -> psycopg.Connection[Any]:
    return psycopg.connect(dsn[0], autocommit=True, options=f"-c search_path={dsn[1]}")


def pending(dsn: tuple[str, str], export_id: int, tasks: Sequence[str]) -> int:
    """How many jobs of these tasks of the export are queued or running."""
    with _connect(dsn) as conn:
        row = conn.execute(
            "select count(*) from procrastinate_jobs where status in ('todo', 'doing') "
            "and task_name = any(%s) and (args->>'export_id')::bigint = %s",
            ([task_name(t) for t in tasks], export_id),
        ).fetchone()
    return int(row[0]) if row else 0


def live_locks(dsn: tuple[str, str], locks: Iterable[str]) -> set[str]:
    """The queueing locks among `locks` held by a job that is queued or running
    (procrastinate's own lock only covers queued ones)."""
    wanted = list(locks)
    if not wanted:
        return set()
    with _connect(dsn) as conn:
        rows = conn.execute(
            "select queueing_lock from procrastinate_jobs where status in ('todo', 'doing') "
            "and queueing_lock = any(%s)",
            (wanted,),
        ).fetchall()
    return {r[0] for r in rows}


def defer_many(
    client: procrastinate.App,
    dsn: tuple[str, str],
    rows: Sequence[tuple[str, str, dict[str, Any]]],
    priority: int,
) -> int:
    """Defer (task, lock, kwargs) rows not already queued or running; returns how many.
    The lock is both the queueing lock (no duplicate waits) and the run lock (never
    two at once)."""
    taken = live_locks(dsn, (lock for _, lock, _ in rows))
    todo = [
        Job(
            id=None,
            queue=QUEUE,
            priority=priority,
            lock=lock,
            queueing_lock=lock,
            task_name=task_name(name),
            task_kwargs=kwargs,
        )
        for name, lock, kwargs in rows
        if lock not in taken
    ]
    done = 0
    for i in range(0, len(todo), CHUNK):
        chunk = todo[i : i + CHUNK]
        try:
            client.job_manager.batch_defer_jobs(chunk)
            done += len(chunk)
        except AlreadyEnqueued:  # someone enqueued some of them meanwhile: one by one
            for job in chunk:
                try:
                    client.job_manager.defer_job(job)
                    done += 1
                except AlreadyEnqueued:
                    log.debug("%s already queued", job.queueing_lock)
    return done
