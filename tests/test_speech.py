"""The speech stage without transcription: VAD segments, the flag rules, the scan.

Speech is three committed espeak-ng clips (tests/data/speech, see its README),
mixed by `analysis.synth.speech` into room noise with echo at known times and
encoded into H.264 + AAC recordings with PyAV (`write_recording`). Music and
room noise are generated. Nothing here needs espeak-ng or faster-whisper.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from analysis.flags import Camera, FlagType
from analysis.speech.config import SpeechConfig
from analysis.speech.rules import losing_windows, silent_subject_flag, wrong_language_flag
from analysis.speech.runner import analyse_speech
from analysis.speech.segments import LanguageWindow, Segment, segments_from_probs
from analysis.synth.recording import RecordingSpec, write_recording
from analysis.synth.speech import Placed, as_audio_fn, music, read_clip, scene

CLIPS = Path(__file__).parent / "data" / "speech"
CFG = SpeechConfig()


def clip(name: str) -> np.ndarray:
    return read_clip(CLIPS / f"{name}.ogg")


def recording(path: Path, audio: np.ndarray, duration: float) -> Path:
    spec = RecordingSpec(duration_s=duration, fps=5, width=96, height=64, audio_rate=48000)
    write_recording(path, spec, lambda t: np.full((64, 96, 3), 90, np.uint8), as_audio_fn(audio))
    return path


def overlap(seg: Segment, a: float, b: float) -> float:
    return max(0.0, min(seg.end_s, b) - max(seg.start_s, a))


def test_vad_finds_each_clip_at_its_time(tmp_path: Path) -> None:
    placed = [Placed(clip("en_answer"), 3.0, 0.3), Placed(clip("zh_other"), 16.0, 0.2)]
    truth = [(p.at_s, p.at_s + p.clip.size / 16000) for p in placed]
    x = scene(30.0, placed, seed=1)
    rec = recording(tmp_path / "r.mp4", x, 30.0)
    result = analyse_speech(str(rec), CFG, False, None)
    assert result.asr == "skipped"
    assert abs(result.duration_s - 30.0) < 0.2
    for a, b in truth:  # each clip is covered by speech for most of its length
        covered = sum(overlap(s, a, b) for s in result.segments)
        assert covered > 0.7 * (b - a), (a, b, result.segments)
    for s in result.segments:  # and nothing is found away from them
        assert any(overlap(s, a - 0.5, b + 1.0) > 0 for a, b in truth), s


def test_room_noise_and_music_are_not_speech(tmp_path: Path) -> None:
    x = scene(25.0, [], seed=2, noise_level=0.01, extra=music(25.0, 0.2, seed=3))
    rec = recording(tmp_path / "m.mp4", x, 25.0)
    result = analyse_speech(str(rec), CFG, False, None)
    speech = sum(s.duration_s for s in result.segments)
    assert speech < 2.0, result.segments


def test_hysteresis_merges_pauses_and_drops_bursts() -> None:
    p = np.zeros(400, np.float32)
    p[10:40] = 0.9  # 0.96 s
    p[50:80] = 0.9  # after a 0.32 s pause: the same sentence
    p[200:204] = 0.9  # a 0.13 s click: dropped
    p[300:330] = 0.25  # never over the threshold (0.3): not speech
    segs = segments_from_probs(p)
    assert len(segs) == 1
    assert segs[0].start_s == pytest.approx(10 * 0.032 - 0.1, abs=1e-6)
    assert segs[0].end_s == pytest.approx(80 * 0.032 + 0.1, abs=1e-6)


def test_silent_subject_flag_needs_more_than_the_limit() -> None:
    segs = [Segment(1.0, 9.0, 0.9), Segment(30.0, 44.0, 0.9)]
    flag = silent_subject_flag(segs, Camera.AUX, SpeechConfig(silent_speech_s=20.0))
    assert flag is not None
    f, ev = flag
    assert f.type == FlagType.SPEECH_IN_SILENT_SUBJECT and f.camera == Camera.AUX
    assert (f.start_s, f.end_s) == (1.0, 44.0)
    assert f.facts["speech_s"] == 22.0 and len(ev["segments"]) == 2
    assert silent_subject_flag(segs, Camera.AUX, SpeechConfig(silent_speech_s=25.0)) is None


def _win(a: float, probs: dict[str, float], speech: float = 12.0) -> LanguageWindow:
    return LanguageWindow(a, a + speech, probs, speech)


def test_wrong_language_wants_a_clear_loss_over_several_windows() -> None:
    cfg = SpeechConfig(wrong_language_margin=0.3, wrong_language_s=20.0, wrong_language_windows=2)
    english = [_win(10.0 * k, {"en": 0.95, "zh": 0.03, "ja": 0.02}) for k in range(3)]
    f = wrong_language_flag(english, "ja", Camera.MAIN, cfg)
    assert f is not None and f[0].facts["language"] == "en" and f[0].facts["windows"] == 3
    assert wrong_language_flag(english, "en", Camera.MAIN, cfg) is None
    # close calls do not count: en 0.5 against ja 0.4
    close = [_win(10.0 * k, {"en": 0.5, "ja": 0.4, "zh": 0.1}) for k in range(3)]
    assert losing_windows(close, "ja", 0.3) == []
    assert wrong_language_flag(close, "ja", Camera.MAIN, cfg) is None
    # nor does a language Whisper is unsure of (0.85: espeak-ng Mandarin heard as en)
    unsure = [_win(10.0 * k, {"en": 0.85, "ja": 0.1, "zh": 0.05}) for k in range(3)]
    assert wrong_language_flag(unsure, "zh", Camera.MAIN, cfg) is None
    # one window, or too little speech, is not enough
    assert wrong_language_flag(english[:1], "ja", Camera.MAIN, cfg) is None
    short = [_win(10.0 * k, {"en": 0.9, "ja": 0.1}, 8.0) for k in range(2)]
    assert wrong_language_flag(short, "ja", Camera.MAIN, cfg) is None
    # no registered language (or one outside the list): no judgement
    assert wrong_language_flag(english, "", Camera.MAIN, cfg) is None
    assert wrong_language_flag(english, "ko", Camera.MAIN, cfg) is None


def test_spoken_subjects_by_name() -> None:
    for name in ("面试", "英语口语", "声乐演唱", "朗诵", "Interview"):
        assert CFG.is_spoken(name), name
    for name in ("素描", "色彩", "速写", "创作"):
        assert not CFG.is_spoken(name), name
    assert CFG.key(True) != CFG.key(False)
