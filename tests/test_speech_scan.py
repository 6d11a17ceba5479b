"""The speech stage inside a scan: jobs, cache, flags, what the desk reads.

The export is built here: H.264 + AAC recordings (PyAV, `write_recording`) whose
sound is room noise with the committed espeak-ng clips of tests/data/speech
(see its README) mixed in with echo (`analysis.synth.speech`); the aux phone
hears the same scene 1.5 s later and quieter. Transcription is off (`asr=False`)
so that this runs without faster-whisper.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select

from analysis.speech.config import SpeechConfig
from analysis.synth.recording import RecordingSpec, write_recording
from analysis.synth.speech import Placed, as_audio_fn, read_clip, scene
from reviewer import speech
from reviewer.report import build_report
from reviewer.scan import ScanOptions, run_scan
from reviewer.storage.db import Database
from reviewer.storage.models import FlagRow, SpeechRow, SubjectRow

CLIPS = Path(__file__).parent / "data" / "speech"
AUX_DELAY_S = 1.5


def _write(path: Path, audio: np.ndarray, duration: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    spec = RecordingSpec(duration_s=duration, fps=5, width=96, height=64, audio_rate=48000)
    write_recording(path, spec, lambda t: np.full((64, 96, 3), 90, np.uint8), as_audio_fn(audio))


def _pair(folder: Path, placed: list[Placed], seed: int, duration: float = 30.0) -> None:
    _write(folder / "main.mp4", scene(duration, placed, seed=seed), duration)
    later = [Placed(p.clip, p.at_s + AUX_DELAY_S, p.gain * 0.5) for p in placed]
    _write(folder / "aux.mp4", scene(duration, later, seed=seed + 50, rt60_s=0.5), duration)


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("speech") / "export"
    en = read_clip(CLIPS / "en_answer.ogg")
    zh = read_clip(CLIPS / "zh_other.ogg")
    talk = [Placed(en, 2.0, 0.3), Placed(zh, 10.0, 0.3), Placed(en, 20.0, 0.3)]
    _pair(root / "2026001" / "素描", talk, seed=1)  # a silent subject with a voice
    _pair(root / "2026002" / "素描", [], seed=2)  # a silent subject, silent
    _pair(root / "2026001" / "面试", talk, seed=3)  # a spoken subject
    (root / "roster.csv").write_text(
        "candidate_id,name,photo,language\n2026001,张伟,,en\n", encoding="utf-8"
    )
    return root


def _flags(db: Database) -> list[tuple[str, str, str, float | None]]:
    with db.session() as s:
        rows = s.execute(
            select(FlagRow.type, FlagRow.camera, SubjectRow.name, FlagRow.start_s)
            .join(SubjectRow, FlagRow.subject_id == SubjectRow.id)
            .where(FlagRow.type.in_(speech.FLAG_TYPES))
        )
        return sorted((t, c, n, s0) for t, c, n, s0 in rows)


def test_speech_in_a_silent_subject_is_flagged_on_both_phones(db: Database, export: Path) -> None:
    cfg = SpeechConfig(asr=False, silent_speech_s=12.0)
    summary = run_scan(db, export, ScanOptions(workers=0, detect=None, speech=cfg))
    assert summary.status == "completed"
    flags = _flags(db)
    # 5.5 + 7.2 + 5.5 s of speech in 素描 of 2026001, heard by both phones; nothing in
    # the quiet 素描, and nothing in 面试 (spoken; no transcription asked)
    assert [(t, c, n) for t, c, n, _ in flags] == [
        ("speech_in_silent_subject", "aux", "素描"),
        ("speech_in_silent_subject", "main", "素描"),
    ]
    starts = {c: s0 for _, c, _, s0 in flags}
    assert starts["main"] == pytest.approx(2.0, abs=0.4)
    assert starts["aux"] == pytest.approx(2.0 + AUX_DELAY_S, abs=0.4)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(SpeechRow)) == 6
        subj = s.scalar(select(SubjectRow).where(SubjectRow.name == "面试"))
        assert subj is not None
        shown = speech.subject_speech(s, subj.id)
    assert set(shown) == {"main", "aux"}
    assert shown["main"].asr == "skipped" and len(shown["main"].segments) >= 1
    # the JSON report carries each camera's stretches of speech (no audio)
    with db.session() as s:
        report = build_report(s, export.resolve())
    sketch = next(
        x for x in report["subjects"] if (x["candidate_id"], x["subject"]) == ("2026001", "素描")
    )
    main = sketch["speech"]["main"]
    assert main["asr"] == "skipped" and main["transcript"] == []
    assert 12.0 <= main["speech_s"] <= 22.0 and main["segments"][0][0] == pytest.approx(
        2.0, abs=0.4
    )
    quiet = next(x for x in report["subjects"] if x["candidate_id"] == "2026002")
    assert quiet["speech"]["main"]["segments"] == []

    # a second scan reuses every result; a higher limit removes the flags
    again = run_scan(
        db,
        export,
        ScanOptions(workers=0, detect=None, speech=SpeechConfig(asr=False, silent_speech_s=30.0)),
    )
    assert again.status == "completed"
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(SpeechRow)) == 6
    assert _flags(db) == []


def test_no_speech_stage_keeps_what_was_there(db: Database, export: Path) -> None:
    cfg = SpeechConfig(asr=False, silent_speech_s=12.0)
    run_scan(db, export, ScanOptions(workers=0, detect=None, speech=cfg))
    before = _flags(db)
    assert before
    run_scan(db, export, ScanOptions(workers=0, detect=None, speech=None))
    assert _flags(db) == before


def test_the_batch_carries_the_speech_settings() -> None:
    from reviewer.batch.options import BatchOptions

    cfg = SpeechConfig(asr=False, silent_speech_s=7.5, spoken_subjects=("面试",))
    back = BatchOptions.from_json(BatchOptions(speech=cfg).to_json())
    assert back.speech == cfg and back.scan_options().speech == cfg
    assert BatchOptions.from_json(BatchOptions(speech=None).to_json()).speech is None


def test_speech_settings_come_from_the_config_file(tmp_path: Path) -> None:
    from reviewer.config import load_config
    from reviewer.errors import UserError

    path = tmp_path / "config.toml"
    path.write_text(
        '[speech]\nspoken_subjects = ["面试", "声乐"]\nsilent_speech_s = 30\n'
        "wrong_language_confidence = 0.8\n[speech.vad]\nthreshold = 0.4\n",
        encoding="utf-8",
    )
    cfg = load_config(path).speech
    assert cfg.spoken_subjects == ("面试", "声乐") and cfg.silent_speech_s == 30.0
    assert cfg.wrong_language_confidence == 0.8 and cfg.vad.threshold == 0.4
    assert cfg.is_spoken("声乐") and not cfg.is_spoken("朗诵")
    path.write_text("[speech]\nsilence = 3\n", encoding="utf-8")
    with pytest.raises(UserError, match="unknown keys"):
        load_config(path)
