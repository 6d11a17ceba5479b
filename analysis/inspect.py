"""One worker job: hash and probe a recording. Runs in a worker process."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis.hashing import sha256_file
from analysis.probe import ProbeResult, probe_recording


@dataclass(frozen=True)
class Inspection:
    sha256: str | None
    probe: ProbeResult | None


def inspect_recording(path: str, need_hash: bool, need_probe: bool) -> Inspection:
    p = Path(path)
    sha = sha256_file(p) if need_hash else None
    return Inspection(sha, probe_recording(p) if need_probe else None)
