"""Run analysis jobs in worker processes, with time-outs and crash isolation.

A decoder or model that hangs or aborts (MediaPipe can do both) kills only its
worker: the job comes back as a failure with a readable reason and the scan
goes on. Built on pebble's ProcessPool, which kills timed-out workers.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Hashable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pebble import ProcessExpired, ProcessPool

log = logging.getLogger(__name__)

K = TypeVar("K", bound=Hashable)
R = TypeVar("R")


@dataclass(frozen=True)
class Job(Generic[K]):
    key: K
    args: tuple[Any, ...]
    timeout_s: float
    # what to run, when not `run_jobs`' own `fn`: several kinds of work share one pool
    fn: Callable[..., Any] | None = None


@dataclass(frozen=True)
class Outcome(Generic[R]):
    value: R | None
    error: str | None  # why the job failed; None when value is set


def _worker_init() -> None:
    # Ctrl-C goes to the whole process group; only the parent decides what it means.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # MediaPipe/LiteRT and onnxruntime write INFO chatter straight to fd 2, past
    # Python logging; it would bury the progress bar. A crash is still reported
    # (by exit code) through the job's outcome.
    os.environ["GLOG_minloglevel"] = "2"  # noqa: SIM112 - glog spells it so
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


@contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPool | None]:
    """One pool of worker processes for several `run_jobs` calls (a scan's stages), so
    each stage does not start and import its workers again. None for `workers <= 0`."""
    if workers <= 0:
        yield None
        return
    ctx = multiprocessing.get_context("spawn")  # never fork a process that may hold Qt
    pool = ProcessPool(max_workers=workers, initializer=_worker_init, context=ctx)
    try:
        yield pool
    finally:
        pool.stop()  # type: ignore[no-untyped-call]  # nothing is left running by then
        pool.join()


def run_jobs(
    fn: Callable[..., R],
    jobs: Sequence[Job[K]],
    *,
    workers: int,
    on_done: Callable[[K, Outcome[R]], None],
    cancel: threading.Event | None = None,
    pool: ProcessPool | None = None,
) -> bool:
    """Run `fn(*job.args)` for each job; call `on_done` in this thread as each ends.

    Returns False if cancelled before all jobs finished. `workers=0` runs the jobs
    in this process, one after another (for debugging; no time-outs). With `pool`
    (from `worker_pool`) the jobs run there, and the pool is left open.
    """
    cancel = cancel or threading.Event()
    if workers <= 0:
        for job in jobs:
            if cancel.is_set():
                return False
            try:
                on_done(job.key, Outcome((job.fn or fn)(*job.args), None))
            except Exception as exc:  # noqa: BLE001 - reported as the job's failure
                on_done(job.key, Outcome(None, f"{type(exc).__name__}: {exc}"))
        return True
    if pool is not None:
        return _run_in(pool, fn, jobs, on_done, cancel)
    with worker_pool(workers) as own:
        assert own is not None
        return _run_in(own, fn, jobs, on_done, cancel)


def _run_in(
    pool: ProcessPool,
    fn: Callable[..., R],
    jobs: Sequence[Job[K]],
    on_done: Callable[[K, Outcome[R]], None],
    cancel: threading.Event,
) -> bool:
    pending: dict[Future[Any], Job[K]] = {}
    try:
        for job in jobs:
            run = job.fn or fn
            pending[pool.schedule(run, args=job.args, timeout=job.timeout_s)] = job
        while pending:
            if cancel.is_set():
                return False
            done, _ = wait(list(pending), timeout=0.2, return_when=FIRST_COMPLETED)
            for fut in done:
                job = pending.pop(fut)
                on_done(job.key, _outcome(fut, job))
        return True
    finally:
        for fut in pending:  # cancelled: stop what is queued or running (pebble kills it)
            fut.cancel()


def _outcome(fut: Future[Any], job: Job[Any]) -> Outcome[Any]:
    try:
        return Outcome(fut.result(), None)
    except FutureTimeout:
        return Outcome(None, f"analysis timed out after {job.timeout_s:.0f} s and was stopped")
    except ProcessExpired as exc:
        return Outcome(None, f"analysis worker crashed (exit code {exc.exitcode})")
    except Exception as exc:  # noqa: BLE001 - any error inside the job is its outcome
        # pebble keeps the worker's traceback: the log (-v) has it for a bug report
        log.info("job %s failed:\n%s", job.key, getattr(exc, "traceback", "") or repr(exc))
        return Outcome(None, f"analysis failed: {type(exc).__name__}: {exc}")
