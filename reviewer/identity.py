"""The identity stage of a scan: who is in each recording (issue 18).

One job per readable recording (and per candidate's reference photo) whose
(sha256, identity key) has no stored templates, run in the scan's shared worker
pool. Templates are biometric data: they live only in the `identity_templates`
table (never in the report) and `purge_biometrics` deletes them. The flags are
computed from the stored templates in `reviewer.identity_flags`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from analysis.identity.recording import (
    IdentityConfig,
    RecordingIdentity,
    identity_of_photo,
    identity_of_recording,
)
from analysis.identity.template import pack, unpack
from analysis.media.hashing import sha256_file
from reviewer.paths import disk_path
from reviewer.roster import Roster, load_roster, photo_for
from reviewer.storage.db import Database
from reviewer.storage.models import (
    CandidateRow,
    ExportRow,
    IdentityRow,
    RecordingRow,
    SubjectRow,
)
from reviewer.workers import Job, Outcome

log = logging.getLogger(__name__)

TIMEOUT_BASE_S = 90.0
TIMEOUT_PER_MIN_S = 6.0  # per minute of recording: ~6 samples a minute at most ~0.2 s each

IdentityKey = tuple[str, int]  # ("rec", recording id) | ("photo", candidate pk)


@dataclass(frozen=True)
class IdentitySettings:
    """`[identity]` in the config file. Thresholds are cosine similarities of
    templates; a comparison below its threshold raises a flag. Calibrated on the
    tuned set of bench/eval_identity.py (precision first: see the README)."""

    pair_threshold: float = 0.45  # main against aux of one subject
    subject_threshold: float = 0.45  # a subject against the candidate's other subjects
    photo_threshold: float = 0.40  # against the registered photo (one picture: noisier)
    change_threshold: float = 0.45  # a recording's segments before and after a change
    # ...or under this where each side's segments agree with each other at least
    # `change_consistency` (one camera, one room: the same person's segments score
    # 0.95-1.00 with each other on the tuned set, across a change 0.31-0.58)
    change_relative_threshold: float = 0.55
    change_consistency: float = 0.9
    min_faces: int = 3  # faces a template needs to be compared at all
    sample_every_s: float = 20.0  # bench/bench_identity_cost.py: 10 s cost about 2x 20 s
    segment_s: float = 120.0

    def config(self) -> IdentityConfig:
        return IdentityConfig(sample_every_s=self.sample_every_s, segment_s=self.segment_s)


def stored(s: Session, sha256: str, key: str) -> RecordingIdentity | None:
    row = s.scalar(
        select(IdentityRow).where(IdentityRow.sha256 == sha256, IdentityRow.identity_key == key)
    )
    if row is None:
        return None
    return RecordingIdentity.from_stored(row.meta, unpack(row.vectors))


def _has(s: Session, sha256: str, key: str) -> bool:
    q = select(IdentityRow.id).where(IdentityRow.sha256 == sha256, IdentityRow.identity_key == key)
    return s.scalar(q) is not None


def photo_sha(
    root: Path, candidate_id: str, roster: Roster | None = None
) -> tuple[Path, str] | None:
    """The candidate's reference photo and its sha256 (None: none, or unreadable)."""
    photo = photo_for(root, roster or load_roster(root), candidate_id)
    if photo is None:
        return None
    try:
        return photo, sha256_file(photo)
    except OSError as exc:
        log.warning("%s: reference photo not read: %s", photo, exc)
        return None


