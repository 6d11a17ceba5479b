"""Issue 17's detectors on real photos: people from behind (MediaPipe Pose), held
phones (YOLOv4-tiny), a framed photo of a person (the picture finder), a real mirror.

Frames are built from real photos: OpenCV's basketball1.png (Debian's opencv-doc;
the patterned-shirt man from behind), scikit-image's astronaut and cameraman,
matplotlib's Grace Hopper, and OpenCV's yolo.jpg (a real iPhone on a table,
shipped in resources/media/). The end-to-end cases encode short scenarios with
`analysis.synth.scenes` (H.264, 640x360).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from analysis.detect.detectors.pose import PoseDetector
from analysis.detect.detectors.yolo import YoloDetector
from analysis.detect.rules import behaviour_flags
from analysis.detect.runner import DetectConfig, detect_recording
from analysis.flags import Camera, FlagType
from analysis.media.video import TimedFrame
from analysis.synth.hard import BASKETBALL, MirrorStyle, person_photo
from analysis.synth.recording import _paste, _resize, room_background
from analysis.synth.scenes import YOLO_JPG, Event, ScenarioSpec, write_scenario

ALL = ("quality", "faces", "hands", "objects", "pose", "yolo", "pictures", "mirror")
needs_opencv_doc = pytest.mark.skipif(
    not BASKETBALL.is_file(), reason="Debian's opencv-doc (basketball1.png) is not installed"
)


@needs_opencv_doc
def test_pose_finds_a_person_from_behind_and_nobody_in_an_empty_room() -> None:
    """The patterned-shirt man of basketball1.png, seen from behind, pasted into a room
    (and the same room dimmed to 35%), against the empty room."""
    det = PoseDetector()
    try:
        room = room_background(640, 360, 5)
        back = room.copy()
        man = _resize(person_photo("basketball_back"), 300)
        _paste(back, man, 380, 360 - man.shape[0])
        dim = (back * 0.35).astype(np.uint8)
        found = [det.process(TimedFrame(0.0, img, True)) for img in (back, dim, room)]
    finally:
        det.close()
    assert found[0] and found[0][0].score > 0.8 and found[0][0].box is not None
    assert found[0][0].box.x0 > 0.5  # where he stands
    assert found[1], "not found in low light"
    assert found[2] == []


def test_yolo_finds_the_real_phone_and_decodes_boxes_where_it_lies() -> None:
    """OpenCV's yolo.jpg: a real iPhone on a table (its corners measured by eye in
    analysis.synth.scenes.PHONE_QUAD, x 122-392, y 520-732 of 768x576)."""
    with Image.open(YOLO_JPG) as im:
        rgb = np.asarray(im.convert("RGB"))
    det = YoloDetector()
    try:
        out = det.process(TimedFrame(0.0, np.ascontiguousarray(rgb), True))
    finally:
        det.close()
    phones = [o for o in out if o.label == "cell phone" and o.score >= 0.5]
    assert phones, [(o.label, round(o.score, 2)) for o in out]
    b = phones[0].box
    assert b is not None
    h, w = rgb.shape[:2]
    cx, cy = b.centre
    assert 122 / w < cx < 392 / w and 520 / h < cy < 732 / h


@pytest.mark.slow
def test_a_poster_is_a_picture_not_a_second_person(tmp_path: Path) -> None:
    """30 s main view: the astronaut sways at her desk; a framed photo of Grace Hopper
    hangs on the wall behind her for the whole recording."""
    path = tmp_path / "main.mp4"
    write_scenario(
        path, ScenarioSpec(duration_s=30.0, seed=300, events=(Event("poster", 0.0, 30.0),))
    )
    res = detect_recording(str(path), DetectConfig(detectors=ALL))
    flags = [f for f, _ in behaviour_flags(res.observations, res.sample_times, Camera.MAIN)]
    assert [f.type for f in flags] == [FlagType.PICTURE_OF_PERSON], flags


@pytest.mark.slow
def test_a_dim_blurred_mirror_at_an_angle_is_a_mirror_not_a_second_person(tmp_path: Path) -> None:
    """30 s aux view: Grace Hopper, with a wall mirror showing her flipped at half size,
    darker (0.6), blurred, squeezed and keystoned, a quarter of it hidden, 10-26 s."""
    path = tmp_path / "aux.mp4"
    spec = ScenarioSpec(
        duration_s=30.0,
        candidate="grace_hopper",
        aux_view=True,
        seed=305,
        mirror_style=MirrorStyle(),
        events=(Event("mirror", 10.0, 26.0),),
    )
    write_scenario(path, spec)
    res = detect_recording(str(path), DetectConfig(detectors=ALL))
    flags = [f for f, _ in behaviour_flags(res.observations, res.sample_times, Camera.AUX)]
    assert [f.type for f in flags] == [FlagType.MIRROR], flags
