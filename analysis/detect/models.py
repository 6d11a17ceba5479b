"""The model files shipped in `resources/models/` (see PROVENANCE.md there).

Nothing is downloaded: a missing or altered file is an error at load time.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

MODELS_DIR = Path(__file__).resolve().parents[2] / "resources" / "models"

_FULL = "2c3728e6da56f21e21a320433396fb06d40d9088f2247c05e5635a688d45dfe1"
_SHORT = "b4578f35940bf5a1a655214a1cce5cab13eba73c1297cd78e1a04c2380b0152f"
_HAND = "fbc2a30080c3c557093b5ddfc334698132eb341044ccee322ccf8bcf3607cde1"
_NANODET = "4d66a6a1ba24bbcf5ea70b4b1f2b233b7577e1c458eceb01608957b70411f299"
_POSE = "4eaa5eb7a98365221087693fcc286334cf0858e2eb6e15b506aa4a7ecdcec4ad"
_YOLO = "aefb6a14f32b9eb2b41320ff27cda794f00ce2b5d4ecaab668b1d8e4b13ed794"
SHA256 = {
    "face_detection_full_range_sparse.tflite": _FULL,
    "face_detector_short_range.tflite": _SHORT,
    "nanodet.onnx": _NANODET,
    "hand_landmarker.task": _HAND,
    "pose_landmarker_full.task": _POSE,
    "yolov4-tiny.onnx": _YOLO,
}


class ModelError(RuntimeError):
    """A model file is missing, altered or cannot be loaded."""


def model_path(name: str, *, verify: bool = False) -> Path:
    path = MODELS_DIR / name
    if not path.is_file():
        raise ModelError(f"model {name} not found in {MODELS_DIR} (the install is incomplete)")
    if verify:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != SHA256[name]:
            raise ModelError(
                f"model {name} has sha256 {digest[:12]}…, expected "
                f"{SHA256[name][:12]}… (file altered)"
            )
    return path


def onnx_session(path: Path, threads: int = 1) -> Any:
    """An onnxruntime CPU session on `path` with `threads` intra-op threads (one worker
    process per core runs the models), quiet. onnxruntime is imported here: a worker
    that never runs an ONNX model never loads it."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
