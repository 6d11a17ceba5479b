"""The `evidence` and `verify` commands (registered by `reviewer.cli`).

`verify` exits 0 when every file's hash, the bag's completeness and (with
--key) the signature hold, 1 when the package fails (each changed, missing or
extra file and each bad signature named on stdout), 2 for unusable arguments.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
import threading
from pathlib import Path
from typing import Any

from tqdm import tqdm

from reviewer.config import default_db_url, load_config
from reviewer.errors import UserError
from reviewer.evidence.gather import FLAG_CHOICES
from reviewer.evidence.words import LANGUAGES
from reviewer.manifest import load_public_key

log = logging.getLogger(__name__)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    ev = sub.add_parser(
        "evidence",
        parents=[common],
        help="write a subject's signed evidence package (BagIt) for the committee",
        description="Clips of each flag from both cameras, side-by-side videos, stills, "
        "report.html and report.pdf, in a BagIt bag, optionally signed (Ed25519).",
    )
    ev.add_argument("candidate", metavar="CANDIDATE")
    ev.add_argument("subject", metavar="SUBJECT")
    ev.add_argument("--db", metavar="URL")
    ev.add_argument("--out", type=Path, required=True, metavar="DIR", help="a new folder")
    ev.add_argument("--sign-key", type=Path, metavar="PEM", help="Ed25519 private key (PEM)")
    ev.add_argument("--flags", choices=FLAG_CHOICES, default="confirmed")
    ev.add_argument("--language", choices=LANGUAGES, default="en")
    ev.add_argument("--grader", help="who makes the package (default: the login name)")
    ev.add_argument("--export", metavar="DIR", help="the export, where the subject is in several")
    ev.set_defaults(run=_evidence)
    ve = sub.add_parser(
        "verify",
        parents=[common],
        help="check an evidence package offline: hashes, completeness, signature",
    )
    ve.add_argument("package", type=Path, metavar="PACKAGE")
    ve.add_argument("--key", type=Path, metavar="PUB", help="Ed25519 public key (PEM)")
    ve.set_defaults(run=_verify)


def _evidence(args: argparse.Namespace) -> int:
    from reviewer.evidence.bag import load_private_key
    from reviewer.evidence.package import export_evidence
    from reviewer.storage.db import open_database

    cfg = load_config(args.config)
    key = load_private_key(args.sign_key) if args.sign_key else None
    db = open_database(args.db or cfg.db_url or default_db_url())
    bar = tqdm(total=0, unit="step", desc="evidence", disable=None, file=sys.stderr)

    def progress(done: int, total: int) -> None:
        bar.total, bar.n = total, done
        bar.refresh()

    try:
        res = export_evidence(
            db,
            args.candidate,
            args.subject,
            args.out,
            grader=args.grader or getpass.getuser(),
            sign_key=key,
            flags=args.flags,
            language=args.language,
            export_root=args.export,
            on_progress=progress,
            cancel=threading.Event(),
        )
    finally:
        bar.close()
        db.close()
    signed = "signed" if res.signed else "not signed"
    sys.stdout.write(f"evidence package written to {res.path} ({res.flags} flags, {signed})\n")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from reviewer.evidence.bag import verify

    key = load_public_key(args.key) if args.key else None
    if not args.package.is_dir():
        raise UserError(f"package folder not found: {args.package}")
    res = verify(args.package, key)
    out = sys.stdout
    for p in res.problems:
        out.write(f"{p.kind.upper()}: {p.path}{': ' + p.detail if p.detail else ''}\n")
    sig = {
        "valid": "signature: valid",
        "invalid": "signature: INVALID",
        "absent": "signature: none (the package is not signed)",
        "not_checked": "signature: present, NOT checked (give --key PUB to check it)",
    }[res.signature]
    out.write(f"{sig}\n")
    verdict = "OK" if res.ok else f"FAILED ({len(res.problems)} problems)"
    out.write(f"{args.package}: {res.files} files checked: {verdict}\n")
    return 0 if res.ok else 1
