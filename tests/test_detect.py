"""Detection end to end on generated scenarios with known ground truth."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from analysis.detect.rules import behaviour_flags
from analysis.detect.runner import DetectConfig, DetectionResult, detect_recording, join, spans
from analysis.flags import Camera
from analysis.synth.scenes import Event, ScenarioSpec, write_scenario
from reviewer import behaviour
from reviewer.report import build_report
from reviewer.scan import ScanOptions, run_scan
from reviewer.storage.db import Database
from reviewer.storage.models import RecordingRow


def _overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] + 1.0 and b[0] <= a[1] + 1.0


@pytest.fixture(scope="session")
def scenario(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, list[tuple[str, float, float]]]:
    """30 s main-camera scenario (analysis.synth.scenes): scikit-image's astronaut
    swaying over a room at 640x360, H.264 GOP 1 s; she leaves 5-11 s, matplotlib's
    Grace Hopper joins 14-19 s, the lens is covered 22-26 s."""
    path = tmp_path_factory.mktemp("scenario") / "main.mp4"
    truth = write_scenario(
        path,
        ScenarioSpec(
            duration_s=30.0,
            events=(
                Event("leave", 5.0, 11.0),
                Event("second_person", 14.0, 19.0),
                Event("cover", 22.0, 26.0),
            ),
        ),
    )
    return path, truth


def test_flags_match_the_ground_truth(scenario) -> None:  # type: ignore[no-untyped-def]
    path, truth = scenario
    res = detect_recording(str(path))
    assert res.mode == "keyframes" and res.gop_s == pytest.approx(1.0)
    assert len(res.sample_times) == 30
    flags = [f for f, _ in behaviour_flags(res.observations, res.sample_times, Camera.MAIN)]
    got = [(f.type.value, f.start_s, f.end_s) for f in flags]
    assert len(got) == len(truth), got
    for kind, a, b in truth:
        assert any(k == kind and _overlaps((s, e), (a, b)) for k, s, e in got), (kind, got)


def test_spans_cut_long_recordings_only() -> None:
    assert spans(None, 150.0) == [(0.0, None)]
    assert spans(200.0, 150.0) == [(0.0, None)]  # under 1.5 parts: one job
    assert spans(600.0, 150.0) == [(0.0, 150.0), (150.0, 300.0), (300.0, 450.0), (450.0, None)]
    assert spans(620.0, 150.0)[-1][0] == pytest.approx(465.0)


def test_parts_join_to_the_whole(scenario) -> None:  # type: ignore[no-untyped-def]
    """Detected in three 10 s parts (each warmed up on the sample before it), the
    scenario gives the same samples and the same flags as in one go, although the
    leave (5-11 s) and the second person (14-19 s) cross the cuts."""
    path, _ = scenario
    whole = detect_recording(str(path))
    parts = [detect_recording(str(path), span=sp) for sp in spans(30.0, 10.0)]
    assert [len(p.sample_times) for p in parts] == [10, 10, 10]
    joined = join(parts)
    assert joined.sample_times == whole.sample_times
    assert {o.t for o in joined.observations} <= set(whole.sample_times)

    def flags(r):  # type: ignore[no-untyped-def]
        found = behaviour_flags(r.observations, r.sample_times, Camera.MAIN)
        return [(f.type.value, f.start_s, f.end_s) for f, _ in found]

    assert flags(joined) == flags(whole)


def test_mirror_detector_finds_the_reflection(tmp_path: Path) -> None:
    """scikit-image's astronaut with her flipped, dimmer, smaller reflection in a frame on
    the wall from 4 s to 12 s (analysis.synth.scenes), 640x360."""
    path = tmp_path / "mirror.mp4"
    write_scenario(path, ScenarioSpec(duration_s=16.0, events=(Event("mirror", 4.0, 12.0),)))
    res = detect_recording(str(path))
    flags = [f for f, _ in behaviour_flags(res.observations, res.sample_times, Camera.MAIN)]
    assert [(f.type.value, f.start_s, f.end_s) for f in flags] == [("mirror", 4.0, 12.0)]


def test_a_call_is_a_phone_and_an_empty_hand_is_not(tmp_path: Path) -> None:
    """Grace Hopper (matplotlib) holds OpenCV's real phone to her ear with OpenCV's real
    hand from 4 s to 10 s, and raises the empty hand to her chest from 14 s to 20 s
    (analysis.synth.scenes), 640x360. The costly detectors skip the quiet stretches."""
    path = tmp_path / "call.mp4"
    spec = ScenarioSpec(
        duration_s=24.0,
        candidate="grace_hopper",
        other="astronaut",
        events=(Event("phone", 4.0, 10.0), Event("hand", 14.0, 20.0)),
    )
    write_scenario(path, spec)
    res = detect_recording(str(path))
    flags = [f for f, _ in behaviour_flags(res.observations, res.sample_times, Camera.MAIN)]
    got = [(f.type.value, f.start_s, f.end_s) for f in flags]
    assert len(got) == 1 and got[0][0] == "phone", got
    assert _overlaps((got[0][1], got[0][2]), (4.0, 10.0))
    assert res.costly_runs < len(res.sample_times)
    assert any(o.detector.endswith("~held") for o in res.observations)


def test_sampled_mode_for_long_gops(tmp_path: Path) -> None:
    from analysis.synth.recording import RecordingSpec, write_recording
    from analysis.synth.scenes import scene_frames

    spec = ScenarioSpec(duration_s=8.0)
    path = tmp_path / "long_gop.mp4"
    write_recording(
        path, RecordingSpec(8.0, 15, 640, 360, gop_s=10.0, audio_rate=None), scene_frames(spec)
    )
    res = detect_recording(str(path), DetectConfig(every_s=2.0))
    assert res.mode == "sampled"
    assert [round(t) for t in res.sample_times] == [0, 2, 4, 6]


def test_head_crops_are_cut_from_the_file_own_resolution(tmp_path: Path) -> None:
    """A 2 s 1280x720 scene (the astronaut over a room, analysis.synth.scenes): the
    runner scales frames to 640 px wide, a sharp crop keeps the file's pixels."""
    import cv2

    from analysis.detect.detectors.roi import crop
    from analysis.detect.observations import Box
    from analysis.media.video import open_video
    from analysis.synth.recording import RecordingSpec, write_recording
    from analysis.synth.scenes import scene_frames

    spec = ScenarioSpec(duration_s=2.0, width=1280, height=720)
    path = tmp_path / "hd.mp4"
    write_recording(path, RecordingSpec(2.0, 15, 1280, 720, audio_rate=None), scene_frames(spec))
    region = Box(0.25, 0.25, 0.75, 0.75)
    with open_video(path) as vf:
        frame = next(vf.frames(keyframes_only=True, size=(640, 360)))
    assert frame.image.shape == (360, 640, 3)
    assert frame.full is not None and frame.full().shape == (720, 1280, 3)
    soft, sharp = crop(frame, region), crop(frame, region, sharp=True)
    assert soft is not None and sharp is not None
    assert soft.image.shape == (180, 320, 3) and sharp.image.shape == (360, 640, 3)
    # the same picture, with more pixels
    small = cv2.resize(sharp.image, (320, 180), interpolation=cv2.INTER_AREA)
    assert np.abs(small.astype(int) - soft.image.astype(int)).mean() < 4.0


