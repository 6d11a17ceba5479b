"""Full-scan throughput on 10-minute 720p30 main+aux pairs (H.264, GOP 1 s), clean and flagged.

    python bench/bench_scan.py [--workdir /tmp/dualcam-scan-bench] [--minutes 10]
                               [--pair DIR] [--flagged DIR] [--part-s S] [--repeat N]

Prints, from the same run: the keyframe-only decode of both files of the clean
pair (the floor), then the full scan (hash, probe, align, detect; 2 workers) of

- the clean pair (`bench/bench_alignment.py`'s, made here if missing): target
  (issues 4 and 17) >= 100x real time (1,200 s of video in <= 12 s) and within
  2.5x of the floor, under 1.5 GB;
- a flagged pair, the same sitting with a visitor beside the candidate from
  30 s to 300 s and the candidate away from 330 s to 570 s (flags active for
  90% of its length, in both views): target >= 50x real time.

For each: the real-time factor, the share of samples the costly detectors
looked at, and the flags found (main time) with what the other camera said.
`--repeat N` runs the floor and both scans N times and prints the spread.
`--minutes M` times shorter pairs of the same kind (the flagged one's events
scaled to its length); the targets are for 10 minutes, where the fixed costs
(starting the workers, loading the models) weigh least.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from analysis.media.video import open_video  # noqa: E402
from analysis.synth.pairs import PairSpec, phone_pair_spec, write_pair  # noqa: E402
from bench import speech_cost  # noqa: E402
from reviewer.report import build_report  # noqa: E402
from reviewer.scan import ScanOptions, run_scan  # noqa: E402
from reviewer.storage.db import open_database  # noqa: E402
from reviewer.storage.models import DetectionRow  # noqa: E402


def flagged_pair_spec(minutes: float = 10.0) -> PairSpec:
    """The benchmark's pair with a visitor from 5% to 50% of its length (30-300 s of
    10 minutes), then the candidate away from 55% to 95% (330-570 s)."""
    d = 60.0 * minutes
    return replace(
        phone_pair_spec(minutes),
        visitors=((0.05 * d, 0.5 * d),),
        away=((0.55 * d, 0.95 * d),),
    )


def keyframes(path: Path) -> int:
    with open_video(path) as vf:
        return sum(1 for _ in vf.frames(keyframes_only=True, size=(640, 360)))


def cpu_s() -> float:
    """CPU seconds used so far by this process and its finished workers: on a machine
    shared with other work, steadier than the wall clock."""
    me, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def floor_s(files: list[Path]) -> tuple[float, int, float]:
    t, c = time.perf_counter(), cpu_s()
    with ThreadPoolExecutor(2) as pool:
        n = sum(pool.map(keyframes, files))
    return time.perf_counter() - t, n, cpu_s() - c


def prepare(src: Path, spec: PairSpec, export: Path) -> list[Path]:
    main_src, aux_src = src / "pair_main.mp4", src / "pair_aux.mp4"
    if not aux_src.exists():
        write_pair(src, spec)
    folder = export / "C001" / "素描"
    folder.mkdir(parents=True, exist_ok=True)
    for s, name in ((main_src, "main.mp4"), (aux_src, "aux.mp4")):
        if not (folder / name).exists():
            shutil.copy(s, folder / name)
    return [folder / "main.mp4", folder / "aux.mp4"]


CPU: dict[str, float] = {}  # each scan's CPU seconds (this process and its workers), by name


def scan(workdir: Path, export: Path, name: str, part_s: float, **stages: Any) -> tuple[float, str]:
    """Scan `export` into a fresh `<name>.db`; `stages` (identity=None, speech=None)
    switch stages off, to measure what each adds."""
    db_path = workdir / f"{name}.db"
    db_path.unlink(missing_ok=True)
    db = open_database(f"sqlite:///{db_path}")
    t, c = time.perf_counter(), cpu_s()
    run_scan(db, export, ScanOptions(workers=2, detect_part_s=part_s, **stages))
    took, cpu = time.perf_counter() - t, cpu_s() - c
    CPU[name] = cpu
    if name == "clean":
        print(speech_cost.scan_share(db, took, 2))
    with db.session() as s:
        samples = runs = 0
        for row in s.scalars(select(DetectionRow)):
            samples += len(row.result["sample_times"])
            runs += int(row.result.get("costly_runs", 0))
        report = build_report(s, export.resolve())
    subject = report["subjects"][0]
    offset = subject["alignment"]["offset_s"] or 0.0
    flags = []
    for f in subject["flags"]:
        shift = offset if f["camera"] == "aux" else 0.0
        c = f.get("corroboration") or {}
        flags.append(
            f"{f['type']}/{f['camera']} "
            + (
                "whole file"
                if f["start_s"] is None
                else f"{f['start_s'] + shift:.0f}-{f['end_s'] + shift:.0f}"
            )
            + (f" [{c['status']}]" if c else "")
        )
    db.close()
    costly = 100.0 * runs / max(samples, 1)
    return took, (
        f"CPU {cpu:.1f} s; costly detectors on {costly:.0f}% of samples; "
        f"flags (main time): {'; '.join(flags)}"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/dualcam-scan-bench"))
    ap.add_argument("--minutes", type=float, default=10.0, help="length of each recording")
    ap.add_argument("--pair", type=Path, help="default: /tmp/dualcam-align-bench/<m>min")
    ap.add_argument("--flagged", type=Path, help="default: /tmp/dualcam-scan-bench-flagged-<m>min")
    ap.add_argument(
        "--part-s", type=float, default=ScanOptions.detect_part_s, help="detection part length"
    )
    ap.add_argument("--repeat", type=int, default=1, help="run floor and scans this many times")
    args = ap.parse_args()
    m = args.minutes
    pair = args.pair or Path(f"/tmp/dualcam-align-bench/{m:g}min")
    flagged_pair = args.flagged or Path(f"/tmp/dualcam-scan-bench-flagged-{m:g}min")
    video_s = 2 * 60.0 * m
    clean_files = prepare(pair, phone_pair_spec(m), args.workdir / "export")
    prepare(flagged_pair, flagged_pair_spec(m), args.workdir / "export-flagged")
    print(f"pairs: 2 x {m:g} min 720p30 each, detected in parts of {args.part_s:g} s, 2 workers")
    floors, cleans, flaggeds = [], [], []
    for k in range(args.repeat):
        floor, n, floor_cpu = floor_s(clean_files)
        clean, clean_notes = scan(args.workdir, args.workdir / "export", "clean", args.part_s)
        flagged, flag_notes = scan(
            args.workdir, args.workdir / "export-flagged", "flagged", args.part_s
        )
        floors.append(floor)
        cleans.append(clean)
        flaggeds.append(flagged)
        print(
            f"run {k + 1}: keyframe-only decode of both (floor, {n} keyframes) {floor:6.1f} s "
            f"(CPU {floor_cpu:.1f} s)"
        )
        print(
            f"run {k + 1}: clean pair   {clean:6.1f} s = {video_s / clean:5.0f}x real time, "
            f"{clean / floor:4.2f}x the floor (target >= 100x, <= 2.5x floor); {clean_notes}"
        )
        print(
            f"run {k + 1}: flagged pair {flagged:6.1f} s = {video_s / flagged:5.0f}x real time, "
            f"{flagged / floor:4.2f}x the floor (target >= 50x); {flag_notes}",
            flush=True,
        )
    # what the identity (issue 18) and speech (issue 19) stages add to the clean pair
    no_id, _ = scan(
        args.workdir, args.workdir / "export", "clean-no-identity", args.part_s, identity=None
    )
    no_sp, _ = scan(
        args.workdir, args.workdir / "export", "clean-no-speech", args.part_s, speech=None
    )
    last = cleans[-1]
    for stage, without, target in (("identity", no_id, 10), ("speech", no_sp, 5)):
        cpu_with, cpu_without = CPU["clean"], CPU[f"clean-no-{stage}"]
        print(
            f"{stage} stage: the clean scan without it {without:6.1f} s (CPU {cpu_without:.1f} s);"
            f" it adds {100 * (last / without - 1):+.0f}% wall, "
            f"{100 * (cpu_with / cpu_without - 1):+.0f}% CPU (target <= +{target}%; the CPU "
            "figure is steadier on a shared machine)"
        )
    print(speech_cost.asr_speed())
    if args.repeat > 1:
        ratio = [c / f for c, f in zip(cleans, floors, strict=True)]
        for name, xs in (
            ("floor s", floors),
            ("clean s", cleans),
            ("clean/floor", ratio),
            ("flagged s", flaggeds),
        ):
            print(
                f"{name:12} median {statistics.median(xs):6.2f}  "
                f"min {min(xs):6.2f}  max {max(xs):6.2f}"
            )
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"peak RSS: this process {me:.0f} MB, largest worker {kids:.0f} MB "
        f"(2 workers: <= {me + 2 * kids:.0f} MB together; target < 1500 MB)"
    )
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
