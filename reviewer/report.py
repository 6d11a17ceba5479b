"""The JSON report, schema `exam-review-report/1`, built from the database.

Field names are a contract read by later stages and outside tools: add
fields, never rename or remove them.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.flags import Camera, Flag, FlagType, Source, flag_to_json
from reviewer import store
from reviewer.errors import UserError
from reviewer.pairs import alignment_json
from reviewer.paths import shown_name
from reviewer.speech import subject_speech
from reviewer.storage.models import CandidateRow, FlagRow, RecordingRow, SubjectRow

log = logging.getLogger(__name__)

SCHEMA = "exam-review-report/1"


def build_report(s: Session, export_root: Path) -> dict[str, Any]:
    export = store.get_export(s, str(export_root))
    if export is None:
        raise UserError(f"{export_root} has not been scanned into this database")
    flags = list(
        s.scalars(
            select(FlagRow)
            .where(FlagRow.export_id == export.id)
            .order_by(FlagRow.start_s.is_not(None), FlagRow.start_s, FlagRow.id)
        )
    )
    by_subject: dict[int | None, list[dict[str, Any]]] = {}
    for f in flags:
        by_subject.setdefault(f.subject_id, []).append(_flag_json(f))
    info = export.info or {}
    report: dict[str, Any] = {
        "schema": SCHEMA,
        "export": shown_name(str(export_root)),
        "export_flags": by_subject.get(None, []),
        "unrecognised": info.get("unrecognised", []),
        "manifest": {
            "present": info.get("manifest_present", False),
            "signature": info.get("signature", "not_checked"),
            "errors": info.get("manifest_errors", []),
        },
        "warnings": info.get("warnings", []),
        "subjects": [],
    }
    rows = s.execute(
        select(CandidateRow.candidate_id, SubjectRow)
        .join(SubjectRow, SubjectRow.candidate_pk == CandidateRow.id)
        .where(CandidateRow.export_id == export.id)
        .order_by(CandidateRow.candidate_id, SubjectRow.name)
    )
    for cand_id, subj in rows:
        recs = {
            r.camera: r
            for r in s.scalars(select(RecordingRow).where(RecordingRow.subject_id == subj.id))
        }
        recordings = {
            cam.value: _recording_json(recs.get(cam.value)) for cam in (Camera.MAIN, Camera.AUX)
        }
        report["subjects"].append(
            {
                "candidate_id": cand_id,
                "subject": subj.name,
                "complete": all(v is not None for v in recordings.values()),
                "recordings": recordings,
                "alignment": alignment_json(subj),
                "flags": by_subject.get(subj.id, []),
                "speech": _speech_json(s, subj.id),
            }
        )
    return report


def _speech_json(s: Session, subject_id: int) -> dict[str, Any]:
    """Each camera's speech as the desk shows it: the stretches of speech, and where
    it was transcribed, the transcript and the languages heard (no audio)."""
    out: dict[str, Any] = {}
    for cam, sp in sorted(subject_speech(s, subject_id).items()):
        out[cam] = {
            "asr": sp.asr,
            "speech_s": round(sum(e - b for b, e in sp.segments), 2),
            "segments": [[round(b, 2), round(e, 2)] for b, e in sp.segments],
            "transcript": [[round(b, 2), round(e, 2), text] for b, e, text in sp.transcript],
            "languages": [
                {"start_s": round(b, 2), "end_s": round(e, 2), "language": lang, "p": round(p, 3)}
                for b, e, lang, p in sp.languages
            ],
        }
    return out


def _recording_json(rec: RecordingRow | None) -> dict[str, Any] | None:
    if rec is None or rec.path is None:
        return None
    p = rec.probe or {}
    if rec.sha256 is None:
        hash_status = None
    elif rec.expected_sha256 is None:
        hash_status = "no_manifest"
    else:
        hash_status = "ok" if rec.expected_sha256 == rec.sha256 else "mismatch"
    return {
        "path": rec.path,
        "sha256": rec.sha256,
        "hash_status": hash_status,
        "duration_s": p.get("duration_s"),
        "width": p.get("width"),
        "height": p.get("height"),
        "fps": p.get("fps"),
        "has_audio": p.get("has_audio"),
        "creation_time": p.get("creation_time"),
        # additions beyond the minimum contract
        "readable": p.get("readable"),
        "container": p.get("container"),
        "video_codec": p.get("video_codec"),
        "audio_codec": p.get("audio_codec"),
        "size_bytes": rec.size_bytes,
        "started_at": _utc(rec.started_at),
    }


def _utc(t: datetime | None) -> str | None:
    """SQLite drops the zone; we store UTC, so a naive value is UTC."""
    if t is None:
        return None
    return (t if t.tzinfo else t.replace(tzinfo=UTC)).isoformat()


def _flag_json(row: FlagRow) -> dict[str, Any]:
    d = flag_to_json(
        Flag(
            FlagType(row.type),
            Camera(row.camera),
            row.detail,
            row.start_s,
            row.end_s,
            row.confidence,
            Source(row.source),
            row.reason,
        )
    )
    if row.stale:
        d["stale"] = True
    if row.evidence:
        evidence = dict(row.evidence)
        # the other camera's word on it (reviewer/corroboration.py), stored with the evidence
        if isinstance(found := evidence.pop("corroboration", None), dict):
            d["corroboration"] = {k: found.get(k) for k in ("camera", "status", "detail", "reason")}
        if evidence:
            d["evidence"] = evidence
    return d


def check_writable(path: Path) -> None:
    """Fail early, before a long scan, if the report cannot be written there."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UserError(f"cannot write report {path}: it is a folder")
    if not folder.is_dir():
        raise UserError(f"cannot write report {path}: folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".report-check-", dir=folder)
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        raise UserError(f"cannot write report {path}: {exc.strerror or exc}") from exc


def write_report(path: Path, report: dict[str, Any]) -> None:
    """Write atomically: a full disk leaves the old report, never half a new one."""
    check_writable(path)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".json", dir=path.parent or ".")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(report, fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise UserError(f"cannot write report {path}: {exc.strerror or exc}") from exc