def test_the_head_region_falls_back_to_a_profile_face() -> None:
    from analysis.detect.detectors.roi import head_region
    from analysis.detect.observations import Box, Kind, Observation

    sure = Observation(0.0, Kind.FACE, "face", 0.8, Box(0.2, 0.2, 0.25, 0.3))
    profile = Observation(0.0, Kind.FACE, "face", 0.5, Box(0.6, 0.4, 0.7, 0.55))
    faint = Observation(0.0, Kind.FACE, "face", 0.4, Box(0.6, 0.4, 0.7, 0.55))
    region = head_region([sure, profile])  # a confident face wins over a larger weak one
    assert region is not None and region.x1 < 0.4
    region = head_region([profile])
    assert region is not None and region.x0 < 0.6 < 0.7 < region.x1
    assert head_region([faint]) is None


def _export_of(path: Path, tmp_path: Path) -> Path:
    """An export of one subject whose main and aux are both copies of `path`."""
    root = tmp_path / "export"
    (root / "A1" / "素描").mkdir(parents=True)
    shutil.copy(path, root / "A1" / "素描" / "main.mp4")
    shutil.copy(path, root / "A1" / "素描" / "aux.mp4")
    return root


def test_keyframes_only_where_they_give_the_rate_asked() -> None:
    cfg = DetectConfig()  # one sample a second
    assert cfg.keyframes_only(1.0) and cfg.keyframes_only(1.2)
    assert not cfg.keyframes_only(2.0)  # keyframes alone would halve the rate
    assert not cfg.keyframes_only(None)  # too few keyframes to measure a GOP
    assert not DetectConfig(every_s=0.5).keyframes_only(1.0)
    assert DetectConfig(every_s=2.0).keyframes_only(2.0)
    assert not DetectConfig(keyframe_gop_max_s=0.0).keyframes_only(1.0)
    # a camera's own interval is cached under the same key as the same every_s
    cams = DetectConfig(aux_every_s=2.0)
    aux_set = DetectConfig().aux_detectors  # the aux camera's own detectors (pose added)
    assert cams.for_camera("aux").key() == DetectConfig(every_s=2.0, detectors=aux_set).key()
    assert cams.for_camera("main").key() == DetectConfig().key()


