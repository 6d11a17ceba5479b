"""The harder scene kinds of `bench/eval_detection.py` (issue 17), in a tuned part and a
held-out part that share no person pairing, room, light, size, mirror or poster.

Scene kinds (the name's second word): `behind` (the aux camera sees the candidate
from behind or in profile), `mirror` (a real mirror: darker, smaller, blurred, at
an angle, partly hidden, in a frame), `poster` (a framed photo of a person on the
wall: `picture_of_person`, never `second_person`), `lowlight`, `edge` (the
candidate at the frame's edge, where duplicate and cut boxes happen), `held` (a
phone held in front of the chest), `visitor` (a second person who sways), and
two traps that must raise no flag: `turn` (the head turned away for a few
seconds) and `down` (looking down at the desk, drawing).
Thresholds may be tuned on `hard` only; `hard-holdout` is looked at for
reporting. When it has been looked at to fix something, make a new one.
"""

from __future__ import annotations

from analysis.flags import Camera
from analysis.synth.hard import MirrorStyle
from analysis.synth.scenes import Event, ScenarioSpec

Case = tuple[str, Camera, ScenarioSpec]
Row = tuple[str, tuple[Camera, bool], dict[str, object], tuple[Event, ...]]


def _cases(base: dict[str, object], rows: list[Row], *, seed: int, step: int) -> list[Case]:
    """Rows (name, (camera, aux view), scene settings, events) -> cases named
    `<camera>_<name>`, seeded `seed + step * row index`."""
    return [
        (
            f"{cam.value}_{name}",
            cam,
            ScenarioSpec(
                **{
                    **base,
                    **kw,
                    "aux_view": aux,  # type: ignore[arg-type]
                    "seed": seed + step * k,
                    "events": evs,
                }
            ),
        )
        for k, (name, (cam, aux), kw, evs) in enumerate(rows)
    ]


def hard_tuned(w: int, h: int) -> list[Case]:
    base = {"width": w, "height": h, "duration_s": 30.0, "fps": 15}
    m = Camera.MAIN, False
    a = Camera.AUX, True
    style = MirrorStyle()
    rows: list[Row] = [
        ("behind_clean_bb", a, {"candidate": "basketball_back", "scale": 0.8}, ()),
        (
            "behind_leave_bb",
            a,
            {"candidate": "basketball_back", "scale": 0.8},
            (Event("leave", 8.0, 16.0),),
        ),
        (
            "behind_passerby_bb",
            a,
            {"candidate": "basketball_back", "scale": 0.8},
            (Event("passerby", 12.0, 18.0),),
        ),
        ("behind_dim_bb", a, {"candidate": "basketball_back", "scale": 0.7, "light": 0.4}, ()),
        (
            "mirror_astro",
            m,
            {"candidate": "astronaut", "mirror_style": style},
            (Event("mirror", 6.0, 22.0),),
        ),
        (
            "mirror_grace",
            a,
            {"candidate": "grace_hopper", "mirror_style": style},
            (Event("mirror", 10.0, 26.0),),
        ),
        (
            "poster_astro",
            m,
            {"candidate": "astronaut", "poster": "grace_hopper"},
            (Event("poster", 0.0, 30.0),),
        ),
        (
            "poster_bb",
            a,
            {
                "candidate": "basketball_back",
                "scale": 0.8,
                "poster": "basketball_front",
                "poster_at": (0.08, 0.1, 0.4),
            },
            (Event("poster", 0.0, 30.0),),
        ),
        ("lowlight_clean_grace", m, {"candidate": "grace_hopper", "light": 0.4}, ()),
        (
            "lowlight_visitor_astro",
            a,
            {
                "candidate": "astronaut",
                "light": 0.35,
                "visitor_sway": 0.02,
                "other": "grace_hopper",
            },
            (Event("second_person", 9.0, 17.0),),
        ),
        ("edge_clean_astro", m, {"candidate": "astronaut", "at_x": 0.9}, ()),
        ("edge_clean_camera", a, {"candidate": "camera", "at_x": 0.93}, ()),
        ("held_astro", m, {"candidate": "astronaut"}, (Event("phone_held", 8.0, 15.0),)),
        ("held_grace", a, {"candidate": "grace_hopper"}, (Event("phone_held", 12.0, 19.0),)),
        (
            "visitor_grace",
            m,
            {"candidate": "grace_hopper", "other": "astronaut", "visitor_sway": 0.02},
            (Event("second_person", 10.0, 20.0),),
        ),
        # added after one diagnostic look at hard-holdout (then hard-fresh2 was made):
        # the candidate sways in front of the poster's edge; a dimmer cameraman
        (
            "poster_hidden_astro",
            m,
            {"candidate": "astronaut", "poster": "camera", "poster_at": (0.66, 0.06, 0.5)},
            (Event("poster", 0.0, 30.0),),
        ),
        ("lowlight_clean_camera", m, {"candidate": "camera", "light": 0.3}, ()),
        # traps: the head turned away for a few seconds, looking down at the desk
        ("turn_grace", m, {"candidate": "grace_hopper"}, (Event("turn", 8.0, 13.0),)),
        ("turn_astro", a, {"candidate": "astronaut"}, (Event("turn", 12.0, 17.0),)),
        ("down_astro", m, {"candidate": "astronaut"}, (Event("look_down", 5.0, 25.0),)),
        ("down_camera", a, {"candidate": "camera"}, (Event("look_down", 10.0, 22.0),)),
    ]
    return _cases(base, rows, seed=300, step=1)


