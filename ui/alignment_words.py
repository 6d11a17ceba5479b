"""The pair's alignment in the grader's words: how it was aligned, the offset, the notes.

The domain gives an `AlignmentView` (method, offset, drift, and facts: the match
score and coded notes); this words it through Qt's translation, like
`ui/wording.py` does for flags.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP

from reviewer.review import AlignmentView
from ui.wording import _fill, camera_name, listing, tr

METHOD_LINES = {
    "audio": QT_TRANSLATE_NOOP("Wording", "by sound: {when} (match {score:.1f})"),
    "visual": QT_TRANSLATE_NOOP("Wording", "by movement: {when} (match {score:.1f})"),
}
NOTE_LINES = {
    "audio_no_match": QT_TRANSLATE_NOOP("Wording", "the sound does not match (match {score:.1f})"),
    "motion_no_match": QT_TRANSLATE_NOOP(
        "Wording", "the movement does not match (match {score:.1f})"
    ),
    "metadata_disagrees": QT_TRANSLATE_NOOP(
        "Wording", "the file times say {prior_s:+.1f} s, the measurement {offset_s:+.2f} s"
    ),
    "no_overlap": QT_TRANSLATE_NOOP(
        "Wording", "an offset of {offset_s:+.1f} s leaves no overlap between the recordings"
    ),
    "no_audio_track": QT_TRANSLATE_NOOP("Wording", "no sound track in {cameras}"),
    "audio_silent": QT_TRANSLATE_NOOP("Wording", "sound silent or unreadable in {cameras}"),
    "metadata_gives": QT_TRANSLATE_NOOP("Wording", "the file times give {prior_s:+.1f} s"),
    "no_signal": QT_TRANSLATE_NOOP("Wording", "no usable sound or movement in one recording"),
}
NOT_ALIGNED = {
    "missing": QT_TRANSLATE_NOOP("Wording", "not aligned: the {camera} recording is missing"),
    "not_analysed": QT_TRANSLATE_NOOP(
        "Wording", "not aligned: the {camera} recording is not analysed yet"
    ),
    "unreadable": QT_TRANSLATE_NOOP("Wording", "not aligned: the {camera} recording is unreadable"),
    "pending": QT_TRANSLATE_NOOP("Wording", "alignment pending"),
    "failed": QT_TRANSLATE_NOOP("Wording", "alignment failed; the next scan tries again"),
}


def _when(offset: float) -> str:
    if offset >= 0:
        return tr(QT_TRANSLATE_NOOP("Wording", "aux started {s:.2f} s after main")).format(s=offset)
    return tr(QT_TRANSLATE_NOOP("Wording", "aux started {s:.2f} s before main")).format(s=-offset)


def _note(note: dict[str, Any]) -> str | None:
    template = NOTE_LINES.get(str(note.get("code")))
    if template is None:
        return None
    facts = dict(note)
    if "cameras" in facts:
        facts["cameras"] = listing([camera_name(c) for c in facts["cameras"]])
    return _fill(template, facts)


def alignment_text(view: AlignmentView | None, english: str) -> str:
    """The alignment in the grader's language: how, the offset, drift, and the notes."""
    if view is None:
        return english or "—"
    facts = view.facts
    parts: list[str] = []
    if view.offset_s is not None and view.method in METHOD_LINES:
        line = _fill(
            METHOD_LINES[view.method], {"when": _when(view.offset_s), "score": facts.get("score")}
        )
        if line is None:  # stored before the score was kept apart
            line = _when(view.offset_s)
        parts.append(line)
        if view.drift_ppm:
            drift = QT_TRANSLATE_NOOP("Wording", "clock drift {ppm:+.0f} ppm")
            parts.append(tr(drift).format(ppm=view.drift_ppm))
    elif view.offset_s is not None and view.method == "metadata":
        weak = QT_TRANSLATE_NOOP("Wording", "from the file times only (weak): {when}")
        parts.append(tr(weak).format(when=_when(view.offset_s)))
    elif "why" in facts and facts["why"] in NOT_ALIGNED:
        cam = camera_name(str(facts.get("camera", "")))
        parts.append(tr(NOT_ALIGNED[str(facts["why"])]).format(camera=cam))
    elif facts.get("notes"):
        parts.append(tr(QT_TRANSLATE_NOOP("Wording", "no offset found")))
    else:
        return english or "—"
    notes = [_note(n) for n in facts.get("notes", []) if n.get("code") != "metadata_gives"]
    parts += [n for n in notes if n]
    return tr(QT_TRANSLATE_NOOP("Wording", "; ")).join(parts)
