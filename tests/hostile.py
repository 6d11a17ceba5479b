"""Helpers for the hostile-export tests: run the CLI as a user would, watch what it
opens, and prove the export was left as it was."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from reviewer.cli import main

HEADER = "candidate_id,subject,camera,path,sha256,started_at\n"

_opened: list[list[str]] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and _opened and isinstance(args[0], str | bytes):
        _opened[-1].append(os.fsdecode(args[0]))


sys.addaudithook(_audit)  # audit hooks cannot be removed; it records only while watched


@contextlib.contextmanager
def watch_opens() -> Iterator[list[str]]:
    """Every path this process opens (Python's `open` audit event) while inside."""
    seen: list[str] = []
    _opened.append(seen)
    try:
        yield seen
    finally:
        _opened.remove(seen)


def tree(root: Path) -> dict[bytes, tuple[int, int, int]]:
    """(mode, size, mtime) of everything under root, by its bytes path, links not followed."""
    out: dict[bytes, tuple[int, int, int]] = {}
    for dirpath, dirnames, filenames in os.walk(os.fsencode(root)):
        for name in dirnames + filenames:
            st = os.lstat(os.path.join(dirpath, name))
            out[os.path.join(dirpath, name)] = (st.st_mode, st.st_size, st.st_mtime_ns)
    st = os.lstat(root)
    out[os.fsencode(root)] = (st.st_mode, st.st_size, st.st_mtime_ns)
    return out


@dataclass
class Result:
    rc: int
    report: dict[str, Any] | None
    out: str
    err: str
    opened: list[str]

    def subjects(self) -> dict[tuple[str, str], dict[str, Any]]:
        assert self.report is not None
        return {(s["candidate_id"], s["subject"]): s for s in self.report["subjects"]}

    def flags(self, type_: str) -> list[dict[str, Any]]:
        assert self.report is not None
        return [
            {**f, "key": (s["candidate_id"], s["subject"])}
            for s in self.report["subjects"]
            for f in s["flags"]
            if f["type"] == type_
        ]


def scan(
    capsys: pytest.CaptureFixture[str],
    root: Path,
    work: Path,
    *extra: str | Path,
    db: str | None = None,
) -> Result:
    """`main.py scan ROOT --no-detect --workers 0` into a database and report under `work`;
    checks that the export is unchanged and that no traceback was printed."""
    report = work / "report.json"
    report.unlink(missing_ok=True)
    before = tree(root)
    capsys.readouterr()
    with watch_opens() as opened:
        rc = main(
            [
                "scan",
                str(root),
                "--db",
                db or f"sqlite:///{work / 'review.db'}",
                "--report",
                str(report),
                "--no-detect",
                "--workers",
                "0",
                *map(str, extra),
            ]
        )
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert tree(root) == before, "the scan changed the export"
    data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else None
    return Result(rc, data, out, err, list(opened))


def in_thread(fn: Any, timeout_s: float) -> Any:
    """Run fn() in a daemon thread; fail if it has not returned within timeout_s."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            box["error"] = exc

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(timeout_s)
    if t.is_alive():
        pytest.fail(f"still running after {timeout_s} s (hung)")
    if "error" in box:
        raise box["error"]
    return box["value"]


def write_manifest(root: Path, rows: list[tuple[str, ...]]) -> bytes:
    body = HEADER + "".join(",".join(r) + "\n" for r in rows)
    data = body.encode("utf-8")
    (root / "manifest.csv").write_bytes(data)
    return data


def touch(path: Path, data: bytes = b"\x00garbage") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def keypair(folder: Path) -> tuple[Any, Path]:
    """A fresh Ed25519 private key and its public half written as PEM in `folder`."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    pem = folder / "key.pem"
    pem.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return key, pem


def stored_flags(url: str, type_: str) -> list[tuple[str, str, dict[str, Any], str]]:
    """(camera, reason, facts, detail) of the stored flags of one type."""
    from sqlalchemy import select

    from reviewer.storage.db import open_database
    from reviewer.storage.models import FlagRow

    db = open_database(url)
    try:
        with db.session() as s:
            rows = s.scalars(select(FlagRow).where(FlagRow.type == type_).order_by(FlagRow.id))
            return [(r.camera, r.reason, dict(r.facts or {}), r.detail) for r in rows]
    finally:
        db.close()


def scan_in_thread(
    capsys: pytest.CaptureFixture[str], root: Path, work: Path, timeout_s: float
) -> Result:
    """Like `scan`, but `run_scan` runs in a thread that must end within timeout_s (the
    CLI's Ctrl-C handler needs the main thread); the report comes from `main.py report`."""
    from reviewer.scan import ScanOptions, run_scan
    from reviewer.storage.db import open_database

    url = f"sqlite:///{work / 'review.db'}"
    report = work / "report.json"
    before = tree(root)
    db = open_database(url)
    try:
        with watch_opens() as opened:
            summary = in_thread(
                lambda: run_scan(db, root, ScanOptions(workers=0, detect=None)), timeout_s
            )
    finally:
        db.close()
    assert summary.status == "completed"
    capsys.readouterr()
    rc = main(["report", str(root), "--db", url, "--report", str(report)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert tree(root) == before, "the scan changed the export"
    data = json.loads(report.read_text(encoding="utf-8"))
    return Result(rc, data, out, err, list(opened))
