"""A recording detected in parts by several batch jobs: each part is cached under its
own key (`<detect key>#part k/n`) until the last one joins them into the
recording's detection, as the scan's `PartStore` does in one process."""

from __future__ import annotations

from sqlalchemy import delete, select

from analysis.detect.runner import DetectConfig, DetectionResult, join
from reviewer import behaviour
from reviewer.storage.db import Database
from reviewer.storage.models import CandidateRow, DetectionRow, RecordingRow, SubjectRow
from reviewer.workers import Outcome


def part_key(cfg: DetectConfig, part: int, parts: int) -> str:
    return f"{cfg.key()}#part{part}/{parts}"


def join_parts(db: Database, rec_id: int, cfg: DetectConfig, parts: int) -> bool:
    """Once every part of a recording is cached, store their join as the recording's
    detection and drop the parts. False while some part is missing."""
    with db.session() as s:
        rec = s.get(RecordingRow, rec_id)
        assert rec is not None and rec.sha256 is not None
        keys = [part_key(cfg, k, parts) for k in range(parts)]
        rows = {
            r.detect_key: r
            for r in s.scalars(
                select(DetectionRow).where(
                    DetectionRow.sha256 == rec.sha256, DetectionRow.detect_key.in_(keys)
                )
            )
        }
        if len(rows) < parts:
            return False
        joined = join([DetectionResult.from_json(rows[k].result) for k in keys])
        s.execute(
            delete(DetectionRow).where(
                DetectionRow.sha256 == rec.sha256, DetectionRow.detect_key.in_(keys)
            )
        )
    behaviour.store_detection(db, rec_id, cfg, Outcome(joined, None))
    return True


def join_leftovers(db: Database, export_id: int, cfg: DetectConfig) -> None:
    """Join the parts of recordings whose last two parts finished at once, each
    seeing the other still missing."""
    with db.session() as s:
        split = s.execute(
            select(RecordingRow.id, RecordingRow.camera, DetectionRow.detect_key)
            .join(SubjectRow, RecordingRow.subject_id == SubjectRow.id)
            .join(CandidateRow)
            .join(DetectionRow, DetectionRow.sha256 == RecordingRow.sha256)
            .where(CandidateRow.export_id == export_id, DetectionRow.detect_key.contains("#part"))
        ).all()
    for rec_id, camera, key in split:
        own = cfg.for_camera(camera)
        if key.startswith(own.key() + "#part"):
            join_parts(db, rec_id, own, int(key.rsplit("/", 1)[1]))
