"""The grader's words for the domain's facts: flag types, cameras, reasons, alignment.

The domain returns codes and numbers (`FlagView.reason`, `FlagView.facts`,
`AlignmentView`); this module words them through Qt's translation system, so a
Chinese grader reads 离开画面 where the report says `left_frame`. Every template
is a `QT_TRANSLATE_NOOP` here and is translated by `ui/i18n/fill_zh_CN.py`. A
flag stored before reasons existed (or with a reason this desk does not know)
shows its English detail as it is.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from analysis.flags import Camera, Source
from reviewer.review import FlagView

CTX = "Wording"

TYPE_NAMES = {
    "missing_recording": QT_TRANSLATE_NOOP("Wording", "missing recording"),
    "hash_mismatch": QT_TRANSLATE_NOOP("Wording", "file changed"),
    "signature_invalid": QT_TRANSLATE_NOOP("Wording", "manifest signature invalid"),
    "unreadable": QT_TRANSLATE_NOOP("Wording", "unreadable"),
    "truncated": QT_TRANSLATE_NOOP("Wording", "recording truncated"),
    "timestamp_gap": QT_TRANSLATE_NOOP("Wording", "recording cut"),
    "duration_exceeded": QT_TRANSLATE_NOOP("Wording", "too long"),
    "pair_mismatch": QT_TRANSLATE_NOOP("Wording", "main and aux do not match"),
    "left_frame": QT_TRANSLATE_NOOP("Wording", "left the frame"),
    "second_person": QT_TRANSLATE_NOOP("Wording", "another person"),
    "mirror": QT_TRANSLATE_NOOP("Wording", "mirror"),
    "phone": QT_TRANSLATE_NOOP("Wording", "phone use"),
    "camera_obstructed": QT_TRANSLATE_NOOP("Wording", "camera obstructed"),
    "picture_of_person": QT_TRANSLATE_NOOP("Wording", "picture of a person"),
    "speech_in_silent_subject": QT_TRANSLATE_NOOP("Wording", "speech in a silent subject"),
    "wrong_language": QT_TRANSLATE_NOOP("Wording", "another language"),
    "identity_stated": QT_TRANSLATE_NOOP("Wording", "name or number said"),
    "identity_mismatch": QT_TRANSLATE_NOOP("Wording", "not the same person"),
    "person_changed": QT_TRANSLATE_NOOP("Wording", "person changed"),
    "identity_unresolved": QT_TRANSLATE_NOOP("Wording", "different people, unclear who"),
}

# languages of the speech stage (ISO 639-1), for wrong_language
LANGUAGE_NAMES = {
    "zh": QT_TRANSLATE_NOOP("Wording", "Chinese"),
    "en": QT_TRANSLATE_NOOP("Wording", "English"),
    "ja": QT_TRANSLATE_NOOP("Wording", "Japanese"),
    "ru": QT_TRANSLATE_NOOP("Wording", "Russian"),
    "fr": QT_TRANSLATE_NOOP("Wording", "French"),
    "de": QT_TRANSLATE_NOOP("Wording", "German"),
    "es": QT_TRANSLATE_NOOP("Wording", "Spanish"),
}

CAMERA_NAMES = {
    Camera.MAIN: QT_TRANSLATE_NOOP("Wording", "main"),
    Camera.AUX: QT_TRANSLATE_NOOP("Wording", "aux"),
    Camera.PAIR: QT_TRANSLATE_NOOP("Wording", "main + aux"),
    Camera.EXPORT: QT_TRANSLATE_NOOP("Wording", "whole export"),
}

SOURCE_NAMES = {
    Source.AI: QT_TRANSLATE_NOOP("Wording", "AI"),
    Source.RULE: QT_TRANSLATE_NOOP("Wording", "rule"),
    Source.HUMAN: QT_TRANSLATE_NOOP("Wording", "human"),
}

# the verdict's rule list: codes stored with the verdict, words for the grader
RULE_NAMES = {
    "missing_recording": QT_TRANSLATE_NOOP("Wording", "missing recording"),
    "timestamp_gap": QT_TRANSLATE_NOOP("Wording", "recording cut (app exited)"),
    "left_frame": QT_TRANSLATE_NOOP("Wording", "left the frame"),
    "second_person": QT_TRANSLATE_NOOP("Wording", "another person"),
    "phone": QT_TRANSLATE_NOOP("Wording", "phone or other device"),
    "mirror": QT_TRANSLATE_NOOP("Wording", "mirror in the room"),
    "impersonation": QT_TRANSLATE_NOOP("Wording", "impersonation"),
    "stated_name_or_id": QT_TRANSLATE_NOOP("Wording", "stated name or candidate number"),
    "wrong_language": QT_TRANSLATE_NOOP("Wording", "answered in another foreign language"),
    "other": QT_TRANSLATE_NOOP("Wording", "other"),
}

# (flag type, reason) -> template over the flag's facts
DETAILS = {
    ("left_frame", "absent"): QT_TRANSLATE_NOOP(
        "Wording", "no candidate visible for {duration_s:.0f} s"
    ),
    ("second_person", "people"): QT_TRANSLATE_NOOP(
        "Wording", "{people} people visible for {duration_s:.0f} s"
    ),
    ("mirror", "reflection"): QT_TRANSLATE_NOOP(
        "Wording", "the candidate's reflection visible for {duration_s:.0f} s"
    ),
    ("picture_of_person", "still_face"): QT_TRANSLATE_NOOP(
        "Wording", "a face that never moved (a picture or poster?) for {duration_s:.0f} s"
    ),
    ("phone", "phone_seen"): QT_TRANSLATE_NOOP(
        "Wording", "a phone near the candidate for {duration_s:.0f} s"
    ),
    ("phone", "hand_at_ear"): QT_TRANSLATE_NOOP(
        "Wording", "a hand held at the ear for {duration_s:.0f} s (a call?)"
    ),
    ("camera_obstructed", "covered"): QT_TRANSLATE_NOOP(
        "Wording", "picture dark, blank or blurred for {duration_s:.0f} s"
    ),
    ("camera_obstructed", "frozen"): QT_TRANSLATE_NOOP(
        "Wording", "picture frozen for {duration_s:.0f} s"
    ),
    ("speech_in_silent_subject", "speech_heard"): QT_TRANSLATE_NOOP(
        "Wording",
        "{speech_s:.0f} s of speech in {segments} stretches in a silent subject "
        "(a call or another person? listen)",
    ),
    ("wrong_language", "other_language"): QT_TRANSLATE_NOOP(
        "Wording",
        "{speech_s:.0f} s of speech sounds like {language_text}, not the registered "
        "{registered_text} ({windows} of {of_windows} stretches)",
    ),
    ("identity_stated", "name_heard"): QT_TRANSLATE_NOOP(
        "Wording", "the candidate's name may be said here: {words} (a hint: listen)"
    ),
    ("identity_stated", "number_heard"): QT_TRANSLATE_NOOP(
        "Wording", "the candidate number may be said here: {words} (a hint: listen)"
    ),
    ("identity_mismatch", "main_aux"): QT_TRANSLATE_NOOP(
        "Wording",
        "main and aux show different people: face similarity {similarity:.2f} under "
        "{threshold:.2f} ({faces_a} and {faces_b} faces)",
    ),
    ("identity_mismatch", "other_subject"): QT_TRANSLATE_NOOP(
        "Wording",
        "not the person who sat {other_subject}: face similarity {similarity:.2f} under "
        "{threshold:.2f} ({faces_a} and {faces_b} faces)",
    ),
    ("identity_mismatch", "reference_photo"): QT_TRANSLATE_NOOP(
        "Wording",
        "does not match the registered photo: face similarity {similarity:.2f} under "
        "{threshold:.2f} ({faces_a} faces)",
    ),
    ("person_changed", "segments_differ"): QT_TRANSLATE_NOOP(
        "Wording",
        "another person from here on: face similarity {similarity:.2f} under {threshold:.2f} "
        "({faces_a} faces before, {faces_b} after)",
    ),
    ("person_changed", "other_person_between"): QT_TRANSLATE_NOOP(
        "Wording",
        "another person sat from about {from_s:.0f} s to {to_s:.0f} s: face similarity "
        "{similarity:.2f} under {threshold:.2f} ({faces_a} faces of the first person, "
        "{faces_b} of the other)",
    ),
    ("identity_unresolved", "subjects_differ"): QT_TRANSLATE_NOOP(
        "Wording",
        "{other_subject} shows another person (face similarity {similarity:.2f} under "
        "{threshold:.2f}); with only {compared} subjects to compare, which one is the "
        "candidate cannot be told: compare both with the registered photo",
    ),
    ("pair_mismatch", "no_overlap"): QT_TRANSLATE_NOOP(
        "Wording", "the recordings do not overlap in time (offset {offset_s:+.1f} s)"
    ),
    ("pair_mismatch", "no_match"): QT_TRANSLATE_NOOP(
        "Wording",
        "neither the sound nor the movement of main and aux match: possibly not the same sitting",
    ),
    ("hash_mismatch", "changed_after_export"): QT_TRANSLATE_NOOP(
        "Wording",
        "changed after the platform exported it: SHA-256 {sha256:.12}… "
        "differs from the manifest's {expected_sha256:.12}…",
    ),
    ("unreadable", "detection_failed"): QT_TRANSLATE_NOOP(
        "Wording", "detection could not read this recording"
    ),
    ("timestamp_gap", "cut"): QT_TRANSLATE_NOOP(
        "Wording",
        "{stream_text} jumps from {from_s:.1f} s to {to_s:.1f} s "
        "({missing_s:.1f} s missing: the recording was cut)",
    ),
    ("timestamp_gap", "backwards"): QT_TRANSLATE_NOOP(
        "Wording",
        "{stream_text} goes back from {from_s:.1f} s to {to_s:.1f} s "
        "(the timeline restarted: the recording was cut)",
    ),
    ("duration_exceeded", "over_limit"): QT_TRANSLATE_NOOP(
        "Wording",
        "the recording lasts {duration_s:.0f} s; the limit for this subject is {limit_s:.0f} s",
    ),
}

# unreadable: what is wrong with the file, then how much of it can still be read
UNREADABLE = {
    "truncated": QT_TRANSLATE_NOOP("Wording", "the file is cut short (truncated)"),
    "damaged": QT_TRANSLATE_NOOP("Wording", "the file is damaged"),
    "trailing_data": QT_TRANSLATE_NOOP(
        "Wording", "unexpected data after the end of the recording ({extra_bytes} bytes)"
    ),
    "empty_file": QT_TRANSLATE_NOOP("Wording", "the file is empty (0 bytes)"),
    "not_a_file": QT_TRANSLATE_NOOP("Wording", "not a file"),
    "no_index": QT_TRANSLATE_NOOP(
        "Wording", "cannot be opened: no valid index (cut short, unfinished or not a video)"
    ),
    "cannot_open": QT_TRANSLATE_NOOP("Wording", "cannot be opened"),
    "unknown_codec": QT_TRANSLATE_NOOP("Wording", "unknown or damaged codec: nothing decodes it"),
    "no_video_stream": QT_TRANSLATE_NOOP("Wording", "no video in the file"),
    "probe_failed": QT_TRANSLATE_NOOP("Wording", "the file could not be checked"),
    "analysis_failed": QT_TRANSLATE_NOOP(
        "Wording", "the file could not be analysed (the analysis crashed or timed out)"
    ),
}
READABLE = {
    "of": QT_TRANSLATE_NOOP("Wording", "; readable up to {readable_s:.1f} s of {declared_s:.1f} s"),
    "up_to": QT_TRANSLATE_NOOP("Wording", "; readable up to {readable_s:.1f} s"),
    "none": QT_TRANSLATE_NOOP("Wording", "; nothing readable"),
}
STREAMS = {
    "video": QT_TRANSLATE_NOOP("Wording", "the picture's time"),
    "audio": QT_TRANSLATE_NOOP("Wording", "the sound's time"),
    "video+audio": QT_TRANSLATE_NOOP("Wording", "the picture's and sound's time"),
}

# what the detectors saw, as the boxes on the video say it
OBSERVATION_NAMES = {
    "face": QT_TRANSLATE_NOOP("Wording", "face"),
    "person": QT_TRANSLATE_NOOP("Wording", "person"),
    "left": QT_TRANSLATE_NOOP("Wording", "left hand"),
    "right": QT_TRANSLATE_NOOP("Wording", "right hand"),
    "cell phone": QT_TRANSLATE_NOOP("Wording", "phone"),
    "reflection": QT_TRANSLATE_NOOP("Wording", "reflection"),
    "picture": QT_TRANSLATE_NOOP("Wording", "picture of a person"),
    "book": QT_TRANSLATE_NOOP("Wording", "book"),
    "tv": QT_TRANSLATE_NOOP("Wording", "screen"),
    "laptop": QT_TRANSLATE_NOOP("Wording", "laptop"),
    "mouse": QT_TRANSLATE_NOOP("Wording", "mouse"),
    "remote": QT_TRANSLATE_NOOP("Wording", "remote control"),
    "keyboard": QT_TRANSLATE_NOOP("Wording", "keyboard"),
}


def observation_name(label: str) -> str:
    return tr(OBSERVATION_NAMES[label]) if label in OBSERVATION_NAMES else label


def tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def listing(words: list[str] | tuple[str, ...]) -> str:
    """Words in a row: "a, b" in English, "a、b" in Chinese."""
    return tr(QT_TRANSLATE_NOOP("Wording", ", ")).join(words)


def type_name(flag_type: str) -> str:
    return tr(TYPE_NAMES[flag_type]) if flag_type in TYPE_NAMES else flag_type


def camera_name(camera: Camera | str) -> str:
    cam = Camera(camera) if camera in {c.value for c in Camera} else None
    return tr(CAMERA_NAMES[cam]) if cam is not None else str(camera)


def source_name(source: Source) -> str:
    return tr(SOURCE_NAMES[source])


def rule_name(rule: str) -> str:
    return tr(RULE_NAMES[rule]) if rule in RULE_NAMES else rule


def _fill(template: str, facts: dict[str, Any]) -> str | None:
    try:
        return tr(template).format(**facts)
    except (KeyError, ValueError, TypeError, IndexError):
        return None  # facts of another version: the English detail says it


def _unreadable(reason: str, facts: dict[str, Any]) -> str | None:
    what = UNREADABLE.get(reason)
    text = None if what is None else _fill(what, facts)
    if text is None:
        return None
    readable, declared = facts.get("readable_s"), facts.get("declared_s")
    if isinstance(readable, int | float) and readable > 0:
        key = "of" if isinstance(declared, int | float) and declared > readable else "up_to"
        text += _fill(READABLE[key], facts) or ""
    elif readable is not None:
        text += tr(READABLE["none"])
    return text


def flag_detail(flag: FlagView) -> str:
    """The flag's detail in the grader's language (its English detail if not known)."""
    if flag.type.value == "unreadable" and flag.reason in UNREADABLE:
        return _unreadable(flag.reason, dict(flag.facts)) or flag.detail
    template = DETAILS.get((flag.type.value, flag.reason))
    if template is None:
        template = EXTRA_DETAILS.get((flag.type.value, flag.reason))
    if template is not None:
        facts = dict(flag.facts)
        if "camera" in facts:
            facts["camera"] = camera_name(str(facts["camera"]))
        if "why" in facts:
            facts["why_text"] = tr(WHY.get(str(facts["why"]), str(facts["why"])))
        if "stream" in facts:
            facts["stream_text"] = tr(STREAMS.get(str(facts["stream"]), str(facts["stream"])))
        if "kind" in facts:
            facts["kind_text"] = tr(KINDS.get(str(facts["kind"]), str(facts["kind"])))
        for key in ("language", "registered"):  # the speech stage's language codes
            if key in facts:
                code = str(facts[key])
                facts[f"{key}_text"] = tr(LANGUAGE_NAMES[code]) if code in LANGUAGE_NAMES else code
        text = _fill(template, facts)
        if text is not None:
            return text
    return flag.detail


# Reasons of the export's plan (reviewer/reasons.py says them in English for the report).
EXTRA_DETAILS: dict[tuple[str, str], str] = {
    ("missing_recording", "absent"): QT_TRANSLATE_NOOP(
        "Wording", "listed in manifest.csv as {path} but the file is absent"
    ),
    ("missing_recording", "not_in_manifest"): QT_TRANSLATE_NOOP(
        "Wording", "manifest.csv lists no {camera} recording"
    ),
    ("missing_recording", "not_in_layout"): QT_TRANSLATE_NOOP(
        "Wording", "no {camera} recording in the export"
    ),
    ("missing_recording", "manifest_path_refused"): QT_TRANSLATE_NOOP(
        "Wording", "manifest.csv line {line}: path {path} refused: {why_text}"
    ),
    ("missing_recording", "link_outside_export"): QT_TRANSLATE_NOOP(
        "Wording", "{path} is a link to a file outside the export; not read"
    ),
    ("missing_recording", "symlink_loop"): QT_TRANSLATE_NOOP(
        "Wording", "{path} is a symlink loop; not read"
    ),
    ("missing_recording", "unresolvable"): QT_TRANSLATE_NOOP(
        "Wording", "{path} cannot be resolved; not read"
    ),
    ("missing_recording", "not_a_regular_file"): QT_TRANSLATE_NOOP(
        "Wording", "{path} is not a regular file ({kind_text}); not opened"
    ),
    ("missing_recording", "gone_since_earlier_scan"): QT_TRANSLATE_NOOP(
        "Wording", "no longer in the export since an earlier scan"
    ),
    ("signature_invalid", "manifest_absent"): QT_TRANSLATE_NOOP(
        "Wording", "a manifest key is configured but the export has no manifest.csv"
    ),
    ("signature_invalid", "manifest_unreadable"): QT_TRANSLATE_NOOP(
        "Wording", "cannot read {file}"
    ),
    ("signature_invalid", "manifest_link_outside"): QT_TRANSLATE_NOOP(
        "Wording", "{file} is a link to a file outside the export; not read"
    ),
    ("signature_invalid", "signature_missing"): QT_TRANSLATE_NOOP(
        "Wording", "manifest.csv.sig is missing"
    ),
    ("signature_invalid", "signature_unreadable"): QT_TRANSLATE_NOOP(
        "Wording", "cannot read manifest.csv.sig"
    ),
    ("signature_invalid", "signature_malformed"): QT_TRANSLATE_NOOP(
        "Wording", "manifest.csv.sig is {bytes} bytes; a raw Ed25519 signature is 64"
    ),
    ("signature_invalid", "signature_mismatch"): QT_TRANSLATE_NOOP(
        "Wording",
        "manifest.csv.sig does not verify: the manifest was changed or signed by another key",
    ),
}

# why a manifest path was refused, and what a path that is not a file is
WHY = {
    "absolute": QT_TRANSLATE_NOOP(
        "Wording", "it is an absolute path; paths are relative to the export"
    ),
    "parent_dir": QT_TRANSLATE_NOOP("Wording", "it climbs out of the export with '..'"),
    "link_outside": QT_TRANSLATE_NOOP(
        "Wording", "it resolves outside the export through a symlink"
    ),
    "symlink_loop": QT_TRANSLATE_NOOP("Wording", "it is a symlink loop"),
    "unresolvable": QT_TRANSLATE_NOOP("Wording", "it cannot be resolved"),
    "nul_byte": QT_TRANSLATE_NOOP("Wording", "it contains a NUL byte"),
    "empty": QT_TRANSLATE_NOOP("Wording", "it is empty"),
}
KINDS = {
    "fifo": QT_TRANSLATE_NOOP("Wording", "a pipe"),
    "socket": QT_TRANSLATE_NOOP("Wording", "a socket"),
    "char_device": QT_TRANSLATE_NOOP("Wording", "a device"),
    "block_device": QT_TRANSLATE_NOOP("Wording", "a disk device"),
    "directory": QT_TRANSLATE_NOOP("Wording", "a folder"),
    "other": QT_TRANSLATE_NOOP("Wording", "not a file"),
}
