"""What other code calls to put its writes in the audit log, one function per kind.

Each appends one entry in the caller's session (committed with the caller's
own writes); the scan's end and an evidence export also write a checkpoint.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from reviewer.audit.chain import append
from reviewer.audit.checkpoints import write_checkpoint
from reviewer.storage.models import AuditCheckpointRow, AuditRow


def record_settings_change(
    s: Session, actor: str, role: str, changes: Mapping[str, Mapping[str, Any]], where: str = ""
) -> AuditRow:
    """Settings saved (the desk, after `reviewer.config.save_settings`): `changes` is
    {section: {key: new value}}; `where`: the configuration file."""
    detail = {"changes": {k: dict(v) for k, v in changes.items()}, "file": where}
    return append(s, actor, role, "settings_change", detail=detail)


def record_committee_action(
    s: Session,
    actor: str,
    action: str,
    *,
    subject_id: int | None = None,
    flag_id: int | None = None,
    detail: Mapping[str, Any] | None = None,
) -> AuditRow:
    """A committee member's action (e.g. "committee_ruling"), role committee."""
    return append(
        s, actor, "committee", action, subject_id=subject_id, flag_id=flag_id, detail=detail
    )


def record_scan_start(s: Session, actor: str, scan_id: int, export_root: str) -> AuditRow:
    return append(
        s, actor, "system", "scan_start", detail={"scan_id": scan_id, "export": export_root}
    )


def record_scan_end(
    s: Session, actor: str, scan_id: int, status: str, counts: Mapping[str, Any]
) -> AuditCheckpointRow:
    """A scan's end (status and counts), then a checkpoint (signed where a key is set)."""
    append(
        s,
        actor,
        "system",
        "scan_end",
        detail={"scan_id": scan_id, "status": status, "counts": dict(counts)},
    )
    return write_checkpoint(s, "scan_end")


def record_batch_outcome(
    s: Session,
    actor: str,
    job: str,
    outcome: str,
    *,
    subject_id: int | None = None,
    detail: Mapping[str, Any] | None = None,
) -> AuditRow:
    """A batch job's outcome (e.g. job "rescan-2026-06", outcome "completed"), role system."""
    return append(
        s,
        actor,
        "system",
        "batch_outcome",
        subject_id=subject_id,
        detail={"job": job, "outcome": outcome, **dict(detail or {})},
    )


def record_evidence_export(
    s: Session,
    actor: str,
    role: str,
    subject_ids: Sequence[int],
    out: str,
    detail: Mapping[str, Any] | None = None,
) -> AuditCheckpointRow:
    """An evidence export (what, where to), then a checkpoint: the export can quote
    the returned checkpoint's count, head and signature."""
    append(
        s,
        actor,
        role,
        "evidence_export",
        subject_id=subject_ids[0] if len(subject_ids) == 1 else None,
        detail={"subjects": list(subject_ids), "out": out, **dict(detail or {})},
    )
    return write_checkpoint(s, "evidence_export")
