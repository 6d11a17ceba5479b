"""ORM models. The schema itself is owned by the Alembic migrations next door;
`tests/test_storage.py` checks the two agree."""

from __future__ import annotations

from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(when: datetime) -> datetime:
    """SQLite hands times back without their zone; they are UTC."""
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON}


class ExportRow(Base):
    __tablename__ = "exports"
    id: Mapped[int] = mapped_column(primary_key=True)
    root: Mapped[str] = mapped_column(Text, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # What the last scan learnt about the export as a whole (manifest, warnings).
    info: Mapped[dict[str, Any]] = mapped_column(default=dict)
    candidates: Mapped[list[CandidateRow]] = relationship(back_populates="export")


class CandidateRow(Base):
    __tablename__ = "candidates"
    __table_args__ = (UniqueConstraint("export_id", "candidate_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    export_id: Mapped[int] = mapped_column(ForeignKey("exports.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[str] = mapped_column(Text)
    export: Mapped[ExportRow] = relationship(back_populates="candidates")
    subjects: Mapped[list[SubjectRow]] = relationship(back_populates="candidate")


class SubjectRow(Base):
    __tablename__ = "subjects"
    __table_args__ = (UniqueConstraint("candidate_pk", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_pk: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(Text)
    # Alignment of the pair (migration 0002): aux started align_offset_s after main.
    align_offset_s: Mapped[float | None] = mapped_column(Float)
    align_confidence: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    align_method: Mapped[str] = mapped_column(String(16), default="none", server_default="none")
    align_drift_ppm: Mapped[float | None] = mapped_column(Float)
    align_detail: Mapped[str] = mapped_column(Text, default="", server_default="")
    align_mismatch: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # sha256 of main and aux and the alignment version: unchanged key, no new work
    align_key: Mapped[str | None] = mapped_column(String(160))
    # The alignment's score and notes as facts (migration 0005): the desk words them.
    align_facts: Mapped[dict[str, Any] | None] = mapped_column()
    candidate: Mapped[CandidateRow] = relationship(back_populates="subjects")
    recordings: Mapped[list[RecordingRow]] = relationship(back_populates="subject")


class RecordingRow(Base):
    __tablename__ = "recordings"
    __table_args__ = (UniqueConstraint("subject_id", "camera"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(
        ForeignKey("subjects.id", ondelete="CASCADE"), index=True
    )
    camera: Mapped[str] = mapped_column(String(8))
    path: Mapped[str | None] = mapped_column(Text)  # None: missing
    missing_reason: Mapped[str | None] = mapped_column(Text)
    expected_sha256: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    # (size, mtime_ns, ctime_ns, inode): when unchanged, the stored sha256 still holds.
    stat_key: Mapped[str | None] = mapped_column(String(128))
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    # The ProbeResult (as JSON) behind this recording's integrity flags.
    probe: Mapped[dict[str, Any] | None] = mapped_column()
    # Why behaviour detection failed on this file (a crashed or hung model), if it did.
    detect_error: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[SubjectRow] = relationship(back_populates="recordings")


class ProbeRow(Base):
    """Cached analysis of file contents, keyed on (sha256, analysis version)."""

    __tablename__ = "probes"
    __table_args__ = (UniqueConstraint("sha256", "analysis_version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    analysis_version: Mapped[str] = mapped_column(String(32))
    result: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DetectionRow(Base):
    """Cached detector output for file contents, keyed on (sha256, detection config key)."""

    __tablename__ = "detections"
    __table_args__ = (UniqueConstraint("sha256", "detect_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    detect_key: Mapped[str] = mapped_column(String(512))
    result: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SpeechRow(Base):
    """Cached speech analysis of file contents (migration 0009), keyed on (sha256,
    speech settings key): segments, and for spoken subjects transcript and languages
    (`analysis.speech.segments.SpeechResult` as JSON)."""

    __tablename__ = "speech"
    __table_args__ = (UniqueConstraint("sha256", "speech_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    speech_key: Mapped[str] = mapped_column(String(512))
    result: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IdentityRow(Base):
    """Face identity templates of file contents (migration 0008): biometric data.

    Keyed on (sha256, identity key) like the detection cache; `vectors` holds the
    template and per-segment template embeddings (float32), `meta` the times, boxes
    and counts. Never copied into the JSON report; `purge-biometrics` deletes rows."""

    __tablename__ = "identity_templates"
    __table_args__ = (UniqueConstraint("sha256", "identity_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    identity_key: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # recording | photo
    meta: Mapped[dict[str, Any]] = mapped_column()
    vectors: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ScanRow(Base):
    __tablename__ = "scans"
    id: Mapped[int] = mapped_column(primary_key=True)
    export_id: Mapped[int] = mapped_column(ForeignKey("exports.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # running | completed | cancelled | interrupted (its process died, or it raised)
    status: Mapped[str] = mapped_column(String(16), default="running")
    analysis_version: Mapped[str] = mapped_column(String(32))
    total: Mapped[int] = mapped_column(default=0)
    analysed: Mapped[int] = mapped_column(default=0)
    reused: Mapped[int] = mapped_column(default=0)
    # Who runs it (migration 0006): a later scan marks it interrupted once that
    # process is gone (same host), or after store.STALE_SCAN_AFTER (any host).
    host: Mapped[str | None] = mapped_column(Text)
    pid: Mapped[int | None] = mapped_column()


class FlagRow(Base):
    __tablename__ = "flags"
    id: Mapped[int] = mapped_column(primary_key=True)
    export_id: Mapped[int] = mapped_column(ForeignKey("exports.id", ondelete="CASCADE"), index=True)
    subject_id: Mapped[int | None] = mapped_column(
        ForeignKey("subjects.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(32))
    camera: Mapped[str] = mapped_column(String(8))
    start_s: Mapped[float | None] = mapped_column(Float)
    end_s: Mapped[float | None] = mapped_column(Float)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    source: Mapped[str] = mapped_column(String(8))
    detail: Mapped[str] = mapped_column(Text, default="")
    # What the detail says, as a reason code and numbers (migration 0005): the desk
    # words them in the grader's language; the report keeps the English detail.
    reason: Mapped[str] = mapped_column(String(32), default="", server_default="")
    facts: Mapped[dict[str, Any] | None] = mapped_column()
    scan_id: Mapped[int | None] = mapped_column(ForeignKey("scans.id", ondelete="SET NULL"))
    # A machine flag a later scan no longer produces, kept because a grader decided on it.
    stale: Mapped[bool] = mapped_column(Boolean, default=False)
    # For AI flags: the strongest frame's time and the observations (boxes) seen there.
    evidence: Mapped[dict[str, Any] | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DecisionRow(Base):
    """A grader's decision on a flag or a subject verdict (filled by the review desk)."""

    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(
        ForeignKey("subjects.id", ondelete="CASCADE"), index=True
    )
    flag_id: Mapped[int | None] = mapped_column(
        ForeignKey("flags.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # confirm | dismiss | uncertain | verdict
    value: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
    grader: Mapped[str] = mapped_column(Text)
    # The database's clock (migration 0006), not the workstation's. Which decision
    # is the latest is the database's order: the greatest id.
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    __mapper_args__: Any = MappingProxyType({"eager_defaults": True})  # time fetched on insert


class AuditRow(Base):
    """One entry of the tamper-evident audit log (migration 0007): every write, as a
    chain. `hash` is sha256 over the entry's canonical content and the previous
    entry's hash (`reviewer.audit.chain`); `seq` numbers the chain 1, 2, 3...

    Rows are never updated or deleted. `subject_id` and `flag_id` are plain
    numbers, not foreign keys: a cascade must not rewrite a logged entry."""

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    # The database's clock; the log's order is `seq`'s.
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    grader: Mapped[str] = mapped_column(Text)  # the actor: a grader, committee member or system
    role: Mapped[str] = mapped_column(String(16))  # grader | committee | system
    action: Mapped[str] = mapped_column(String(32))  # decide_flag | add_flag | verdict | ...
    subject_id: Mapped[int | None] = mapped_column(index=True)
    flag_id: Mapped[int | None] = mapped_column()
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHeadRow(Base):
    """The chain's head (one row, id 1): the lock every append takes, and the
    count and hash the next entry links to."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


class AuditCheckpointRow(Base):
    """The head hash and count at a moment, signed with Ed25519 where a key is
    configured (`signature` and `key_id` None: unsigned)."""

    __tablename__ = "audit_checkpoints"
    id: Mapped[int] = mapped_column(primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger)
    head: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str] = mapped_column(String(32))  # scan_end | evidence_export | every_n | ...
    key_id: Mapped[str | None] = mapped_column(String(64))
    signature: Mapped[str | None] = mapped_column(String(128))  # hex