def hard_holdout(w: int, h: int) -> list[Case]:
    base = {"width": w, "height": h, "duration_s": 36.0, "fps": 25}
    m = Camera.MAIN, False
    a = Camera.AUX, True
    style = MirrorStyle(
        x=0.7,
        y=0.05,
        scale=0.58,
        gain=0.5,
        blur=2.0,
        squeeze=0.7,
        keystone=0.18,
        hidden=0.35,
        frame_rgb=(150, 140, 120),
        follow=0.5,
    )
    small = MirrorStyle(
        x=0.04,
        y=0.1,
        scale=0.45,
        gain=0.65,
        blur=1.2,
        squeeze=0.85,
        keystone=0.08,
        hidden=0.15,
        frame_rgb=(40, 40, 45),
        follow=-0.4,
    )
    rows: list[Row] = [
        ("behind_clean_camera", a, {"candidate": "camera", "scale": 0.75, "at_x": 0.4}, ()),
        (
            "behind_leave_camera",
            a,
            {"candidate": "camera", "scale": 0.75, "at_x": 0.4},
            (Event("leave", 5.0, 14.0), Event("leave", 24.0, 30.0)),
        ),
        (
            "behind_dim_bb",
            a,
            {"candidate": "basketball_back", "scale": 0.9, "at_x": 0.45, "light": 0.3},
            (),
        ),
        (
            "behind_passerby_camera",
            a,
            {"candidate": "camera", "scale": 0.7, "light": 0.6},
            (Event("passerby", 20.0, 25.0),),
        ),
        (
            "mirror_camera",
            m,
            {"candidate": "camera", "at_x": 0.35, "mirror_style": style},
            (Event("mirror", 4.0, 30.0),),
        ),
        (
            "mirror_grace",
            m,
            {"candidate": "grace_hopper", "mirror_style": small},
            (Event("mirror", 12.0, 28.0),),
        ),
        (
            "mirror_astro",
            a,
            {"candidate": "astronaut", "at_x": 0.4, "mirror_style": style},
            (Event("mirror", 8.0, 24.0),),
        ),
        (
            "poster_camera",
            m,
            {"candidate": "camera", "poster": "basketball_front", "poster_at": (0.75, 0.08, 0.45)},
            (Event("poster", 0.0, 36.0),),
        ),
        (
            "poster_grace",
            a,
            {"candidate": "grace_hopper", "poster": "astronaut", "poster_at": (0.05, 0.12, 0.3)},
            (Event("poster", 0.0, 36.0),),
        ),
        ("lowlight_clean_camera", m, {"candidate": "camera", "light": 0.35}, ()),
        (
            "lowlight_leave_astro",
            m,
            {"candidate": "astronaut", "light": 0.45},
            (Event("leave", 10.0, 18.0),),
        ),
        ("edge_clean_grace", m, {"candidate": "grace_hopper", "at_x": 0.1}, ()),
        ("edge_clean_bb", a, {"candidate": "basketball_back", "scale": 0.8, "at_x": 0.95}, ()),
        ("held_camera", m, {"candidate": "camera"}, (Event("phone_held", 20.0, 27.0),)),
        (
            "held_astro",
            a,
            {"candidate": "astronaut", "light": 0.7},
            (Event("phone_held", 6.0, 12.0),),
        ),
        (
            "visitor_camera",
            a,
            {"candidate": "camera", "other": "astronaut", "visitor_sway": 0.03},
            (Event("second_person", 15.0, 21.0),),
        ),
    ]
    return _cases(base, rows, seed=400, step=7)


def hard_fresh(w: int, h: int) -> list[Case]:
    """Made after `hard-holdout` was looked at (its dim from-behind control showed a
    second, partial pose of one man): from-behind scenes only, other seeds, size,
    frame rate, light, scale and places. Run with ``--set hard-fresh``."""
    base = {"width": w, "height": h, "duration_s": 30.0, "fps": 20}
    a = Camera.AUX, True
    rows: list[Row] = [
        (
            "behind_dim_bb",
            a,
            {"candidate": "basketball_back", "scale": 0.85, "at_x": 0.3, "light": 0.33},
            (),
        ),
        (
            "behind_dim_camera",
            a,
            {"candidate": "camera", "scale": 0.8, "at_x": 0.55, "light": 0.38},
            (),
        ),
        (
            "behind_leave_bb",
            a,
            {"candidate": "basketball_back", "scale": 0.75, "light": 0.5},
            (Event("leave", 9.0, 17.0),),
        ),
        (
            "behind_passerby_bb",
            a,
            {"candidate": "basketball_back", "scale": 0.8, "at_x": 0.4, "light": 0.45},
            (Event("passerby", 14.0, 20.0),),
        ),
    ]
    return _cases(base, rows, seed=700, step=11)


