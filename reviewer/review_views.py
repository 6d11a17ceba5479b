"""What the desk shows of the review, Qt-free: a queue row, a subject, its flags and
alignment, and the export problems, as frozen facts (`reviewer.review` builds them)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from analysis.detect.observations import Observation
from analysis.flags import Camera, FlagType, Source
from reviewer.committee import VerdictState
from reviewer.decisions import FlagDecision, Verdict
from reviewer.storage.models import DecisionRow, FlagRow, as_utc


class Status(enum.StrEnum):
    UNREVIEWED = "unreviewed"
    IN_REVIEW = "in review"
    AWAITING_SECOND = "awaiting second review"  # a zero waits for a second grader
    NEEDS_COMMITTEE = "needs committee"  # asked for, or the second grader disagreed
    REVIEWED = "reviewed"  # final: no violation, a zero two agree on, the committee's


@dataclass(frozen=True)
class ReviewItem:
    """One row of the queue: a candidate's subject, ranked for review."""

    subject_id: int
    export_root: str
    candidate_id: str
    subject: str
    status: Status
    priority: float
    flag_counts: dict[str, int]
    integrity: tuple[str, ...]  # integrity flag types present (the export's included)
    # Types of the export's own flags (signature_invalid: the manifest's hashes cannot
    # be trusted, so neither can this subject's "hash ok"). Counted in flag_counts,
    # integrity and priority as if they were the subject's.
    export_flags: tuple[str, ...] = ()
    # behaviour flags (not dismissed) per corroboration status: the other camera's word
    corroboration: dict[str, int] = field(default_factory=dict)

    @property
    def flag_total(self) -> int:
        return sum(self.flag_counts.values())


@dataclass(frozen=True)
class FlagView:
    id: int
    type: FlagType
    camera: Camera
    start_s: float | None
    end_s: float | None
    confidence: float
    source: Source
    detail: str
    decision: FlagDecision | None  # the latest (the database's order)
    note: str
    evidence: dict[str, Any] | None
    reason: str = ""  # what `detail` says, as a code and facts the desk words
    facts: dict[str, Any] = field(default_factory=dict)
    decision_id: int | None = None  # the latest decision's id: pass it back to decide_flag
    decided_by: str = ""  # who made the latest decision
    decided_at: datetime | None = None  # when (the database's clock, UTC)
    stale: bool = False  # kept for its decision; the latest scan no longer finds it


@dataclass(frozen=True)
class AlignmentView:
    """The pair's alignment as facts; `facts` holds the score and notes (codes)."""

    method: str  # audio | visual | metadata | none
    offset_s: float | None
    confidence: float
    drift_ppm: float | None
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SubjectView:
    item: ReviewItem
    recordings: dict[Camera, Path | None]  # absolute paths; None: missing
    readable: dict[Camera, bool]
    durations: dict[Camera, float]
    offset_s: float  # aux starts this long after main (0 when not aligned)
    alignment_detail: str
    flags: list[FlagView] = field(default_factory=list)
    verdict: Verdict | None = None
    verdict_note: str = ""
    has_audio: dict[Camera, bool] = field(default_factory=dict)  # from the stored probe
    alignment: AlignmentView | None = None
    verdict_decision_id: int | None = None  # the latest verdict's id: pass it to set_verdict
    verdict_by: str = ""
    verdict_at: datetime | None = None  # the database's clock, UTC
    # The export's own flags (camera EXPORT, e.g. signature_invalid): they concern
    # every subject of the export; not decided per subject.
    export_flags: list[FlagView] = field(default_factory=list)
    verdict_state: VerdictState | None = None  # four eyes: where the verdict stands


@dataclass(frozen=True)
class ExportProblem:
    """An export with export-level flags, for the desk's banner."""

    export_id: int
    export_root: str
    flags: tuple[FlagView, ...]  # e.g. signature_invalid; `detail` says why in English
    subjects: int  # how many subjects of the queue belong to it (all are marked)


def flag_view(f: FlagRow, d: DecisionRow | None) -> FlagView:
    return FlagView(
        f.id,
        FlagType(f.type),
        Camera(f.camera),
        f.start_s,
        f.end_s,
        f.confidence,
        Source(f.source),
        f.detail,
        FlagDecision(d.kind) if d else None,
        d.note if d else "",
        f.evidence,
        reason=f.reason,
        facts=f.facts or {},
        decision_id=d.id if d else None,
        decided_by=d.grader if d else "",
        decided_at=as_utc(d.created_at) if d else None,
        stale=f.stale,
    )


def evidence_observations(flags: list[FlagView], camera: Camera) -> list[Observation]:
    """The boxes stored as evidence on a camera's flags (what the desk overlays)."""
    return [
        Observation.from_json(o)
        for f in flags
        if f.camera == camera and f.evidence
        for o in f.evidence.get("observations", [])
    ]
