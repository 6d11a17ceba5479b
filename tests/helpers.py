"""Functions that worker-process tests run in a spawned child (must be importable)."""

import os
import time


def crash(path: str, *_: object) -> None:
    os.abort()


def hang(path: str, *_: object) -> None:
    time.sleep(60)


def ok(path: str, *_: object) -> str:
    return path


def count_faces(photo: str) -> int:
    from analysis.detect.detectors.faces import FaceDetector
    from analysis.media.video import TimedFrame
    from analysis.synth.recording import package_photo

    det = FaceDetector()
    try:
        return len(det.process(TimedFrame(0.0, package_photo(photo), True)))
    finally:
        det.close()
