"""Frame quality: a covered, turned-away or frozen camera. Pure numpy/OpenCV."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from analysis.detect.observations import Kind, Observation
from analysis.media.video import TimedFrame


@dataclass(frozen=True)
class QualityConfig:
    dark_luma: float = 28.0  # mean luma (0-255) below this: lens covered or lights off
    uniform_std: float = 6.0  # luma spread below this: a blank surface fills the view
    blur_laplacian: float = 12.0  # Laplacian variance below this: badly blurred
    # Frozen: consecutive samples (compared at <= 640 px wide) change by less than this
    # mean absolute luma, or have at least `frozen_equal` of their pixels exactly equal.
    # Measured on generated scenes: a live camera on an empty room changes by 0.6-1.8
    # with 14-54% equal pixels; a frozen picture by 0-0.7 while the encoder converges,
    # then 0 (100% equal). Set strictly: a false "frozen" costs more trust than a late one.
    frozen_diff: float = 0.35
    frozen_equal: float = 0.9
    # "Still": nothing moved between samples (the largest change of a 160x90 thumbnail
    # is below this). A frozen picture is still while the encoder converges (measured
    # 1.4-2.5), a live candidate is not (>= 2.1, usually tens); an empty room is still
    # too, so the rules count stillness only next to an exactly frozen stretch.
    still_thumb: float = 3.0


class QualityDetector:
    name = "quality"

    def __init__(self, config: QualityConfig | None = None) -> None:
        self.cfg = config or QualityConfig()
        self._prev: NDArray[np.uint8] | None = None
        self._prev_small: NDArray[np.float32] | None = None

    def process(self, frame: TimedFrame) -> list[Observation]:
        img = frame.image
        gray = img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
        small = cv2.resize(gray, (160, 90), interpolation=cv2.INTER_AREA).astype(np.float32)
        out = []
        mean, std = float(small.mean()), float(small.std())
        if mean < self.cfg.dark_luma:
            out.append(self._obs(frame.pts_s, "dark", 1 - mean / self.cfg.dark_luma))
        elif std < self.cfg.uniform_std:
            out.append(self._obs(frame.pts_s, "uniform", 1 - std / self.cfg.uniform_std))
        else:
            sharp = float(cv2.Laplacian(small, cv2.CV_32F).var())
            if sharp < self.cfg.blur_laplacian:
                out.append(self._obs(frame.pts_s, "blurry", 1 - sharp / self.cfg.blur_laplacian))
        if self._prev is not None and self._prev.shape == gray.shape:
            diff = np.abs(gray.astype(np.int16) - self._prev)
            change, equal = float(diff.mean()), float((diff == 0).mean())
            if change < self.cfg.frozen_diff or equal >= self.cfg.frozen_equal:
                score = max(1 - change / self.cfg.frozen_diff, equal)
                out.append(self._obs(frame.pts_s, "frozen", score))
        if self._prev_small is not None and not any(o.label == "frozen" for o in out):
            moved = float(np.abs(small - self._prev_small).max())
            if moved < self.cfg.still_thumb:
                out.append(self._obs(frame.pts_s, "still", 1 - moved / self.cfg.still_thumb))
        self._prev = np.asarray(gray, np.uint8)
        self._prev_small = small
        return out

    def _obs(self, t: float, label: str, score: float) -> Observation:
        return Observation(
            t, Kind.QUALITY, label, float(np.clip(score, 0.05, 1.0)), None, self.name
        )

    def finish(self) -> list[Observation]:
        return []

    def close(self) -> None:
        self._prev = self._prev_small = None
