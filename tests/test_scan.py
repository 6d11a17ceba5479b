"""End-to-end scans of generated exports: exactly the expected integrity flags."""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from pathlib import Path

import pytest

from analysis.flags import FlagType
from reviewer.example import ExampleFiles
from reviewer.manifest import load_public_key
from reviewer.report import SCHEMA, build_report
from reviewer.scan import ScanOptions, run_scan
from reviewer.storage.db import Database
from reviewer.workers import Job, Outcome, run_jobs, worker_pool
from tests import helpers
from tests.conftest import CliScan

# Ground truth of the example export (see reviewer/example.py).
EXPECTED = {
    ("2026001", "素描"): set(),
    ("2026001", "色彩"): set(),
    ("2026002", "素描"): {("missing_recording", "aux")},
    ("2026002", "速写"): {("timestamp_gap", "main")},
    ("2026003", "素描"): {("hash_mismatch", "aux")},
    # truncated after the platform hashed it: both unreadable and changed
    ("2026003", "色彩"): {("unreadable", "main"), ("hash_mismatch", "main")},
    ("2026004", "素描"): {("pair_mismatch", "pair")},
    ("2026005", "速写"): {
        ("second_person", "main"),
        ("second_person", "aux"),
        ("left_frame", "main"),
        ("left_frame", "aux"),
    },
}
# 2026005's behaviour, in main time (aux time = main time - offset)
BEHAVIOUR = {"second_person": (8.0, 14.0), "left_frame": (19.0, 26.0)}
# a scan without detection finds the rest
WITHOUT_DETECTION = {k: {f for f in v if f[0] not in BEHAVIOUR} for k, v in EXPECTED.items()}
OFFSETS = {
    ("2026001", "素描"): 2.5,
    ("2026001", "色彩"): -1.8,
    ("2026002", "速写"): 1.2,
    ("2026003", "素描"): 0.7,
    ("2026005", "速写"): 1.0,
}


def _flags(report: dict) -> dict[tuple[str, str], set[tuple[str, str]]]:  # type: ignore[type-arg]
    return {
        (s["candidate_id"], s["subject"]): {(f["type"], f["camera"]) for f in s["flags"]}
        for s in report["subjects"]
    }


def _scan(db: Database, ex: ExampleFiles, **kw: object) -> dict:  # type: ignore[type-arg]
    opts = ScanOptions(
        workers=kw.pop("workers", 2), manifest_key=load_public_key(ex.public_key), **kw
    )  # type: ignore[arg-type]
    summary = run_scan(db, ex.export, opts)
    assert summary.status == "completed"
    with db.session() as s:
        return build_report(s, ex.export.resolve())


def test_example_export_has_exactly_the_expected_flags(
    example_cli_scan: CliScan, example_files: ExampleFiles
) -> None:
    """The example export scanned with its platform key and the default detection: by
    `main.py scan` (the session's `example_cli_scan`, which test_cli checks too)."""
    assert example_cli_scan.returncode == 0, example_cli_scan.stderr
    report = example_cli_scan.report
    assert report["schema"] == SCHEMA
    assert _flags(report) == EXPECTED
    assert report["export_flags"] == []
    assert report["manifest"] == {"present": True, "signature": "ok", "errors": []}
    assert report["unrecognised"] == ["notes.txt"]
    by_key = {(s["candidate_id"], s["subject"]): s for s in report["subjects"]}
    missing = by_key[("2026002", "素描")]
    assert missing["complete"] is False and missing["recordings"]["aux"] is None
    main = by_key[("2026001", "素描")]["recordings"]["main"]
    assert main["hash_status"] == "ok" and main["has_audio"] is True
    assert (
        main["sha256"]
        == hashlib.sha256((example_files.export / main["path"]).read_bytes()).hexdigest()
    )
    assert (main["width"], main["height"]) == (320, 180)
    assert main["creation_time"].startswith("2026-06-0")
    gap = next(f for f in by_key[("2026002", "速写")]["flags"] if f["type"] == "timestamp_gap")
    assert gap["start_s"] == pytest.approx(11.93, abs=0.1)
    assert gap["end_s"] == pytest.approx(16.0, abs=0.1)
    assert gap["source"] == "rule"
    assert by_key[("2026003", "素描")]["recordings"]["aux"]["hash_status"] == "mismatch"
    for key, offset in OFFSETS.items():
        alignment = by_key[key]["alignment"]
        assert alignment["offset_s"] == pytest.approx(offset, abs=0.1), key
        assert alignment["method"] in ("audio", "visual") and alignment["confidence"] >= 0.5
    assert by_key[("2026001", "色彩")]["alignment"]["method"] == "visual"  # aux has no audio
    assert by_key[("2026002", "素描")]["alignment"]["method"] == "none"
    # the behaviour subject: each flag in each camera's own time, with its evidence
    for f in by_key[("2026005", "速写")]["flags"]:
        start, end = BEHAVIOUR[f["type"]]
        shift = OFFSETS[("2026005", "速写")] if f["camera"] == "aux" else 0.0
        assert f["start_s"] == pytest.approx(start - shift, abs=1.0), f
        assert f["end_s"] == pytest.approx(end - shift, abs=1.0), f
        assert f["source"] == "ai"
        ev = f["evidence"]
        assert f["start_s"] <= ev["best_t"] <= f["end_s"], f
        if f["type"] == "second_person":  # both people drawn at the strongest frame
            assert sum(1 for o in ev["observations"] if o["kind"] in ("face", "person")) >= 2


