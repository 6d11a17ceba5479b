"""Alignment speed on a 10-minute 720p30 pair (H.264, GOP 1 s, AAC 48 kHz).

    python bench/bench_alignment.py [--minutes 10] [--workdir /tmp/dualcam-align-bench]

Prints, side by side, the time to only decode what each method reads and the
time of the whole alignment. Targets (issue 3): audio <= 1 s, visual <= 5 s on
this 2-core machine. The pair (made once by `analysis.synth.pairs`, cached) has
a +4.4 s offset and 145 ppm drift.
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.align.alignment import align_pair, track_of  # noqa: E402
from analysis.media.video import open_video  # noqa: E402
from analysis.synth.pairs import phone_pair_spec, write_pair  # noqa: E402


def timed(fn, *args):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t


def both(fn, paths):  # type: ignore[no-untyped-def]
    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(fn, paths))


def decode_audio(p: Path) -> int:
    with open_video(p) as vf:
        return len(vf.audio(8000)[0])  # decode and decimate, as alignment does


def demux_video(p: Path) -> int:
    with open_video(p) as vf:
        return len(vf.packet_sizes()[0])


def decode_video_60s(p: Path) -> int:
    with open_video(p) as vf:
        return sum(1 for _ in vf.frames(end_s=60.0, every_s=1 / 15, gray=True, size=(64, 36)))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/dualcam-align-bench"))
    args = ap.parse_args()
    spec = phone_pair_spec(args.minutes)
    folder = args.workdir / f"{args.minutes:g}min"
    main_p, aux_p = folder / "pair_main.mp4", folder / "pair_aux.mp4"
    if not aux_p.exists():
        _, t = timed(write_pair, folder, spec)
        print(f"built the pair in {t:.0f} s")
    paths = [main_p, aux_p]
    minutes = args.minutes
    _, t_adec = timed(both, decode_audio, paths)
    res_a, t_audio = timed(align_pair, track_of(main_p), track_of(aux_p))
    _, t_demux = timed(both, demux_video, paths)
    _, t_vdec60 = timed(both, decode_video_60s, paths)
    res_v, t_visual = timed(align_pair, track_of(main_p), track_of(aux_p, audio=False))
    print(
        f"pair: {minutes:g} min 720p30 H.264 GOP 1 s + AAC 48 kHz, true offset +4.400 s, "
        "drift 145 ppm"
    )
    print(
        f"audio : decoding both whole tracks {t_adec:5.2f} s | alignment {t_audio:5.2f} s "
        f"(windowed: decodes about a third; target <= 1 s) -> "
        f"offset {res_a.offset_s:+.3f} s, drift {res_a.drift_ppm} ppm, {res_a.method}"
    )
    print(
        f"visual: demux only {t_demux:5.2f} s | full decode (extrapolated from 60 s) "
        f"{t_vdec60 * minutes:6.1f} s | alignment {t_visual:5.2f} s (target <= 5 s) -> "
        f"offset {res_v.offset_s if res_v.offset_s is None else round(res_v.offset_s, 3)} s, "
        f"{res_v.method}, {res_v.diagnostics.get('visual_signal')}, "
        f"score {res_v.diagnostics.get('visual_psr')}"
    )


if __name__ == "__main__":
    main()
