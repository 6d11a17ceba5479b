"""Overnight batches (`main.py batch`) on a real PostgreSQL: procrastinate's queue in a
throwaway schema beside a throwaway schema of ours, workers as real processes."""

from __future__ import annotations

import copy
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from analysis.detect.runner import DetectConfig
from reviewer import cli
from reviewer.batch.enqueue import Enqueued, enqueue
from reviewer.batch.queue import connect, drop_schema
from reviewer.batch.status import batch_status, retry_failed
from reviewer.batch.tasks import FAULT_ENV, MAX_TRIES
from reviewer.example import ExampleFiles
from reviewer.manifest import load_public_key
from reviewer.paths import shown_name
from reviewer.report import build_report
from reviewer.scan import ScanOptions, run_scan
from reviewer.storage.db import Database, open_database
from reviewer.storage.models import DetectionRow
from tests.pg import schema_url

pytestmark = pytest.mark.postgres
Report = Callable[[Path], dict[str, Any]]  # a scan's report of a copy of the example export
MAIN = Path(__file__).resolve().parents[1] / "main.py"
# natural keys that no table may hold twice
UNIQUE = {
    "candidates": "export_id, candidate_id",
    "subjects": "candidate_pk, name",
    "recordings": "subject_id, camera",
    "probes": "sha256, analysis_version",
    "detections": "sha256, detect_key",
    "flags": "export_id, subject_id, type, camera, start_s, end_s",
}


@pytest.fixture
def queue_url() -> Iterator[str]:
    """A throwaway schema of ours; the queue goes to `<schema>_jobs`, dropped after."""
    with schema_url() as url:
        try:
            yield url
        finally:
            drop_schema(url)


