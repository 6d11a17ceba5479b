"""The speech job of one recording, run in a scan worker: VAD everywhere, and on
spoken subjects' main camera, language ID and transcription of the speech only."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import numpy as np

from analysis.media.video import open_video
from analysis.speech import asr as whisper
from analysis.speech.audio import F32, RATE, decode
from analysis.speech.config import SpeechConfig
from analysis.speech.segments import (
    LanguageWindow,
    Piece,
    Segment,
    SpeechResult,
    segments_from_probs,
    total_s,
)
from analysis.speech.vad import VAD_RATE, WINDOW_S, SileroVad

log = logging.getLogger(__name__)

BLOCK_S = 600.0  # audio decoded and run through the VAD this much at a time
_VAD: SileroVad | None = None  # one per worker process, kept between jobs


def _vad() -> SileroVad:
    global _VAD
    if _VAD is None:
        _VAD = SileroVad()
    return _VAD


def speech_probabilities(path: Path, timings: dict[str, float]) -> tuple[F32, float]:
    """The VAD's probability per 32 ms of the whole track, and the track's end (s)."""
    probs = np.zeros(0, np.float32)
    a = end = 0.0
    while True:
        t = time.perf_counter()
        x, start = decode(path, VAD_RATE, a, a + BLOCK_S)
        timings["decode"] = timings.get("decode", 0.0) + time.perf_counter() - t
        if x.size == 0:
            break
        t = time.perf_counter()
        pr = _vad().probabilities(x, VAD_RATE)
        timings["vad"] = timings.get("vad", 0.0) + time.perf_counter() - t
        i0 = max(0, round(start / WINDOW_S))
        if i0 + pr.size > probs.size:
            probs = np.concatenate([probs, np.zeros(i0 + pr.size - probs.size, np.float32)])
        probs[i0 : i0 + pr.size] = pr  # blocks overlap by a frame or so: the later wins
        end = start + x.size / VAD_RATE
        if end < a + BLOCK_S - 1.0:
            break  # the track ended inside this block
        a += BLOCK_S
    return probs[: int(np.ceil(end / WINDOW_S))], end


def analyse_speech(
    path: str, cfg: SpeechConfig, asr: bool, model_dir: str | None, language: str = ""
) -> SpeechResult:
    """Speech segments of the recording at `path`; with `asr`, its language per
    window of speech and its transcript in `language` ("": in the one heard), or
    why there is none.

    A recording without an audio track gives no segments (asr "no_audio"); a
    decoding error raises MediaError (the job fails and is retried next scan).
    """
    p = Path(path)
    with open_video(p) as vf:
        has_audio = vf.info().has_audio
    if not has_audio:
        return SpeechResult((), 0.0, "no_audio")
    timings: dict[str, float] = {}
    probs, end = speech_probabilities(p, timings)
    segments = tuple(segments_from_probs(probs, 0.0, cfg.vad))
    if not asr:
        return SpeechResult(segments, end, "skipped", timings=timings)
    if whisper.missing() is not None or model_dir is None:
        return SpeechResult(segments, end, "not_installed", timings=timings)
    t = time.perf_counter()
    try:
        pieces, windows = transcribe(p, segments, cfg, Path(model_dir), language)
    except whisper.AsrUnavailable as exc:
        log.warning("%s: transcription unavailable: %s", p.name, exc)
        return SpeechResult(segments, end, f"failed: {exc}", timings=timings)
    timings["asr"] = time.perf_counter() - t
    timings["speech_s"] = total_s(segments)
    return SpeechResult(segments, end, "done", tuple(pieces), tuple(windows), timings, language)


def transcribe(
    path: Path, segments: tuple[Segment, ...], cfg: SpeechConfig, model_dir: Path, language: str
) -> tuple[list[Piece], list[LanguageWindow]]:
    """Language ID and transcript of each chunk of speech (silence is never given
    to Whisper: it names a language even for silence)."""
    tr = whisper.Transcriber(model_dir)
    pieces: list[Piece] = []
    windows: list[LanguageWindow] = []
    for ch in whisper.chunks(segments, cfg.language_window_s):
        audio = np.concatenate([_part(path, a, b) for a, b in ch.parts])
        got, win = whisper.listen(
            tr, audio, ch, cfg.languages, language, cfg.wrong_language_confidence
        )
        pieces += got
        windows += [win] if win is not None else []
    return pieces, windows


def _part(path: Path, a: float, b: float) -> F32:
    """Exactly [a, b) of the sound at 16 kHz (zeros where the track has none)."""
    x, start = decode(path, RATE, a, b)
    lo = max(0, int((a - start) * RATE))
    want = int((b - a) * RATE)
    got = x[lo : lo + want]
    if got.size == want:
        return got
    return np.concatenate([got, np.zeros(want - got.size, np.float32)])
