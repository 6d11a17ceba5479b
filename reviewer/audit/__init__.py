"""The tamper-evident audit log: a sha256 chain of every write, with signed checkpoints.

`chain.append` is the one way in; `records` has a function per kind of write;
`verify` checks a database or an exported JSONL file; `cli` is `main.py audit`.
"""

from reviewer.audit.chain import append, system_actor
from reviewer.audit.checkpoints import configure, write_checkpoint
from reviewer.audit.records import (
    record_batch_outcome,
    record_committee_action,
    record_evidence_export,
    record_scan_end,
    record_scan_start,
    record_settings_change,
)

__all__ = [
    "append",
    "configure",
    "record_batch_outcome",
    "record_committee_action",
    "record_evidence_export",
    "record_scan_end",
    "record_scan_start",
    "record_settings_change",
    "system_actor",
    "write_checkpoint",
]
