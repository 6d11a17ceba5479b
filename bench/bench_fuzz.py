"""The scan against 1,000 seeded corruptions of small recordings.

    python bench/bench_fuzz.py [--n 1000] [--seed 0] [--workdir /tmp/dualcam-fuzz]

Builds the cases of tests/fuzzing.py (the fuzz test runs 200 of them), scans them
with one worker and prints, per corruption kind: crashes, hangs, damaged files
flagged out of detectable damaged files, and the damage no probe can be asked to
see (`beyond`: only pictures between the first and the last GOP changed;
`unchgd`: the decoded recording is the same). Then the detectable cases missed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fuzzing import run_fuzz  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/dualcam-fuzz"))
    args = ap.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    t = time.perf_counter()
    run = run_fuzz(args.n, args.workdir, args.seed)
    took = time.perf_counter() - t
    crashes = sum(c.crashed for c in run.cases)
    hangs = sum(c.hung for c in run.cases)
    due = [c for c in run.cases if c.category in ("structural", "detectable")]
    flagged = sum(bool(c.flags) for c in due)
    tracebacks = run.log_text.count("Traceback")
    print(f"{args.n} corruptions (seed {args.seed}), scan {run.scan_status}, {took:.0f} s")
    print(run.table())
    print(
        f"for {args.n} corruptions: crashes {crashes}, hangs {hangs}, tracebacks in the log "
        f"{tracebacks}, damaged files flagged {flagged} of {len(due)} detectable damaged files"
    )
    for c in run.missed():
        print(f"missed: {c.name}: {c.corruption.kind} {c.corruption.fmt}: {c.corruption.what}")


if __name__ == "__main__":
    main()
