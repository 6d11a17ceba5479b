"""Full-scan throughput on a 10-minute 720p30 main+aux pair (H.264, GOP 1 s).

    python bench/bench_scan.py [--workdir /tmp/dualcam-scan-bench] [--pair DIR] [--part-s S]

Prints, from the same run: the full scan (hash, probe, align, detect; 2 workers),
the keyframe-only decode of both files (the floor), the real-time factor, and
peak memory. Target (issue 4): >= 100x real time (1,200 s of video in <= 12 s),
within 2.5x of the decode floor, under 1.5 GB.
The pair is the one `bench/bench_alignment.py` builds (made here if missing).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.media.video import open_video  # noqa: E402
from analysis.synth.pairs import phone_pair_spec, write_pair  # noqa: E402
from bench import speech_cost  # noqa: E402
from reviewer.scan import ScanOptions, run_scan  # noqa: E402
from reviewer.storage.db import open_database  # noqa: E402


def keyframes(path: Path) -> int:
    with open_video(path) as vf:
        return sum(1 for _ in vf.frames(keyframes_only=True, size=(640, 360)))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/dualcam-scan-bench"))
    ap.add_argument("--pair", type=Path, default=Path("/tmp/dualcam-align-bench/10min"))
    ap.add_argument(
        "--part-s", type=float, default=ScanOptions.detect_part_s, help="detection part length"
    )
    args = ap.parse_args()
    main_src, aux_src = args.pair / "pair_main.mp4", args.pair / "pair_aux.mp4"
    if not aux_src.exists():
        write_pair(args.pair, phone_pair_spec(10.0))
    export = args.workdir / "export" / "C001" / "素描"
    export.mkdir(parents=True, exist_ok=True)
    for src, name in ((main_src, "main.mp4"), (aux_src, "aux.mp4")):
        if not (export / name).exists():
            shutil.copy(src, export / name)
    db_path = args.workdir / "scan.db"
    db_path.unlink(missing_ok=True)
    db = open_database(f"sqlite:///{db_path}")
    t = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        n = sum(pool.map(keyframes, [export / "main.mp4", export / "aux.mp4"]))
    floor = time.perf_counter() - t
    t = time.perf_counter()
    summary = run_scan(
        db, args.workdir / "export", ScanOptions(workers=2, detect_part_s=args.part_s)
    )
    full = time.perf_counter() - t
    video_s = 1200.0
    print(
        f"pair: 2 x 10 min 720p30, {n} keyframes; detected in parts of {args.part_s:g} s; "
        f"flags: {dict(summary.flags)}"
    )
    print(f"keyframe-only decode of both (floor) {floor:6.1f} s")
    print(
        f"full scan (hash, probe, align, detect) {full:6.1f} s = {video_s / full:5.0f}x real "
        f"time, {full / floor:4.1f}x the floor (target >= 100x, <= 2.5x floor)"
    )
    # identity (issue 18): the same scan without its stage, on a fresh database
    db2_path = args.workdir / "scan_no_identity.db"
    db2_path.unlink(missing_ok=True)
    opts = ScanOptions(workers=2, detect_part_s=args.part_s, identity=None)
    t = time.perf_counter()
    run_scan(open_database(f"sqlite:///{db2_path}"), args.workdir / "export", opts)
    bare = time.perf_counter() - t
    print(
        f"identity: the scan without it {bare:6.1f} s; identity adds {full - bare:+.1f} s "
        f"({100 * (full / bare - 1):+.0f}%, target <= +10%)"
    )
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"peak RSS: this process {me:.0f} MB, largest worker {kids:.0f} MB "
        f"(2 workers: <= {me + 2 * kids:.0f} MB together; target < 1500 MB)"
    )
    print(speech_cost.scan_share(db, full, 2))
    print(speech_cost.asr_speed())
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
