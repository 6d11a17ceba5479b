"""Rules turn observations into flags only with persistence, and survive detector blinks."""

from __future__ import annotations

import pytest

from analysis.detect.observations import Box, Kind, Observation
from analysis.detect.rules import RuleConfig, behaviour_flags, stretches
from analysis.flags import Camera, FlagType, Source

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


def test_the_body_around_a_reflected_head_is_the_reflection_unless_a_real_face_is_in_it() -> None:
    # the mirror finder matched the reflected head; the body detector boxed the whole
    # reflection (measured on OpenCV's cameraman, whose reflection's body scored 0.5)
    times = [float(t) for t in range(10)]
    head = Box(0.13, 0.14, 0.2, 0.27)
    mirror_body = Box(0.11, 0.12, 0.25, 0.44)
    obs = [o for t in times for o in candidate(t)]
    for t in times:
        obs.append(Observation(t, Kind.OBJECT, "reflection", 0.95, head))
        obs.append(Observation(t, Kind.PERSON, "person", 0.5, mirror_body))
    flags = behaviour_flags(obs, times, Camera.MAIN)
    assert [f.type for f, _ in flags] == [FlagType.MIRROR]
    # a real face in that body box (a visitor standing by the mirror) vouches for it
    for t in (2.0, 3.0, 4.0):
        obs.append(Observation(t, Kind.FACE, "face", 0.8, Box(0.14, 0.3, 0.2, 0.4)))
    flags = behaviour_flags(obs, times, Camera.MAIN)
    assert {(f.type, f.start_s, f.end_s) for f, _ in flags} == {
        (FlagType.SECOND_PERSON, 2.0, 5.0),
        (FlagType.MIRROR, 0.0, 10.0),
    }


def test_a_hand_at_the_ear_for_3_s_is_a_phone_a_hand_at_the_chest_is_not() -> None:
    times = [float(t) for t in range(12)]
    ear = Box(0.56, 0.3, 0.64, 0.45)  # beside the face, at face height
    chest = Box(0.46, 0.55, 0.54, 0.7)  # in front of the chest
    obs = [o for t in times for o in candidate(t)]
    obs += [Observation(t, Kind.HAND, "right", 0.8, ear) for t in (1.0, 2.0, 3.0, 4.0)]
    obs += [Observation(t, Kind.HAND, "right", 0.8, ear) for t in (7.0, 8.0)]  # 2 s: too short
    obs += [Observation(t, Kind.HAND, "left", 0.8, chest) for t in times]
    flags = behaviour_flags(obs, times, Camera.MAIN)
    assert [(f.type, f.start_s, f.end_s) for f, _ in flags] == [(FlagType.PHONE, 1.0, 5.0)]
    assert "ear" in flags[0][0].detail


def test_a_weak_phone_counts_only_in_a_hand() -> None:
    times = [float(t) for t in range(10)]
    hand = Box(0.45, 0.6, 0.53, 0.75)
    phone = Box(0.47, 0.5, 0.52, 0.62)  # its lower end in the hand
    badge = Box(0.55, 0.72, 0.59, 0.76)  # beside the hand, not in it
    obs = [o for t in times for o in candidate(t)]
    obs += [Observation(t, Kind.OBJECT, "cell phone", 0.3, phone) for t in times]
    assert behaviour_flags(obs, times, Camera.MAIN) == []  # 0.3 alone: not enough
    beside = [Observation(t, Kind.OBJECT, "cell phone", 0.3, badge) for t in (6.0, 7.0, 8.0)]
    obs += beside + [Observation(t, Kind.HAND, "right", 0.8, hand) for t in range(3, 9)]
    obs = [o for o in obs if o.box != phone or o.t < 6.0]
    flags = behaviour_flags(obs, times, Camera.MAIN)
    assert [(f.type, f.start_s, f.end_s) for f, _ in flags] == [(FlagType.PHONE, 3.0, 6.0)]


def test_phone_evidence_shows_the_phone_counted_not_a_badge_beside_the_hand() -> None:
    from reviewer.behaviour import evidence

    times = [float(t) for t in range(6)]
    hand = Box(0.45, 0.6, 0.53, 0.75)
    phone = Box(0.47, 0.5, 0.52, 0.62)  # in the hand
    badge = Box(0.55, 0.72, 0.59, 0.76)  # beside it, scored higher than the phone
    obs = [o for t in times for o in candidate(t)]
    obs += [Observation(t, Kind.HAND, "right", 0.8, hand) for t in times]
    obs += [Observation(t, Kind.OBJECT, "cell phone", 0.3, phone) for t in times]
    obs += [Observation(t, Kind.OBJECT, "cell phone", 0.5, badge) for t in times]
    [(flag, best_t)] = behaviour_flags(obs, times, Camera.MAIN)
    assert flag.type == FlagType.PHONE
    shown = evidence(tuple(obs), best_t, RuleConfig())["observations"]
    phones = [o["box"] for o in shown if o["label"] == "cell phone"]
    assert phones == [[0.47, 0.5, 0.52, 0.62]]
    assert {o["kind"] for o in shown} == {"face", "person", "hand", "object"}


