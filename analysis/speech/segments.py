"""From per-window speech probabilities to speech segments, and the result type
stored for a recording (segments, and for spoken subjects transcript and languages)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from analysis.speech.vad import WINDOW_S


@dataclass(frozen=True)
class SegmentConfig:
    # silero's default is 0.5 (and 0.35); on bench/eval_speech.py's tuned set 0.3 found
    # 89% of the speech a far phone hears (82% at 0.5) at 98% precision; music 0.4 s
    threshold: float = 0.3
    release: float = 0.2  # a segment ends when the probability falls under this...
    min_silence_s: float = 0.3  # ...for this long
    min_speech_s: float = 0.25  # shorter bursts (a knock, a cough) are dropped
    pad_s: float = 0.1
    merge_gap_s: float = 1.0  # segments closer than this become one (a sentence's pauses)


@dataclass(frozen=True)
class Segment:
    start_s: float
    end_s: float
    prob: float  # mean speech probability inside

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    def to_json(self) -> list[float]:
        return [round(self.start_s, 3), round(self.end_s, 3), round(self.prob, 3)]

    @staticmethod
    def from_json(v: Sequence[float]) -> Segment:
        return Segment(float(v[0]), float(v[1]), float(v[2]))


def segments_from_probs(
    probs: NDArray[np.float32], offset_s: float = 0.0, cfg: SegmentConfig | None = None
) -> list[Segment]:
    """Hysteresis over the probabilities (as silero's `get_speech_timestamps`), then
    drop short bursts, pad, and merge close segments. Times are file times."""
    cfg = cfg or SegmentConfig()
    raw: list[tuple[int, int]] = []
    start: int | None = None
    quiet = 0
    min_quiet = max(1, round(cfg.min_silence_s / WINDOW_S))
    for i, p in enumerate(probs.tolist()):
        if start is None:
            if p >= cfg.threshold:
                start, quiet = i, 0
            continue
        if p < cfg.release:
            quiet += 1
            if quiet >= min_quiet:
                raw.append((start, i - quiet + 1))
                start = None
        else:
            quiet = 0
    if start is not None:
        raw.append((start, len(probs) - quiet))
    out: list[Segment] = []
    for a, b in raw:
        if (b - a) * WINDOW_S < cfg.min_speech_s:
            continue
        t0 = max(0.0, a * WINDOW_S - cfg.pad_s) + offset_s
        t1 = min(len(probs) * WINDOW_S, b * WINDOW_S + cfg.pad_s) + offset_s
        seg = Segment(t0, t1, float(np.mean(probs[a:b])))
        if out and seg.start_s - out[-1].end_s < cfg.merge_gap_s:
            prev = out.pop()
            w0, w1 = prev.duration_s, seg.duration_s
            seg = Segment(prev.start_s, seg.end_s, (prev.prob * w0 + seg.prob * w1) / (w0 + w1))
        out.append(seg)
    return out


def total_s(segments: Sequence[Segment]) -> float:
    return sum(s.duration_s for s in segments)


@dataclass(frozen=True)
class Piece:
    """A stretch of transcript (Whisper's segment) with its file times."""

    start_s: float
    end_s: float
    text: str

    def to_json(self) -> list[Any]:
        return [round(self.start_s, 2), round(self.end_s, 2), self.text]

    @staticmethod
    def from_json(v: Sequence[Any]) -> Piece:
        return Piece(float(v[0]), float(v[1]), str(v[2]))


@dataclass(frozen=True)
class LanguageWindow:
    """Whisper's language probabilities over one stretch of speech (restricted to
    the configured languages, renormalised)."""

    start_s: float
    end_s: float
    probs: dict[str, float]
    speech_s: float = 0.0  # how much speech the window holds (its span has pauses)

    @property
    def best(self) -> str:
        return max(self.probs, key=lambda k: self.probs[k]) if self.probs else ""

    def to_json(self) -> dict[str, Any]:
        return {
            "t": [round(self.start_s, 2), round(self.end_s, 2)],
            "p": {k: round(v, 3) for k, v in self.probs.items()},
            "speech_s": round(self.speech_s, 2),
        }

    @staticmethod
    def from_json(v: dict[str, Any]) -> LanguageWindow:
        a, b = v["t"]
        probs = {str(k): float(x) for k, x in v["p"].items()}
        return LanguageWindow(float(a), float(b), probs, float(v.get("speech_s", b - a)))


@dataclass(frozen=True)
class SpeechResult:
    """What the speech stage found in one recording.

    `asr` is "done" (transcript and languages filled), "skipped" (not asked: a
    silent subject, the aux camera or `--no-speech`), "not_installed" (the
    `[speech]` extra is absent) or "failed: why".
    """

    segments: tuple[Segment, ...]
    duration_s: float
    asr: str = "skipped"
    transcript: tuple[Piece, ...] = ()
    languages: tuple[LanguageWindow, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)  # decode, vad, asr seconds
    language: str = ""  # transcribed in this language ("": the one heard in each window)

    def to_json(self) -> dict[str, Any]:
        return {
            "segments": [s.to_json() for s in self.segments],
            "duration_s": round(self.duration_s, 3),
            "asr": self.asr,
            "transcript": [p.to_json() for p in self.transcript],
            "languages": [w.to_json() for w in self.languages],
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "language": self.language,
        }

    @staticmethod
    def from_json(d: dict[str, Any]) -> SpeechResult:
        return SpeechResult(
            tuple(Segment.from_json(s) for s in d.get("segments", [])),
            float(d.get("duration_s", 0.0)),
            str(d.get("asr", "skipped")),
            tuple(Piece.from_json(p) for p in d.get("transcript", [])),
            tuple(LanguageWindow.from_json(w) for w in d.get("languages", [])),
            {str(k): float(v) for k, v in d.get("timings", {}).items()},
            str(d.get("language", "")),
        )
