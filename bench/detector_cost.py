"""Per-detector cost: median ms a frame of each registered detector, in one process,
on frames sampled from the given recordings (each detector sees what the ones before
it found, as in the runner). Used by `bench/eval_detection.py --time-detectors`."""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from analysis.detect.detectors import REGISTRY
from analysis.detect.observations import Observation
from analysis.detect.runner import MAX_WIDTH, _process
from analysis.media.video import open_video


def time_detectors(
    paths: list[Path], names: tuple[str, ...], every_s: float = 3.0
) -> dict[str, float]:
    dets = [(n, REGISTRY[n].make(None)) for n in names]
    took: dict[str, list[float]] = defaultdict(list)
    try:
        for path in paths:
            with open_video(path) as vf:
                info = vf.info()
                size = None
                if info.width and info.height and info.width > MAX_WIDTH:
                    size = (MAX_WIDTH, round(info.height * MAX_WIDTH / info.width / 2) * 2)
                for frame in vf.frames(every_s=every_s, size=size):
                    seen: list[Observation] = []
                    for name, det in dets:
                        t = time.perf_counter()
                        seen.extend(_process(det, frame, seen))
                        took[name].append(1000 * (time.perf_counter() - t))
    finally:
        for _, det in dets:
            det.close()
    return {n: float(np.median(took[n])) for n, _ in dets if took[n]}
