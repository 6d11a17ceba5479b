"""Face alignment: BlazeFace's keypoints onto the ArcFace 5-point template (224 px).

The template is ArcFace's 112-px one doubled; BlazeFace gives one mouth point, so the
two mouth corners become their mean (see resources/models/PROVENANCE.md, faceres).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

SIZE = 224
# ArcFace 112-px template: left eye, right eye (as seen), nose tip, mouth centre
_T112 = np.array(
    [
        [38.2946, 51.6963],
        [73.5318, 51.5014],
        [56.0252, 71.7366],
        [(41.5493 + 70.7299) / 2, (92.3655 + 92.2041) / 2],
    ],
    np.float32,
)
TEMPLATE = _T112 * (SIZE / 112.0)


def order_points(points: NDArray[np.float32]) -> NDArray[np.float32]:
    """(eye, eye, nose, mouth) with the eye seen on the left of the picture first."""
    p = np.asarray(points, np.float32).reshape(4, 2).copy()
    if p[0, 0] > p[1, 0]:
        p[[0, 1]] = p[[1, 0]]
    return p


def frontality(points: NDArray[np.float32]) -> float:
    """1 for a face looking at the camera, towards 0 as the head turns (yaw) or tilts.

    The nose tip's offset from the eyes' midpoint, in eye distances: about 0 when
    frontal, 0.5 and more in profile."""
    p = order_points(points)
    eye_d = float(np.linalg.norm(p[1] - p[0]))
    if eye_d < 1e-6:
        return 0.0
    mid = (p[0] + p[1]) / 2
    axis = (p[1] - p[0]) / eye_d
    off = abs(float(np.dot(p[2] - mid, axis))) / eye_d
    roll = abs(float(np.degrees(np.arctan2(axis[1], axis[0]))))
    return float(max(0.0, 1.0 - 2.0 * off) * (1.0 if roll < 30 else 0.5))


def eye_distance(points: NDArray[np.float32]) -> float:
    p = order_points(points)
    return float(np.linalg.norm(p[1] - p[0]))


def align_face(image: NDArray[np.uint8], points: NDArray[np.float32]) -> NDArray[np.uint8] | None:
    """The 224x224 aligned face (same channel order as `image`), or None when the
    keypoints admit no similarity transform."""
    import cv2

    src = order_points(points)
    found: Any = cv2.estimateAffinePartial2D(src, TEMPLATE, method=cv2.LMEDS)[0]
    if found is None:
        return None
    m = np.asarray(found, np.float64)
    out = cv2.warpAffine(image, m, (SIZE, SIZE), flags=cv2.INTER_LINEAR, borderValue=(0, 0, 0))
    return np.asarray(out, np.uint8)
