"""`main.py batch …`: enqueue, worker, status, retry, cancel, summary."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from reviewer.config import load_config
from reviewer.errors import UserError


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the `batch` command and its subcommands to the CLI's subparsers."""
    batch = sub.add_parser(
        "batch",
        parents=[common],
        help="overnight batch scans on many machines (PostgreSQL job queue)",
        description="Queue exports in the team's PostgreSQL and let workers on any "
        "number of machines scan them; the reports equal `scan`'s.",
    )
    bsub = batch.add_subparsers(dest="batch_command", metavar="ACTION", required=True)

    def db_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", metavar="URL", help="PostgreSQL URL (default: db_url of the config)")

    en = bsub.add_parser("enqueue", parents=[common], help="plan exports and queue their work")
    en.add_argument("exports", type=Path, nargs="+", metavar="EXPORT")
    db_arg(en)
    en.add_argument("--manifest-key", type=Path, metavar="PEM")
    en.add_argument("--priority", type=int, default=0, metavar="N", help="higher runs first")
    en.add_argument("--no-detect", action="store_true", help="skip behaviour detection")
    en.add_argument("--no-speech", action="store_true", help="skip transcription and language ID")
    en.add_argument("--rehash", action="store_true", help="hash every file again")

    wk = bsub.add_parser("worker", parents=[common], help="run queued jobs on this machine")
    db_arg(wk)
    wk.add_argument("--concurrency", type=int, metavar="N", help="jobs at once (default: cores)")
    wk.add_argument("--until-idle", action="store_true", help="exit when nothing is left")
    wk.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="STORED=LOCAL",
        help="where this machine sees an export root (also [paths] in the config)",
    )
    wk.add_argument("--heartbeat", type=float, default=10.0, metavar="S", help=argparse.SUPPRESS)

    st = bsub.add_parser("status", parents=[common], help="progress of each queued export")
    db_arg(st)
    st.add_argument("--json", action="store_true")

    rt = bsub.add_parser("retry", parents=[common], help="queue failed jobs again")
    db_arg(rt)
    rt.add_argument("--failed", action="store_true", required=True)
    rt.add_argument("export", type=Path, nargs="?", metavar="EXPORT")

    cn = bsub.add_parser("cancel", parents=[common], help="cancel an export's queued jobs")
    db_arg(cn)
    cn.add_argument("export", type=Path, metavar="EXPORT")

    sm = bsub.add_parser("summary", parents=[common], help="the morning summary (HTML)")
    db_arg(sm)
    sm.add_argument("--since", default="yesterday 18:00", help='e.g. "yesterday 18:00"')
    sm.add_argument("--html", type=Path, required=True)


def run(args: argparse.Namespace) -> int:
    cfg = load_config(args.config)
    db_url = args.db or cfg.db_url
    if not db_url:
        raise UserError("batch needs --db postgresql://… (or db_url in the config)")
    action = args.batch_command
    if action == "enqueue":
        return _enqueue(args, db_url)
    if action == "worker":
        from reviewer.batch.worker import run_worker

        if args.concurrency is not None and args.concurrency < 1:
            raise UserError("--concurrency must be 1 or more")
        from reviewer.batch.queue import PathMap

        paths = {**cfg.paths, **PathMap.parse(args.map)}
        run_worker(
            db_url,
            concurrency=args.concurrency,
            until_idle=args.until_idle,
            paths=paths,
            heartbeat_s=args.heartbeat,
        )
        return 0
    if action == "status":
        from reviewer.batch.status import batch_status, format_status

        facts = batch_status(db_url)
        if args.json:
            sys.stdout.write(json.dumps(facts.to_json(), ensure_ascii=False, indent=1) + "\n")
        else:
            sys.stdout.write(format_status(facts))
        return 0
    if action in ("retry", "cancel"):
        from reviewer.batch.status import cancel_export, retry_failed

        if action == "retry":
            n = retry_failed(db_url, args.export)
            sys.stdout.write(f"{n} failed jobs queued again\n")
        else:
            n = cancel_export(db_url, args.export)
            sys.stdout.write(f"{n} queued jobs cancelled\n")
        return 0
    from reviewer.batch.summary import parse_since, write_summary

    write_summary(db_url, parse_since(args.since), args.html)
    sys.stdout.write(f"summary written to {args.html}\n")
    return 0


def _enqueue(args: argparse.Namespace, db_url: str) -> int:
    from reviewer.batch.enqueue import enqueue
    from reviewer.manifest import load_public_key
    from reviewer.storage.db import open_database

    cfg = load_config(args.config)
    key_path = args.manifest_key or cfg.manifest_key
    key = load_public_key(key_path) if key_path else None
    db = open_database(db_url)
    try:
        done = enqueue(
            db,
            db_url,
            args.exports,
            manifest_key=key,
            priority=args.priority,
            detect=None if args.no_detect else cfg.detection,
            rules=cfg.rules,
            duration_limits=cfg.duration_limits,
            rehash=args.rehash,
            speech=replace(cfg.speech, asr=cfg.speech.asr and not args.no_speech),
            identity=cfg.identity,
        )
    finally:
        db.close()
    for e in done:
        sys.stdout.write(
            f"{e.export_root}: {e.recordings} recordings; {e.queued} queued, "
            f"{e.reused} unchanged (skipped), {e.already} already queued or running\n"
        )
        for w in e.warnings:
            sys.stdout.write(f"warning: {w}\n")
    return 0
