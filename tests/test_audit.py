"""The tamper-evident audit log: `audit verify` catches every kind of tampering.

Each test builds its chain through the domain functions (decisions, verdicts, a
manual flag, a settings change, an evidence export with a checkpoint signed by
a key generated in the test), on a SQLite file and a throwaway PostgreSQL
schema, then tampers with the database by SQL as a database user could, and
runs `main.py audit verify` in-process.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from sqlalchemy import delete, text, update

from analysis.flags import Camera, Flag, FlagType
from reviewer import audit, review, store
from reviewer.audit.chain import entry_hash
from reviewer.audit.head import GENESIS
from reviewer.audit.verify import Entry, db_entries
from reviewer.cli import main
from reviewer.export import ExportPlan, PlannedRecording, PlannedSubject
from reviewer.review import FlagDecision, Verdict
from reviewer.storage.db import Database
from reviewer.storage.models import AuditCheckpointRow, AuditHeadRow, AuditRow, ScanRow
from tests.pg import database


def write_keys(folder: Path, name: str = "audit") -> tuple[Path, Path]:
    """A fresh Ed25519 key pair as PEM files: (private, public)."""
    key = Ed25519PrivateKey.generate()
    priv, pub = folder / f"{name}.pem", folder / f"{name}.pub.pem"
    priv.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    pub.write_bytes(key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo))
    return priv, pub


@pytest.fixture
def keys(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """This process signs checkpoints with a fresh key while the test runs."""
    priv, pub = write_keys(tmp_path)
    audit.configure(priv)
    yield priv, pub
    audit.configure(None)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    with database(request.param, tmp_path) as db:
        yield db


def one_flag(db: Database) -> tuple[int, int]:
    """An export with one subject and one machine flag: (subject id, flag id)."""
    main_rec = {Camera.MAIN: PlannedRecording(Camera.MAIN, "c/s/main.mp4")}
    with db.session() as s:
        export, subjects = store.sync_plan(
            s, ExportPlan(Path("/e"), [PlannedSubject("c", "s", main_rec)])
        )
        scan = ScanRow(export_id=export.id, analysis_version="test")
        s.add(scan)
        s.flush()
        subject_id = subjects[("c", "s")].id
        flag = Flag(FlagType.UNREADABLE, Camera.MAIN, "", start_s=1, end_s=2)
        store.replace_machine_flags(
            s, export.id, subject_id, [flag], scan.id, frozenset({FlagType.UNREADABLE.value})
        )
    with db.session() as s:
        fid = s.scalars(text("select id from flags")).one()
    return subject_id, int(fid)


def six_entries(db: Database) -> int:
    """Entries 1-6: decide, decide, manual flag, verdict, settings change, evidence
    export (which writes the checkpoint at 6). Returns the subject id."""
    subject_id, fid = one_flag(db)
    with db.session() as s:
        review.decide_flag(s, fid, FlagDecision.CONFIRM, "Li", "phone in hand")
    with db.session() as s:
        review.decide_flag(s, fid, FlagDecision.DISMISS, "Wang", "a pen")
    with db.session() as s:
        review.add_manual_flag(s, subject_id, FlagType.PHONE, Camera.AUX, 3, 5, "Li", "second")
    with db.session() as s:
        review.set_verdict(s, subject_id, Verdict.VIOLATION, "Li", "rule 4", "phone")
    with db.session() as s:
        audit.record_settings_change(s, "Li", "grader", {"rules": {"phone_min_s": "2.0"}})
    with db.session() as s:
        cp = audit.record_evidence_export(s, "Zhao", "committee", [subject_id], "/tmp/ev.zip")
    assert cp.count == 6 and cp.signature
    return subject_id


def run_verify(db: Database, *extra: str) -> int:
    return main(["audit", "verify", "--db", db.url, *extra])


def test_an_untouched_chain_verifies(
    any_db: Database, keys: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Input: the six entries and their signed checkpoint, untouched. Exit 0,
    with and without the key; the trail lists the subject's actions in order."""
    subject_id = six_entries(any_db)
    assert run_verify(any_db, "--key", str(keys[1])) == 0
    out = capsys.readouterr().out
    assert "audit log OK: 6 entries" in out and "covering entries 1..6" in out
    assert run_verify(any_db) == 0
    assert "no --key" in capsys.readouterr().out
    with any_db.session() as s:
        trail = [(a.grader, a.role, a.action) for a in review.audit_trail(s, subject_id)]
    assert trail == [
        ("Li", "grader", "decide_flag"),
        ("Wang", "grader", "decide_flag"),
        ("Li", "grader", "add_flag"),
        ("Li", "grader", "verdict"),
        ("Zhao", "committee", "evidence_export"),
    ]