def test_rescan_skips_unchanged_and_catches_changes(db: Database, example_copy) -> None:  # type: ignore[no-untyped-def]
    opts = ScanOptions(
        workers=0, manifest_key=load_public_key(example_copy.public_key), detect=None
    )
    first = run_scan(db, example_copy.export, opts)
    assert (first.analysed, first.reused, first.aligned) == (15, 0, 6)
    second = run_scan(db, example_copy.export, opts)
    assert (second.analysed, second.reused, second.aligned) == (0, 15, 0)
    assert second.flags == first.flags
    # tamper with a good file, keeping its size and mtime: ctime/inode still move
    victim = example_copy.export / "2026001" / "素描" / "main.mp4"
    st = victim.stat()
    data = bytearray(victim.read_bytes())
    data[-100] ^= 1
    victim.write_bytes(bytes(data))
    os.utime(victim, ns=(st.st_atime_ns, st.st_mtime_ns))
    third = run_scan(db, example_copy.export, opts)
    assert (third.analysed, third.reused, third.aligned) == (1, 14, 1)
    with db.session() as s:
        flags = _flags(build_report(s, example_copy.export.resolve()))
    assert flags[("2026001", "素描")] == {("hash_mismatch", "main")}


def test_flags_a_grader_decided_on_survive_rescans(db: Database, example_copy) -> None:  # type: ignore[no-untyped-def]
    from reviewer.storage.models import DecisionRow, FlagRow

    opts = ScanOptions(workers=0, detect=None)
    run_scan(db, example_copy.export, opts)
    with db.session() as s:
        flag = s.query(FlagRow).filter_by(type="timestamp_gap").one()
        s.add(DecisionRow(subject_id=flag.subject_id, flag_id=flag.id, kind="confirm", grader="t"))
        flag_id = flag.id
    shutil.rmtree(example_copy.export / "2026003")  # unrelated change, then rescan
    run_scan(db, example_copy.export, opts)
    with db.session() as s:
        kept = s.get(FlagRow, flag_id)
        assert kept is not None and not kept.stale
        report = build_report(s, example_copy.export.resolve())
    # subjects that vanished from the export are reported missing, not forgotten
    assert _flags(report)[("2026003", "素描")] == {
        ("missing_recording", "main"),
        ("missing_recording", "aux"),
    }


def test_scan_never_writes_into_the_export(db: Database, example_copy) -> None:  # type: ignore[no-untyped-def]
    root = example_copy.export

    def snapshot() -> dict[str, tuple[int, int, str]]:
        return {
            str(p): (
                p.stat().st_size,
                p.stat().st_mtime_ns,
                hashlib.sha256(p.read_bytes()).hexdigest(),
            )
            for p in sorted(root.rglob("*"))
            if p.is_file()
        }

    before = snapshot()
    for p in [root, *root.rglob("*")]:
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        report = _scan(db, example_copy, workers=0, detect=None)
    finally:
        for p in [root, *root.rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)
    assert _flags(report) == WITHOUT_DETECTION
    assert snapshot() == before


