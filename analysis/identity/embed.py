"""HSE FaceRes (1024-d identity embedding) with onnxruntime.

Preprocessing is the upstream HSE one: BGR, minus the ImageNet mean, no scaling
(Human's RGB x 255 separated people clearly worse: d' 3.98 against 5.08, see
resources/models/PROVENANCE.md).
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import numpy as np
from numpy.typing import NDArray

from analysis.detect.models import ModelError, model_path, onnx_session

log = logging.getLogger(__name__)

MODEL = "faceres.onnx"
SHA256 = "f2841d767e9e083548603690dc00e399950fe3357cbd9660f90db84f413ce837"
DIM = 1024
_MEAN_BGR = np.array([103.939, 116.779, 123.68], np.float32)
_INPUT = "input_1:0"
_OUTPUT = "global_pooling/Mean"


def verify_model() -> None:
    """Raise ModelError when the shipped file is not the one PROVENANCE.md names."""
    digest = hashlib.sha256(model_path(MODEL).read_bytes()).hexdigest()
    if digest != SHA256:
        raise ModelError(f"model {MODEL} has sha256 {digest[:12]}…, expected {SHA256[:12]}…")


def preprocess(rgb_faces: list[NDArray[np.uint8]]) -> NDArray[np.float32]:
    """Aligned 224x224 RGB faces -> the [n, 224, 224, 3] BGR-minus-mean tensor."""
    x = np.stack([f[:, :, ::-1] for f in rgb_faces]).astype(np.float32)
    return np.ascontiguousarray(x - _MEAN_BGR)


def normalise(v: NDArray[np.float32]) -> NDArray[np.float32]:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return np.asarray(v / np.maximum(n, 1e-12), np.float32)


class Embedder:
    """One onnxruntime session; `embed` returns L2-normalised rows."""

    def __init__(self, threads: int = 1) -> None:
        self._s: Any = onnx_session(model_path(MODEL), threads)

    def embed(self, rgb_faces: list[NDArray[np.uint8]], batch: int = 8) -> NDArray[np.float32]:
        if not rgb_faces:
            return np.zeros((0, DIM), np.float32)
        out = []
        for i in range(0, len(rgb_faces), batch):
            x = preprocess(rgb_faces[i : i + batch])
            out.append(self._s.run([_OUTPUT], {_INPUT: x})[0])
        return normalise(np.concatenate(out).astype(np.float32))


__all__ = ["DIM", "MODEL", "SHA256", "Embedder", "ModelError", "normalise", "verify_model"]
