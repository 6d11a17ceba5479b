"""Shared fixtures. All media are generated here with PyAV; nothing is downloaded."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ.get("DUALCAM_TEST_NO_SOUND_LIBRARY"):
    # `.ci/run`'s bare pass: the desk as on a machine without libpulse0 or
    # PySide6-Addons (importing QtMultimedia fails), whatever this machine has
    import sys

    sys.modules["PySide6.QtMultimedia"] = None  # type: ignore[assignment]

from analysis.synth.recording import (
    Cut,
    RecordingSpec,
    moving_subject,
    noise_audio,
    package_photo,
    write_recording,
)
from reviewer.example import ExampleFiles, make_example
from reviewer.storage.db import Database, open_database

ROOT = Path(__file__).resolve().parents[1]


class _ErrorCatcher(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def fail_on_error_logs(request: pytest.FixtureRequest) -> Iterator[None]:
    """Any test that logs at ERROR fails, unless marked `allow_error_logs`."""
    catcher = _ErrorCatcher()
    root = logging.getLogger()
    root.addHandler(catcher)
    yield
    root.removeHandler(catcher)
    if catcher.records and not request.node.get_closest_marker("allow_error_logs"):
        msgs = "; ".join(r.getMessage() for r in catcher.records)
        pytest.fail(f"test logged at ERROR: {msgs}")


@pytest.fixture(autouse=True)
def no_threads_left_running() -> Iterator[None]:
    """Fail a test that leaves background (Qt thread pool) work running."""
    yield
    import sys

    if "PySide6.QtCore" not in sys.modules:
        return
    from PySide6.QtCore import QThreadPool

    pool = QThreadPool.globalInstance()
    pool.waitForDone(10000)
    assert pool.activeThreadCount() == 0, "a test left a QThread running"


@pytest.fixture(scope="session")
def example_files(tmp_path_factory: pytest.TempPathFactory) -> ExampleFiles:
    """The `make-example` export: 8 subjects, 15 files, known problems (see reviewer/example.py).

    Made once per session by `analysis.synth.pairs` with PyAV: scikit-image and
    matplotlib photos moving over a room, shared movement and sound per pair, known
    aux offsets; 30 s each, 320x180 at 15 fps (the behaviour subject 640x360), H.264
    + AAC.
    """
    return make_example(tmp_path_factory.mktemp("example"))


@pytest.fixture
def example_copy(example_files: ExampleFiles, tmp_path: Path) -> ExampleFiles:
    """A private copy of the example export that a test may change."""
    dst = tmp_path / "export"
    shutil.copytree(example_files.export, dst)
    return ExampleFiles(dst, example_files.public_key)


@pytest.fixture(scope="session")
def scanned_example_db(
    example_files: ExampleFiles, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The example export scanned without detection (8 subjects, known integrity
    problems), once per session: a closed SQLite file that `example_db` copies for each test,
    so every test still starts from a fresh scan's database and may change it."""
    from reviewer.scan import ScanOptions, run_scan

    path = tmp_path_factory.mktemp("scanned") / "review.db"
    database = open_database(f"sqlite:///{path}")
    run_scan(database, example_files.export, ScanOptions(workers=2, detect=None))
    database.close()  # the last connection gone: SQLite folds its WAL into the file
    assert not path.with_name("review.db-wal").exists()
    return path


@dataclass(frozen=True)
class CliScan:
    """One `main.py scan` run: what it said, the report it wrote, its database."""

    returncode: int
    stdout: str
    stderr: str
    report: dict[str, Any]
    db_url: str


@pytest.fixture(scope="session")
def example_cli_scan(
    example_files: ExampleFiles, tmp_path_factory: pytest.TempPathFactory
) -> CliScan:
    """`python main.py scan` of the example export with its platform key and the default
    detection, run as a user would, once per session (a full detection scan of the
    example is the suite's longest single step): test_cli checks what the command says
    and does, test_scan the report's every flag."""
    tmp = tmp_path_factory.mktemp("cli-scan")
    db_url, report = f"sqlite:///{tmp / 'r.db'}", tmp / "r.json"
    args = ["scan", str(example_files.export), "--db", db_url, "--report", str(report)]
    r = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            *args,
            "--manifest-key",
            str(example_files.public_key),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    data = json.loads(report.read_text(encoding="utf-8")) if r.returncode == 0 else {}
    return CliScan(r.returncode, r.stdout, r.stderr, data, db_url)


@pytest.fixture
def example_db(scanned_example_db: Path, tmp_path: Path) -> Iterator[Database]:
    """This test's own copy of the session's scan of the example export (`scanned_example_db`)."""
    path = tmp_path / "scanned.db"
    shutil.copyfile(scanned_example_db, path)
    database = open_database(f"sqlite:///{path}")
    yield database
    database.close()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(f"sqlite:///{tmp_path / 'review.db'}")
    yield database
    database.close()


@pytest.fixture(scope="session")
def clip(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Factory for small recordings: `clip(name, **RecordingSpec fields)`.

    Each is the scikit-image astronaut swaying over a synthetic room, encoded
    with PyAV (H.264, 320x180, 15 fps) with speech-like AAC noise unless
    `audio_rate=None`. Cached per session by its arguments.
    """
    folder = tmp_path_factory.mktemp("clips")
    photo = package_photo("astronaut")
    made: dict[tuple[object, ...], Path] = {}

    def make(name: str, *, seed: int = 0, **spec_kw: object) -> Path:
        key = (name, seed, tuple(sorted(spec_kw.items())))
        if key not in made:
            spec = RecordingSpec(**spec_kw)  # type: ignore[arg-type]
            path = folder / name
            write_recording(
                path,
                spec,
                moving_subject(photo, spec.width, spec.height, seed=seed),
                noise_audio(seed) if spec.audio_rate else None,
            )
            made[key] = path
        return made[key]

    return make


__all__ = ["Cut"]


_exit_status = 0


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    global _exit_status
    _exit_status = int(exitstatus)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave without tearing Qt down: PySide6 6.12 with OpenCV's Qt loaded in the same
    process can abort in interpreter finalisation (after every test has passed), which
    would turn a green run red. Everything is reported and flushed by now."""
    import sys

    if "PySide6.QtCore" in sys.modules:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_exit_status)
