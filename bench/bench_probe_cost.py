"""What probing costs per recording, on the example export's small files.

    python bench/bench_probe_cost.py [--example DIR] [--repeat 5]

Makes the example export (`make-example`, 15 recordings of 30 s, 320x180 and
640x360 H.264+AAC) in DIR once, then probes every recording `repeat` times and
prints the median time per file and in all. Large files: bench/bench_integrity.py.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.media.probe import probe_recording  # noqa: E402
from reviewer.example import make_example  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--example", type=Path, default=Path("/tmp/dualcam-bench/example"))
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    export = args.example / "export"
    if not export.exists():
        make_example(args.example)
    files = sorted(export.rglob("*.mp4"))
    medians = []
    for f in files:
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            probe_recording(f)
            times.append(time.perf_counter() - t)
        medians.append(statistics.median(times))
    print(f"{len(files)} recordings, median of {args.repeat} probes each")
    print(
        f"per file: median {1000 * statistics.median(medians):.1f} ms, "
        f"max {1000 * max(medians):.1f} ms; all: {1000 * sum(medians):.0f} ms"
    )


if __name__ == "__main__":
    main()
