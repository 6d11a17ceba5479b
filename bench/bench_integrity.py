"""Hashing and probing throughput against `sha256sum` on a >= 1 GB recording.

    python bench/bench_integrity.py [--size-gb 1.0] [--workdir /tmp/dualcam-bench]

Builds (once, cached in the work folder) a real H.264/AAC MP4 of the asked
size: a 20 s 1280x720 30 fps clip of a photo moving over noise, encoded at a
high bitrate, then remuxed end to end until the file is large enough. Prints
sha256sum's time, ours, the probe's (packet scan of every packet), and the peak
memory of hashing a small and the large file (flat means it does not grow).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import av
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.media.hashing import sha256_file  # noqa: E402
from analysis.media.inspect import inspect_recording  # noqa: E402
from analysis.media.probe import probe_recording  # noqa: E402
from analysis.synth.recording import (  # noqa: E402
    RecordingSpec,
    moving_subject,
    noise_audio,
    package_photo,
    write_recording,
)


def build(path: Path, size_gb: float) -> None:
    seed_clip = path.with_name("seed.mp4")
    if not seed_clip.exists():
        bg = moving_subject(package_photo("astronaut"), 1280, 720)
        rng = np.random.default_rng(0)

        grain = rng.integers(-3, 4, (8, 720, 1280, 3), dtype=np.int16)

        def frame(t: float) -> np.ndarray:  # sensor-like grain keeps the bitrate phone-like
            img = bg(t).astype(np.int16) + grain[int(t * 30) % 8]
            return np.clip(img, 0, 255).astype(np.uint8)

        spec = RecordingSpec(duration_s=20, fps=30, width=1280, height=720, audio_rate=48000)
        write_recording(seed_clip, spec, frame, noise_audio())
    with av.open(str(seed_clip)) as src:
        packets = [
            (p.stream.index, p, p.pts, p.dts, p.time_base) for p in src.demux() if p.dts is not None
        ]
        streams = list(src.streams)
        # one loop lasts until the last packet of any stream ends, plus a frame
        span = max(float((p.pts + (p.duration or 0)) * tb) for _, p, _, _, tb in packets) + 0.04
        with av.open(str(path), "w") as out:
            omap = {s.index: out.add_stream_from_template(s) for s in streams}
            written, k = 0, 0
            while written < size_gb * 1e9:
                for idx, p, pts, dts, tb in packets:
                    shift = round(k * span / float(tb))
                    p.time_base = tb  # mux() rescales the packet in place
                    p.pts, p.dts = pts + shift, dts + shift
                    p.stream = omap[idx]
                    out.mux(p)
                    written += p.size
                k += 1


def peak_rss_mb(code: str) -> float:
    # VmHWM (not ru_maxrss, which keeps the forking parent's peak across exec)
    hwm = "\nprint([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1])"
    out = subprocess.run(
        [sys.executable, "-c", code + hwm], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return int(out.stdout.split()[-1]) / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size-gb", type=float, default=1.0)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/dualcam-bench"))
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    big = args.workdir / f"big-{args.size_gb:g}gb.mp4"
    if not big.exists():
        t = time.perf_counter()
        partial = big.with_suffix(".partial.mp4")
        build(partial, args.size_gb)
        partial.rename(big)
        print(f"built {big} in {time.perf_counter() - t:.1f} s")
    size = big.stat().st_size
    subprocess.run(["sha256sum", str(big)], capture_output=True, check=True)  # warm the cache

    t = time.perf_counter()
    ref = subprocess.run(["sha256sum", str(big)], capture_output=True, text=True, check=True)
    t_ref = time.perf_counter() - t
    t = time.perf_counter()
    ours = sha256_file(big)
    t_ours = time.perf_counter() - t
    assert ours == ref.stdout.split()[0], "hash differs from sha256sum"
    t = time.perf_counter()
    probe = probe_recording(big)
    t_probe = time.perf_counter() - t

    mb = size / 1e6
    print(
        f"file: {mb:.0f} MB, {probe.duration_s:.0f} s of 720p30 H.264+AAC "
        f"(~{8 * mb / probe.duration_s:.1f} Mbit/s, many packets per MB: the probe's worst case)"
    )
    print(f"sha256sum        {t_ref:6.2f} s  {mb / t_ref:7.0f} MB/s")
    print(
        f"sha256_file      {t_ours:6.2f} s  {mb / t_ours:7.0f} MB/s  "
        f"({100 * t_ref / t_ours:.0f}% of sha256sum's speed; target >= 80%)"
    )
    print(
        f"probe (all pkts) {t_probe:6.2f} s  {mb / t_probe:7.0f} MB/s  "
        f"({probe.duration_s / t_probe:.0f}x real time)"
    )
    t = time.perf_counter()
    ins = inspect_recording(str(big), True, True)
    t_both = time.perf_counter() - t
    assert ins.sha256 == ours
    print(
        f"scan job         {t_both:6.2f} s  {mb / t_both:7.0f} MB/s  "
        f"({100 * t_ref / t_both:.0f}% of sha256sum's speed: hash and probe overlapped)"
    )
    small = args.workdir / "seed.mp4"
    code = (
        "from pathlib import Path; from analysis.media.hashing import sha256_file; "
        "sha256_file(Path({!r}))"
    )
    rss_small = peak_rss_mb(code.format(str(small)))
    rss_big = peak_rss_mb(code.format(str(big)))
    print(
        f"peak RSS hashing {small.stat().st_size / 1e6:.0f} MB file: {rss_small:.0f} MB; "
        f"{mb:.0f} MB file: {rss_big:.0f} MB (flat: memory does not grow with size)"
    )
    code = (
        "from pathlib import Path; from analysis.media.probe import probe_recording; "
        "probe_recording(Path({!r}))"
    )
    print(
        f"peak RSS probing  {small.stat().st_size / 1e6:.0f} MB file: "
        f"{peak_rss_mb(code.format(str(small))):.0f} MB; {mb:.0f} MB file: "
        f"{peak_rss_mb(code.format(str(big))):.0f} MB (packet times kept: 8 bytes a packet)"
    )


if __name__ == "__main__":
    main()
