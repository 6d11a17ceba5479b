"""Rules turn observations into flags only with persistence, and survive detector blinks."""

from __future__ import annotations

import pytest

from analysis.flags import Camera, FlagType, Source
from analysis.observations import Box, Kind, Observation
from analysis.rules import RuleConfig, behaviour_flags, stretches

FACE = Box(0.45, 0.3, 0.55, 0.45)
PERSON = Box(0.3, 0.2, 0.7, 1.0)
OTHER = Box(0.0, 0.3, 0.25, 1.0)


def candidate(t: float) -> list[Observation]:
    return [
        Observation(t, Kind.FACE, "face", 0.9, FACE),
        Observation(t, Kind.PERSON, "person", 0.7, PERSON),
    ]


def test_stretches_need_duration_samples_and_bridge_short_gaps() -> None:
    times = [float(t) for t in range(12)]
    values = [0, 1, 1, 0, 1, 1, 0, 0, 0, 1, 0, 0]
    found = stretches(times, values, min_s=3.0, max_gap_s=1.0, step_s=1.0)
    assert [(s.start_s, s.end_s, s.samples) for s in found] == [(1.0, 6.0, 4)]
    lone = stretches(times, [0] * 9 + [1, 0, 0], min_s=1.0, max_gap_s=1.0, step_s=1.0)
    assert lone == []  # one sample is never enough


def test_left_frame_main_and_aux_thresholds() -> None:
    times = [float(t) for t in range(20)]
    obs = [o for t in times if not 5 <= t < 9 for o in candidate(t)]  # gone 4 s
    main = behaviour_flags(obs, times, Camera.MAIN)
    assert [(f.type, f.start_s, f.end_s, f.source) for f, _ in main] == [
        (FlagType.LEFT_FRAME, 5.0, 9.0, Source.AI)
    ]
    assert behaviour_flags(obs, times, Camera.AUX) == []  # aux needs 5 s


def test_a_blinking_detector_does_not_end_or_start_a_flag() -> None:
    times = [float(t) for t in range(20)]
    obs = [o for t in times if t in (0, 1, 2, 7, 15, 16, 17, 18, 19) for o in candidate(t)]
    flags = behaviour_flags(obs, times, Camera.MAIN)  # t=7: one frame of a face
    assert [(f.type, f.start_s, f.end_s) for f, _ in flags] == [(FlagType.LEFT_FRAME, 3.0, 15.0)]


def test_second_person_counts_faces_inside_person_boxes_once() -> None:
    times = [float(t) for t in range(10)]
    obs = [o for t in times for o in candidate(t)]
    obs += [Observation(t, Kind.PERSON, "person", 0.8, OTHER) for t in (4.0, 5.0, 6.0)]
    flags = behaviour_flags(obs, times, Camera.MAIN)
    assert [(f.type, f.start_s, f.end_s) for f, _ in flags] == [(FlagType.SECOND_PERSON, 4.0, 7.0)]
    assert "2 people" in flags[0][0].detail


def test_covered_camera_is_obstructed_not_left() -> None:
    times = [float(t) for t in range(12)]
    obs = [o for t in times if t < 3 or t >= 8 for o in candidate(t)]
    obs += [Observation(t, Kind.QUALITY, "dark", 0.9) for t in times if 3 <= t < 8]
    flags = behaviour_flags(obs, times, Camera.MAIN)
    assert [(f.type, f.start_s, f.end_s) for f, _ in flags] == [
        (FlagType.CAMERA_OBSTRUCTED, 3.0, 8.0)
    ]
    assert flags[0][0].confidence == pytest.approx(0.9)


def test_phone_needs_a_face_nearby_and_persistence() -> None:
    times = [float(t) for t in range(10)]
    near = Box(0.56, 0.3, 0.62, 0.42)
    far = Box(0.9, 0.85, 0.98, 0.95)  # on the desk, out of reach
    obs = [o for t in times for o in candidate(t)]
    obs += [Observation(t, Kind.OBJECT, "cell phone", 0.6, near) for t in (2.0, 3.0, 4.0)]
    obs += [Observation(t, Kind.OBJECT, "cell phone", 0.6, far) for t in (6.0, 7.0, 8.0)]
    flags = behaviour_flags(obs, times, Camera.MAIN, RuleConfig())
    assert [(f.type, f.start_s, f.end_s) for f, _ in flags] == [(FlagType.PHONE, 2.0, 5.0)]


def test_a_reflection_is_a_mirror_not_a_second_person() -> None:
    times = [float(t) for t in range(10)]
    glass = Box(0.05, 0.1, 0.2, 0.4)
    obs = [o for t in times for o in candidate(t)]
    for t in (3.0, 4.0, 5.0, 6.0):
        obs.append(Observation(t, Kind.OBJECT, "reflection", 0.93, glass))
        obs.append(Observation(t, Kind.FACE, "face", 0.8, Box(0.08, 0.15, 0.14, 0.25)))
    flags = behaviour_flags(obs, times, Camera.MAIN)
    assert [(f.type, f.start_s, f.end_s) for f, _ in flags] == [(FlagType.MIRROR, 3.0, 7.0)]
