"""Draw observations (boxes and labels) on a frame: for evidence images and the README."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from analysis.detect.observations import Kind, Observation

COLOURS = {Kind.FACE: (80, 220, 80), Kind.PERSON: (240, 170, 40), Kind.OBJECT: (230, 60, 60)}


def draw_observations(
    rgb: NDArray[np.uint8], observations: list[Observation], title: str = ""
) -> NDArray[np.uint8]:
    img = np.ascontiguousarray(rgb.copy())
    h, w = img.shape[:2]
    thick = max(1, w // 400)
    for o in observations:
        if o.box is None:
            continue
        c = COLOURS.get(o.kind, (255, 255, 255))
        p0 = (int(o.box.x0 * w), int(o.box.y0 * h))
        p1 = (int(o.box.x1 * w), int(o.box.y1 * h))
        cv2.rectangle(img, p0, p1, c, thick)
        label = f"{o.label} {o.score:.2f}"
        cv2.putText(
            img,
            label,
            (p0[0] + 3, max(12, p0[1] + 14)),
            cv2.FONT_HERSHEY_SIMPLEX,
            0.4 * thick,
            c,
            thick,
            cv2.LINE_AA,
        )
    if title:
        cv2.rectangle(img, (0, 0), (w, 22 * thick), (20, 20, 20), -1)
        cv2.putText(
            img,
            title,
            (6, 16 * thick),
            cv2.FONT_HERSHEY_SIMPLEX,
            0.5 * thick,
            (255, 255, 255),
            thick,
            cv2.LINE_AA,
        )
    return img
