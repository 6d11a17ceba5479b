"""`main.py purge-biometrics --db URL [EXPORT]` (registered by `reviewer.cli`).

Deletes the stored face templates (embeddings and the face metadata beside them)
of one export, or of every export without EXPORT, and records the purge in the
audit log (action `purge_biometrics`, role system). Flags and their
similarities stay: they are findings, not biometric data; a later scan computes
templates again (and stores them) unless identity is switched off.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from reviewer import audit, store
from reviewer.config import default_db_url, load_config
from reviewer.errors import UserError
from reviewer.identity import purge_biometrics


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "purge-biometrics",
        parents=[common],
        help="delete the stored face templates (biometric data) of an export, or of all",
    )
    p.add_argument("export", nargs="?", type=Path, metavar="EXPORT")
    p.add_argument("--db", metavar="URL")
    p.add_argument("--actor", help="who purges (default: the login name)")
    p.set_defaults(run=_run)


def purge(db_url: str, export: Path | None, actor: str) -> int:
    """Purge and audit; returns how many template rows were deleted."""
    from reviewer.storage.db import open_database

    db = open_database(db_url)
    try:
        with db.session() as s:
            export_id = None
            if export is not None:
                row = store.get_export(s, str(export.expanduser().resolve()))
                if row is None:
                    raise UserError(f"{export} has not been scanned into this database")
                export_id = row.id
            n = purge_biometrics(s, export_id)
            audit.append(
                s,
                actor,
                "system",
                "purge_biometrics",
                detail={"export": str(export) if export else "*", "templates_deleted": n},
            )
        return n
    finally:
        db.close()


def _run(args: argparse.Namespace) -> int:
    cfg = load_config(args.config)
    actor = args.actor or getpass.getuser() or audit.system_actor()
    n = purge(args.db or cfg.db_url or default_db_url(), args.export, actor)
    sys.stdout.write(f"deleted {n} face template(s)\n")
    return 0
