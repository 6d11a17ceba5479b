"""Every shipped model loads (in a worker process, as scans run it) and gives a known
answer on a real photo."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from analysis.detect.detectors.faces import FaceConfig, FaceDetector
from analysis.detect.detectors.hands import HandDetector
from analysis.detect.detectors.objects import ObjectDetector
from analysis.detect.models import SHA256, model_path
from analysis.detect.observations import Kind
from analysis.media.video import TimedFrame
from analysis.synth.recording import package_photo
from analysis.synth.scenes import HAND_JPG, YOLO_JPG
from reviewer.workers import Job, run_jobs
from tests import helpers

PHONE_BOX = (110, 515, 405, 735)  # the phone in yolo.jpg, as the box drawn in the photo


@pytest.mark.parametrize("name", sorted(SHA256))
def test_model_files_are_the_documented_ones(name: str) -> None:
    assert model_path(name, verify=True).is_file()


@pytest.mark.parametrize("model", ["full_range", "short_range"])
def test_face_detectors_find_the_astronaut(model: str) -> None:
    det = FaceDetector(FaceConfig(model=model))
    try:
        obs = det.process(TimedFrame(0.0, package_photo("astronaut"), True))
    finally:
        det.close()
    assert len(obs) == 1 and obs[0].kind == Kind.FACE and obs[0].score > 0.8
    box = obs[0].box
    assert box is not None
    # Eileen Collins' face in skimage's 512x512 astronaut: about x 175-275, y 70-175
    assert 0.3 < box.x0 < 0.4 and 0.48 < box.x1 < 0.58 and 0.1 < box.y0 < 0.2


def test_nanodet_finds_people_and_the_phone() -> None:
    det = ObjectDetector()
    try:
        for name in ("astronaut", "grace_hopper"):
            obs = det.process(TimedFrame(0.0, package_photo(name), True))
            persons = [o for o in obs if o.kind == Kind.PERSON and o.score > 0.6]
            assert len(persons) == 1, name
        with Image.open(YOLO_JPG) as im:
            table = np.asarray(im.convert("RGB"))
        obs = det.process(TimedFrame(0.0, table, True))
    finally:
        det.close()
    phones = [o for o in obs if o.label == "cell phone"]
    assert len(phones) == 1 and phones[0].score > 0.4 and phones[0].box is not None
    w, h = table.shape[1], table.shape[0]
    x0, y0, x1, y1 = PHONE_BOX
    truth = (x0 / w, y0 / h, x1 / w, y1 / h)
    from analysis.detect.observations import Box

    assert phones[0].box.iou(Box(*truth)) > 0.7


def test_hand_landmarker_finds_the_real_hand() -> None:
    """OpenCV's hand photo (an open left palm filling most of the picture)."""
    with Image.open(HAND_JPG) as im:
        rgb = np.asarray(im.convert("RGB"))
    det = HandDetector()
    try:
        obs = det.process(TimedFrame(0.0, rgb, True))  # no face seen: the whole frame
    finally:
        det.close()
    assert len(obs) == 1 and obs[0].kind == Kind.HAND and obs[0].score > 0.5
    box = obs[0].box
    assert box is not None and box.area > 0.3  # the hand fills the photo
    assert box.x0 < 0.1 and box.x1 > 0.75


def test_models_load_in_a_worker_process() -> None:
    """The scan runs detection in spawned workers: the models must load there too."""
    out: dict[str, object] = {}
    run_jobs(
        helpers.count_faces,
        [Job("astro", ("astronaut",), 120)],
        workers=1,
        on_done=lambda k, o: out.__setitem__(k, (o.value, o.error)),
    )
    assert out["astro"] == (1, None)
