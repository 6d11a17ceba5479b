"""The grader's words for "two views, one verdict" (`reviewer.corroboration`): what the
other camera said about a flag, worded from its status, reason code and numbers
(the report keeps the English `detail`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from reviewer.review import FlagView, ReviewItem
from ui.wording import camera_name, tr

STATUS = {
    "corroborated": QT_TRANSLATE_NOOP("Wording", "confirmed by the {camera} camera: {why}"),
    "contradicted": QT_TRANSLATE_NOOP("Wording", "contradicted by the {camera} camera: {why}"),
    "unknown": QT_TRANSLATE_NOOP("Wording", "the {camera} camera cannot tell: {why}"),
}
WHY = {
    "seen_by_both": QT_TRANSLATE_NOOP("Wording", "it flagged the same from {start_s:.0f} s"),
    "away_in_both": QT_TRANSLATE_NOOP("Wording", "it saw no candidate either"),
    "candidate_seen": QT_TRANSLATE_NOOP(
        "Wording", "it saw the candidate at the desk on {percent:.0f}% of its frames"
    ),
    "not_seen": QT_TRANSLATE_NOOP("Wording", "it did not see it (perhaps out of its view)"),
    "one_view": QT_TRANSLATE_NOOP("Wording", "only one camera can see this"),
    "not_aligned": QT_TRANSLATE_NOOP("Wording", "the two recordings are not aligned"),
    "no_data": QT_TRANSLATE_NOOP("Wording", "its recording has no detection results"),
    "outside": QT_TRANSLATE_NOOP("Wording", "its recording does not cover this moment"),
}
MARK = {"corroborated": "▲", "contradicted": "▼", "unknown": "·"}
COUNTS_TIP = QT_TRANSLATE_NOOP(
    "Wording",
    "Flags the other camera confirmed (▲, higher in the queue) and contradicted "
    "(▼, lower in the queue)",
)


def found(evidence: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    got = (evidence or {}).get("corroboration")
    return got if isinstance(got, Mapping) else None


def corroboration_text(flag: FlagView) -> str:
    """One line for the panel: "▲ confirmed by the aux camera: it flagged the same …"
    ("" where the flag was not checked)."""
    c = found(flag.evidence)
    status = str(c.get("status")) if c else ""
    if c is None or status not in STATUS:
        return ""
    facts = dict(c.get("facts") or {})
    if "present" in facts:
        facts["percent"] = 100.0 * float(facts["present"])
    why = WHY.get(str(c.get("reason", "")))
    try:
        because = tr(why).format(**facts) if why else str(c.get("detail", ""))
    except (KeyError, ValueError, TypeError):
        because = str(c.get("detail", ""))
    camera = camera_name(str(c.get("camera", "")))
    return f"{MARK[status]} " + tr(STATUS[status]).format(camera=camera, why=because)


def counts_text(item: ReviewItem) -> str:
    up, down = item.corroboration.get("corroborated", 0), item.corroboration.get("contradicted", 0)
    return f"▲{up} ▼{down}" if up or down else ""


def counts_key(item: ReviewItem) -> float:
    """The column's sort key: confirmed flags first, contradicted ones last."""
    return item.corroboration.get("corroborated", 0) - 0.5 * item.corroboration.get(
        "contradicted", 0
    )


def counts_tip() -> str:
    return tr(COUNTS_TIP)
