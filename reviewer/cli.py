"""Command line: a thin controller that parses arguments and calls one function each.

Exit status: 0 when the command completed (whatever the scan found), 2 for
unusable arguments or input (one line on stderr, no traceback), 130 when
interrupted (the work done so far is kept).
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from types import FrameType

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from tqdm import tqdm

from reviewer import identity_cli
from reviewer.audit import cli as audit_cli
from reviewer.batch import cli as batch_cli
from reviewer.config import default_db_url, load_config
from reviewer.errors import UserError
from reviewer.evidence import cli as evidence_cli
from reviewer.manifest import load_public_key
from reviewer.paths import shown_name
from reviewer.report import build_report, check_writable, write_report
from reviewer.scan import ScanOptions, ScanSummary, run_scan
from reviewer.storage.db import open_database

log = logging.getLogger(__name__)


def _common_options(p: argparse.ArgumentParser, suppress: bool) -> None:
    """Options accepted before or after the command name."""
    default = {"default": argparse.SUPPRESS} if suppress else {}
    p.add_argument("-v", "--verbose", action="store_true", help="log progress details", **default)  # type: ignore[arg-type]
    p.add_argument("--config", type=Path, help="TOML configuration file", **default)  # type: ignore[arg-type]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="main.py",
        description="DualCam Review: check, align and review paired "
        "main/aux exam recordings, offline.",
    )
    _common_options(p, False)
    common = argparse.ArgumentParser(add_help=False)
    _common_options(common, True)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    scan = sub.add_parser(
        "scan",
        parents=[common],
        help="scan an export: integrity, probes, flags",
        description="Scan an export folder into the database and "
        "optionally write a JSON report (schema exam-review-report/1).",
    )
    scan.add_argument("export", type=Path, metavar="EXPORT", help="the export folder")
    scan.add_argument("--report", type=Path, help="write the JSON report here")
    scan.add_argument(
        "--db",
        metavar="URL",
        help="SQLAlchemy database URL (default: SQLite file in the user data folder)",
    )
    scan.add_argument(
        "--manifest-key",
        type=Path,
        metavar="PEM",
        help="Ed25519 public key that signs manifest.csv",
    )
    scan.add_argument(
        "--workers", type=int, metavar="N", help="worker processes (default from config, else 2)"
    )
    scan.add_argument(
        "--no-detect",
        action="store_true",
        help="skip behaviour detection (integrity and alignment only)",
    )
    scan.add_argument(
        "--no-speech",
        action="store_true",
        help="skip transcription and language ID (the cheap speech detection still runs)",
    )
    scan.add_argument(
        "--rehash", action="store_true", help="hash every file again even if it looks unchanged"
    )

    rep = sub.add_parser(
        "report", parents=[common], help="write the report of an already scanned export"
    )
    rep.add_argument("export", type=Path, metavar="EXPORT")
    rep.add_argument("--report", type=Path, required=True)
    rep.add_argument("--db", metavar="URL")

    rv = sub.add_parser(
        "review", parents=[common], help="open the grader's desk (also: no command at all)"
    )
    rv.add_argument("--db", metavar="URL")
    rv.add_argument("--language", help="en or zh_CN (default: saved setting, else the system's)")

    ex = sub.add_parser(
        "make-example",
        parents=[common],
        help="generate a small example export with "
        "known problems, from real photos shipped in packages",
    )
    ex.add_argument("folder", type=Path, metavar="DIR")
    evidence_cli.register(sub, common)
    audit_cli.register(sub, common)
    batch_cli.register(sub, common)
    identity_cli.register(sub, common)
    return p


DeskFn = Callable[[str | None, str | None], int]


def main(argv: Sequence[str] | None = None, open_desk: DeskFn | None = None) -> int:
    """Run a command; `open_desk(db_url, language)` is injected by main.py (the Qt layer)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )
    if args.command is None or args.command == "review":
        if open_desk is None:
            sys.stderr.write("error: the grader's desk is not available in this entry point\n")
            return 2
        return open_desk(getattr(args, "db", None), getattr(args, "language", None))
    try:
        if args.command == "scan":
            return _scan(args)
        if args.command == "report":
            return _report(args)
        if args.command == "audit":
            return audit_cli.run(args)
        if args.command == "batch":
            return batch_cli.run(args)
        if hasattr(args, "run"):
            return int(args.run(args))
        return _make_example(args)
    except UserError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2


