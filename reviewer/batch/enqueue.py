"""`batch enqueue`: plan an export exactly as `scan` does, and queue its work."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from analysis.detect.rules import RuleConfig
from analysis.detect.runner import DetectConfig
from analysis.speech.config import SpeechConfig
from reviewer import behaviour, scan, store
from reviewer.batch import jobs as jobs_sql
from reviewer.batch.options import BatchOptions, flag_json
from reviewer.batch.queue import conninfo, ensure_schema, make_app
from reviewer.batch.runtime import defer_barrier
from reviewer.errors import UserError
from reviewer.export import plan_export
from reviewer.identity import IdentitySettings
from reviewer.storage.db import Database

log = logging.getLogger(__name__)
DEFAULT_SPEECH = SpeechConfig()  # as ScanOptions: a batch and a scan agree


@dataclass(frozen=True)
class Enqueued:
    export_root: Path
    export_id: int
    recordings: int
    queued: int  # hash-and-probe jobs added now
    reused: int  # unchanged since an earlier scan: not queued
    already: int  # queued or running already (an earlier enqueue)
    warnings: tuple[str, ...]


def enqueue(
    db: Database,
    db_url: str,
    exports: Sequence[Path],
    *,
    manifest_key: Ed25519PublicKey | None = None,
    priority: int = 0,
    detect: DetectConfig | None = None,
    rules: RuleConfig | None = None,
    duration_limits: Mapping[str, float] | None = None,
    rehash: bool = False,
    detect_part_s: float = behaviour.PART_S,
    speech: SpeechConfig | None = DEFAULT_SPEECH,
    identity: IdentitySettings | None = None,
) -> list[Enqueued]:
    """Plan and sync each export as `scan` does (same plan, manifest and signature
    checks), then queue one hash-and-probe job per changed recording and the
    export's `stages` barrier, which queues alignment, detection and flags. The
    defaults are the scan's (`ScanOptions`): the speech stage runs unless `speech`
    is None."""
    ensure_schema(db_url)
    dsn = conninfo(db_url)
    out: list[Enqueued] = []
    client = make_app(db_url)
    with client.open():
        for export in exports:
            root = export.expanduser().resolve()
            if not root.is_dir():
                raise UserError(f"export folder not found or not a folder: {export}")
            plan = plan_export(root, manifest_key)
            for w in plan.warnings + plan.manifest_errors:
                log.warning("%s", w)
            with db.session() as s:
                row, subjects = store.sync_plan(s, plan)
                recs, jobs, reused = scan.analysis_jobs(s, root, subjects.values(), rehash)
                export_id = row.id
            options = BatchOptions(
                detect=detect,
                rules=rules or RuleConfig(),
                duration_limits=dict(duration_limits or {}),
                detect_part_s=detect_part_s,
                priority=priority,
                total=len(recs),
                reused=reused,
                analysed=len(jobs),
                flags=tuple(flag_json(f) for f in plan.export_flags),
                speech=speech,
                identity=identity or IdentitySettings(),
            )
            rows = [
                (
                    "inspect",
                    f"inspect:{j.key}",
                    {
                        "export_id": export_id,
                        "rec_id": j.key,
                        "rehash": bool(j.args[1]),
                        "timeout": j.timeout_s,
                    },
                )
                for j in jobs
            ]
            queued = jobs_sql.defer_many(client, dsn, rows, priority)
            defer_barrier(client, "stages", export_id, options.to_json(), priority, 0)
            out.append(
                Enqueued(
                    root,
                    export_id,
                    len(recs),
                    queued,
                    reused,
                    len(rows) - queued,
                    tuple(plan.warnings + plan.manifest_errors),
                )
            )
    return out
