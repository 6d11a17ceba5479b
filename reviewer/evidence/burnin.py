"""What is drawn on the evidence videos and stills: each camera's file time, the
wall-clock time, the flag type and the detector boxes.

English (ASCII) text, so the burn-in reads the same to everyone and in any
player; drawn with Pillow and the shipped font (`reviewer.evidence.fonts`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw

from analysis.detect.observations import Observation
from analysis.detect.overlay import draw_observations
from analysis.flags import Camera
from analysis.media.video import TimedFrame
from reviewer.evidence.fonts import pil_font
from reviewer.review import FlagView

log = logging.getLogger(__name__)

BAR = 44  # pixels of text above each panel
BOX_SHOWN_S = 1.0  # boxes are drawn this long either side of the best frame


def wall(started: datetime | None, t: float | None) -> str:
    if started is None or t is None:
        return "wall clock unknown"
    at = started + timedelta(seconds=t)
    return at.strftime("%Y-%m-%d %H:%M:%S.") + f"{at.microsecond // 1000:03d} UTC"


def boxes(f: FlagView) -> tuple[float | None, list[Observation]]:
    """The flag's best-frame time (its own camera's timeline) and its boxes."""
    ev = f.evidence or {}
    obs = [Observation.from_json(o) for o in ev.get("observations", [])]
    best = ev.get("best_t")
    return (float(best) if best is not None else None), obs


def panel(
    frame: TimedFrame | None,
    size: tuple[int, int],
    lines: tuple[str, str],
    observations: list[Observation],
) -> NDArray[np.uint8]:
    """One camera's picture (black when none) under two lines of text."""
    w, h = size
    img = np.zeros((h + BAR, w, 3), np.uint8)
    if frame is not None:
        pic = frame.image if frame.image.ndim == 3 else np.dstack([frame.image] * 3)
        if observations:
            pic = draw_observations(pic, observations)
        ph, pw = min(h, pic.shape[0]), min(w, pic.shape[1])
        img[BAR : BAR + ph, :pw] = pic[:ph, :pw]
    canvas = Image.fromarray(img)
    draw = ImageDraw.Draw(canvas)
    font = pil_font(15)
    draw.text((6, 3), lines[0], fill=(255, 255, 255), font=font)
    draw.text((6, 23), lines[1], fill=(255, 220, 120), font=font)
    return np.asarray(canvas)


def pair_composer(
    f: FlagView,
    span_main: tuple[float, float],
    started: dict[Camera, datetime | None],
    panel_size: tuple[int, int],
) -> Callable[[TimedFrame | None, TimedFrame | None, float, float], NDArray[np.uint8]]:
    """The `compose` of `analysis.media.clips.render_pair` for one flag."""
    best, obs = boxes(f)
    label = f"{f.type.value} ({f.source.value}, {f.camera.value})"

    def compose(
        m: TimedFrame | None, a: TimedFrame | None, t: float, ta: float
    ) -> NDArray[np.uint8]:
        parts = []
        inside = span_main[0] <= t <= span_main[1]
        for cam, fr, ct in ((Camera.MAIN, m, t), (Camera.AUX, a, ta)):
            shown = fr.pts_s if fr is not None else ct
            near = best is not None and cam == f.camera and abs(shown - best) <= BOX_SHOWN_S
            head = f"{cam.value.upper()}  file {shown:9.3f} s  {wall(started.get(cam), shown)}"
            flag = f"FLAG {label}" if inside else f"flag {label} at main {span_main[0]:.1f} s"
            parts.append(panel(fr, panel_size, (head, flag), obs if near else []))
        return np.hstack(parts)

    return compose


def still(frame: TimedFrame, title: str, observations: list[Observation]) -> Image.Image:
    """A full-resolution frame with its boxes and a line of text above it."""
    h, w = frame.image.shape[:2]
    return Image.fromarray(panel(frame, (w, h), (title, ""), observations)[: BAR + h])
