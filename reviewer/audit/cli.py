"""`main.py audit verify | export | checkpoint`: the committee's commands.

verify exits 0 when the chain checks out, 1 when it is broken (the first bad
entry named on stderr); bad arguments are a UserError (exit 2).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from dataclasses import asdict
from pathlib import Path

from reviewer.audit.chain import append, system_actor
from reviewer.audit.checkpoints import configure, load_public_key, write_checkpoint
from reviewer.audit.verify import (
    Verification,
    db_entries,
    db_state,
    jsonl_records,
    verify,
    verify_database,
)
from reviewer.config import default_db_url, load_config
from reviewer.errors import UserError
from reviewer.storage.db import Database, open_database

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add `audit` and its commands to the CLI's subparsers."""
    p = sub.add_parser(
        "audit", parents=[common], help="verify or export the tamper-evident audit log"
    )
    cmds = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    v = cmds.add_parser("verify", parents=[common], help="check the chain and its checkpoints")
    where = v.add_mutually_exclusive_group()
    where.add_argument("--db", metavar="URL", help="database URL (default: the configured one)")
    where.add_argument("--jsonl", type=Path, metavar="FILE", help="an `audit export` file")
    v.add_argument(
        "--key", type=Path, metavar="PUB", help="Ed25519 public key: require signed checkpoints"
    )
    e = cmds.add_parser("export", parents=[common], help="write the chain as JSON lines")
    e.add_argument("--db", metavar="URL")
    e.add_argument("--out", type=Path, required=True, metavar="FILE")
    e.add_argument("--actor", help="who exports (default: user@host)")
    c = cmds.add_parser(
        "checkpoint", parents=[common], help="record (and sign, with [audit] signing_key) the head"
    )
    c.add_argument("--db", metavar="URL")


def run(args: argparse.Namespace) -> int:
    cfg = load_config(args.config)
    if cfg.audit.signing_key is not None:  # else: whatever this process set up
        configure(cfg.audit.signing_key, cfg.audit.checkpoint_every)
    if args.audit_command == "verify":
        return _verify(args, cfg.db_url)
    db = open_database(args.db or cfg.db_url or default_db_url())
    try:
        if args.audit_command == "export":
            return _export(db, args.out, args.actor or system_actor())
        with db.session() as s:
            cp = write_checkpoint(s, "manual")
        signed = f"signed by key {cp.key_id}" if cp.key_id else "unsigned (no [audit] signing_key)"
        sys.stdout.write(f"checkpoint {cp.id}: {cp.count} entries, head {cp.head}, {signed}\n")
        return 0
    finally:
        db.close()


def _verify(args: argparse.Namespace, cfg_url: str | None) -> int:
    key = load_public_key(args.key) if args.key else None
    if args.jsonl is not None:
        entries, cps = jsonl_records(args.jsonl)
        v = verify(entries, cps, key)
        what = str(args.jsonl)
    else:
        url = args.db or cfg_url or default_db_url()
        db = open_database(url)
        try:
            with db.session() as s:
                v = verify_database(s, key)
        finally:
            db.close()
        what = "the database"
    _print(v, what)
    return 0 if v.ok else 1


def _print(v: Verification, what: str) -> None:
    if v.ok:
        sys.stdout.write(
            f"audit log OK: {v.entries} entries in {what}, head {v.head}; "
            f"{v.signed_ok} signed checkpoint(s) verified, covering entries 1..{v.covered}\n"
        )
    else:
        sys.stderr.write(f"audit log BROKEN: first bad entry {v.first_bad}\n")
        for _, problem in v.problems:
            sys.stderr.write(f"  {problem}\n")
    for note in v.notes:
        sys.stdout.write(f"note: {note}\n")


def _export(db: Database, out: Path, actor: str) -> int:
    """Record the export and a checkpoint, then write header, entries and checkpoints."""
    with db.session() as s:
        append(s, actor, "committee", "audit_export", detail={"out": str(out)})
        write_checkpoint(s, "audit_export")
    tmp = out.with_name(out.name + ".tmp")
    try:
        with db.session() as s, tmp.open("w", encoding="utf-8") as f:
            head, checkpoints = db_state(s)
            f.write(json.dumps({"kind": "header", "format": "dualcam-audit/1"}) + "\n")
            n = 0
            for e in db_entries(s, head[0] if head else None):
                f.write(json.dumps({"kind": "entry", **e._asdict()}, ensure_ascii=False) + "\n")
                n += 1
            for c in checkpoints:
                f.write(json.dumps({"kind": "checkpoint", **asdict(c)}) + "\n")
        os.replace(tmp, out)
    except OSError as exc:
        raise UserError(f"cannot write {out}: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    sys.stdout.write(f"{n} audit entries written to {out}\n")
    return 0