def _worker(url: str, *extra: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, str(MAIN), "batch", "worker", "--db", url, "--until-idle"]
    return subprocess.Popen(
        [*cmd, "--heartbeat", "1", *extra],
        cwd=MAIN.parent,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait(procs: list[subprocess.Popen[bytes]], timeout: float = 240) -> None:
    for p in procs:
        _, err = p.communicate(timeout=timeout)
        assert p.returncode == 0, err.decode(errors="replace")[-2000:]


def _scan_report(root: Path, key_path: Path | None, detect: bool = False) -> dict:  # type: ignore[type-arg]
    with schema_url() as url:
        db = open_database(url)
        opts = ScanOptions(
            workers=1,
            detect=ScanOptions().detect if detect else None,
            manifest_key=load_public_key(key_path) if key_path else None,
        )
        run_scan(db, root, opts)
        with db.session() as s:
            report = build_report(s, root)
        db.close()
    return report


@pytest.fixture(scope="session")
def example_report(example_files: ExampleFiles, tmp_path_factory: pytest.TempPathFactory) -> Report:
    """A single-process scan's report (`_scan_report`) of a copy of the example export,
    scanned once per session: `example_report(root)` is that report for an unchanged copy
    at `root`. Only the export's name depends on where it lies (asserted)."""
    canonical = _copy(example_files, tmp_path_factory.mktemp("scan") / "export")
    report = _scan_report(canonical, example_files.public_key)
    assert report["export"] == shown_name(str(canonical))
    rest = {k: v for k, v in report.items() if k != "export"}
    assert str(canonical.parent) not in json.dumps(rest, ensure_ascii=False)

    def at(root: Path) -> dict[str, Any]:
        return {**copy.deepcopy(report), "export": shown_name(str(root))}

    return at


def _report(db: Database, root: Path) -> dict:  # type: ignore[type-arg]
    with db.session() as s:
        return build_report(s, root)


def _no_duplicates(db: Database) -> None:
    with db.engine.connect() as conn:
        for table, key in UNIQUE.items():
            dup = conn.execute(
                text(f"select {key}, count(*) from {table} group by {key} having count(*) > 1")
            ).all()
            assert dup == [], f"{table} holds duplicates: {dup}"


def _copy(example: ExampleFiles, to: Path) -> Path:
    shutil.copytree(example.export, to)
    return to.resolve()


def test_batch_report_equals_scan_and_enqueuing_twice_adds_nothing(
    queue_url: str, example_files: ExampleFiles, example_report: Report, tmp_path: Path
) -> None:
    """The example export (`make_example`, copied) enqueued twice without detection,
    one worker process until idle: the report equals a single-process scan's, no row
    twice; enqueuing it a third time, unchanged, queues no analysis."""
    root = _copy(example_files, tmp_path / "export")
    key = load_public_key(example_files.public_key)
    db = open_database(queue_url)
    first = enqueue(db, queue_url, [root], manifest_key=key)
    second = enqueue(db, queue_url, [root], manifest_key=key)
    assert first[0].queued == first[0].recordings == 15
    assert second[0].queued == 0 and second[0].already == 15
    _wait([_worker(queue_url, "--concurrency", "2")])
    assert _report(db, root) == example_report(root)
    _no_duplicates(db)
    again = enqueue(db, queue_url, [root], manifest_key=key)
    assert again[0].queued == 0 and again[0].reused == 15
    facts = batch_status(queue_url)
    assert [e.export for e in facts.exports] == [str(root)]
    assert facts.exports[0].failed == 0 and facts.exports[0].done > 15
    db.close()


def _kill_test(
    url: str,
    example_files: ExampleFiles,
    example_report: Report,
    tmp_path: Path,
    kills: int,
    seed: int,
) -> None:
    roots = [_copy(example_files, tmp_path / f"export{i}") for i in (1, 2)]
    db = open_database(url)
    enqueue(db, url, roots, manifest_key=load_public_key(example_files.public_key))
    rng = random.Random(seed)
    procs = [_worker(url, "--concurrency", "1") for _ in range(4)]
    mid_job = 0
    again: list[Enqueued] = []
    for _ in range(kills):
        time.sleep(rng.uniform(0.2, 2.0))
        busy = _busy_pids(url, {p.pid for p in procs}, rng)  # a worker in a job, if any
        i = next((k for k, p in enumerate(procs) if p.pid in busy), rng.randrange(len(procs)))
        mid_job += procs[i].pid in busy
        if procs[i].poll() is None:
            procs[i].send_signal(signal.SIGKILL)
            procs[i].wait(timeout=10)
        procs[i] = _worker(url, "--concurrency", "1")
        if not again:  # enqueued again while workers run: nothing twice
            again = enqueue(db, url, roots, manifest_key=load_public_key(example_files.public_key))
    _wait(procs, timeout=300)
    assert mid_job >= 1  # at least one kill took a job down with its worker
    for root in roots:
        assert _report(db, root) == example_report(root)
    _no_duplicates(db)
    db.close()


def _busy_pids(url: str, ours: set[int], rng: random.Random, wait_s: float = 15.0) -> list[int]:
    """Pids of our workers running a job now (waits up to `wait_s` for one), shuffled."""
    end = time.monotonic() + wait_s
    while True:
        with connect(url) as conn:
            rows = conn.execute(
                "select h.pid from procrastinate_jobs j join dualcam_batch_workers h "
                "on h.worker_id = j.worker_id where j.status = 'doing'"
            ).fetchall()
        pids = [r[0] for r in rows if r[0] in ours]
        if pids or time.monotonic() > end:
            rng.shuffle(pids)
            return pids
        time.sleep(0.05)


def test_workers_killed_at_random_moments_still_give_the_scans_report(
    queue_url: str, example_files: ExampleFiles, example_report: Report, tmp_path: Path
) -> None:
    """Two copies of the example export (`make_example`), four worker processes; a random
    one is killed (SIGKILL) 3 times at random moments and started again. Their jobs
    are taken up after the heartbeat time-out; both exports are enqueued again after
    the first kill; both reports equal a scan's, no row twice. (The issue's ten
    kills: the slow-marked test below.)"""
    _kill_test(queue_url, example_files, example_report, tmp_path, kills=3, seed=16)


@pytest.mark.slow
def test_ten_kills(
    queue_url: str, example_files: ExampleFiles, example_report: Report, tmp_path: Path
) -> None:
    """As above (two copies of `make_example`), with the issue's ten kills."""
    _kill_test(queue_url, example_files, example_report, tmp_path, kills=10, seed=1016)


def test_workers_with_different_path_mappings_share_one_export(
    queue_url: str, example_files: ExampleFiles, example_report: Report, tmp_path: Path
) -> None:
    """The example export (`make_example`) is enqueued at one path, then moved; two
    workers see it under two other paths (`--map STORED=LOCAL`, one per worker). The
    report equals a scan's of the export where it was enqueued."""
    stored = _copy(example_files, tmp_path / "stored" / "export")
    expected = example_report(stored)
    db = open_database(queue_url)
    enqueue(db, queue_url, [stored], manifest_key=load_public_key(example_files.public_key))
    a, b = tmp_path / "mnt-a", tmp_path / "mnt-b"
    shutil.copytree(stored.parent, b)
    stored.parent.rename(a)
    procs = [
        _worker(queue_url, "--map", f"{stored.parent}={a}", "--concurrency", "1"),
        _worker(queue_url, "--map", f"{stored.parent}={b}", "--concurrency", "1"),
    ]
    _wait(procs)
    assert _report(db, stored) == expected
    db.close()


def test_a_worker_that_cannot_see_the_files_fails_its_jobs_and_flags_nothing(
    queue_url: str, example_files: ExampleFiles, example_report: Report, tmp_path: Path
) -> None:
    """The example export (`make_example`) enqueued, then moved away: a worker without a
    mapping fails the jobs, saying why, and no file is flagged missing or unreadable;
    after `retry --failed`, a worker with the mapping finishes the export as a scan."""
    stored = _copy(example_files, tmp_path / "stored" / "export")
    expected = example_report(stored)
    db = open_database(queue_url)
    enqueue(db, queue_url, [stored], manifest_key=load_public_key(example_files.public_key))
    moved = tmp_path / "elsewhere"
    stored.parent.rename(moved)
    _wait([_worker(queue_url, "--concurrency", "2")])
    facts = batch_status(queue_url)
    ex = facts.exports[0]
    assert ex.failed == 15
    assert all("not visible from" in f.reason for f in ex.failures)
    report = _report(db, stored)
    assert not any(s["flags"] for s in report["subjects"])
    assert retry_failed(queue_url, None) == 15
    _wait([_worker(queue_url, "--map", f"{stored.parent}={moved}", "--concurrency", "2")])
    assert _report(db, stored) == expected
    db.close()


def test_a_file_that_crashes_the_worker_every_time_ends_unreadable(
    queue_url: str, example_files: ExampleFiles, example_report: Report, tmp_path: Path
) -> None:
    """The example export (`make_example`); the analysis of one file aborts its process
    every time (the fault hook `DUALCAM_BATCH_CRASH`): after MAX_TRIES tries it is
    `unreadable`, saying the worker crashed, and every other subject is as a scan finds it."""
    root = _copy(example_files, tmp_path / "export")
    expected = example_report(root)
    db = open_database(queue_url)
    enqueue(db, queue_url, [root], manifest_key=load_public_key(example_files.public_key))
    target = "2026001_色彩_主机.mp4"
    _wait([_worker(queue_url, "--concurrency", "2", env={FAULT_ENV: target})])
    report = _report(db, root)
    for got, want in zip(report["subjects"], expected["subjects"], strict=True):
        if (got["candidate_id"], got["subject"]) == ("2026001", "色彩"):
            types = {(f["type"], f["camera"]) for f in got["flags"]}
            assert ("unreadable", "main") in types
            assert "crashed" in next(f["detail"] for f in got["flags"] if f["type"] == "unreadable")
        else:
            assert got == want
    with db.session() as s:
        from reviewer.storage.models import AuditRow

        tries = [
            a
            for a in s.query(AuditRow).all()
            if a.action == "batch_outcome" and a.detail.get("outcome") == "failed"
        ]
    assert len(tries) == 1  # the last try; the earlier ones were retried
    assert MAX_TRIES >= 2
    db.close()


def test_detection_in_parts_on_two_workers_equals_the_scan(
    queue_url: str, example_files: ExampleFiles, tmp_path: Path
) -> None:
    """The behaviour subject of the example export (`make_example`: 2026005 速写, 30 s,
    640x360, a second person and a candidate leaving) with its manifest, the other
    subjects left out (missing, alike in both). Detection on, in parts of 12 s (two
    per recording, one job each, on two worker processes): the report, flags with
    evidence included, equals a single-process scan's in the same parts."""
    root = tmp_path / "export"
    root.mkdir()
    for name in ("manifest.csv", "manifest.csv.sig"):
        shutil.copy(example_files.export / name, root / name)
    shutil.copytree(example_files.export / "2026005", root / "2026005")
    root = root.resolve()
    key = load_public_key(example_files.public_key)
    db = open_database(queue_url)
    enqueue(db, queue_url, [root], manifest_key=key, detect=DetectConfig(), detect_part_s=12.0)
    _wait([_worker(queue_url, "--concurrency", "1") for _ in range(2)], timeout=400)
    with schema_url() as url:
        sdb = open_database(url)
        run_scan(sdb, root, ScanOptions(workers=1, manifest_key=key, detect_part_s=12.0))
        expected = _report(sdb, root)
        sdb.close()
    got = _report(db, root)
    assert got == expected
    flags = {(f["type"], f["camera"]) for s in got["subjects"] for f in s["flags"]}
    assert ("second_person", "main") in flags
    with db.session() as s:
        parts = s.scalars(
            select(DetectionRow.detect_key).where(DetectionRow.detect_key.contains("#part"))
        ).all()
    assert parts == []  # joined into the recordings' results and dropped
    _no_duplicates(db)
    db.close()


def test_status_cancel_and_the_morning_summary(
    queue_url: str, example_files: ExampleFiles, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two copies of the example export (`make_example`) enqueued without detection
    through the CLI; `batch status --json` counts their queued jobs, `batch cancel`
    cancels the first's, a worker finishes the second, and `batch summary` writes a
    bilingual page naming the failures-free run, the subjects to open first and the
    integrity problems."""
    one, two = (_copy(example_files, tmp_path / f"export{i}") for i in (1, 2))
    key = str(example_files.public_key)
    for root in (one, two):
        assert (
            cli.main(
                [
                    "batch",
                    "enqueue",
                    str(root),
                    "--db",
                    queue_url,
                    "--manifest-key",
                    key,
                    "--no-detect",
                ]
            )
            == 0
        )
    capsys.readouterr()
    assert cli.main(["batch", "status", "--db", queue_url, "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert [(e["export"], e["queued"]) for e in facts["exports"]] == [
        (str(one), 16),
        (str(two), 16),
    ]
    assert cli.main(["batch", "cancel", str(one), "--db", queue_url]) == 0
    assert "16 queued jobs cancelled" in capsys.readouterr().out
    _wait([_worker(queue_url, "--concurrency", "2")])
    facts_after = batch_status(queue_url)
    first, second = facts_after.exports
    assert (first.cancelled, first.done, second.queued, second.running) == (16, 0, 0, 0)
    assert second.done > 16 and second.video_hours_done > 0
    page = tmp_path / "summary.html"
    assert (
        cli.main(["batch", "summary", "--db", queue_url, "--since", "00:00", "--html", str(page)])
        == 0
    )
    html = page.read_text(encoding="utf-8")
    assert "Overnight batch summary" in html and "夜间批量扫描摘要" in html
    assert "Nothing failed." in html
    assert "hash_mismatch" in html and str(two) in html
    # the desk's order: the first subject listed is the queue's first of that export
    assert html.index("2026003") < html.index("2026001")