def test_a_frozen_picture_counts_the_converging_samples_before_it() -> None:
    """Still samples (the encoder refining a frozen picture) lead into exactly frozen ones."""
    times = [float(t) for t in range(14)]
    obs = [o for t in times for o in candidate(t)]
    obs += [Observation(t, Kind.QUALITY, "still", 0.5) for t in (3.0, 4.0, 5.0)]
    obs += [Observation(t, Kind.QUALITY, "frozen", 1.0) for t in (6.0, 7.0, 8.0)]
    flags = behaviour_flags(obs, times, Camera.MAIN)
    assert [(f.type, f.start_s, f.end_s) for f, _ in flags] == [
        (FlagType.CAMERA_OBSTRUCTED, 3.0, 9.0)
    ]
    assert "frozen" in flags[0][0].detail


def test_stillness_alone_is_not_frozen_and_an_empty_room_is_left_frame() -> None:
    times = [float(t) for t in range(14)]
    obs = [o for t in times if t < 3 for o in candidate(t)]
    obs += [Observation(t, Kind.QUALITY, "still", 0.6) for t in times if t >= 3]
    flags = behaviour_flags(obs, times, Camera.MAIN)
    assert [(f.type, f.start_s, f.end_s) for f, _ in flags] == [(FlagType.LEFT_FRAME, 3.0, 14.0)]


def test_a_carried_forward_body_box_and_a_moved_face_are_one_person() -> None:
    """Between costly runs the body box is the last one seen; the face has moved on."""
    times = [float(t) for t in range(8)]
    moved = Box(0.75, 0.3, 0.85, 0.45)  # outside the old body box
    obs = [Observation(t, Kind.FACE, "face", 0.9, moved) for t in times]
    obs += [Observation(t, Kind.PERSON, "person", 0.7, PERSON, "objects~held") for t in times]
    assert behaviour_flags(obs, times, Camera.MAIN) == []
    # a body-only second person carried forward still counts
    obs += [Observation(t, Kind.PERSON, "person", 0.7, OTHER, "objects~held") for t in times]
    flags = behaviour_flags(obs, times, Camera.MAIN)
    assert [f.type for f, _ in flags] == [FlagType.SECOND_PERSON]


def test_a_second_person_seen_once_then_half_hidden_continues_on_weaker_evidence() -> None:
    """Hysteresis: one confident sample starts nothing alone; a weaker, fresh detection
    where the other person stood, on the next sample, continues it to a flag."""
    times = [float(t) for t in range(10)]
    obs = [o for t in times for o in candidate(t)]
    obs.append(Observation(3.0, Kind.PERSON, "person", 0.6, OTHER))
    assert behaviour_flags(obs, times, Camera.MAIN) == []
    moved = Box(0.1, 0.3, 0.28, 1.0)  # walking on, half behind the candidate
    obs.append(Observation(4.0, Kind.PERSON, "person", 0.25, moved))
    flags = behaviour_flags(obs, times, Camera.MAIN)
    assert [(f.type, f.start_s, f.end_s) for f, _ in flags] == [(FlagType.SECOND_PERSON, 3.0, 5.0)]


def test_weak_detections_alone_or_on_the_candidate_do_not_make_a_second_person() -> None:
    times = [float(t) for t in range(10)]
    obs = [o for t in times for o in candidate(t)]
    # weak bodies where a second person would stand, on every sample: never confident
    obs += [Observation(t, Kind.PERSON, "person", 0.3, OTHER) for t in times]
    assert behaviour_flags(obs, times, Camera.MAIN) == []
    # one confident sample, and next to it only a weak duplicate inside the candidate
    obs = [o for t in times for o in candidate(t)]
    obs.append(Observation(3.0, Kind.PERSON, "person", 0.6, OTHER))
    obs.append(Observation(4.0, Kind.FACE, "face", 0.55, Box(0.46, 0.32, 0.56, 0.47)))
    assert behaviour_flags(obs, times, Camera.MAIN) == []


def test_a_passer_by_hidden_for_a_few_seconds_is_one_flag_apart_events_are_two() -> None:
    """Seen 2-5 s, hidden behind the candidate 5-8 s, seen again 8-11 s: one event.
    Seen again only at 17-20 s (12 s later): a second event."""
    times = [float(t) for t in range(24)]
    obs = [o for t in times for o in candidate(t)]
    seen = [2, 3, 4, 8, 9, 10, 17, 18, 19]
    obs += [Observation(float(t), Kind.PERSON, "person", 0.8, OTHER) for t in seen]
    flags = behaviour_flags(obs, times, Camera.MAIN)
    assert [(f.type, f.start_s, f.end_s) for f, _ in flags] == [
        (FlagType.SECOND_PERSON, 2.0, 11.0),
        (FlagType.SECOND_PERSON, 17.0, 20.0),
    ]
    assert flags[0][0].detail == "2 people visible for 9 s"
    apart = behaviour_flags(obs, times, Camera.MAIN, RuleConfig(second_person_join_s=0.0))
    assert len(apart) == 3


