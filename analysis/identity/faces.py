"""Faces with their keypoints, from the project's BlazeFace detector.

`analysis/detect/detectors/faces.py` keeps only boxes (all the behaviour rules
need); identity needs the eyes, nose and mouth to align a face, so this subclass
reads the same MediaPipe result and keeps them. The model, its options and its
file are the detector's own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from analysis.detect.detectors.faces import FaceConfig, FaceDetector


@dataclass(frozen=True)
class FaceHit:
    """One face in a picture: box and keypoints in pixels of that picture."""

    score: float
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 (pixels)
    points: NDArray[np.float32]  # (4, 2): eye, eye, nose tip, mouth centre

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


class KeypointFaceDetector(FaceDetector):
    def __init__(self, min_score: float = 0.5) -> None:
        super().__init__(FaceConfig(model="full_range", min_score=min_score))

    def find(self, rgb: NDArray[np.uint8]) -> list[FaceHit]:
        import mediapipe as mp

        img = np.ascontiguousarray(rgb)
        h, w = img.shape[:2]
        result = self._det.detect(mp.Image(image_format=mp.ImageFormat.SRGB, data=img))
        hits = []
        for d in result.detections:
            kps = d.keypoints or []
            if len(kps) < 4:
                continue
            bb = d.bounding_box
            pts = np.array([[k.x * w, k.y * h] for k in kps[:4]], np.float32)
            box = (
                float(bb.origin_x),
                float(bb.origin_y),
                float(bb.origin_x + bb.width),
                float(bb.origin_y + bb.height),
            )
            hits.append(FaceHit(float(d.categories[0].score), box, pts))
        return hits
