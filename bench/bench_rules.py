"""The rules on a long recording: a 3-hour sitting sampled once a second.

    python bench/bench_rules.py [--hours 3]

The rules run on every scan and every `report` (cached observations in, flags out),
so they must stay linear in the number of samples. Prints the time for a sitting
with the candidate, a weak second face and a body box on every sample, without
and with a mirror found on two samples in three.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.detect.observations import Box, Kind, Observation
from analysis.detect.rules import behaviour_flags
from analysis.flags import Camera


def sitting(times: list[float], mirror: bool) -> list[Observation]:
    obs = []
    for t in times:
        obs += [
            Observation(t, Kind.FACE, "face", 0.9, Box(0.45, 0.3, 0.55, 0.45)),
            Observation(t, Kind.FACE, "face", 0.45, Box(0.7, 0.3, 0.8, 0.45)),
            Observation(t, Kind.PERSON, "person", 0.7, Box(0.3, 0.2, 0.7, 1.0)),
        ]
        if mirror and int(t) % 3:
            obs.append(Observation(t, Kind.OBJECT, "reflection", 0.9, Box(0.05, 0.1, 0.2, 0.4)))
    return obs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hours", type=float, default=3.0)
    args = ap.parse_args()
    times = [float(t) for t in range(int(args.hours * 3600))]
    for mirror in (False, True):
        obs = sitting(times, mirror)
        t0 = time.perf_counter()
        flags = behaviour_flags(obs, times, Camera.MAIN)
        took = time.perf_counter() - t0
        print(
            f"{len(times)} samples, {len(obs)} observations, mirror={mirror}: "
            f"{took:.2f} s, {len(flags)} flags"
        )


if __name__ == "__main__":
    main()
