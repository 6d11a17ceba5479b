"""Fuzzing the scan with damaged recordings: shared by tests/test_fuzz.py and
bench/bench_fuzz.py.

Three small sound recordings are made with PyAV (analysis/synth/recording.py: the
scikit-image astronaut over a room, 4 s of H.264 320x180 at 15 fps with 1 s GOPs
and 16 kHz AAC): an MP4 (moov last), the same remuxed into a fragmented MP4
(a moof/mdat per GOP, mfra last) and a Matroska file. Case i damages format
``FORMATS[i % 3]`` with kind ``KINDS[(i // 3) % 8]`` (analysis/synth/corrupt.py), seeded
by (seed, i), and is written into a flat export as ``F<i>_素描_主机.<ext>``. The
export is scanned with one worker and no behaviour detection, and each case's
flags are read back from the database.
"""

from __future__ import annotations

import logging
import random
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from analysis.media.probe import ProbeResult
from analysis.synth.corrupt import (
    EXTENSION,
    FORMATS,
    KINDS,
    Corruption,
    Fingerprint,
    classify,
    corrupt,
    fingerprint,
    keyframe_times,
)
from analysis.synth.recording import (
    RecordingSpec,
    moving_subject,
    noise_audio,
    package_photo,
    remux,
)
from analysis.synth.recording import write_recording as write
from reviewer.scan import ScanOptions, run_scan
from reviewer.storage.db import open_database
from reviewer.storage.models import CandidateRow, FlagRow, RecordingRow, SubjectRow

FLAGGING = frozenset({"unreadable", "timestamp_gap"})
COUNTED = ("structural", "detectable")  # damage a flag is required for


@dataclass
class Case:
    name: str
    corruption: Corruption
    category: str  # structural | detectable | beyond_reach | unchanged
    flags: list[str] = field(default_factory=list)  # "type/reason"
    crashed: bool = False
    hung: bool = False


@dataclass
class FuzzRun:
    cases: list[Case]
    log_text: str
    scan_status: str

    def missed(self) -> list[Case]:
        return [c for c in self.cases if c.category in COUNTED and not c.flags]

    def table(self) -> str:
        """One line per kind (and all): counts of each category and of flagged files."""
        rows: dict[str, Counter[str]] = defaultdict(Counter)
        for c in self.cases:
            for key in (c.corruption.kind, "all"):
                r = rows[key]
                r["n"] += 1
                r[c.category] += 1
                r["crashes"] += c.crashed
                r["hangs"] += c.hung
                r["flagged"] += bool(c.flags)
                if c.category in COUNTED:
                    r["due"] += 1
                    r["due_flagged"] += bool(c.flags)
        head = (
            f"{'kind':15} {'n':>5} {'crash':>5} {'hang':>5} {'flagged/detectable':>18} "
            f"{'beyond':>6} {'unchgd':>6} {'flagged':>7}"
        )
        lines = [head]
        for kind in [*KINDS, "all"]:
            r = rows.get(kind)
            if r is None:
                continue
            lines.append(
                f"{kind:15} {r['n']:5} {r['crashes']:5} {r['hangs']:5} "
                f"{r['due_flagged']:>8}/{r['due']:<9} {r['beyond_reach']:6} "
                f"{r['unchanged']:6} {r['flagged']:7}"
            )
        return "\n".join(lines)


def make_sources(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    spec = RecordingSpec(duration_s=4)
    frame = moving_subject(package_photo("astronaut"), spec.width, spec.height)
    mp4, mkv, frag = folder / "src.mp4", folder / "src.mkv", folder / "frag.mp4"
    write(mp4, spec, frame, noise_audio())
    write(mkv, spec, frame, noise_audio())
    remux(mp4, frag, fragmented=True)
    return {"mp4": mp4, "fmp4": frag, "mkv": mkv}


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())
        if record.exc_info:
            self.lines.append("".join(traceback.format_exception(*record.exc_info)))


def run_fuzz(n: int, work: Path, seed: int = 0) -> FuzzRun:
    sources = make_sources(work / "sources")
    originals: dict[str, tuple[bytes, Fingerprint, tuple[float, float]]] = {
        fmt: (p.read_bytes(), fingerprint(p), keyframe_times(p)) for fmt, p in sources.items()
    }
    export = work / "export"
    export.mkdir(parents=True)
    cases: dict[str, Case] = {}
    for i in range(n):
        fmt, kind = FORMATS[i % len(FORMATS)], KINDS[(i // len(FORMATS)) % len(KINDS)]
        data, print_, gops = originals[fmt]
        damaged, what = corrupt(data, fmt, kind, random.Random(f"{seed}:{i}"))
        cand = f"F{i:04d}"
        path = export / f"{cand}_素描_主机{EXTENSION[fmt]}"
        path.write_bytes(damaged)
        cases[cand] = Case(path.name, what, classify(kind, print_, fingerprint(path), gops))
    catcher = _Collect()
    root = logging.getLogger()
    root.addHandler(catcher)
    db = open_database(f"sqlite:///{work / 'fuzz.db'}")
    try:
        summary = run_scan(db, export, ScanOptions(workers=1, detect=None))
        with db.session() as s:
            rows = s.execute(
                select(CandidateRow.candidate_id, RecordingRow.probe)
                .join(SubjectRow, SubjectRow.candidate_pk == CandidateRow.id)
                .join(RecordingRow, RecordingRow.subject_id == SubjectRow.id)
                .where(RecordingRow.camera == "main")
            )
            for cand, probe in rows:
                p = ProbeResult.from_json(probe)
                error = p.error or ""
                # an unreadable result without a code of the probe's: the job failed
                # (a crash, an exception, a time-out); probe_failed: the probe's guard
                failed = not p.readable and p.error_code in (None, "probe_failed")
                cases[cand].hung = failed and "timed out" in error
                cases[cand].crashed = failed and not cases[cand].hung
            flags = s.execute(
                select(CandidateRow.candidate_id, FlagRow.type, FlagRow.reason)
                .join(SubjectRow, SubjectRow.candidate_pk == CandidateRow.id)
                .join(FlagRow, FlagRow.subject_id == SubjectRow.id)
                .where(FlagRow.camera == "main")
            )
            for cand, type_, reason in flags:
                if type_ in FLAGGING:
                    cases[cand].flags.append(f"{type_}/{reason}")
    finally:
        db.close()
        root.removeHandler(catcher)
    return FuzzRun(list(cases.values()), "\n".join(catcher.lines), summary.status)