def _edit_note(db: Database) -> None:
    with db.session() as s:
        row = s.query(AuditRow).filter_by(seq=2).one()
        s.execute(
            update(AuditRow).where(AuditRow.seq == 2).values(detail={**row.detail, "note": "x"})
        )


def _delete_middle(db: Database) -> None:
    with db.session() as s:
        s.execute(delete(AuditRow).where(AuditRow.seq == 3))


def _delete_tail(db: Database) -> None:
    """Entries 5 and 6 deleted, and the head row set back to entry 4 to hide it."""
    with db.session() as s:
        s.execute(delete(AuditRow).where(AuditRow.seq > 4))
        h = s.query(AuditRow).filter_by(seq=4).one().hash
        s.execute(update(AuditHeadRow).values(count=4, hash=h))


def _swap(db: Database) -> None:
    with db.session() as s:
        for old, new in ((2, -1), (3, 2), (-1, 3)):
            s.execute(update(AuditRow).where(AuditRow.seq == old).values(seq=new))


def _rewrite(db: Database, forged_at: int) -> None:
    """A forged entry put at `forged_at`, every later entry renumbered and hashed
    again, and the head row moved on: a chain that links, but is not the one signed."""
    with db.session() as s:
        entries = list(db_entries(s))
        forged = entries[forged_at - 1]._replace(
            actor="Mallory", action="verdict", detail={"verdict": "no_violation"}
        )
        entries.insert(forged_at - 1, forged)
        s.execute(delete(AuditRow))
        prev = GENESIS
        for seq, e in enumerate(entries, 1):
            digest = entry_hash(
                seq, e.at, e.actor, e.role, e.action, e.subject_id, e.flag_id, e.detail, prev
            )
            at = datetime.strptime(e.at, "%Y-%m-%dT%H:%M:%S.%f%z")
            s.add(_row(e._replace(seq=seq, prev_hash=prev, hash=digest), at))
            prev = digest
        s.flush()
        s.execute(update(AuditHeadRow).values(count=len(entries), hash=prev))


def _row(e: Entry, at: datetime) -> AuditRow:
    return AuditRow(
        seq=e.seq,
        at=at,
        grader=e.actor,
        role=e.role,
        action=e.action,
        subject_id=e.subject_id,
        flag_id=e.flag_id,
        detail=e.detail,
        prev_hash=e.prev_hash,
        hash=e.hash,
    )


def _insert_rehashed(db: Database) -> None:
    _rewrite(db, 3)


def _insert_and_resign(db: Database) -> None:
    """As `_insert_rehashed`, and the genuine checkpoint replaced by one over the
    forged head, signed with the forger's own key."""
    _rewrite(db, 3)
    with tempfile.TemporaryDirectory() as folder:
        priv, _ = write_keys(Path(folder))
        audit.configure(priv)  # the `keys` fixture resets it
    with db.session() as s:
        s.execute(delete(AuditCheckpointRow))
        audit.write_checkpoint(s, "evidence_export")


@pytest.mark.parametrize(
    ("tamper", "first_bad", "says"),
    [
        (_edit_note, 2, "does not match its hash: edited"),
        (_delete_middle, 3, "entry 3 missing"),
        (_delete_tail, 5, "entries 5..6 were deleted (truncated)"),
        (_swap, 2, "does not match its hash"),
        (_insert_rehashed, 6, "entries up to 6 were rewritten"),
        (_insert_and_resign, 1, "signature does not verify"),
    ],
)
def test_verify_names_the_first_bad_entry(
    any_db: Database,
    keys: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    tamper: object,
    first_bad: int,
    says: str,
) -> None:
    """Input: the six entries and their checkpoint (signed at 6), then one
    tampering by SQL: an entry's note edited; entry 3 deleted; entries 5-6
    deleted and the head row set back; entries 2 and 3 swapped; a forged entry
    inserted at 3 with every hash recomputed (a chain that links), and the same
    with the genuine checkpoint replaced by one signed with another key.
    `audit verify --key` exits 1 and names the first bad entry."""
    six_entries(any_db)
    assert callable(tamper)
    tamper(any_db)
    assert run_verify(any_db, "--key", str(keys[1])) == 1
    err = capsys.readouterr().err
    assert f"first bad entry {first_bad}" in err
    assert says in err