def plan_identity_jobs(
    s: Session, root: Path, export_id: int, settings: IdentitySettings
) -> list[Job[IdentityKey]]:
    """Jobs for `analysis.identity.recording`: each readable recording and each
    reference photo whose templates are not stored under this identity key."""
    cfg = settings.config()
    key = cfg.key()
    jobs: list[Job[IdentityKey]] = []
    recs = s.scalars(
        select(RecordingRow)
        .join(SubjectRow)
        .join(CandidateRow)
        .where(CandidateRow.export_id == export_id, RecordingRow.path.is_not(None))
    )
    for rec in recs:
        if rec.sha256 is None or not (rec.probe or {}).get("readable"):
            continue
        if _has(s, rec.sha256, key):
            continue
        assert rec.path is not None
        minutes = float((rec.probe or {}).get("duration_s") or 60.0) / 60
        timeout = TIMEOUT_BASE_S + TIMEOUT_PER_MIN_S * max(minutes, 1.0)
        path = str(disk_path(root, rec.path))
        jobs.append(Job(("rec", rec.id), (path, cfg), timeout, identity_of_recording))
    roster = load_roster(root)
    for cand in s.scalars(select(CandidateRow).where(CandidateRow.export_id == export_id)):
        found = photo_sha(root, cand.candidate_id, roster)
        if found is not None and not _has(s, found[1], key):
            args = (str(found[0]), cfg)
            jobs.append(Job(("photo", cand.id), args, TIMEOUT_BASE_S, identity_of_photo))
    return jobs


def job_for(
    s: Session, root: Path, key: IdentityKey, settings: IdentitySettings
) -> Job[IdentityKey] | None:
    """The one job `key` names, if its templates are still to compute (the batch's)."""
    cfg = settings.config()
    kind, pk = key
    if kind == "rec":
        rec = s.get(RecordingRow, pk)
        if rec is None or rec.sha256 is None or rec.path is None:
            return None
        if not (rec.probe or {}).get("readable") or _has(s, rec.sha256, cfg.key()):
            return None
        minutes = float((rec.probe or {}).get("duration_s") or 60.0) / 60
        timeout = TIMEOUT_BASE_S + TIMEOUT_PER_MIN_S * max(minutes, 1.0)
        path = str(disk_path(root, rec.path))
        return Job(key, (path, cfg), timeout, identity_of_recording)
    cand = s.get(CandidateRow, pk)
    found = None if cand is None else photo_sha(root, cand.candidate_id)
    if found is None or _has(s, found[1], cfg.key()):
        return None
    return Job(key, (str(found[0]), cfg), TIMEOUT_BASE_S, identity_of_photo)


def store_identity(
    db: Database, root: Path, key: IdentityKey, cfg: IdentityConfig, outcome: Outcome[Any]
) -> None:
    """Keep a job's templates (a failure is logged, not stored: the next scan retries)."""
    kind, pk = key
    with db.session() as s:
        if kind == "rec":
            rec = s.get(RecordingRow, pk)
            sha, what = (None, "") if rec is None else (rec.sha256, str(rec.path))
        else:
            cand = s.get(CandidateRow, pk)
            found = None if cand is None else photo_sha(root, cand.candidate_id)
            sha, what = (None, "") if found is None else (found[1], str(found[0]))
        if sha is None:
            return
        value = outcome.value
        if not isinstance(value, RecordingIdentity):
            log.warning("%s: identity not computed: %s", what, outcome.error)
            return
        try:
            with s.begin_nested():
                s.add(
                    IdentityRow(
                        sha256=sha,
                        identity_key=cfg.key(),
                        kind="recording" if kind == "rec" else "photo",
                        meta=value.meta(),
                        vectors=pack(value.vectors()),
                    )
                )
        except IntegrityError:
            log.debug("identity of %s already stored by another writer", sha)


def purge_biometrics(s: Session, export_id: int | None) -> int:
    """Delete stored templates: of one export's recordings and photos, or all (None).
    Returns how many rows went. The flags (similarities, times, boxes) stay."""
    q = delete(IdentityRow)
    if export_id is not None:
        shas = set(
            s.scalars(
                select(RecordingRow.sha256)
                .join(SubjectRow)
                .join(CandidateRow)
                .where(CandidateRow.export_id == export_id, RecordingRow.sha256.is_not(None))
            )
        )
        export = s.get(ExportRow, export_id)
        if export is not None:
            root = Path(export.root)
            roster = load_roster(root)
            for cand in s.scalars(select(CandidateRow).where(CandidateRow.export_id == export_id)):
                found = photo_sha(root, cand.candidate_id, roster)
                if found is not None:
                    shas.add(found[1])
        q = q.where(IdentityRow.sha256.in_(shas))
    result = s.execute(q)
    return int(getattr(result, "rowcount", 0) or 0)
