"""The speech stage's share of bench/bench_scan.py's scan, and transcription speed.

`scan_share` reads the VAD and decoding seconds the speech jobs stored for the
scanned pair; `asr_speed` transcribes the committed espeak-ng clips
(tests/data/speech) mixed into a minute of room noise, as a spoken subject's
main camera would be, and gives seconds of work per second of speech.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.speech import asr  # noqa: E402
from analysis.speech.config import SpeechConfig  # noqa: E402
from analysis.speech.runner import analyse_speech, speech_probabilities  # noqa: E402
from analysis.speech.segments import SpeechResult  # noqa: E402
from analysis.synth.recording import RecordingSpec, write_recording  # noqa: E402
from analysis.synth.speech import Placed, as_audio_fn, read_clip, scene  # noqa: E402
from reviewer.speech import model_dir  # noqa: E402
from reviewer.storage.db import Database  # noqa: E402
from reviewer.storage.models import SpeechRow  # noqa: E402

CLIPS = ROOT / "tests" / "data" / "speech"


def scan_share(db: Database, scan_s: float, workers: int) -> str:
    with db.session() as s:
        results = [SpeechResult.from_json(r.result) for r in s.scalars(select(SpeechRow))]
    vad = sum(r.timings.get("vad", 0.0) for r in results)
    dec = sum(r.timings.get("decode", 0.0) for r in results)
    speech = sum(sum(g.duration_s for g in r.segments) for r in results)
    share = (vad + dec) / workers / scan_s
    return (
        f"speech (VAD) stage: {len(results)} recordings, VAD {vad:.1f} s + audio decoding "
        f"{dec:.1f} s of worker time = {100 * share:.1f}% of the scan's wall time on "
        f"{workers} workers (target <= 5%); {speech:.0f} s of speech found"
    )


def asr_speed() -> str:
    why = asr.missing()
    if why is not None:
        return f"transcription: not measured ({why})"
    clips = [read_clip(CLIPS / f"{n}.ogg") for n in ("en_answer", "zh_identity", "zh_other")]
    placed = [Placed(c, 3.0 + 18.0 * k, 0.3) for k, c in enumerate(clips)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "spoken.mp4"
        spec = RecordingSpec(duration_s=60.0, fps=5, width=96, height=64, audio_rate=48000)
        frame = np.full((64, 96, 3), 90, np.uint8)
        write_recording(path, spec, lambda t: frame, as_audio_fn(scene(60.0, placed, seed=9)))
        analyse_speech(str(path), SpeechConfig(), True, str(model_dir()))  # warm: reassembly
        r = analyse_speech(str(path), SpeechConfig(), True, str(model_dir()))
    speech = r.timings.get("speech_s", 0.0)
    work = r.timings.get("asr", 0.0)
    return (
        f"transcription + language ID (Whisper base int8, 1 thread): {work:.1f} s for "
        f"{speech:.1f} s of speech = {work / max(speech, 1e-9):.2f}x real time of speech"
    )


def vad_cpu(path: Path) -> str:
    """CPU seconds (this process, all threads) of decoding and VAD of one recording:
    on a loaded machine the wall time says little, CPU time what the stage adds."""
    timings: dict[str, float] = {}
    c0 = time.process_time()
    _probs, end = speech_probabilities(path, timings)
    cpu = time.process_time() - c0
    return (
        f"{path.name}: {end / 60:.1f} min of audio, decoding + VAD {cpu:.2f} CPU-s "
        f"({cpu / max(end / 600, 1e-9):.2f} CPU-s per 10 minutes)"
    )


if __name__ == "__main__":
    # python bench/speech_cost.py [RECORDING...]: the VAD's CPU cost, then ASR speed
    for arg in sys.argv[1:]:
        print(vad_cpu(Path(arg)))
    print(asr_speed())
