"""Rules: Observations over time -> behaviour Flags, with persistence and hysteresis.

Every rule works on the sampled frame times of one recording. A condition
must hold over a stretch of samples lasting at least its minimum duration;
a stretch survives isolated missed samples (`max_gap_s`), so one frame where a
detector blinks neither starts nor ends a flag.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from analysis.detect.observations import Box, Kind, Observation, in_hand
from analysis.detect.people import PeopleConfig, crowd_values, inside, with_nearby
from analysis.detect.stretches import Stretch, merge_stretches, stretches
from analysis.flags import Camera, FactValue, Flag, FlagType, Source


@dataclass(frozen=True)
class RuleConfig:
    left_frame_main_s: float = 3.0
    left_frame_aux_s: float = 5.0
    second_person_s: float = 1.0
    mirror_s: float = 2.0
    phone_s: float = 1.0
    obstructed_s: float = 2.0
    frozen_s: float = 5.0
    max_gap_s: float = 1.0  # missed samples a stretch survives
    face_min_score: float = 0.6
    person_min_score: float = 0.45
    # NanoDet scored OpenCV's real phone photo 0.49; below ~0.45 it fires on plain faces
    phone_min_score: float = 0.45
    min_samples: int = 2  # one sampled frame is never enough, whatever its duration
    # a phone counts only near the face (within this many face widths) or in a hand's
    # reach of a person (inside the person's box, upper two thirds)
    phone_face_widths: float = 1.5
    # a weaker phone counts when a detected hand holds it (the hand is the context)
    phone_in_hand_min_score: float = 0.25
    # YOLOv4-tiny on the chest crop (a phone held up to be read): from this score,
    # for phone_s on at least min_samples samples (shared PROVENANCE.md: 0.25 gave 78
    # of 144 held phones and 1 false phone in 48 controls)
    phone_chest_min_score: float = 0.2
    same_person_iou: float = 0.05  # a face inside a person box is that person
    # a hand beside the face (within this many face widths, at face height) for ear_s
    ear_s: float = 3.0
    ear_face_widths: float = 1.0
    hand_min_score: float = 0.5
    # hysteresis: on a sample next to one with two people, weaker detections standing
    # where the other person stood continue the flag (they never start one)
    face_continue_score: float = 0.5
    person_continue_score: float = 0.2
    # second-person sightings at most this far apart are one event: a passer-by hidden
    # behind the candidate for a few seconds is one flag for the grader, not two
    second_person_join_s: float = 5.0
    # a face whose score dips still counts from this score where a confident face
    # was at most track_s before or after (analysis.detect.people)
    face_track_score: float = 0.4
    track_s: float = 3.0
    # a reflection found at most this far away still explains a face or body at its
    # place (analysis.detect.people); mirror sightings at most this far apart are one flag
    mirror_memory_s: float = 5.0
    # a picture of a person (analysis/detect/detectors/pictures.py: a face still for
    # many seconds while the room moves) for this long is a flag of its own, never a
    # person; it explains faces and bodies at its place this long before and after
    picture_s: float = 4.0
    picture_memory_s: float = 60.0


def behaviour_flags(
    observations: Sequence[Observation],
    sample_times: Sequence[float],
    camera: Camera,
    cfg: RuleConfig | None = None,
) -> list[tuple[Flag, float]]:
    """Flags with the time of their strongest sample (for the reviewer's 'best frame')."""
    cfg = cfg or RuleConfig()
    times = sorted(sample_times)
    if len(times) < 2:
        return []
    step = float(np.median(np.diff(times)))
    by_t: dict[float, list[Observation]] = defaultdict(list)
    for o in observations:
        by_t[round(o.t, 3)].append(o)
    frames = [by_t.get(round(t, 3), []) for t in times]

    def run(
        kind: FlagType,
        values: list[float],
        min_s: float,
        reason: str,
        detail: Callable[[Stretch], str],
        facts: Callable[[Stretch], dict[str, FactValue]] = lambda s: {},
        max_gap_s: float | None = None,
    ) -> list[tuple[Flag, float]]:
        found = stretches(
            times,
            values,
            min_s=min_s,
            max_gap_s=cfg.max_gap_s if max_gap_s is None else max_gap_s,
            step_s=step,
            min_samples=cfg.min_samples,
        )
        return [
            (
                Flag(
                    kind,
                    camera,
                    detail(s),
                    round(s.start_s, 2),
                    round(s.end_s, 2),
                    min(1.0, max(0.05, s.score)),
                    Source.AI,
                    reason,
                    {"duration_s": round(s.end_s - s.start_s, 1), **facts(s)},
                ),
                s.best_t,
            )
            for s in found
        ]

    # a dim room where a confident face is seen is not a covered lens
    covered = [
        0.0 if _quality(f, ("dark",)) and _boxes(f, Kind.FACE, cfg) else _covered(f) for f in frames
    ]
    frozen = [_quality(f, ("frozen",)) for f in frames]
    # A frozen stretch: exactly repeated samples, plus the still samples just before
    # them (the encoder converging on the frozen picture); stillness alone (an empty
    # room) never makes one.
    still = [max(a, 0.5 * _quality(f, ("still",))) for a, f in zip(frozen, frames, strict=True)]
    frozen_flags = [
        fb
        for fb in run(
            FlagType.CAMERA_OBSTRUCTED,
            still,
            cfg.frozen_s,
            "frozen",
            lambda s: f"picture frozen for {s.end_s - s.start_s:.0f} s",
        )
        if _count(frozen, times, fb[0]) >= cfg.min_samples
    ]
    blind = [
        max(c, 1.0 if any(_within(t, fb[0]) for fb in frozen_flags) else 0.0)
        for c, t in zip(covered, times, strict=True)
    ]
    crowd, people = crowd_values(frames, times, _people_config(cfg), 1.5 * step)
    absent = [0.0 if blind[i] or people[i] else 1.0 for i in range(len(times))]
    phones = [_phone(f, cfg) for f in frames]
    left_s = cfg.left_frame_main_s if camera == Camera.MAIN else cfg.left_frame_aux_s
    flags = run(
        FlagType.CAMERA_OBSTRUCTED,
        covered,
        cfg.obstructed_s,
        "covered",
        lambda s: f"picture dark, blank or blurred for {s.end_s - s.start_s:.0f} s",
    )
    flags += frozen_flags
    flags += run(
        FlagType.LEFT_FRAME,
        absent,
        left_s,
        "absent",
        lambda s: f"no candidate visible for {s.end_s - s.start_s:.0f} s",
    )
    # sightings at most second_person_join_s apart are one event, even single ones:
    # a passer-by seen on either side of the candidate, hidden behind them between
    flags += run(
        FlagType.SECOND_PERSON,
        crowd,
        cfg.second_person_s,
        "people",
        lambda s: f"{_max_count(people, times, s)} people visible for {s.end_s - s.start_s:.0f} s",
        lambda s: {"people": _max_count(people, times, s)},
        max_gap_s=max(cfg.max_gap_s, cfg.second_person_join_s),
    )
    # a picture on the wall is no reflection, however like the candidate it looks
    hung = with_nearby(frames, times, cfg.picture_memory_s, "picture")
    mirrors = [_reflection(f) for f in hung]
    flags += run(
        FlagType.MIRROR,
        mirrors,
        cfg.mirror_s,
        "reflection",
        lambda s: f"the candidate's reflection visible for {s.end_s - s.start_s:.0f} s",
        max_gap_s=max(cfg.max_gap_s, cfg.mirror_memory_s),
    )
    pictures = [1.0 if any(o.label == "picture" for o in f) else 0.0 for f in frames]
    flags += run(
        FlagType.PICTURE_OF_PERSON,
        pictures,
        cfg.picture_s,
        "still_face",
        lambda s: f"a face that never moved (a picture?) for {s.end_s - s.start_s:.0f} s",
        max_gap_s=max(cfg.max_gap_s, cfg.mirror_memory_s),
    )
    ears = [_hand_at_ear(f, cfg) for f in frames]
    flags += merge_stretches(
        [
            *run(
                FlagType.PHONE,
                phones,
                cfg.phone_s,
                "phone_seen",
                lambda s: f"phone near the candidate for {s.end_s - s.start_s:.0f} s",
            ),
            *run(
                FlagType.PHONE,
                ears,
                cfg.ear_s,
                "hand_at_ear",
                lambda s: f"hand held at the ear for {s.end_s - s.start_s:.0f} s",
            ),
        ]
    )
    return sorted(flags, key=lambda fb: (fb[0].start_s or 0.0, fb[0].type.value))


def counted(frame: Sequence[Observation], cfg: RuleConfig | None = None) -> list[Observation]:
    """What the rules count in one sample: what a flag's evidence shows at its best
    frame (a phone-like thing the phone rule did not count is left out, a weaker face
    a hand at the ear was measured against is in)."""
    cfg = cfg or RuleConfig()
    phones = _counted_phones(frame, cfg)
    heads = _head_faces(frame, cfg)

    def counts(o: Observation) -> bool:
        if o.kind == Kind.FACE and o.box in heads:
            return True
        return relevant(o, cfg) and (o.label != "cell phone" or o in phones)

    return [o for o in frame if counts(o)]


def relevant(o: Observation, cfg: RuleConfig | None = None) -> bool:
    """Whether the rules may count this observation, on its own score (see `counted`)."""
    cfg = cfg or RuleConfig()
    if o.kind == Kind.FACE:
        return o.score >= cfg.face_min_score
    if o.kind == Kind.PERSON:
        return o.score >= cfg.person_min_score
    if o.kind == Kind.HAND:
        return o.score >= cfg.hand_min_score
    if o.kind == Kind.OBJECT:
        return o.label in ("reflection", "picture") or (
            o.label == "cell phone" and o.score >= _phone_floor(o, cfg)
        )
    return True


def _people_config(cfg: RuleConfig) -> PeopleConfig:
    return PeopleConfig(
        cfg.face_min_score,
        cfg.person_min_score,
        cfg.face_continue_score,
        cfg.person_continue_score,
        cfg.face_track_score,
        cfg.track_s,
        cfg.mirror_memory_s,
        cfg.picture_memory_s,
    )


def _quality(frame: list[Observation], labels: tuple[str, ...]) -> float:
    return max(
        (o.score for o in frame if o.kind == Kind.QUALITY and o.label in labels), default=0.0
    )


def _boxes(frame: Sequence[Observation], kind: Kind, cfg: RuleConfig) -> list[Box]:
    """Boxes of `kind` the rules count (see `relevant`)."""
    return [o.box for o in frame if o.kind == kind and o.box is not None and relevant(o, cfg)]


def _covered(frame: list[Observation]) -> float:
    return _quality(frame, ("dark", "uniform", "blurry"))


def _reflection(frame: Sequence[Observation]) -> float:
    """The best reflection of a sample, outside every picture of a person."""
    pictures = [o.box for o in frame if o.label == "picture" and o.box is not None]
    return max(
        (
            o.score
            for o in frame
            if o.label == "reflection"
            and not (o.box and any(inside(o.box, p) or o.box.iou(p) > 0.3 for p in pictures))
        ),
        default=0.0,
    )


def _phone(frame: list[Observation], cfg: RuleConfig) -> float:
    return max((o.score for o in _counted_phones(frame, cfg)), default=0.0)


def _counted_phones(frame: Sequence[Observation], cfg: RuleConfig) -> list[Observation]:
    """The cell phones of one sample the phone rule counts: a weak one in a hand, a
    confident one next to the face or in a person's reach (what evidence shows)."""
    faces = _boxes(frame, Kind.FACE, cfg)
    persons = _boxes(frame, Kind.PERSON, cfg)
    hands = _boxes(frame, Kind.HAND, cfg)
    out = []
    for o in frame:
        if o.label != "cell phone" or o.box is None or o.score < _phone_floor(o, cfg):
            continue
        if o.detector.startswith(CHEST) or in_hand(o.box, hands):
            out.append(o)
            continue
        if o.score < cfg.phone_min_score:
            continue
        near_face = any(o.box.distance(f) <= cfg.phone_face_widths * (f.x1 - f.x0) for f in faces)
        in_reach = any(
            inside(o.box, Box(p.x0, p.y0, p.x1, p.y0 + (p.y1 - p.y0) * 2 / 3)) for p in persons
        )
        if near_face or in_reach:
            out.append(o)
    return out


CHEST = "yolo:chest"  # the detector name of YOLOv4-tiny's chest-crop findings


def _phone_floor(o: Observation, cfg: RuleConfig) -> float:
    if o.detector.startswith(CHEST):
        return cfg.phone_chest_min_score
    return cfg.phone_in_hand_min_score


def _hand_at_ear(frame: list[Observation], cfg: RuleConfig) -> float:
    """A hand beside the face at face height (not over it): holding a phone to the ear.
    With no confident face, a weaker one on a confident body is the candidate's head
    (in profile, as the aux camera sees it)."""
    faces = _head_faces(frame, cfg)
    best = 0.0
    for o in frame:
        if o.kind != Kind.HAND or o.box is None or o.score < cfg.hand_min_score:
            continue
        hx, hy = o.box.centre
        for f in faces:
            fw, fh = f.x1 - f.x0, f.y1 - f.y0
            reach = cfg.ear_face_widths * fw
            left = f.x0 - reach <= hx <= f.x0 + 0.25 * fw
            beside = left or f.x1 - 0.25 * fw <= hx <= f.x1 + reach
            if beside and f.y0 - 0.5 * fh <= hy <= f.y1 + 0.3 * fh:
                best = max(best, o.score)
    return best


def _head_faces(frame: Sequence[Observation], cfg: RuleConfig) -> list[Box]:
    """The faces a hand at the ear is measured against (what evidence shows): the
    confident ones or, with none, weaker ones (from `face_track_score`) whose centre
    lies on a body box the rules count."""
    sure = _boxes(frame, Kind.FACE, cfg)
    if sure:
        return sure
    persons = _boxes(frame, Kind.PERSON, cfg)
    return [
        o.box
        for o in frame
        if o.kind == Kind.FACE
        and o.box is not None
        and o.score >= cfg.face_track_score
        and any(inside(o.box, p) for p in persons)
    ]


def _within(t: float, flag: Flag) -> bool:
    return (flag.start_s or 0.0) <= t < (flag.end_s or 0.0)


def _count(values: Sequence[float], times: Sequence[float], flag: Flag) -> int:
    return sum(1 for v, t in zip(values, times, strict=True) if v > 0 and _within(t, flag))


def _max_count(people: list[list[Box]], times: Sequence[float], s: Stretch) -> int:
    return max(
        (len(p) for p, t in zip(people, times, strict=True) if s.start_s <= t < s.end_s), default=2
    )
