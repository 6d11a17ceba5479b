"""manifest.csv parsing and its Ed25519 signature: every broken input gets a clear answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from analysis.flags import Camera, FlagType
from reviewer.errors import UserError
from reviewer.export import plan_export
from reviewer.manifest import load_public_key, read_manifest

HEADER = "candidate_id,subject,camera,path,sha256,started_at\n"
SHA = "a" * 64


def _export(tmp_path: Path, body: str, *, header: str = HEADER, bom: bool = False) -> Path:
    root = tmp_path / "export"
    (root / "A001" / "素描").mkdir(parents=True)
    for cam in ("main", "aux"):
        (root / "A001" / "素描" / f"{cam}.mp4").write_bytes(b"x")
    data = (header + body).encode("utf-8")
    (root / "manifest.csv").write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return root


def test_good_manifest_with_bom(tmp_path: Path) -> None:
    root = _export(
        tmp_path,
        f"A001,素描,main,A001/素描/main.mp4,{SHA.upper()},"
        "2026-06-01T09:00:00+08:00\n"
        f"A001,素描,aux,A001/素描/aux.mp4,{SHA},2026-06-01T09:00:03Z\n",
        bom=True,
    )
    m = read_manifest(root)
    assert m is not None and m.usable and m.errors == []
    assert [(r.camera, r.sha256) for r in m.rows] == [(Camera.MAIN, SHA), (Camera.AUX, SHA)]
    assert m.rows[0].started_at is not None and m.rows[0].started_at.utcoffset() is not None


def test_missing_columns_fall_back_to_layout(tmp_path: Path) -> None:
    root = _export(tmp_path, "A001,素描,main\n", header="candidate_id,subject,camera\n")
    plan = plan_export(root, None)
    assert (
        plan.manifest_errors
        and "missing columns path, sha256, started_at" in plan.manifest_errors[0]
    )
    assert [s.subject for s in plan.subjects] == ["素描"]  # found by layout instead


def test_row_problems_are_reported_not_fatal(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.mp4"
    outside.write_bytes(b"x")
    body = (
        f"A001,素描,main,A001/素描/main.mp4,{SHA},2026-06-01T09:00:00+08:00\n"
        f"A001,素描,main,A001/素描/main.mp4,{SHA},2026-06-01T09:00:00+08:00\n"  # duplicate
        f"A001,素描,side,A001/素描/aux.mp4,{SHA},\n"  # unknown camera
        "A001,素描,aux,A001/素描/aux.mp4,zz-not-hex,2026-06-01 09:00\n"  # bad hex, no tz
        f"B002,色彩,main,../elsewhere.mp4,{SHA},\n"  # climbs out
        f"B002,色彩,aux,{outside},{SHA},\n"  # absolute
    )
    root = _export(tmp_path, body)
    (root / "link.mp4").symlink_to(outside)
    with open(root / "manifest.csv", "a", encoding="utf-8") as fh:
        fh.write(f"C003,速写,main,link.mp4,{SHA},\n")
    plan = plan_export(root, None)
    errors = "\n".join(plan.manifest_errors)
    assert "line 3: duplicate of line 2" in errors
    assert "unknown camera 'side'" in errors
    assert "not 64 hex digits" in errors
    assert "has no timezone" in errors
    assert "climbs out" in errors
    assert "absolute path" in errors
    assert "resolves outside the export" in errors
    subjects = {(s.candidate_id, s.subject): s for s in plan.subjects}
    a = subjects[("A001", "素描")].recordings
    assert a[Camera.AUX].path == "A001/素描/aux.mp4" and a[Camera.AUX].expected_sha256 is None
    b = subjects[("B002", "色彩")].recordings
    assert b[Camera.MAIN].path is None and b[Camera.MAIN].missing_reason == "manifest_path_refused"
    assert b[Camera.MAIN].missing_facts == {
        "path": "../elsewhere.mp4",
        "line": 6,
        "why": "parent_dir",
    }
    assert b[Camera.AUX].path is None


def test_not_utf8_manifest_is_ignored_with_reason(tmp_path: Path) -> None:
    root = _export(tmp_path, "")
    (root / "manifest.csv").write_bytes(HEADER.encode() + "A001,素描,main,x,,\n".encode("gbk"))
    plan = plan_export(root, None)
    assert "not UTF-8" in plan.manifest_errors[0]
    assert len(plan.subjects) == 1


def _keypair(tmp_path: Path) -> tuple[Ed25519PrivateKey, Path]:
    key = Ed25519PrivateKey.generate()
    pem = tmp_path / "key.pem"
    pem.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return key, pem


def _sig_flags(root: Path, pem: Path) -> list[str]:
    plan = plan_export(root, load_public_key(pem))
    assert all(f.type == FlagType.SIGNATURE_INVALID for f in plan.export_flags)
    return [f.detail for f in plan.export_flags]


def test_signature_ok_wrong_missing_and_short(tmp_path: Path) -> None:
    root = _export(tmp_path, f"A001,素描,main,A001/素描/main.mp4,{SHA},\n")
    key, pem = _keypair(tmp_path)
    sig = root / "manifest.csv.sig"
    assert _sig_flags(root, pem) == ["manifest.csv.sig is missing"]
    sig.write_bytes(key.sign((root / "manifest.csv").read_bytes()))
    assert _sig_flags(root, pem) == []
    assert plan_export(root, load_public_key(pem)).signature == "ok"
    sig.write_bytes(Ed25519PrivateKey.generate().sign((root / "manifest.csv").read_bytes()))
    assert "does not verify" in _sig_flags(root, pem)[0]
    sig.write_bytes(b"\x00" * 63)
    assert "63 bytes" in _sig_flags(root, pem)[0]


def test_tampered_manifest_fails_signature(tmp_path: Path) -> None:
    root = _export(tmp_path, f"A001,素描,main,A001/素描/main.mp4,{SHA},\n")
    key, pem = _keypair(tmp_path)
    (root / "manifest.csv.sig").write_bytes(key.sign((root / "manifest.csv").read_bytes()))
    with open(root / "manifest.csv", "a", encoding="utf-8") as fh:
        fh.write(f"A001,素描,aux,A001/素描/aux.mp4,{SHA},\n")
    assert "does not verify" in _sig_flags(root, pem)[0]


def test_key_configured_but_no_manifest(tmp_path: Path) -> None:
    _, pem = _keypair(tmp_path)
    root = tmp_path / "bare"
    root.mkdir()
    assert "no manifest.csv" in _sig_flags(root, pem)[0]


def test_bad_key_files_are_user_errors(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_text("not a key")
    with pytest.raises(UserError, match="not a PEM public key"):
        load_public_key(junk)
    with pytest.raises(UserError, match="cannot read manifest key"):
        load_public_key(tmp_path / "absent.pem")
    rsa_pem = tmp_path / "rsa.pem"
    rsa_pem.write_bytes(
        rsa.generate_private_key(public_exponent=65537, key_size=1024)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    with pytest.raises(UserError, match="not Ed25519"):
        load_public_key(rsa_pem)
