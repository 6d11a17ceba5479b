"""The identity job's cost against behaviour detection on one 10-minute 720p30 file.

    python bench/bench_identity_cost.py [--file /tmp/id-scan-bench/proxy_720p30_10min.mp4]

A stand-in for bench_scan.py's identity line where the benchmark pair is not at
hand (it takes long to make on a loaded machine): the file (made here if
missing) is the astronaut photo (scikit-image) swaying over a room, 1280x720, 30
fps, H.264 ultrafast, a keyframe a second, no audio. Prints the CPU seconds of
hash and probe, of behaviour detection (main camera settings) and of the
identity job at 10, 15 and 20 s between samples, in one process, one after the
other. The extra a scan pays is about identity / (detection of both cameras +
alignment + probe); bench_scan.py measures it whole.
"""

from __future__ import annotations

import argparse
import math
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.detect.runner import DetectConfig, detect_recording  # noqa: E402
from analysis.identity.recording import IdentityConfig, identity_of_recording  # noqa: E402
from analysis.media.inspect import inspect_recording  # noqa: E402


def make(path: Path) -> None:
    import av

    from analysis.synth.recording import _paste, _resize, package_photo, room_background

    w, h, fps, dur = 1280, 720, 30, 600
    bg = room_background(w, h, 3)
    ph = _resize(package_photo("astronaut"), int(h * 0.8))
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w") as c:
        s = c.add_stream("libx264", rate=fps)
        s.width, s.height, s.pix_fmt = w, h, "yuv420p"
        s.options = {
            "preset": "ultrafast",
            "g": str(fps),
            "keyint_min": str(fps),
            "sc_threshold": "0",
        }
        img = bg
        for i in range(fps * dur):
            if i % 3 == 0:
                img = bg.copy()
                x = int(w / 2 - ph.shape[1] / 2 + 40 * math.sin(0.3 * i / fps))
                _paste(img, ph, x, h - ph.shape[0])
            for p in s.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                c.mux(p)
        for p in s.encode():
            c.mux(p)


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--file", type=Path, default=Path("/tmp/id-scan-bench/proxy_720p30_10min.mp4"))
    args = ap.parse_args()
    if not args.file.exists():
        make(args.file)
    p = str(args.file)
    c = cpu()
    inspect_recording(p, True, True)
    print(f"hash + probe: {cpu() - c:.1f} s CPU")
    c = cpu()
    detect_recording(p, DetectConfig().for_camera("main"))
    det = cpu() - c
    print(f"behaviour detection (main camera settings): {det:.1f} s CPU")
    for every in (10.0, 15.0, 20.0):
        c, t = cpu(), time.perf_counter()
        r = identity_of_recording(p, IdentityConfig(sample_every_s=every))
        used = cpu() - c
        print(
            f"identity every {every:g} s: {r.samples} samples, {used:.1f} s CPU "
            f"({time.perf_counter() - t:.1f} s wall) = {100 * used / det:.0f}% of detection"
        )


if __name__ == "__main__":
    main()