def test_each_camera_is_sampled_at_its_own_rate(db: Database, scenario, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, _ = scenario
    root = _export_of(path, tmp_path)
    # main at 2 fps: faster than its keyframes (1 s GOP), so decoded in order
    cfg = DetectConfig(main_every_s=0.5, aux_every_s=2.0)
    run_scan(db, root, ScanOptions(workers=2, detect=cfg))
    with db.session() as s:
        rows = {r.camera: r for r in s.scalars(select(RecordingRow))}
        for cam, step, mode in (("main", 0.5, "sampled"), ("aux", 2.0, "keyframes")):
            data = behaviour.cached(s, rows[cam].sha256, cfg.for_camera(cam).key())
            assert data is not None, cam
            res = DetectionResult.from_json(data)
            assert res.mode == mode, cam
            assert len(res.sample_times) == pytest.approx(30.0 / step, abs=1), cam
            assert np.diff(res.sample_times) == pytest.approx(step, abs=0.05), cam


def test_scan_stores_flags_with_evidence(db: Database, scenario, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, _ = scenario
    root = _export_of(path, tmp_path)
    # each recording in three parts (jobs), joined again before the rules see them
    run_scan(db, root, ScanOptions(workers=2, detect_part_s=10.0))
    with db.session() as s:
        report = build_report(s, root.resolve())
    flags = report["subjects"][0]["flags"]
    ai = [f for f in flags if f["source"] == "ai"]
    assert {(f["type"], f["camera"]) for f in ai} >= {
        ("left_frame", "main"),
        ("second_person", "main"),
        ("camera_obstructed", "aux"),
    }
    second = next(f for f in ai if f["type"] == "second_person")
    ev = second["evidence"]
    assert 14.0 <= ev["best_t"] <= 19.0
    # the two people: each seen as a face or a body, drawn at the strongest frame
    assert sum(1 for o in ev["observations"] if o["kind"] in ("face", "person")) >= 2


def test_a_hung_detector_marks_the_recording_unreadable(
    db: Database,
    scenario,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, _ = scenario
    root = tmp_path / "export"
    root.mkdir()
    shutil.copy(path, root / "A1_素描_main.mp4")
    monkeypatch.setattr(behaviour, "TIMEOUT_BASE_S", 0.05)
    monkeypatch.setattr(behaviour, "TIMEOUT_PER_MIN_S", 0.0)
    summary = run_scan(db, root, ScanOptions(workers=1, detect_part_s=15.0))
    assert summary.status == "completed"
    with db.session() as s:
        report = build_report(s, root.resolve())
    flags = report["subjects"][0]["flags"]
    unreadable = [f for f in flags if f["type"] == "unreadable"]
    assert len(unreadable) == 1 and "behaviour detection failed" in unreadable[0]["detail"]
    assert "timed out" in unreadable[0]["detail"]
    # detected in two parts: the detail says which part of the recording failed
    assert "part 1 of 2 (0 s to 15 s)" in unreadable[0]["detail"]


def test_a_candidate_seen_only_from_behind_is_seen_to_leave(tmp_path: Path) -> None:
    """A 30 s pair (analysis.synth.pairs, 640x360, seed 7, aux 1 s after main): the aux
    camera sees the candidate, scikit-image's cameraman, flipped as if from behind, so
    his face scores under 0.6 and only his body box vouches for him. He leaves the room
    from 19 s to 26 s main time (18-25 s aux time); scikit-image's astronaut stands
    beside him from 8 s to 14 s. His body box, carried forward between costly runs,
    must not keep him in the room: the change where he sat asks for a new look."""
    from analysis.synth.pairs import PairSpec, write_pair

    spec = PairSpec(
        duration_s=30.0,
        offset_s=1.0,
        seed=7,
        width=640,
        height=360,
        visitors=((8.0, 14.0),),
        away=((19.0, 26.0),),
    )
    _, aux = write_pair(tmp_path, spec)
    res = detect_recording(str(aux))
    flags = [f for f, _ in behaviour_flags(res.observations, res.sample_times, Camera.AUX)]
    got = [(f.type.value, f.start_s or 0.0, f.end_s or 0.0) for f in flags]
    assert any(k == "left_frame" and _overlaps((a, b), (18.0, 25.0)) for k, a, b in got), got
    assert any(k == "second_person" and _overlaps((a, b), (7.0, 13.0)) for k, a, b in got), got
    assert len(got) == 2, got
