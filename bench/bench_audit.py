"""`audit verify` over a million entries (target: under 30 s on this 2-core machine).

    python bench/bench_audit.py [--entries 1000000] [--db URL] [--workdir /tmp/dualcam-audit-bench]

Builds the chain once (cached in the work folder for SQLite): entries with
precomputed hashes, bulk inserted 20,000 at a time, then a checkpoint signed
with a key made here. Then runs the real command, `main.py audit verify --db
URL --key PUB`, in a subprocess and prints the generation and verification
times and the entries verified per second. `--db` takes a PostgreSQL URL of an
empty database or schema instead.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from cryptography.hazmat.primitives.serialization import (  # noqa: E402
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from sqlalchemy import func, select, update  # noqa: E402

from reviewer import audit  # noqa: E402
from reviewer.audit.chain import entry_hash  # noqa: E402
from reviewer.audit.head import GENESIS, time_text  # noqa: E402
from reviewer.storage.db import open_database  # noqa: E402
from reviewer.storage.models import AuditHeadRow, AuditRow  # noqa: E402

CHUNK = 20_000
ACTIONS = ("decide_flag", "verdict", "add_flag")


def keys(folder: Path) -> tuple[Path, Path]:
    priv, pub = folder / "audit.pem", folder / "audit.pub.pem"
    if not priv.exists():
        key = Ed25519PrivateKey.generate()
        priv.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
        pub.write_bytes(
            key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
        )
    return priv, pub


def generate(url: str, n: int, priv: Path) -> float:
    """Fill an empty database with `n` chained entries and a signed checkpoint."""
    db = open_database(url)
    t = time.perf_counter()
    start = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    prev = GENESIS
    rows: list[dict[str, object]] = []
    with db.engine.begin() as conn:
        for seq in range(1, n + 1):
            at = start + timedelta(microseconds=seq * 1013)
            grader = f"grader{seq % 37}"
            action = ACTIONS[seq % 3]
            detail = {"decision": "confirm", "note": f"note {seq}", "type": "phone"}
            subject, flag = seq % 5000 + 1, seq % 20000 + 1
            h = entry_hash(
                seq, time_text(at), grader, "grader", action, subject, flag, detail, prev
            )
            rows.append(
                {
                    "seq": seq,
                    "at": at,
                    "grader": grader,
                    "role": "grader",
                    "action": action,
                    "subject_id": subject,
                    "flag_id": flag,
                    "detail": detail,
                    "prev_hash": prev,
                    "hash": h,
                }
            )
            prev = h
            if len(rows) == CHUNK:
                conn.execute(AuditRow.__table__.insert(), rows)
                rows = []
        if rows:
            conn.execute(AuditRow.__table__.insert(), rows)
        conn.execute(update(AuditHeadRow).values(count=n, hash=prev))
    audit.configure(priv)
    with db.session() as s:
        audit.write_checkpoint(s, "bench")
    db.close()
    return time.perf_counter() - t


def count(url: str) -> int:
    db = open_database(url)
    with db.session() as s:
        got = int(s.scalar(select(func.count()).select_from(AuditRow)) or 0)
    db.close()
    return got


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=1_000_000)
    ap.add_argument("--db", help="database URL (default: a SQLite file in the work folder)")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/dualcam-audit-bench"))
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    priv, pub = keys(args.workdir)
    url = args.db or f"sqlite:///{args.workdir / f'audit-{args.entries}.db'}"
    have = count(url)
    if have == 0:
        took = generate(url, args.entries, priv)
        print(f"generated {args.entries:,} entries in {took:.1f} s")
    elif have != args.entries:
        sys.exit(f"{url} holds {have:,} entries, not {args.entries:,}: give an empty one")
    else:
        print(f"reusing {have:,} entries in {url}")
    cmd = [sys.executable, str(ROOT / "main.py"), "audit", "verify", "--db", url, "--key", str(pub)]
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, check=False)
    took = time.perf_counter() - t
    print(r.stdout.strip() or r.stderr.strip())
    print(
        f"audit verify: {args.entries:,} entries in {took:.1f} s "
        f"({args.entries / took:,.0f} entries/s; exit {r.returncode}; target < 30 s)"
    )
    return 0 if r.returncode == 0 and took < 30 else 1


if __name__ == "__main__":
    sys.exit(main())
