"""The costly detectors run only where a cheap signal asks for them."""

from __future__ import annotations

import numpy as np

from analysis.detect.attention import Attention, AttentionConfig
from analysis.detect.observations import Box, Kind, Observation

FACE = Box(0.45, 0.2, 0.55, 0.4)
BODY = Box(0.35, 0.15, 0.65, 1.0)


def room(seed: int = 0) -> np.ndarray:
    """A 640x360 room: a wall gradient with fixed clutter, and sensor noise."""
    rng = np.random.default_rng(seed)
    img = np.zeros((360, 640, 3), np.float32)
    img[:] = np.linspace(170, 120, 360)[:, None, None]
    img[40:90, 60:130] = (180, 60, 60)
    img[280:] = (110, 80, 55)
    return (img + rng.normal(0, 2, img.shape)).clip(0, 255).astype(np.uint8)


def face(t: float, box: Box = FACE) -> Observation:
    return Observation(t, Kind.FACE, "face", 0.9, box)


def run(att: Attention, t: float, img: np.ndarray, cheap: list[Observation]) -> str | None:
    why = att.ask(t, img, cheap)
    if why is not None:
        att.ran(t, cheap, [Observation(t, Kind.PERSON, "person", 0.8, BODY)])
    return why


def test_a_quiet_scene_skips_until_the_period() -> None:
    att = Attention(AttentionConfig(period_s=10.0))
    asked = [run(att, float(t), room(t), [face(float(t))]) for t in range(25)]
    assert asked[0] == "first"
    assert [t for t, why in enumerate(asked) if why] == [0, 10, 20]
    assert asked[10] == "period"


def test_someone_entering_asks_at_once() -> None:
    att = Attention()
    for t in range(3):
        run(att, float(t), room(t), [face(float(t))])
    img = room(3)
    img[100:300, 20:120] = 30  # a dark figure at the left edge, far from the candidate
    assert run(att, 3.0, img, [face(3.0)]) == "scene"


def test_a_new_face_must_show_twice_and_a_flicker_does_not_ask() -> None:
    att = Attention()
    run(att, 0.0, room(0), [face(0.0)])
    other = Box(0.1, 0.3, 0.16, 0.4)
    assert run(att, 1.0, room(1), [face(1.0), face(1.0, other)]) is None  # once: a flicker
    assert run(att, 2.0, room(2), [face(2.0)]) is None
    assert run(att, 3.0, room(3), [face(3.0), face(3.0, other)]) is None
    assert run(att, 4.0, room(4), [face(4.0), face(4.0, other)]) == "faces"


def test_something_found_keeps_them_running() -> None:
    att = Attention()
    t = 0.0
    assert att.ask(t, room(0), [face(t)]) == "first"
    second = Observation(t, Kind.PERSON, "person", 0.8, Box(0.0, 0.2, 0.2, 1.0))
    att.ran(t, [face(t)], [Observation(t, Kind.PERSON, "person", 0.8, BODY), second])
    assert att.ask(1.0, room(1), [face(1.0)]) == "interest"


def test_they_linger_after_something_interesting_is_gone() -> None:
    att = Attention(AttentionConfig(linger_s=3.0))
    assert att.ask(0.0, room(0), [face(0.0)]) == "first"
    second = Observation(0.0, Kind.PERSON, "person", 0.8, Box(0.0, 0.2, 0.2, 1.0))
    att.ran(0.0, [face(0.0)], [Observation(0.0, Kind.PERSON, "person", 0.8, BODY), second])
    asked = [run(att, float(t), room(t), [face(float(t))]) for t in range(1, 8)]
    # the second person is gone from t=1: they still look at t=1, 2 and 3
    assert asked == ["interest", "interest", "interest", None, None, None, None]


def test_a_camera_swaying_by_a_few_pixels_does_not_ask() -> None:
    att = Attention()
    base = room(0)
    base[60:200, 520:600] = (20, 20, 60)  # a dark, sharp-edged poster far from the candidate
    run(att, 0.0, base, [face(0.0)])
    shifted = np.roll(base, 20, axis=1)  # the whole picture 20 px to the right
    assert run(att, 1.0, shifted, [face(1.0)]) is None


def test_a_known_face_whose_score_hovers_about_the_threshold_does_not_ask() -> None:
    att = Attention()
    small = Box(0.6, 0.3, 0.64, 0.36)  # the aux camera's view: a small, half-turned face

    def seen(t: float, score: float) -> list[Observation]:
        return [Observation(t, Kind.FACE, "face", score, small)]

    assert run(att, 0.0, room(0), seen(0.0, 0.55)) == "first"
    scores = [0.45, 0.38, 0.6, 0.35, 0.41, 0.52]
    assert [run(att, float(t), room(t), seen(float(t), s)) for t, s in enumerate(scores, 1)] == [
        None
    ] * len(scores)
    # a weak face somewhere new is not counted; a confident one is, on its second sample
    other = Box(0.1, 0.3, 0.14, 0.36)
    weak_new = [*seen(7.0, 0.5), Observation(7.0, Kind.FACE, "face", 0.4, other)]
    assert run(att, 7.0, room(7), weak_new) is None
    assert (
        run(att, 8.0, room(8), [*seen(8.0, 0.5), Observation(8.0, Kind.FACE, "face", 0.7, other)])
        is None
    )
    assert (
        run(att, 9.0, room(9), [*seen(9.0, 0.5), Observation(9.0, Kind.FACE, "face", 0.7, other)])
        == "faces"
    )


