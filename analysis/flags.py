"""The flag: one finding on a recording, a pair or the whole export.

`Flag` is the frozen result type shared by integrity checks, alignment and
(later) behaviour rules. Its JSON shape is the `FLAG` object of the report
contract `exam-review-report/1`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

FactValue = float | int | str | bool | None


class FlagType(enum.StrEnum):
    # integrity
    MISSING_RECORDING = "missing_recording"
    HASH_MISMATCH = "hash_mismatch"
    SIGNATURE_INVALID = "signature_invalid"
    UNREADABLE = "unreadable"
    TIMESTAMP_GAP = "timestamp_gap"
    DURATION_EXCEEDED = "duration_exceeded"
    PAIR_MISMATCH = "pair_mismatch"
    # behaviour
    LEFT_FRAME = "left_frame"
    SECOND_PERSON = "second_person"
    MIRROR = "mirror"
    PHONE = "phone"
    CAMERA_OBSTRUCTED = "camera_obstructed"
    PICTURE_OF_PERSON = "picture_of_person"  # evidence, low priority: the grader decides
    # speech (analysis/speech, reviewer/speech.py)
    SPEECH_IN_SILENT_SUBJECT = "speech_in_silent_subject"
    WRONG_LANGUAGE = "wrong_language"
    IDENTITY_STATED = "identity_stated"
    # identity (issue 18)
    IDENTITY_MISMATCH = "identity_mismatch"
    PERSON_CHANGED = "person_changed"
    # two subjects show different people and nothing tells which is the candidate
    IDENTITY_UNRESOLVED = "identity_unresolved"


INTEGRITY_TYPES = frozenset(
    {
        FlagType.MISSING_RECORDING,
        FlagType.HASH_MISMATCH,
        FlagType.SIGNATURE_INVALID,
        FlagType.UNREADABLE,
        FlagType.TIMESTAMP_GAP,
        FlagType.DURATION_EXCEEDED,
        FlagType.PAIR_MISMATCH,
    }
)


class Camera(enum.StrEnum):
    MAIN = "main"
    AUX = "aux"
    PAIR = "pair"
    EXPORT = "export"


class Source(enum.StrEnum):
    AI = "ai"
    RULE = "rule"
    HUMAN = "human"


class Severity(enum.IntEnum):
    """How much a flag matters to the grader; every listed rule gives a zero."""

    INFO = 0
    WARNING = 1
    VIOLATION = 2


SEVERITY: dict[FlagType, Severity] = {
    FlagType.MISSING_RECORDING: Severity.VIOLATION,
    FlagType.HASH_MISMATCH: Severity.VIOLATION,
    FlagType.SIGNATURE_INVALID: Severity.VIOLATION,
    FlagType.UNREADABLE: Severity.WARNING,
    FlagType.TIMESTAMP_GAP: Severity.VIOLATION,
    FlagType.DURATION_EXCEEDED: Severity.WARNING,
    FlagType.PAIR_MISMATCH: Severity.WARNING,
    FlagType.LEFT_FRAME: Severity.VIOLATION,
    FlagType.SECOND_PERSON: Severity.VIOLATION,
    FlagType.MIRROR: Severity.VIOLATION,
    FlagType.PHONE: Severity.VIOLATION,
    FlagType.CAMERA_OBSTRUCTED: Severity.WARNING,
    FlagType.PICTURE_OF_PERSON: Severity.INFO,
    FlagType.SPEECH_IN_SILENT_SUBJECT: Severity.INFO,
    FlagType.WRONG_LANGUAGE: Severity.VIOLATION,
    FlagType.IDENTITY_STATED: Severity.WARNING,
    FlagType.IDENTITY_MISMATCH: Severity.VIOLATION,
    FlagType.PERSON_CHANGED: Severity.VIOLATION,
    FlagType.IDENTITY_UNRESOLVED: Severity.WARNING,
}


# The reason codes each flag type may carry: the contract between the checks that
# raise flags and the desk that words them (`ui/wording.py` has a sentence for each).
REASONS: dict[FlagType, frozenset[str]] = {
    # reviewer/reasons.py words these two (the export's plan raises them)
    FlagType.MISSING_RECORDING: frozenset(
        {
            "absent",
            "not_in_manifest",
            "not_in_layout",
            "manifest_path_refused",
            "link_outside_export",
            "symlink_loop",
            "unresolvable",
            "not_a_regular_file",
            "gone_since_earlier_scan",
        }
    ),
    FlagType.SIGNATURE_INVALID: frozenset(
        {
            "manifest_absent",
            "manifest_unreadable",
            "manifest_link_outside",
            "signature_missing",
            "signature_unreadable",
            "signature_malformed",
            "signature_mismatch",
        }
    ),
    FlagType.HASH_MISMATCH: frozenset({"changed_after_export"}),
    FlagType.UNREADABLE: frozenset(
        {
            "truncated",
            "damaged",
            "trailing_data",
            "empty_file",
            "not_a_file",
            "no_index",
            "cannot_open",
            "unknown_codec",
            "no_video_stream",
            "probe_failed",
            "analysis_failed",
            "detection_failed",
        }
    ),
    FlagType.TIMESTAMP_GAP: frozenset({"cut", "backwards"}),
    FlagType.DURATION_EXCEEDED: frozenset({"over_limit"}),
    FlagType.PAIR_MISMATCH: frozenset({"no_overlap", "no_match"}),
    FlagType.LEFT_FRAME: frozenset({"absent"}),
    FlagType.SECOND_PERSON: frozenset({"people"}),
    FlagType.MIRROR: frozenset({"reflection"}),
    FlagType.PHONE: frozenset({"phone_seen", "hand_at_ear"}),
    FlagType.CAMERA_OBSTRUCTED: frozenset({"covered", "frozen"}),
    FlagType.PICTURE_OF_PERSON: frozenset({"still_face"}),
    FlagType.SPEECH_IN_SILENT_SUBJECT: frozenset({"speech_heard"}),
    FlagType.WRONG_LANGUAGE: frozenset({"other_language"}),
    FlagType.IDENTITY_STATED: frozenset({"name_heard", "number_heard"}),
    FlagType.IDENTITY_MISMATCH: frozenset({"main_aux", "other_subject", "reference_photo"}),
    FlagType.PERSON_CHANGED: frozenset({"segments_differ", "other_person_between"}),
    FlagType.IDENTITY_UNRESOLVED: frozenset({"subjects_differ"}),
}


@dataclass(frozen=True, slots=True)
class Flag:
    """A finding. Times are seconds on that camera's own file timeline (None: whole file).

    `detail` is an English sentence for the JSON report and logs. `reason` (a short
    code, "" where the type says it all) and `facts` (its numbers) say the same as
    data, so the desk can word it in the grader's language (`ui/wording.py`).
    """

    type: FlagType
    camera: Camera
    detail: str
    start_s: float | None = None
    end_s: float | None = None
    confidence: float = 1.0
    source: Source = Source.RULE
    reason: str = ""
    facts: Mapping[str, FactValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} outside [0, 1]")
        if (self.start_s is None) != (self.end_s is None):
            raise ValueError("start_s and end_s are both set or both None")
        if self.start_s is not None and self.end_s is not None and self.end_s < self.start_s:
            raise ValueError(f"end_s {self.end_s} before start_s {self.start_s}")
        if self.reason and self.reason not in REASONS.get(self.type, frozenset()):
            raise ValueError(f"{self.type.value} has no reason {self.reason!r} (see REASONS)")

    @property
    def severity(self) -> Severity:
        return SEVERITY[self.type]


def flag_to_json(flag: Flag) -> dict[str, Any]:
    """The report's FLAG object."""
    return {
        "type": flag.type.value,
        "camera": flag.camera.value,
        "start_s": flag.start_s,
        "end_s": flag.end_s,
        "confidence": round(flag.confidence, 4),
        "source": flag.source.value,
        "detail": flag.detail,
        "reason": flag.reason,
    }
