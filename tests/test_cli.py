"""The command line: exit codes and one-line errors, run as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer.example import ExampleFiles
from tests.conftest import CliScan

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def test_help_lists_commands() -> None:
    r = run("--help")
    assert r.returncode == 0
    for cmd in ("scan", "report", "make-example"):
        assert cmd in r.stdout


def test_scan_writes_report_and_second_scan_skips(
    example_cli_scan: CliScan, example_files: ExampleFiles, tmp_path: Path
) -> None:
    first = example_cli_scan  # `main.py scan` with the key and detection, once per session
    assert first.returncode == 0, first.stderr
    assert "15 analysed" in first.stdout and "6 pairs aligned" in first.stdout
    data = first.report
    assert data["schema"] == "exam-review-report/1" and len(data["subjects"]) == 8
    # the behaviour subject's flags come from the detectors, with their evidence
    ai = [f for s in data["subjects"] for f in s["flags"] if f["source"] == "ai"]
    assert {(f["type"], f["camera"]) for f in ai} == {
        ("second_person", "main"),
        ("second_person", "aux"),
        ("left_frame", "main"),
        ("left_frame", "aux"),
    }
    assert all(f["evidence"]["observations"] for f in ai if f["type"] == "second_person")
    second = run(
        "scan",
        example_files.export,
        "--db",
        first.db_url,
        "--manifest-key",
        example_files.public_key,
        "--report",
        tmp_path / "r.json",
    )
    assert second.returncode == 0
    assert "0 analysed, 15 unchanged since the last scan (skipped); 0 pairs" in second.stdout


def test_default_db_lives_in_user_data_dir(example_files, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = run(
        "scan",
        example_files.export,
        "--no-detect",
        env={"DUALCAM_DATA_DIR": str(tmp_path / "data")},
    )
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "data" / "review.db").is_file()


@pytest.mark.parametrize(
    ("make_args", "message"),
    [
        (lambda t, e: ("scan", t / "nope"), "export folder not found"),
        (lambda t, e: ("scan", e, "--db", "notadb://x"), "bad database URL"),
        (
            lambda t, e: ("scan", e, "--db", "postgresql+psycopg://u:secret@127.0.0.1:1/x"),
            "cannot open database",
        ),
        (
            # a file (the example's key) where the database's folder should be
            lambda t, e: ("scan", e, "--db", f"sqlite:///{e.parent}/platform-key.pem/x.db"),
            "cannot create database folder",
        ),
        (lambda t, e: ("scan", e, "--report", t / "no" / "such" / "r.json"), "cannot write report"),
        (lambda t, e: ("scan", e, "--report", t), "it is a folder"),
        (lambda t, e: ("scan", e, "--manifest-key", t / "k.pem"), "cannot read manifest key"),
        (lambda t, e: ("scan", e, "--manifest-key", e / "notes.txt"), "not a PEM public key"),
        (lambda t, e: ("scan", e, "--workers", "-1"), "--workers"),
        (lambda t, e: ("scan", e, "--config", t / "none.toml"), "config file not found"),
    ],
)
def test_unusable_arguments_exit_2_with_one_line(
    example_files,
    tmp_path: Path,
    make_args,  # type: ignore[no-untyped-def]
    message: str,
) -> None:
    r = run(
        *make_args(tmp_path, example_files.export), env={"DUALCAM_DATA_DIR": str(tmp_path / "data")}
    )
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and message in lines[0]
    assert "secret" not in r.stderr


def test_config_file_sets_key_and_duration_limits(example_files, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cfg = tmp_path / "config.toml"
    cfg.write_text(
        f'manifest_key = "{example_files.public_key}"\nworkers = 1\n'
        '[duration_limits]\n"素描" = 5\n',
        encoding="utf-8",
    )
    report = tmp_path / "r.json"
    r = run(
        "--config",
        cfg,
        "scan",
        example_files.export,
        "--db",
        f"sqlite:///{tmp_path / 'r.db'}",
        "--report",
        report,
        "--no-detect",
    )
    assert r.returncode == 0, r.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    over = {
        (s["candidate_id"], f["camera"])
        for s in data["subjects"]
        for f in s["flags"]
        if f["type"] == "duration_exceeded"
    }
    # every readable 素描 recording is about 30 s long, over the 5 s limit
    assert over == {
        ("2026001", "main"),
        ("2026001", "aux"),
        ("2026002", "main"),
        ("2026003", "main"),
        ("2026003", "aux"),
        ("2026004", "main"),
        ("2026004", "aux"),
    }
