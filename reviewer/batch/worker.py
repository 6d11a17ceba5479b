"""`batch worker`: run the queue's jobs on this machine, beside any number of others.

procrastinate's worker fetches the jobs and sends a heartbeat; each worker also
looks, every heartbeat, for jobs whose worker stopped beating (killed, machine
gone: `JobManager.get_stalled_jobs`) and puts them back in the queue. The
analysis runs in a pool of spawned processes (`reviewer.workers.worker_pool`),
one per job slot, with the scan's time-outs.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Mapping
from typing import Any

import procrastinate
from procrastinate.exceptions import ConnectorException
from procrastinate.worker import Worker

from reviewer.batch.queue import WORKERS_TABLE, PathMap, conninfo, ensure_schema, make_app
from reviewer.batch.runtime import WorkerContext
from reviewer.storage.db import open_database
from reviewer.workers import worker_pool

log = logging.getLogger(__name__)

HEARTBEAT_S = 10.0
IDLE_POLL_S = 1.0


def default_concurrency() -> int:
    return max(1, os.cpu_count() or 1)


def run_worker(
    db_url: str,
    *,
    concurrency: int | None = None,
    until_idle: bool = False,
    paths: Mapping[str, str] | None = None,
    heartbeat_s: float = HEARTBEAT_S,
) -> None:
    """Work until stopped (SIGINT/SIGTERM: the jobs in hand finish first), or with
    `until_idle` until nothing of any batch is queued or running anywhere.
    A worker whose heartbeat is 3 × `heartbeat_s` old is taken for dead."""
    n = concurrency or default_concurrency()
    ensure_schema(db_url)
    db = open_database(db_url)
    client = make_app(db_url, max_size=n + 1)
    try:
        with client.open(), worker_pool(n) as pool:
            wc = WorkerContext(db, PathMap(paths or {}), pool, client, conninfo(db_url))
            asyncio.run(_run(make_app(db_url, worker=True), wc, n, until_idle, heartbeat_s))
    finally:
        db.close()


async def _run(
    app: procrastinate.App, wc: WorkerContext, n: int, until_idle: bool, heartbeat_s: float
) -> None:
    async with app.open_async():
        watchdog = asyncio.create_task(_requeue_stalled(app, heartbeat_s))
        try:
            while True:
                worker = Worker(
                    app,
                    queues=None,
                    name=f"dualcam-{socket.gethostname()}-{os.getpid()}",
                    concurrency=n,
                    wait=not until_idle,
                    additional_context={"batch": wc},
                    update_heartbeat_interval=heartbeat_s,
                    stalled_worker_timeout=3 * heartbeat_s,
                    fetch_job_polling_interval=min(5.0, heartbeat_s),
                )
                run = asyncio.create_task(worker.run())  # type: ignore[no-untyped-call]
                await _announce(app, worker, run)
                await run
                if not until_idle or await _nothing_left(app):
                    return
                await asyncio.sleep(IDLE_POLL_S)  # jobs scheduled later or run elsewhere
        finally:
            watchdog.cancel()


async def _announce(app: procrastinate.App, worker: Worker, run: asyncio.Task[Any]) -> None:
    """Name this worker's host and process beside procrastinate's worker row."""
    while worker.worker_id is None and not run.done():
        await asyncio.sleep(0.05)
    if worker.worker_id is None:
        return
    try:
        await app.connector.execute_query_async(
            f"insert into {WORKERS_TABLE} (worker_id, host, pid) "
            "values (%(worker_id)s, %(host)s, %(pid)s) on conflict do nothing",
            worker_id=worker.worker_id,
            host=socket.gethostname(),
            pid=os.getpid(),
        )
    except ConnectorException:
        log.debug("worker %s ended before it was named", worker.worker_id)


async def _requeue_stalled(app: procrastinate.App, heartbeat_s: float) -> None:
    while True:
        try:
            stalled = await app.job_manager.get_stalled_jobs(
                seconds_since_heartbeat=3 * heartbeat_s
            )
            for job in stalled:
                log.warning("job %s (%s) of a dead worker: queued again", job.id, job.task_name)
                await app.job_manager.retry_job(job)
        except Exception as exc:  # noqa: BLE001 - the database may be back next time
            log.warning("could not look for stalled jobs: %s", exc)
        await asyncio.sleep(heartbeat_s)


async def _nothing_left(app: procrastinate.App) -> bool:
    row = await app.connector.execute_query_one_async(
        "select count(*) as n from procrastinate_jobs where status in ('todo', 'doing')"
    )
    return int(row["n"]) == 0