def test_scan_can_be_cancelled_and_resumed(db: Database, example_copy) -> None:  # type: ignore[no-untyped-def]
    cancel = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done >= 3:
            cancel.set()

    summary = run_scan(
        db,
        example_copy.export,
        ScanOptions(workers=0, detect=None),
        cancel=cancel,
        on_progress=progress,
    )
    assert summary.status == "cancelled"
    assert 3 <= summary.analysed < 15
    assert seen[0] == (0, 15)
    again = run_scan(db, example_copy.export, ScanOptions(workers=0, detect=None))
    assert again.status == "completed" and again.reused == summary.analysed


def test_workers_survive_crashes_and_hangs(tmp_path: Path) -> None:
    results: dict[str, tuple[object, str | None]] = {}
    jobs = [Job("ok", ("a",), 30), Job("crash", ("b",), 30)]
    run_jobs(
        helpers.ok,
        jobs[:1],
        workers=1,
        on_done=lambda k, o: results.__setitem__(k, (o.value, o.error)),
    )
    run_jobs(
        helpers.crash,
        jobs[1:],
        workers=1,
        on_done=lambda k, o: results.__setitem__(k, (o.value, o.error)),
    )
    run_jobs(
        helpers.hang,
        [Job("hang", ("c",), 1.0)],
        workers=1,
        on_done=lambda k, o: results.__setitem__(k, (o.value, o.error)),
    )
    assert results["ok"] == ("a", None)
    assert results["crash"][0] is None and "crashed" in str(results["crash"][1])
    assert results["hang"][0] is None and "timed out" in str(results["hang"][1])


def test_one_pool_runs_several_kinds_of_job_and_isolates_each() -> None:
    results: dict[str, tuple[object, str | None]] = {}
    jobs = [
        Job("ok", ("a",), 30),  # run_jobs' own fn
        Job("crash", ("b",), 30, helpers.crash),
        Job("also ok", ("c",), 30, helpers.ok),
    ]
    done = run_jobs(
        helpers.ok,
        jobs,
        workers=2,
        on_done=lambda k, o: results.__setitem__(k, (o.value, o.error)),
    )
    assert done
    assert results["ok"] == ("a", None) and results["also ok"] == ("c", None)
    assert results["crash"][0] is None and "crashed" in str(results["crash"][1])


def test_a_shared_pool_survives_a_hung_job_for_the_next_stage() -> None:
    results: dict[str, tuple[object, str | None]] = {}

    def keep(k: str, o: Outcome[object]) -> None:
        results[k] = (o.value, o.error)

    with worker_pool(1) as pool:
        run_jobs(helpers.hang, [Job("hang", ("c",), 1.0)], workers=1, on_done=keep, pool=pool)
        run_jobs(helpers.ok, [Job("next", ("d",), 30)], workers=1, on_done=keep, pool=pool)
    assert results["hang"][0] is None and "timed out" in str(results["hang"][1])
    assert results["next"] == ("d", None)


def test_bad_files_in_a_layout_export(db: Database, tmp_path: Path, clip) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "export"
    (root / "A1" / "素描").mkdir(parents=True)
    shutil.copy(clip("ok.mp4", duration_s=4), root / "A1" / "素描" / "main.mp4")
    (root / "A1" / "素描" / "aux.mp4").write_bytes(b"\x00garbage" * 1000)
    (root / "B2_速写_主机.mov").write_bytes(b"")
    shutil.copy(clip("ok.mp4", duration_s=4), root / "B2_速写_辅机.mp4")
    summary = run_scan(db, root, ScanOptions(workers=2, detect=None))
    assert summary.status == "completed"
    with db.session() as s:
        report = build_report(s, root.resolve())
    assert _flags(report) == {
        ("A1", "素描"): {("unreadable", "aux")},
        ("B2", "速写"): {("unreadable", "main")},
    }
    rec = report["subjects"][0]["recordings"]["main"]
    assert rec["hash_status"] == "no_manifest"
    assert FlagType.UNREADABLE.value in summary.flags