def test_a_passer_by_seen_once_on_each_side_of_the_candidate_is_one_flag() -> None:
    """Seen at 21 s, hidden behind the candidate 22-24 s, seen at 25 s (measured on a
    vtest.avi pedestrian at 960x540): two sightings 4 s apart are one event. Single
    sightings further apart than `second_person_join_s` are nothing."""
    times = [float(t) for t in range(30)]
    obs = [o for t in times for o in candidate(t)]
    obs += [Observation(t, Kind.PERSON, "person", 0.5, OTHER) for t in (21.0, 25.0)]
    flags = behaviour_flags(obs, times, Camera.MAIN)
    assert [(f.type, f.start_s, f.end_s) for f, _ in flags] == [
        (FlagType.SECOND_PERSON, 21.0, 26.0)
    ]
    obs = [o for t in times for o in candidate(t)]
    obs += [Observation(t, Kind.PERSON, "person", 0.5, OTHER) for t in (10.0, 17.0)]
    assert behaviour_flags(obs, times, Camera.MAIN) == []


def test_a_mirror_stays_where_it_is_when_the_finder_misses_a_sample() -> None:
    """The mirror finder missed the reflection on samples where the candidate's face
    scored low (measured on an aux view at 960x540); the body detector still boxed the
    reflection there. A reflection found within 5 s explains it: one mirror flag, no
    second person."""
    times = [float(t) for t in range(20)]
    glass = Box(0.08, 0.1, 0.19, 0.3)
    obs = [o for t in times for o in candidate(t)]
    for t in range(4, 16):
        obs.append(Observation(float(t), Kind.PERSON, "person", 0.6, glass))
        if t not in (6, 7, 11, 12):  # missed by the finder
            obs.append(Observation(float(t), Kind.OBJECT, "reflection", 0.93, glass))
    flags = behaviour_flags(obs, times, Camera.MAIN)
    assert [(f.type, f.start_s, f.end_s) for f, _ in flags] == [(FlagType.MIRROR, 4.0, 16.0)]


def test_a_dipping_face_is_still_the_visitor_but_a_weak_face_by_the_candidate_is_not() -> None:
    """A visitor's face scoring 0.45 where it scored 0.8 a second before still counts;
    a 0.43 'face' (a hand with a phone) overlapping where the candidate's own face was
    a second before, while her face is seen beside it, is not a second person."""
    times = [float(t) for t in range(10)]
    visitor = Box(0.1, 0.3, 0.2, 0.45)
    obs = [Observation(t, Kind.FACE, "face", 0.9, FACE) for t in times]
    obs += [Observation(t, Kind.FACE, "face", 0.8, visitor) for t in (2.0, 4.0)]
    obs += [Observation(3.0, Kind.FACE, "face", 0.45, visitor)]
    flags = behaviour_flags(obs, times, Camera.MAIN)
    assert [(f.type, f.start_s, f.end_s) for f, _ in flags] == [(FlagType.SECOND_PERSON, 2.0, 5.0)]
    # the candidate sways: her face at 4, 6 and 8 s is lower than at 5 and 7 s, where a
    # hand at her cheek scores as a weak face overlapping where her face was
    low = Box(0.47, 0.35, 0.57, 0.5)
    hand = Box(0.5, 0.45, 0.6, 0.58)
    obs = [Observation(t, Kind.FACE, "face", 0.9, low if t % 2 == 0 else FACE) for t in times]
    obs += [Observation(t, Kind.FACE, "face", 0.43, hand) for t in (5.0, 7.0)]
    assert behaviour_flags(obs, times, Camera.MAIN) == []


def test_a_hand_at_the_ear_of_a_weak_face_on_a_body_is_a_call() -> None:
    """The aux camera sees the head in profile: the face scores 0.46, on a body box of
    0.8. A hand beside it at face height for 4 s is a call, shown with that face; the
    same weak face with no body under it measures nothing."""
    from reviewer.behaviour import evidence

    times = [float(t) for t in range(8)]
    head = Box(0.6, 0.4, 0.65, 0.5)
    body = Box(0.5, 0.35, 0.8, 1.0)
    hand = Box(0.66, 0.42, 0.7, 0.5)
    obs = [Observation(t, Kind.FACE, "face", 0.46, head) for t in times]
    obs += [Observation(t, Kind.HAND, "right", 0.7, hand) for t in (2.0, 3.0, 4.0, 5.0)]
    alone = behaviour_flags(obs, times, Camera.AUX)
    assert [f.type for f, _ in alone] == [FlagType.LEFT_FRAME]  # and no phone
    obs += [Observation(t, Kind.PERSON, "person", 0.8, body) for t in times]
    [(flag, best_t)] = behaviour_flags(obs, times, Camera.AUX)
    assert (flag.type, flag.start_s, flag.end_s) == (FlagType.PHONE, 2.0, 6.0)
    assert "ear" in flag.detail
    shown = evidence(tuple(obs), best_t, RuleConfig())["observations"]
    assert sorted(o["kind"] for o in shown) == ["face", "hand", "person"]