def _scan(args: argparse.Namespace) -> int:
    cfg = load_config(args.config)
    if args.workers is not None and args.workers < 0:
        raise UserError("--workers must be 0 or more")
    key_path = args.manifest_key or cfg.manifest_key
    key = load_public_key(key_path) if key_path else None
    export = args.export.expanduser()
    db_url = args.db or cfg.db_url or default_db_url()
    refuse_inside_export(export, args.report, db_url)
    if args.report:
        check_writable(args.report)
    if not export.is_dir():
        raise UserError(f"export folder not found or not a folder: {export}")
    db = open_database(db_url)
    cancel = threading.Event()
    options = ScanOptions(
        workers=cfg.workers if args.workers is None else args.workers,
        manifest_key=key,
        duration_limits=cfg.duration_limits,
        detect=None if args.no_detect else cfg.detection,
        rules=cfg.rules,
        speech=replace(cfg.speech, asr=cfg.speech.asr and not args.no_speech),
        identity=cfg.identity,
    )
    bar = tqdm(total=0, unit="file", desc="scanning", disable=None, file=sys.stderr)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    def interrupt(signum: int, frame: FrameType | None) -> None:
        if cancel.is_set():
            raise KeyboardInterrupt
        cancel.set()
        sys.stderr.write("\ninterrupting: finishing the file in hand (Ctrl-C again to abort)\n")

    old = signal.signal(signal.SIGINT, interrupt)
    try:
        summary = run_scan(db, export, options, cancel=cancel, on_progress=progress)
    finally:
        signal.signal(signal.SIGINT, old)
        bar.close()
    _print_summary(summary)
    if args.report:
        with db.session() as s:
            write_report(args.report, build_report(s, summary.export_root))
        sys.stdout.write(f"report written to {shown_name(str(args.report))}\n")
    db.close()
    return 0 if summary.status == "completed" else 130


def refuse_inside_export(export: Path, report: Path | None, db_url: str) -> None:
    """The export stays read-only: no report or SQLite database is written inside it."""
    real = export.resolve()
    targets = [("--report", report)] if report is not None else []
    try:
        url = make_url(db_url)
    except ArgumentError:
        url = None  # open_database says what is wrong with it
    if url is not None and url.get_backend_name() == "sqlite":
        name = url.database or ""
        if name and name != ":memory:" and not name.startswith("file:"):
            targets.append(("the database", Path(name)))
    for what, path in targets:
        target = path.expanduser().resolve()
        if target == real or real in target.parents:
            raise UserError(
                f"{what} {path} is inside the export {export}, which is never written to; "
                "choose a place outside it"
            )


def _print_summary(sm: ScanSummary) -> None:
    out = sys.stdout
    out.write(
        f"{shown_name(str(sm.export_root))}: {sm.subjects} subjects, {sm.recordings} recordings; "
        f"{sm.analysed} analysed, {sm.reused} unchanged since the last scan (skipped); "
        f"{sm.aligned} pairs aligned\n"
    )
    if sm.status != "completed":
        out.write("scan interrupted: what was done is saved; run the same command to finish\n")
    for w in sm.warnings:
        out.write(f"warning: {w}\n")
    if sm.flags:
        out.write("flags: " + ", ".join(f"{k} {v}" for k, v in sorted(sm.flags.items())) + "\n")
    else:
        out.write("flags: none\n")


def _report(args: argparse.Namespace) -> int:
    cfg = load_config(args.config)
    db_url = args.db or cfg.db_url or default_db_url()
    refuse_inside_export(args.export.expanduser(), args.report, db_url)
    check_writable(args.report)
    db = open_database(db_url)
    with db.session() as s:
        write_report(args.report, build_report(s, args.export.expanduser().resolve()))
    sys.stdout.write(f"report written to {shown_name(str(args.report))}\n")
    return 0


def _make_example(args: argparse.Namespace) -> int:
    from reviewer.example import make_example  # needs the [example] extra

    files = make_example(args.folder)
    sys.stdout.write(
        f"example export: {files.export}\nmanifest key:   {files.public_key}\n"
        f"scan it with:   python main.py scan {files.export} --manifest-key "
        f"{files.public_key} --report report.json\n"
    )
    return 0
