"""One worker job: hash and probe a recording. Runs in a worker process."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from analysis.media.hashing import sha256_file
from analysis.media.probe import ProbeResult, probe_recording


@dataclass(frozen=True)
class Inspection:
    sha256: str | None
    probe: ProbeResult | None


def inspect_recording(path: str, need_hash: bool, need_probe: bool) -> Inspection:
    """Hash on a thread while probing: hashlib releases the GIL, so the two overlap."""
    p = Path(path)
    if not need_hash:
        return Inspection(None, probe_recording(p) if need_probe else None)
    with ThreadPoolExecutor(1) as pool:
        sha = pool.submit(sha256_file, p)
        probe = probe_recording(p) if need_probe else None
        return Inspection(sha.result(), probe)