def test_a_face_beside_another_body_is_two_people_and_keeps_them_running() -> None:
    """The candidate's own body box scored under the threshold; a visitor's body did
    not. One face and one body, apart: two people (measured on OpenCV's cameraman
    visiting the astronaut at 960x540, where the runs stopped and the flag was lost)."""
    att = Attention()
    visitor = Observation(0.0, Kind.PERSON, "person", 0.63, Box(0.0, 0.35, 0.24, 0.98))
    assert att.interesting([face(0.0), visitor])
    own = Observation(0.0, Kind.PERSON, "person", 0.8, BODY)
    assert not att.interesting([face(0.0), own])  # the face is that body's


def test_an_established_state_is_looked_at_sparsely_and_its_end_at_once() -> None:
    """A visitor stands at the left edge from t=0 to t=29 (a dark figure in the same
    generated room); the costly detectors find two people on each run. After
    `settle_s` of that they run only every `hold_period_s`, or when the picture
    changes: the visitor leaving asks on that very sample."""
    cfg = AttentionConfig(settle_s=6.0, hold_period_s=5.0, period_s=30.0)
    att = Attention(cfg)
    visitor = Box(0.03, 0.28, 0.19, 0.83)

    def frame(t: int, present: bool) -> np.ndarray:
        img = room(t + 3)
        if present:
            img[100:300, 20:120] = 30
        return img

    asked = []
    for t in range(-3, 40):  # calm before the visitor comes at t=0
        present = 0 <= t < 30
        cheap = [face(float(t))]
        why = att.ask(float(t), frame(t, present), cheap)
        if why is not None:
            bodies = [Observation(float(t), Kind.PERSON, "person", 0.8, BODY)]
            if present:
                bodies.append(Observation(float(t), Kind.PERSON, "person", 0.8, visitor))
            att.ran(float(t), cheap, bodies)
        if t >= 0:
            asked.append(why)
    runs = [t for t, why in enumerate(asked) if why]
    assert runs[:7] == [0, 1, 2, 3, 4, 5, 6]  # every sample until established
    assert att.settled is False  # the last run found one person
    assert [asked[t] for t in (11, 16, 21, 26)] == ["hold"] * 4
    assert all(asked[t] is None for t in range(7, 30) if t not in (11, 16, 21, 26))
    assert asked[30] == "scene"  # the visitor left: looked at on the first sample without
    assert asked[31:34] == ["interest"] * 3  # and lingered on, densely


def test_a_face_in_a_picture_on_the_wall_is_nobody_to_watch() -> None:
    """A poster's face beside the candidate, once the pictures detector has called it a
    picture, does not make two people; a phone on the chest crop from 0.2 does ask."""
    att = Attention()
    poster = Box(0.05, 0.1, 0.15, 0.3)
    picture = Observation(0.0, Kind.OBJECT, "picture", 1.0, Box(0.04, 0.08, 0.16, 0.32))
    seen = [face(0.0), face(0.0, poster), Observation(0.0, Kind.PERSON, "person", 0.8, BODY)]
    assert att.interesting(seen)  # two faces: until it is known for a picture
    assert not att.interesting([*seen, picture])
    chest = Observation(
        0.0, Kind.OBJECT, "cell phone", 0.22, Box(0.45, 0.6, 0.5, 0.7), "yolo:chest"
    )
    assert att.interesting([face(0.0), seen[2], chest])
    whole = Observation(0.0, Kind.OBJECT, "cell phone", 0.22, Box(0.45, 0.6, 0.5, 0.7), "yolo")
    assert not att.interesting([face(0.0), seen[2], whole])  # the whole frame needs 0.45


def test_the_aux_camera_adds_pose_and_keeps_one_cache_key() -> None:
    """The aux camera's default detectors add MediaPipe Pose (a candidate from behind);
    an empty `aux_detectors` follows `detectors`."""
    from dataclasses import replace

    from analysis.detect.runner import DetectConfig

    cfg = DetectConfig()
    assert "pose" in cfg.for_camera("aux").detectors
    assert "pose" not in cfg.for_camera("main").detectors
    assert cfg.for_camera("aux").for_camera("aux") == cfg.for_camera("aux")
    same = replace(cfg, aux_detectors=())
    assert same.for_camera("aux").detectors == cfg.for_camera("main").detectors