def test_a_cut_tail_without_a_key_is_still_seen_by_the_unsigned_checkpoint(
    any_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    """Input: the six entries with no key configured (the checkpoint at 6 is
    unsigned), then entries 5-6 deleted and the head row set back. Verify
    without a key exits 1; the signature-free check says what it proves less."""
    subject_id, fid = one_flag(any_db)
    for grader in ("Li", "Wang", "Li", "Wang", "Li"):
        with any_db.session() as s:
            review.decide_flag(s, fid, FlagDecision.CONFIRM, grader)
    with any_db.session() as s:
        cp = audit.record_evidence_export(s, "Zhao", "committee", [subject_id], "/tmp/e")
    assert cp.count == 6 and cp.signature is None
    _delete_tail(any_db)
    assert run_verify(any_db) == 1
    captured = capsys.readouterr()
    assert "entries 5..6 were deleted" in captured.err and "no --key" in captured.out


def test_a_key_requires_signed_checkpoints(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Input: a SQLite chain of six entries whose checkpoint is unsigned (no key
    configured). `audit verify --key PUB` exits 1: nothing signed proves it."""
    subject_id, fid = one_flag(db)
    with db.session() as s:
        review.decide_flag(s, fid, FlagDecision.CONFIRM, "Li")
        audit.record_evidence_export(s, "Zhao", "committee", [subject_id], "/tmp/e")
    _, pub = write_keys(tmp_path)
    assert run_verify(db, "--key", str(pub)) == 1
    assert "no checkpoint signed by key" in capsys.readouterr().err


def test_export_writes_a_file_that_verifies_offline(
    db: Database, keys: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Input: the six entries on SQLite, exported with `audit export` (which
    appends its own entry and a signed checkpoint). The file verifies with
    `audit verify --jsonl --key`; with one entry's note edited in the file, it
    does not, and entry 2 is named."""
    six_entries(db)
    out = tmp_path / "audit.jsonl"
    assert main(["audit", "export", "--db", db.url, "--out", str(out), "--actor", "Zhao"]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [x["kind"] for x in lines].count("entry") == 7
    assert [x["kind"] for x in lines].count("checkpoint") == 2
    assert main(["audit", "verify", "--jsonl", str(out), "--key", str(keys[1])]) == 0
    assert "covering entries 1..7" in capsys.readouterr().out
    lines[2]["detail"]["note"] = "edited"
    out.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    assert main(["audit", "verify", "--jsonl", str(out), "--key", str(keys[1])]) == 1
    assert "first bad entry 2" in capsys.readouterr().err


def test_checkpoint_every_n_entries_with_a_key(db: Database, tmp_path: Path) -> None:
    """Input: a key configured with checkpoint_every=3, then seven decisions on
    SQLite. Signed checkpoints are written at entries 3 and 6."""
    priv, _ = write_keys(tmp_path)
    audit.configure(priv, every=3)
    try:
        _, fid = one_flag(db)
        for n in range(7):
            with db.session() as s:
                review.decide_flag(s, fid, FlagDecision.CONFIRM, f"g{n}")
    finally:
        audit.configure(None)
    with db.session() as s:
        cps = [(c.count, c.reason, bool(c.signature)) for c in s.query(AuditCheckpointRow)]
    assert cps == [(3, "every_n", True), (6, "every_n", True)]


def test_an_actor_and_a_role_are_required(db: Database) -> None:
    """Input: appends built by hand with an empty actor and an unknown role: refused."""
    with db.session() as s:
        with pytest.raises(ValueError, match="actor"):
            audit.append(s, "  ", "grader", "verdict")
        with pytest.raises(ValueError, match="role"):
            audit.append(s, "Li", "admin", "verdict")


def test_the_fast_hash_is_the_canonical_json_of_the_content() -> None:
    """Input: entries built by hand with quotes, backslashes, newlines, Chinese,
    None ids and a nested detail. `entry_hash` (spelt out for speed) equals
    sha256 of the canonical JSON of `entry_content` (what migration 0007 hashes)."""
    import hashlib

    from reviewer.audit.chain import entry_content
    from reviewer.audit.head import canonical

    for args in (
        (1, "2026-01-01T00:00:00.000000Z", "李明", "grader", "verdict", None, None, {}, GENESIS),
        (
            99,
            "2026-06-01T08:00:00.123456Z",
            'Wang "the\\second"\n',
            "committee",
            "committee_ruling",
            12,
            7,
            {"note": "手机 📱", "n": [1, 2.5, None, True], "z": {"b": 1, "a": 2}},
            "ab" * 32,
        ),
    ):
        expected = hashlib.sha256(canonical(entry_content(*args)).encode()).hexdigest()
        assert entry_hash(*args) == expected


def test_a_scan_writes_its_start_end_and_a_signed_checkpoint(
    db: Database, keys: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Input: an export folder made here with one candidate whose main file is 100
    bytes of zeros (unreadable), scanned on SQLite without detection as "Zhao".
    The log gains scan_start and scan_end (role system, with the counts) and a
    checkpoint signed at the scan's end; `audit verify --key` passes."""
    from reviewer.scan import ScanOptions, run_scan

    export = tmp_path / "export"
    (export / "c001" / "sketch").mkdir(parents=True)
    (export / "c001" / "sketch" / "main.mp4").write_bytes(bytes(100))
    summary = run_scan(db, export, ScanOptions(workers=0, detect=None, actor="Zhao"))
    with db.session() as s:
        rows = [(r.grader, r.role, r.action, r.detail) for r in s.query(AuditRow)]
        cps = [(c.count, c.reason, bool(c.signature)) for c in s.query(AuditCheckpointRow)]
    assert [r[:3] for r in rows] == [
        ("Zhao", "system", "scan_start"),
        ("Zhao", "system", "scan_end"),
    ]
    assert rows[1][3]["status"] == summary.status == "completed"
    assert rows[1][3]["scan_id"] == summary.scan_id and rows[1][3]["counts"]["recordings"] == 1
    assert cps == [(2, "scan_end", True)]
    assert run_verify(db, "--key", str(keys[1])) == 0


def test_the_audit_table_of_the_config_file(tmp_path: Path) -> None:
    """Input: config files written here. `[audit] signing_key` is relative to the
    file and `checkpoint_every` is read; an unknown key or a period of 0 is a
    UserError; `configure` refuses a key file that is not an Ed25519 private key."""
    from reviewer.config import load_config
    from reviewer.errors import UserError

    cfg_file = tmp_path / "config.toml"
    cfg_file.write_text('[audit]\nsigning_key = "keys/a.pem"\ncheckpoint_every = 50\n')
    cfg = load_config(cfg_file)
    assert cfg.audit.signing_key == tmp_path / "keys" / "a.pem"
    assert cfg.audit.checkpoint_every == 50
    for bad in ('[audit]\nkey = "a.pem"\n', "[audit]\ncheckpoint_every = 0\n"):
        cfg_file.write_text(bad)
        with pytest.raises(UserError, match="audit"):
            load_config(cfg_file)
    _, pub = write_keys(tmp_path)
    with pytest.raises(UserError, match="signing key"):
        audit.configure(pub)


def test_main_py_audit_verify_exit_status(db: Database, tmp_path: Path) -> None:
    """Input: four decisions on SQLite (no checkpoint), checked by running
    `python main.py audit verify --db URL` as a user would: exit 0; after an
    UPDATE of entry 4's detail, exit 1 with the entry named on stderr."""
    import subprocess
    import sys

    main_py = Path(__file__).resolve().parents[1] / "main.py"
    _, fid = one_flag(db)
    with db.session() as s:
        for grader in ("Li", "Wang", "Li", "Wang"):
            review.decide_flag(s, fid, FlagDecision.CONFIRM, grader)
    cmd = [sys.executable, str(main_py), "audit", "verify", "--db", db.url]
    ok = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    with db.session() as s:
        s.execute(update(AuditRow).where(AuditRow.seq == 4).values(detail={"note": "x"}))
    bad = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert ok.returncode == 0, ok.stderr
    assert bad.returncode == 1 and "first bad entry 4" in bad.stderr
