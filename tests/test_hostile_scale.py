"""Hostile exports, continued (issue 14, part A): arguments that would write into the
export, very long names, and a manifest of 10,000 rows. Every export is built here
in tmp_path; garbage bytes stand in for recordings (they are reported unreadable)."""

from __future__ import annotations

import logging
import os
import resource
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from reviewer.cli import main
from tests.hostile import scan, touch, tree, write_manifest

log = logging.getLogger(__name__)

PG_URL = os.environ.get("DUALCAM_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.mark.parametrize(
    "where",
    ["report", "db", "report_via_link"],
)
def test_report_or_database_inside_the_export_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    """Built: export/A001/素描/main.mp4 (garbage); --report or --db (SQLite) pointing into
    it, directly or through a link outside that leads into it. Exit 2, one line."""
    root = tmp_path / "export"
    touch(root / "A001" / "素描" / "main.mp4")
    (tmp_path / "via").symlink_to(root)
    report, db = tmp_path / "r.json", tmp_path / "r.db"
    if where == "report":
        report = root / "r.json"
    elif where == "db":
        db = root / "A001" / "r.db"
    else:
        report = tmp_path / "via" / "r.json"
    before = tree(root)
    rc = main(["scan", str(root), "--report", str(report), "--db", f"sqlite:///{db}"])
    err = capsys.readouterr().err
    assert rc == 2 and "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and "inside the export" in lines[0], err
    assert tree(root) == before
    assert main(["report", str(root), "--report", str(report), "--db", f"sqlite:///{db}"]) == 2


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL into a throwaway schema of the local PostgreSQL (as tests/test_storage.py)."""
    try:
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            schema = f"t_{uuid.uuid4().hex[:10]}"
            conn.execute(text(f"create schema {schema}"))
    except Exception as exc:  # noqa: BLE001 - any connection failure means no server here
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {exc}")
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    with admin.connect() as conn:
        conn.execute(text(f"drop schema {schema} cascade"))
    admin.dispose()


def _long_export(root: Path) -> tuple[str, str]:
    """A candidate folder of 130 characters (nested layout) and a manifest row whose
    path is over 1,024 characters (six folders of 200)."""
    long_cand = "C" * 130
    touch(root / long_cand / "素描" / "main.mp4")
    touch(root / long_cand / "素描" / "aux.mp4")
    deep = "/".join(["d" * 200] * 6) + "/main.mp4"
    assert len(deep) > 1024
    touch(root / deep)
    rows = [
        (long_cand, "素描", "main", f"{long_cand}/素描/main.mp4", "", ""),
        (long_cand, "素描", "aux", f"{long_cand}/素描/aux.mp4", "", ""),
        ("L001", "素描", "main", deep, "", ""),
    ]
    write_manifest(root, rows)
    return long_cand, deep


def _check_long(r, long_cand: str, deep: str) -> None:  # type: ignore[no-untyped-def]
    assert r.rc == 0 and r.report is not None
    subjects = r.subjects()
    assert set(subjects) == {(long_cand, "素描"), ("L001", "素描")}
    assert subjects[("L001", "素描")]["recordings"]["main"]["path"] == deep
    assert {(f["key"], f["camera"]) for f in r.flags("missing_recording")} == {
        (("L001", "素描"), "aux")
    }
    assert len(r.flags("unreadable")) == 3  # garbage, but each was analysed


def test_very_long_names_on_sqlite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "export"
    long_cand, deep = _long_export(root)
    _check_long(scan(capsys, root, tmp_path), long_cand, deep)


@pytest.mark.postgres
def test_very_long_names_on_postgresql(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pg_url: str
) -> None:
    root = tmp_path / "export"
    long_cand, deep = _long_export(root)
    _check_long(scan(capsys, root, tmp_path, db=pg_url), long_cand, deep)


def test_a_manifest_of_10000_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Built: a manifest of 10,000 rows (5,000 candidates x main/aux of one subject); only
    the first candidate's two files exist (garbage). Planning, storing and the report
    must finish; the time and peak RSS are logged (measured figures: see the README)."""
    root = tmp_path / "export"
    touch(root / "K00000" / "素描" / "main.mp4")
    touch(root / "K00000" / "素描" / "aux.mp4")
    rows = [
        (f"K{i:05d}", "素描", cam, f"K{i:05d}/素描/{cam}.mp4", "", "")
        for i in range(5000)
        for cam in ("main", "aux")
    ]
    write_manifest(root, rows)
    t0 = time.perf_counter()
    r = scan(capsys, root, tmp_path)
    took = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    log.warning("10,000-row manifest: %.1f s, peak RSS of the test process %.0f MB", took, peak_mb)
    assert r.rc == 0 and r.report is not None
    assert len(r.report["subjects"]) == 5000
    assert len(r.flags("missing_recording")) == 9998
    assert r.report["manifest"]["errors"] == []
    assert "5000 subjects, 2 recordings" in r.out