def hard_fresh2(w: int, h: int) -> list[Case]:
    """Made after the fixes that one diagnostic look at `hard-holdout` led to (a poster
    the candidate sways in front of, a dim main control), once the code was final, and
    run once: every scene kind and trap, with other seeds, size, frame rate, length,
    people, rooms, light, scale and mirrors. Run with ``--set hard-fresh2``."""
    base = {"width": w, "height": h, "duration_s": 32.0, "fps": 24}
    m = Camera.MAIN, False
    a = Camera.AUX, True
    wide = MirrorStyle(
        x=0.64,
        y=0.08,
        scale=0.52,
        gain=0.55,
        blur=1.8,
        squeeze=0.75,
        keystone=0.15,
        hidden=0.2,
        frame_rgb=(120, 100, 80),
        follow=-0.5,
    )
    small = MirrorStyle(x=0.05, y=0.12, scale=0.48, gain=0.62, blur=1.4, hidden=0.1)
    bb, cam, grace, astro = "basketball_back", "camera", "grace_hopper", "astronaut"
    rows: list[Row] = [
        ("behind_clean_bb", a, {"candidate": bb, "scale": 0.7, "at_x": 0.55, "light": 0.55}, ()),
        (
            "behind_leave_camera",
            a,
            {"candidate": cam, "scale": 0.65, "at_x": 0.5},
            (Event("leave", 7.0, 15.0),),
        ),
        (
            "behind_passerby_bb",
            a,
            {"candidate": bb, "scale": 0.75, "at_x": 0.35},
            (Event("passerby", 16.0, 22.0),),
        ),
        (
            "mirror_grace",
            m,
            {"candidate": grace, "at_x": 0.4, "mirror_style": wide},
            (Event("mirror", 6.0, 24.0),),
        ),
        (
            "mirror_camera",
            a,
            {"candidate": cam, "mirror_style": small},
            (Event("mirror", 10.0, 28.0),),
        ),
        (
            "poster_grace",
            m,
            {
                "candidate": grace,
                "at_x": 0.4,
                "poster": "basketball_front",
                "poster_at": (0.72, 0.12, 0.42),
            },
            (Event("poster", 0.0, 32.0),),
        ),
        (
            "poster_camera",
            a,
            {"candidate": cam, "poster": grace, "poster_at": (0.06, 0.1, 0.32)},
            (Event("poster", 0.0, 32.0),),
        ),
        (
            "poster_astro",
            m,
            {"candidate": astro, "at_x": 0.6, "poster": cam, "poster_at": (0.04, 0.05, 0.4)},
            (Event("poster", 0.0, 32.0),),
        ),
        ("lowlight_clean_astro", m, {"candidate": astro, "light": 0.33}, ()),
        ("lowlight_clean_camera", m, {"candidate": cam, "light": 0.38, "scale": 0.7}, ()),
        (
            "lowlight_leave_grace",
            a,
            {"candidate": grace, "light": 0.4},
            (Event("leave", 12.0, 20.0),),
        ),
        ("edge_clean_camera", m, {"candidate": cam, "at_x": 0.12}, ()),
        ("edge_clean_grace", a, {"candidate": grace, "at_x": 0.92}, ()),
        ("held_grace", m, {"candidate": grace}, (Event("phone_held", 14.0, 21.0),)),
        ("held_camera", a, {"candidate": cam}, (Event("phone_held", 5.0, 11.0),)),
        (
            "visitor_camera",
            m,
            {"candidate": cam, "other": grace, "visitor_sway": 0.025},
            (Event("second_person", 12.0, 19.0),),
        ),
        (
            "visitor_bb",
            a,
            {"candidate": bb, "scale": 0.8, "other": astro, "visitor_sway": 0.02},
            (Event("second_person", 8.0, 15.0),),
        ),
        (
            "turn_astro",
            m,
            {"candidate": astro},
            (Event("turn", 10.0, 14.0), Event("turn", 20.0, 23.0)),
        ),
        ("turn_camera", a, {"candidate": cam}, (Event("turn", 6.0, 10.0),)),
        ("down_grace", m, {"candidate": grace}, (Event("look_down", 4.0, 20.0),)),
        ("down_astro", a, {"candidate": astro, "light": 0.6}, (Event("look_down", 12.0, 28.0),)),
        (
            "down_camera",
            m,
            {"candidate": cam, "light": 0.45},
            (Event("look_down", 8.0, 18.0),),
        ),
    ]
    return _cases(base, rows, seed=900, step=13)
