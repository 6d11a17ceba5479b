"""The speech flags of one recording, from its stored `SpeechResult`.

Pure functions: the thresholds are applied here, at flag time, so changing them
needs no new analysis.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from analysis.flags import Camera, Flag, FlagType, Source
from analysis.speech.config import SpeechConfig
from analysis.speech.identity import Hit
from analysis.speech.segments import LanguageWindow, Segment, total_s

IDENTITY_CONFIDENCE = 0.3  # a hint: name spotting failed on espeak-ng Mandarin
SILENT_CONFIDENCE = 0.5  # a hint: a call, another person, or the candidate humming
MERGE_HITS_S = 10.0

Evidence = dict[str, Any]


def silent_subject_flag(
    segments: Sequence[Segment], camera: Camera, cfg: SpeechConfig
) -> tuple[Flag, Evidence] | None:
    """`speech_in_silent_subject` when the speech totals over `silent_speech_s`."""
    speech = total_s(segments)
    if not segments or speech <= cfg.silent_speech_s:
        return None
    longest = max(segments, key=lambda s: s.duration_s)
    flag = Flag(
        FlagType.SPEECH_IN_SILENT_SUBJECT,
        camera,
        f"{speech:.0f} s of speech in {len(segments)} segments in a silent subject "
        f"(over {cfg.silent_speech_s:g} s)",
        segments[0].start_s,
        segments[-1].end_s,
        confidence=SILENT_CONFIDENCE,
        source=Source.AI,
        reason="speech_heard",
        facts={
            "speech_s": round(speech, 1),
            "segments": len(segments),
            "limit_s": cfg.silent_speech_s,
        },
    )
    return flag, {"best_t": round(longest.start_s, 3), "segments": [s.to_json() for s in segments]}


def losing_windows(
    windows: Sequence[LanguageWindow], registered: str, margin: float, sure: float = 0.0
) -> list[LanguageWindow]:
    """Windows where another language beats the registered one by `margin` and
    has at least `sure` of the probability."""
    out = []
    for w in windows:
        other = max((p for k, p in w.probs.items() if k != registered), default=0.0)
        if other - w.probs.get(registered, 0.0) >= margin and other >= sure:
            out.append(w)
    return out


def wrong_language_flag(
    windows: Sequence[LanguageWindow], registered: str, camera: Camera, cfg: SpeechConfig
) -> tuple[Flag, Evidence] | None:
    """`wrong_language` when the registered language clearly loses over at least
    `wrong_language_windows` windows totalling over `wrong_language_s` of speech."""
    if not registered or registered not in cfg.languages:
        return None
    lost = losing_windows(
        windows, registered, cfg.wrong_language_margin, cfg.wrong_language_confidence
    )
    speech = sum(w.speech_s for w in lost)
    if len(lost) < cfg.wrong_language_windows or speech <= cfg.wrong_language_s:
        return None
    heard = Counter(w.best for w in lost).most_common(1)[0][0]
    flag = Flag(
        FlagType.WRONG_LANGUAGE,
        camera,
        f"{speech:.0f} s of speech in {len(lost)} windows sounds {heard}, not the registered "
        f"{registered}",
        lost[0].start_s,
        lost[-1].end_s,
        confidence=min(1.0, 0.5 + 0.5 * len(lost) / max(len(windows), 1)),
        source=Source.AI,
        reason="other_language",
        facts={
            "registered": registered,
            "language": heard,
            "windows": len(lost),
            "of_windows": len(windows),
            "speech_s": round(speech, 1),
        },
    )
    return flag, {"best_t": round(lost[0].start_s, 3), "windows": [w.to_json() for w in lost]}


def identity_flags(hits: Sequence[Hit], camera: Camera) -> list[tuple[Flag, Evidence]]:
    """`identity_stated` for each place the name or number is heard (hits of one
    kind within MERGE_HITS_S are one flag)."""
    merged: list[Hit] = []
    for h in sorted(hits, key=lambda h: (h.what, h.start_s)):
        last = merged[-1] if merged else None
        if last is not None and last.what == h.what and h.start_s - last.end_s <= MERGE_HITS_S:
            merged[-1] = Hit(
                h.what, last.start_s, max(last.end_s, h.end_s), last.heard, last.context
            )
        else:
            merged.append(h)
    out = []
    for h in sorted(merged, key=lambda h: h.start_s):
        flag = Flag(
            FlagType.IDENTITY_STATED,
            camera,
            f"the candidate's {h.what} may be heard at {h.start_s:.1f} s: "
            f'"{h.heard}" (a hint: listen)',
            h.start_s,
            h.end_s,
            confidence=IDENTITY_CONFIDENCE,
            source=Source.AI,
            reason="name_heard" if h.what == "name" else "number_heard",
            facts={"words": h.heard, "context": h.context},
        )
        out.append((flag, {"best_t": round(h.start_s, 3), "context": h.context}))
    return out
