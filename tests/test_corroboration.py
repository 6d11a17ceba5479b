"""Two views, one verdict: each behaviour flag checked against the other camera.

The pure rules (`analysis.detect.corroborate`) are checked on views built here
from plain numbers (sample times one second apart, flags, presence per sample);
the scan's step end to end on the example export's behaviour subject (made by
`reviewer.example` with PyAV: scikit-image photos over a generated room, aux 1 s
after main, a visitor in both views from 8 s to 14 s main time and an empty room
from 19 s to 26 s), copied alone into its own export.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from analysis.detect.corroborate import (
    Clock,
    Status,
    View,
    corroborate,
    presence,
)
from analysis.detect.observations import Box, Kind, Observation
from analysis.detect.rules import RuleConfig
from analysis.flags import Camera, Flag, FlagType, Source
from reviewer import corroboration
from reviewer.example import ExampleFiles
from reviewer.report import build_report
from reviewer.review import priority, review_queue
from reviewer.scan import ScanOptions, run_scan
from reviewer.storage.db import Database
from reviewer.storage.models import FlagRow

REASON = {
    FlagType.LEFT_FRAME: "absent",
    FlagType.SECOND_PERSON: "people",
    FlagType.PHONE: "phone_seen",
    FlagType.MIRROR: "reflection",
}


def _flag(kind: FlagType, cam: Camera, a: float, b: float) -> Flag:
    return Flag(kind, cam, "x", a, b, 0.9, Source.AI, REASON[kind], {"duration_s": b - a})


def _view(
    cam: Camera, flags: tuple[Flag, ...] = (), away: tuple[float, float] | None = None
) -> View:
    """60 samples, 1 s apart; the candidate seen on each except inside `away`."""
    times = tuple(float(t) for t in range(60))
    present = tuple(away is None or not away[0] <= t <= away[1] for t in times)
    return View(cam, times, flags, present)


def test_a_visitor_both_cameras_flagged_is_corroborated_through_offset_and_drift() -> None:
    clock = Clock(offset_s=4.0, drift_ppm=50_000.0)  # 5% drift: aux t = main t - 4 - 0.05 t
    main = _flag(FlagType.SECOND_PERSON, Camera.MAIN, 20.0, 30.0)
    # main 20-30 s is aux 15-24.5 s
    there = _view(Camera.AUX, (_flag(FlagType.SECOND_PERSON, Camera.AUX, 16.0, 23.0),))
    got = corroborate(main, there, clock)
    assert (got.camera, got.status, got.reason) == (Camera.AUX, Status.CORROBORATED, "seen_by_both")
    assert "aux camera flagged it too" in got.detail
    # the same flag an aux minute later is another event: the aux camera did not see it
    elsewhere = _view(Camera.AUX, (_flag(FlagType.SECOND_PERSON, Camera.AUX, 40.0, 50.0),))
    assert corroborate(main, elsewhere, clock).status == Status.UNKNOWN
    # and back: an aux flag checked against main maps aux time to main time
    aux = _flag(FlagType.PHONE, Camera.AUX, 15.0, 24.0)
    seen = _view(Camera.MAIN, (_flag(FlagType.PHONE, Camera.MAIN, 20.0, 29.0),))
    assert corroborate(aux, seen, clock).status == Status.CORROBORATED


def test_left_frame_in_one_view_while_the_other_sees_the_candidate_is_contradicted() -> None:
    clock = Clock(offset_s=2.0)
    main = _flag(FlagType.LEFT_FRAME, Camera.MAIN, 20.0, 30.0)
    got = corroborate(main, _view(Camera.AUX), clock)
    assert got.status == Status.CONTRADICTED and got.reason == "candidate_seen"
    assert got.facts["present"] == 1.0
    # gone from both views: corroborated
    away = _view(Camera.AUX, (_flag(FlagType.LEFT_FRAME, Camera.AUX, 17.0, 29.0),), (17.0, 29.0))
    assert corroborate(main, away, clock).status == Status.CORROBORATED
    # the aux view saw someone on only half of its samples and flagged nothing: unknown
    half = _view(Camera.AUX, away=(18.0, 23.0))
    assert corroborate(main, half, clock).status == Status.UNKNOWN


def test_what_the_other_view_cannot_judge_stays_unknown() -> None:
    clock = Clock(offset_s=1.0)
    visitor = _flag(FlagType.SECOND_PERSON, Camera.AUX, 10.0, 20.0)
    assert corroborate(visitor, _view(Camera.MAIN), clock).reason == "not_seen"
    mirror = _flag(FlagType.MIRROR, Camera.MAIN, 10.0, 20.0)
    assert corroborate(mirror, _view(Camera.AUX), clock).reason == "one_view"
    assert corroborate(visitor, _view(Camera.MAIN), None).reason == "not_aligned"
    assert corroborate(visitor, None, clock).reason == "no_data"
    late = _flag(FlagType.SECOND_PERSON, Camera.MAIN, 100.0, 110.0)  # after aux ended
    assert corroborate(late, _view(Camera.AUX), clock).reason == "outside"
    got = corroborate(mirror, _view(Camera.AUX), clock)
    assert got.status == Status.UNKNOWN
    assert set(got.to_json()) >= {"camera", "status", "detail"}


def test_presence_counts_what_the_rules_would_count() -> None:
    times = [0.0, 1.0, 2.0]
    obs = [
        Observation(0.0, Kind.FACE, "face", 0.9, Box(0.4, 0.2, 0.6, 0.5)),
        Observation(1.0, Kind.FACE, "face", 0.2, Box(0.4, 0.2, 0.6, 0.5)),  # too weak
        Observation(2.0, Kind.PERSON, "person", 0.7, Box(0.3, 0.2, 0.7, 1.0)),
    ]
    assert presence(obs, times, RuleConfig()) == (True, False, True)


def test_corroborated_flags_rise_and_contradicted_ones_fall_in_priority() -> None:
    def row(status: str | None) -> FlagRow:
        ev = None if status is None else {"corroboration": {"status": status}}
        return FlagRow(
            id=1, type="left_frame", start_s=0.0, end_s=30.0, confidence=0.8, evidence=ev
        )

    plain, up, down = (priority([row(s)], {}) for s in (None, "corroborated", "contradicted"))
    assert up > plain > down
    assert priority([row("unknown")], {}) == plain
    assert corroboration.factor(None) == 1.0


def test_the_scan_asks_the_other_camera(
    db: Database, example_files: ExampleFiles, tmp_path: Path
) -> None:
    """Both cameras saw the visitor and the empty room: each flag is corroborated by the
    other camera, in the report (lifted out of the evidence) and in the queue's counts."""
    export = tmp_path / "export"
    shutil.copytree(example_files.export / "2026005", export / "2026005")
    run_scan(db, export, ScanOptions(workers=2))
    with db.session() as s:
        report = build_report(s, export.resolve())
        queue = review_queue(s)
    flags = report["subjects"][0]["flags"]
    kinds = {(f["type"], f["camera"]) for f in flags}
    assert {("second_person", "main"), ("left_frame", "main")} <= kinds, kinds
    for f in flags:
        c = f["corroboration"]
        other = "aux" if f["camera"] == "main" else "main"
        assert c["camera"] == other and c["status"] == "corroborated", f
        assert c["detail"] and "corroboration" not in f["evidence"]
    assert queue[0].corroboration == {"corroborated": len(flags)}
