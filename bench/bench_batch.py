"""Overnight batch (`main.py batch`, procrastinate on PostgreSQL) against `scan`.

    python bench/bench_batch.py [--workdir /tmp/dualcam-batch-bench] [--detect]
        [--recordings 10000] [--noop-jobs 500] [--kills 0]

Prints, each from this run, on a throwaway PostgreSQL schema (DUALCAM_TEST_PG_URL,
default postgresql+psycopg://postgres@127.0.0.1:5432/test):

1. the example export (`make_example`: 15 recordings of 30 s): `scan` with 1 and 2
   worker processes, then the batch with 1 and 2 worker processes (`--concurrency 1`
   each, started as `main.py batch worker --until-idle`), in video-hours per hour;
   the reports of batch and scan are compared;
2. the queue's own cost per job: N no-op jobs deferred and run by one in-process
   procrastinate worker (target < 20 ms a job), and the database transactions the
   batch of step 1 made per job (pg_stat_database), which step 4 scales;
3. planning and enqueuing `--recordings` empty recordings (target < 10 s for 10,000);
4. 50 machines on paper, from the measured transactions per job and job rate.

`--kills N`: the issue's kill drill on the 2-process run (a random worker killed
N times at random moments and restarted; the slow test does it with 10).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import procrastinate  # noqa: E402

from reviewer.batch.enqueue import enqueue  # noqa: E402
from reviewer.batch.queue import connect, conninfo, drop_schema, ensure_schema  # noqa: E402
from reviewer.example import make_example  # noqa: E402
from reviewer.manifest import load_public_key  # noqa: E402
from reviewer.report import build_report  # noqa: E402
from reviewer.scan import ScanOptions, run_scan  # noqa: E402
from reviewer.storage.db import open_database  # noqa: E402
from tests.pg import schema_url  # noqa: E402


def video_hours(report: dict[str, Any]) -> float:
    return (
        sum(
            (r or {}).get("duration_s") or 0.0
            for s in report["subjects"]
            for r in s["recordings"].values()
        )
        / 3600
    )


def xacts(url: str) -> int:
    with connect(url) as conn:
        row = conn.execute(
            "select xact_commit + xact_rollback from pg_stat_database "
            "where datname = current_database()"
        ).fetchone()
    return int(row[0]) if row else 0


def run_scan_once(root: Path, key: Any, workers: int, detect: bool) -> tuple[float, dict[str, Any]]:
    with schema_url() as url:
        db = open_database(url)
        t = time.perf_counter()
        run_scan(
            db,
            root,
            ScanOptions(
                workers=workers,
                manifest_key=key,
                detect=None if not detect else ScanOptions().detect,
            ),
        )
        dt = time.perf_counter() - t
        with db.session() as s:
            rep = build_report(s, root)
        db.close()
    return dt, rep


def run_batch_once(
    root: Path, key: Any, procs: int, detect: bool, kills: int
) -> tuple[float, dict[str, Any], int, int]:
    """(seconds, report, jobs run, database transactions during the run)."""
    with schema_url() as url:
        try:
            db = open_database(url)
            ensure_schema(url)
            x0 = xacts(url)
            t = time.perf_counter()
            enqueue(
                db, url, [root], manifest_key=key, detect=ScanOptions().detect if detect else None
            )
            cmd = [sys.executable, str(ROOT / "main.py"), "batch", "worker", "--db", url]
            cmd += ["--until-idle", "--concurrency", "1", "--heartbeat", "1"]
            workers = [
                subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.DEVNULL) for _ in range(procs)
            ]
            rng = random.Random(16)
            for _ in range(kills):
                time.sleep(rng.uniform(0.5, 3.0))
                i = rng.randrange(procs)
                if workers[i].poll() is None:
                    workers[i].send_signal(signal.SIGKILL)
                    workers[i].wait()
                workers[i] = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.DEVNULL)
            for w in workers:
                w.wait(timeout=1800)
            dt = time.perf_counter() - t
            dx = xacts(url) - x0
            with connect(url) as conn:
                row = conn.execute("select count(*) from procrastinate_jobs").fetchone()
            with db.session() as s:
                rep = build_report(s, root)
            db.close()
        finally:
            drop_schema(url)
    return dt, rep, int(row[0]) if row else 0, dx


def _noop(i: int) -> None:
    return None


def noop_overhead(n: int) -> tuple[float, float]:
    """Seconds per job to defer, and to fetch, run (a no-op) and finish, through
    procrastinate (the worker's start-up included, spread over the jobs)."""
    with schema_url() as url:
        try:
            ensure_schema(url)
            dsn, schema = conninfo(url)
            kwargs = {"options": f"-c search_path={schema}"}
            app = procrastinate.App(
                connector=procrastinate.PsycopgConnector(conninfo=dsn, kwargs=kwargs)
            )
            sync = procrastinate.App(
                connector=procrastinate.SyncPsycopgConnector(conninfo=dsn, kwargs=kwargs)
            )
            for a in (app, sync):
                a.task(name="bench:noop")(_noop)
            t = time.perf_counter()
            with sync.open():
                for i in range(n):
                    sync.configure_task("bench:noop").defer(i=i)
            t1 = time.perf_counter()
            app.run_worker(wait=False, concurrency=1, install_signal_handlers=False)
            return (t1 - t) / n, (time.perf_counter() - t1) / n
        finally:
            drop_schema(url)


def plan_many(workdir: Path, recordings: int) -> tuple[float, int]:
    export = workdir / f"empty-{recordings}"
    if not export.exists():
        for i in range(recordings // 2):
            d = export / f"C{i:06d}" / "素描"
            d.mkdir(parents=True)
            (d / "main.mp4").touch()
            (d / "aux.mp4").touch()
    with schema_url() as url:
        try:
            db = open_database(url)
            ensure_schema(url)
            t = time.perf_counter()
            got = enqueue(db, url, [export], detect=None)
            dt = time.perf_counter() - t
            db.close()
        finally:
            drop_schema(url)
    return dt, got[0].queued


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/dualcam-batch-bench"))
    ap.add_argument("--detect", action="store_true", help="behaviour detection on")
    ap.add_argument("--recordings", type=int, default=10000)
    ap.add_argument("--noop-jobs", type=int, default=500)
    ap.add_argument("--kills", type=int, default=0)
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    if not (args.workdir / "example" / "export").exists():
        make_example(args.workdir / "example")
    root = (args.workdir / "example" / "export").resolve()
    key = load_public_key(args.workdir / "example" / "platform-key.pem")
    print(f"cores: {os.cpu_count()}; detection {'on' if args.detect else 'off'}")

    ref: dict[str, Any] | None = None
    for workers in (1, 2):
        dt, rep = run_scan_once(root, key, workers, args.detect)
        ref = ref or rep
        vh = video_hours(rep)
        print(f"scan, {workers} worker processes: {dt:.1f} s, {vh / (dt / 3600):.1f} video-h/h")
    assert ref is not None
    per_job = None
    for procs in (1, 2):
        kills = args.kills if procs == 2 else 0
        dt, rep, jobs, dx = run_batch_once(root, key, procs, args.detect, kills)
        vh = video_hours(rep)
        same = "same report as scan" if rep == ref else "REPORT DIFFERS FROM SCAN"
        print(
            f"batch, {procs} worker processes{f' ({kills} kills)' if kills else ''}: {dt:.1f} s, "
            f"{vh / (dt / 3600):.1f} video-h/h, {jobs} jobs, {dx} transactions "
            f"({dx / max(jobs, 1):.1f} a job); {same}"
        )
        per_job = dx / max(jobs, 1), jobs / dt / procs
    defer_s, run_s = noop_overhead(args.noop_jobs)
    print(
        f"queue overhead: {(defer_s + run_s) * 1000:.1f} ms a job ({defer_s * 1000:.1f} to "
        f"defer, {run_s * 1000:.1f} to fetch, run and finish; {args.noop_jobs} no-op jobs; "
        "target < 20 ms)"
    )
    dt, queued = plan_many(args.workdir, args.recordings)
    print(
        f"plan and enqueue {args.recordings} recordings: {dt:.1f} s, {queued} jobs (target < 10 s)"
    )
    assert per_job is not None
    tx_per_job, jobs_per_s_per_proc = per_job
    # On paper: 50 machines, one worker process each with --concurrency 8, each slot
    # finishing jobs at the rate one worker process did here (the example's short
    # files: a pessimistic, high job rate). Besides the jobs, each machine sends one
    # heartbeat and one stalled-job query a heartbeat (10 s by default), and each
    # export's barrier looks once every 2 s.
    machines, slots, hb = 50, 8, 10.0
    rate = machines * slots * jobs_per_s_per_proc
    print(
        f"on paper, {machines} machines x {slots} slots at {jobs_per_s_per_proc:.2f} jobs/s "
        f"a slot: {rate:.0f} jobs/s x {tx_per_job:.1f} = {rate * tx_per_job:.0f} "
        f"transactions/s, + {2 * machines / hb:.0f}/s heartbeats and stalled-job queries, "
        f"+ 0.5/s per export in progress"
    )


if __name__ == "__main__":
    main()
