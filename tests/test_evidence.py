"""Evidence packages (issue #15): what they hold, and `verify` on untouched and
tampered packages.

Media: the `make-example` export (`example_files`, made with PyAV by
`analysis.synth.pairs`: 30 s pairs, H.264 + AAC, known aux offsets), scanned
without detection; subject 2026005/速写 then gets two grader flags (a phone on
main with stored evidence boxes, a second person on aux), confirmed, and a
verdict. Keys are generated Ed25519 keys.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from analysis.flags import Camera, FlagType
from analysis.media.video import open_video
from reviewer.cli import main
from reviewer.evidence.bag import verify
from reviewer.evidence.gather import POST_ROLL_S, PRE_ROLL_S, Clock
from reviewer.evidence.package import Cancelled, export_evidence
from reviewer.example import ExampleFiles
from reviewer.review import (
    FlagDecision,
    Verdict,
    add_manual_flag,
    audit_trail,
    decide_flag,
    set_verdict,
)
from reviewer.storage.db import open_database
from reviewer.storage.models import AuditCheckpointRow, CandidateRow, FlagRow, SubjectRow

CANDIDATE, SUBJECT = "2026005", "速写"


def _pem_pair(folder: Path, name: str) -> tuple[Path, Path]:
    key = Ed25519PrivateKey.generate()
    priv, pub = folder / f"{name}.pem", folder / f"{name}.pub"
    priv.write_bytes(
        key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption())
    )
    pub.write_bytes(
        key.public_key().public_bytes(ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo)
    )
    return priv, pub


@pytest.fixture(scope="module")
def made(
    example_files: ExampleFiles,
    scanned_example_db: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Any]:
    """The session's scan of the example export (copied), flagged; a signed zh_CN package
    and an unsigned en one."""
    tmp = tmp_path_factory.mktemp("evidence")
    shutil.copyfile(scanned_example_db, tmp / "review.db")
    url = f"sqlite:///{tmp / 'review.db'}"
    db = open_database(url)
    with db.session() as s:
        sid = s.scalar(
            select(SubjectRow.id)
            .join(CandidateRow)
            .where(CandidateRow.candidate_id == CANDIDATE, SubjectRow.name == SUBJECT)
        )
        assert sid is not None
        phone = add_manual_flag(s, sid, FlagType.PHONE, Camera.MAIN, 10.0, 14.0, "王老师", "右手")
        other = add_manual_flag(s, sid, FlagType.SECOND_PERSON, Camera.AUX, 18.0, 20.0, "王老师")
        row = s.get(FlagRow, phone)
        assert row is not None
        box = {"t": 12.0, "kind": "object", "label": "cell phone", "score": 0.8}
        row.evidence = {"best_t": 12.0, "observations": [{**box, "box": [0.5, 0.4, 0.7, 0.8]}]}
        decide_flag(s, phone, FlagDecision.CONFIRM, "王老师", note="确认使用手机")
        decide_flag(s, other, FlagDecision.CONFIRM, "Li")
        set_verdict(s, sid, Verdict.VIOLATION, "王老师", note="违规")
        s.commit()
    priv, pub = _pem_pair(tmp, "institution")
    _, wrong = _pem_pair(tmp, "other")
    zh = tmp / "zh"
    rc = main(
        [
            "evidence",
            CANDIDATE,
            SUBJECT,
            "--db",
            url,
            "--out",
            str(zh),
            "--sign-key",
            str(priv),
            "--language",
            "zh_CN",
            "--grader",
            "王老师",
        ]
    )
    assert rc == 0
    progress: list[tuple[int, int]] = []
    en = export_evidence(
        db,
        CANDIDATE,
        SUBJECT,
        tmp / "en",
        grader="Li",
        flags="all",
        language="en",
        on_progress=lambda d, t: progress.append((d, t)),
    )
    yield {
        "db": db,
        "sid": sid,
        "zh": zh,
        "en": en.path,
        "pub": pub,
        "wrong": wrong,
        "progress": progress,
        "export": example_files.export,
    }
    db.close()


def _copy(made: dict[str, Any], tmp_path: Path) -> Path:
    dst = tmp_path / "pkg"
    shutil.copytree(made["zh"], dst)
    return dst


def test_an_untouched_package_verifies(made: dict[str, Any], capsys: pytest.CaptureFixture[str]):
    assert main(["verify", str(made["zh"]), "--key", str(made["pub"])]) == 0
    out = capsys.readouterr().out
    assert "signature: valid" in out and "OK" in out
    unsigned = verify(made["en"], None)
    assert unsigned.ok and unsigned.signature == "absent" and unsigned.files > 10


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("tamper", "kind", "name"),
    [
        ("clip_byte", "CHANGED", "data/clips/flag-"),
        ("removed", "MISSING", "data/stills/"),
        ("added", "EXTRA", "data/clips/extra.mp4"),
        ("report", "CHANGED", "data/report.pdf"),
        ("wrong_key", "SIGNATURE", "tagmanifest-sha256.txt.sig"),
    ],
)
def test_verify_names_what_changed(
    made: dict[str, Any],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    tamper: str,
    kind: str,
    name: str,
):
    pkg = _copy(made, tmp_path)
    key = made["pub"]
    if tamper == "clip_byte":
        _flip(sorted((pkg / "data" / "clips").iterdir())[0])
    elif tamper == "removed":
        sorted((pkg / "data" / "stills").iterdir())[0].unlink()
    elif tamper == "added":
        (pkg / "data" / "clips" / "extra.mp4").write_bytes(b"\x00" * 100)
    elif tamper == "report":
        _flip(pkg / "data" / "report.pdf")
    else:
        key = made["wrong"]
    assert main(["verify", str(pkg), "--key", str(key)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith(f"{kind}: {name}") for line in lines), lines
    assert lines[-1].endswith("FAILED (1 problems)")


def test_verify_refuses_unusable_arguments(tmp_path: Path, made: dict[str, Any]):
    assert main(["verify", str(tmp_path)]) == 2  # not a bag
    assert main(["verify", str(made["zh"]), "--key", str(tmp_path / "absent.pub")]) == 2


def test_evidence_refuses_a_folder_in_use(made: dict[str, Any], tmp_path: Path):
    (tmp_path / "x").write_text("x")
    url = made["db"].url
    args = ["evidence", CANDIDATE, SUBJECT, "--db", url, "--out", str(tmp_path)]
    assert main(args) == 2
    assert main(["evidence", "nobody", SUBJECT, "--db", url, "--out", str(tmp_path / "n")]) == 2


def _manifest(pkg: Path) -> dict[str, Any]:
    return json.loads((pkg / "data" / "manifest.json").read_text(encoding="utf-8"))


def _frame_times(path: Path) -> tuple[float, float, float]:
    """(first, last, fps) decoded from the clip itself."""
    with open_video(path) as vf:
        fps = vf.info().fps or 30.0
        times = [f.pts_s for f in vf.frames(gray=True, size=(64, 36))]
    return times[0], times[-1], fps


def test_clips_cover_the_flag_on_both_cameras(made: dict[str, Any]):
    doc = _manifest(made["zh"])
    offset = doc["alignment"]["offset_s"] or 0.0
    clock = Clock(offset, doc["alignment"]["drift_ppm"] or 0.0)
    assert len(doc["flags"]) == 2
    for f in doc["flags"]:
        m0, m1 = f["main_span_s"]
        clips = {c["camera"]: c for c in f["clips"]}
        assert set(clips) == {"main", "aux"}
        for cam, c in clips.items():
            first, last, fps = _frame_times(made["zh"] / "data" / c["file"])
            shift = c["clip_to_source_shift_s"]
            assert c["method"] == "stream_copy"
            assert first + shift == pytest.approx(c["in_s"], abs=1e-3)
            assert last + shift == pytest.approx(c["out_s"], abs=1e-3)
            want_in = max(0.0, m0 - PRE_ROLL_S)
            want_out = m1 + POST_ROLL_S
            if cam == "aux":  # the same moment through the offset
                want_in, want_out = max(0.0, clock.to_aux(want_in)), clock.to_aux(want_out)
                assert c["asked_in_s"] == pytest.approx(max(0.0, m0 - PRE_ROLL_S - offset), 1e-3)
            assert c["asked_in_s"] == pytest.approx(want_in, abs=1e-3)
            assert c["in_s"] <= want_in + 1e-3
            assert c["out_s"] + 1.0 / fps >= min(want_out, 30.0 - 1.0 / fps) - 1e-3
        sbs = made["zh"] / "data" / f["side_by_side"]
        first, last, _ = _frame_times(sbs)
        assert last - first == pytest.approx((m1 + POST_ROLL_S) - (m0 - PRE_ROLL_S), abs=0.1)
        assert set(f["stills"]) == {"main", "aux"}


def test_progress_and_audit(made: dict[str, Any]):
    done, total = made["progress"][-1]
    assert done == total and len(made["progress"]) == total
    with made["db"].session() as s:
        rows = [r for r in audit_trail(s, made["sid"]) if r.action == "evidence_export"]
        checkpoints = s.scalars(select(AuditCheckpointRow)).all()
    assert [r.grader for r in rows] == ["王老师", "Li"]
    assert rows[0].detail["signed"] is True
    # each export is followed by a checkpoint of the chain's head that covers it
    assert {r.seq for r in rows} <= {c.count for c in checkpoints}


def _pdftotext(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_pdf_says_it_in_the_chosen_language(made: dict[str, Any]):
    zh = _pdftotext(made["zh"] / "data" / "report.pdf")
    en = _pdftotext(made["en"] / "data" / "report.pdf")
    originals = _manifest(made["zh"])["originals"]
    for text in (zh, en):
        assert CANDIDATE in text
        for o in originals:  # a hash may wrap: compare without white space
            assert o["sha256"] in "".join(text.split())
    for words in ("证据包", "使用手机", "他人进入", "主机", "辅机", "违规", "王老师"):
        assert words in zh, words
    assert "Phone in use" in en and "Second person" in en and "他人进入" not in en


def test_pdf_renders(made: dict[str, Any], tmp_path: Path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "40",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(made["zh"] / "data" / "report.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    pages = list(tmp_path.glob("page*.png"))
    assert len(pages) == 1 and pages[0].stat().st_size > 5000


def test_html_report_links_its_stills(made: dict[str, Any]):
    page = (made["en"] / "data" / "report.html").read_text(encoding="utf-8")
    for rel in ("stills/flag-",):
        assert f'src="{rel}' in page
    for img in (made["en"] / "data" / "stills").iterdir():
        assert img.suffix == ".png" and img.stat().st_size > 1000


def test_cancel_leaves_nothing_behind(made: dict[str, Any], tmp_path: Path):
    cancel = threading.Event()
    out = tmp_path / "cancelled"
    with pytest.raises(Cancelled):
        export_evidence(
            made["db"],
            CANDIDATE,
            SUBJECT,
            out,
            grader="Li",
            on_progress=lambda done, total: cancel.set(),
            cancel=cancel,
        )
    assert list(tmp_path.iterdir()) == []


def test_every_flag_type_has_a_name_in_each_language_of_the_package() -> None:
    """The package names each flag it holds: a confirmed identity or speech flag must
    not stop the export with a KeyError (they had no name before)."""
    from analysis.flags import FlagType
    from reviewer.evidence.words import FLAG_TYPES, LANGUAGES, Words

    for language in LANGUAGES:
        words = Words(language)
        for t in FlagType:
            assert words.flag_type(t).strip(), (language, t)
    assert FLAG_TYPES["zh_CN"][FlagType.IDENTITY_MISMATCH] == "非同一人（替考）"
