"""Hostile and damaged exports (issue 14, part A): links out, link loops, FIFOs and
devices, names that are not UTF-8 or are decomposed, NUL bytes and tampered rows in
the manifest. Each scan must exit 0, write a report, print no traceback, say what
it refused, read nothing outside the export and write nothing into it.

Every export here is built by the test itself in tmp_path: garbage bytes stand in
for recordings unless a test needs a real one (the `clip` fixture, PyAV).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import socket
import stat
import unicodedata
from pathlib import Path

import pytest

from reviewer.cli import main
from tests.hostile import (
    in_thread,
    keypair,
    scan,
    scan_in_thread,
    stored_flags,
    touch,
    write_manifest,
)

SHA = "a" * 64


def _export(tmp_path: Path) -> Path:
    root = tmp_path / "export"
    root.mkdir()
    return root


def _outside_reads(opened: list[str], outside: Path) -> list[str]:
    return [p for p in opened if p.startswith(str(outside))]


# --- item 3: manifest.csv or manifest.csv.sig linked out of the export ---------------


def test_manifest_linked_outside_is_refused_and_fails_the_signature(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A manifest.csv (and its valid .sig) outside the export, linked in: its rows must
    not become subjects, it is reported, and with a key the signature check fails.
    Built: export/A001/素描/{main,aux}.mp4 (garbage); outside/ holds a manifest naming
    X999, signed by the configured key; export/manifest.csv{,.sig} link to them."""
    root = _export(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    touch(root / "A001" / "素描" / "main.mp4")
    touch(root / "A001" / "素描" / "aux.mp4")
    key, pem = keypair(tmp_path)
    data = write_manifest(outside, [("X999", "素描", "main", "A001/素描/main.mp4", SHA, "")])
    (outside / "manifest.csv.sig").write_bytes(key.sign(data))
    (root / "manifest.csv").symlink_to(outside / "manifest.csv")
    (root / "manifest.csv.sig").symlink_to(outside / "manifest.csv.sig")
    r = scan(capsys, root, tmp_path, "--manifest-key", pem)
    assert r.rc == 0 and r.report is not None
    assert set(r.subjects()) == {("A001", "素描")}  # found by layout, not by the outside rows
    assert any("outside the export" in e for e in r.report["manifest"]["errors"])
    assert r.report["manifest"]["signature"] == "invalid"
    assert [f["type"] for f in r.report["export_flags"]] == ["signature_invalid"]
    assert stored_flags(f"sqlite:///{tmp_path / 'review.db'}", "signature_invalid")[0][1] == (
        "manifest_link_outside"
    )
    assert _outside_reads(r.opened, outside) == []


def test_signature_linked_outside_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A good manifest inside the export, but its (valid) signature is a link to a file
    outside: the signature must not be read, and fails as signature_invalid."""
    root = _export(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    touch(root / "A001" / "素描" / "main.mp4")
    key, pem = keypair(tmp_path)
    data = write_manifest(root, [("A001", "素描", "main", "A001/素描/main.mp4", "", "")])
    (outside / "manifest.csv.sig").write_bytes(key.sign(data))
    (root / "manifest.csv.sig").symlink_to(outside / "manifest.csv.sig")
    r = scan(capsys, root, tmp_path, "--manifest-key", pem)
    assert r.rc == 0 and r.report is not None
    assert r.report["manifest"]["signature"] == "invalid"
    (sig,) = stored_flags(f"sqlite:///{tmp_path / 'review.db'}", "signature_invalid")
    assert sig[1] == "manifest_link_outside" and sig[2]["file"] == "manifest.csv.sig"
    assert _outside_reads(r.opened, outside) == []


# --- item 4: symlink loops ------------------------------------------------------------


def test_symlink_loops_are_reported_and_the_scan_completes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Built: A001/素描/main.mp4 links to itself, a folder link to itself, a pair of
    links to each other, and a good-looking aux.mp4 (garbage)."""
    root = _export(tmp_path)
    touch(root / "A001" / "素描" / "aux.mp4")
    (root / "A001" / "素描" / "main.mp4").symlink_to("main.mp4")
    (root / "loop").symlink_to("loop")
    (root / "B002_色彩_main.mp4").symlink_to("B002_色彩_aux.mp4")
    (root / "B002_色彩_aux.mp4").symlink_to("B002_色彩_main.mp4")
    r = scan(capsys, root, tmp_path)
    assert r.rc == 0 and r.report is not None
    assert any("loop" in w for w in r.report["warnings"])
    missing = {(f["key"], f["camera"]) for f in r.flags("missing_recording")}
    assert missing == {
        (("A001", "素描"), "main"),
        (("B002", "色彩"), "main"),
        (("B002", "色彩"), "aux"),
    }
    reasons = {
        x[1] for x in stored_flags(f"sqlite:///{tmp_path / 'review.db'}", "missing_recording")
    }
    assert reasons == {"symlink_loop"}


# --- item 5: names that are not UTF-8 -------------------------------------------------


def test_names_that_are_not_utf8_are_shown_escaped_and_still_analysed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clip
) -> None:  # type: ignore[no-untyped-def]
    """Built with bytes paths: candidate folder b'A\\xff01' holding a real clip (PyAV) as
    素描/main.mp4, and a stray b'notes\\xfe.txt'. The candidate is shown as 'A\\xff01'
    (a backslash escape), the file is still hashed and probed, and a warning says so."""
    root = _export(tmp_path)
    broot = os.fsencode(root)
    folder = os.path.join(broot, b"A\xff01", "素描".encode())
    os.makedirs(folder)
    main = os.path.join(folder, b"main.mp4")
    shutil.copy(clip("ok.mp4", duration_s=4), main)
    with open(os.path.join(broot, b"notes\xfe.txt"), "wb") as fh:
        fh.write(b"x")
    r = scan(capsys, root, tmp_path)
    assert r.rc == 0 and r.report is not None
    (subject,) = r.report["subjects"]
    assert subject["candidate_id"] == "A\\xff01"
    rec = subject["recordings"]["main"]
    assert rec["path"] == "A\\xff01/素描/main.mp4"
    assert rec["readable"] is True
    with open(main, "rb") as fh:
        assert rec["sha256"] == hashlib.sha256(fh.read()).hexdigest()
    assert r.report["unrecognised"] == ["notes\\xfe.txt"]
    assert any("not valid UTF-8" in w for w in r.report["warnings"])
    assert "A\\xff01" in r.out
    # and a second scan finds the same rows (stored consistently), nothing to redo
    again = scan(capsys, root, tmp_path)
    assert again.rc == 0 and "0 analysed, 1 unchanged" in again.out


# --- item 6: NUL byte in a manifest path ---------------------------------------------


def test_nul_byte_in_a_manifest_path_is_a_row_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Built: a manifest whose main row's path holds a NUL byte ('A001/素描/ma\\0in.mp4')."""
    root = _export(tmp_path)
    touch(root / "A001" / "素描" / "aux.mp4")
    write_manifest(
        root,
        [
            ("A001", "素描", "main", "A001/素描/ma\x00in.mp4", SHA, ""),
            ("A001", "素描", "aux", "A001/素描/aux.mp4", SHA, ""),
        ],
    )
    r = scan(capsys, root, tmp_path)
    assert r.rc == 0 and r.report is not None
    assert any("NUL" in e and "line 2" in e for e in r.report["manifest"]["errors"])
    (flag,) = stored_flags(f"sqlite:///{tmp_path / 'review.db'}", "missing_recording")
    assert flag[:2] == ("main", "manifest_path_refused") and flag[2]["why"] == "nul_byte"


# --- item 7: FIFOs, sockets, devices, folders named like recordings --------------------


def _special(path: Path, kind: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "char_device":
        try:
            os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # like /dev/null
        except PermissionError:
            pytest.skip("cannot create a device node here (needs root)")
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        try:
            sock.bind(str(path))
        except OSError as exc:
            pytest.skip(f"cannot bind a unix socket at {path}: {exc}")
        finally:
            sock.close()
    else:
        path.mkdir()


@pytest.mark.parametrize("kind", ["fifo", "char_device", "socket", "directory"])
@pytest.mark.parametrize("listed", [False, True], ids=["layout", "manifest"])
def test_special_files_are_refused_before_they_are_opened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, listed: bool
) -> None:
    """Built: A001/素描/main.mp4 is a FIFO, a character device (1,3), a unix socket or a
    folder; aux.mp4 is garbage; with or without a manifest listing both. The scan
    must finish fast (in a thread joined with a time-out), and never open it."""
    root = _export(tmp_path)
    touch(root / "A001" / "素描" / "aux.mp4")
    special = root / "A001" / "素描" / "main.mp4"
    _special(special, kind)
    if listed:
        write_manifest(
            root,
            [
                ("A001", "素描", "main", "A001/素描/main.mp4", SHA, ""),
                ("A001", "素描", "aux", "A001/素描/aux.mp4", SHA, ""),
            ],
        )
    try:
        r = scan_in_thread(capsys, root, tmp_path, 60)
    finally:
        if kind == "fifo":  # a reader stuck in open() (the old bug) gets its EOF
            with contextlib.suppress(OSError):
                os.close(os.open(special, os.O_WRONLY | os.O_NONBLOCK))
    assert r.rc == 0 and r.report is not None
    assert str(special) not in r.opened
    (flag,) = stored_flags(f"sqlite:///{tmp_path / 'review.db'}", "missing_recording")
    assert flag[:2] == ("main", "not_a_regular_file")
    assert flag[2] == {"path": "A001/素描/main.mp4", "kind": kind}
    assert r.subjects()[("A001", "素描")]["recordings"]["main"] is None


# --- item 8: decomposed (NFD) folder names, composed (NFC) manifest -------------------


def test_decomposed_folder_names_match_a_composed_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Built: folders written NFD as macOS does ('Zoë/Café/...'), manifest rows NFC."""
    root = _export(tmp_path)
    nfd = unicodedata.normalize("NFD", "Zoë/Café")
    assert nfd != "Zoë/Café"
    touch(root / nfd / "main.mp4")
    touch(root / nfd / "aux.mp4")
    write_manifest(
        root,
        [
            ("Zoë", "Café", "main", "Zoë/Café/main.mp4", SHA, ""),
            ("Zoë", "Café", "aux", "Zoë/Café/aux.mp4", SHA, ""),
        ],
    )
    r = scan(capsys, root, tmp_path)
    assert r.rc == 0 and r.report is not None
    assert r.flags("missing_recording") == []
    recs = r.subjects()[("Zoë", "Café")]["recordings"]
    assert recs["main"] is not None and recs["aux"] is not None
    assert recs["main"]["path"] == f"{nfd}/main.mp4"  # the real on-disk name was opened
    assert r.report["unrecognised"] == []


# --- item 12: one changed byte of a candidate ID in a signed manifest -----------------


def test_changed_candidate_id_in_signed_manifest_fails_the_signature(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Built: A001/素描/{main,aux}.mp4 (garbage), a signed manifest listing both; then one
    byte of the main row's candidate ID is changed (A001 -> A00l), signature kept."""
    root = _export(tmp_path)
    touch(root / "A001" / "素描" / "main.mp4")
    touch(root / "A001" / "素描" / "aux.mp4")
    key, pem = keypair(tmp_path)
    data = write_manifest(
        root,
        [
            ("A001", "素描", "main", "A001/素描/main.mp4", SHA, ""),
            ("A001", "素描", "aux", "A001/素描/aux.mp4", SHA, ""),
        ],
    )
    (root / "manifest.csv.sig").write_bytes(key.sign(data))
    (root / "manifest.csv").write_bytes(data.replace(b"\nA001,", b"\nA00l,", 1))
    r = scan(capsys, root, tmp_path, "--manifest-key", pem)
    assert r.rc == 0 and r.report is not None
    assert r.report["manifest"]["signature"] == "invalid"
    (sig,) = stored_flags(f"sqlite:///{tmp_path / 'review.db'}", "signature_invalid")
    assert sig[1] == "signature_mismatch"
    assert "does not verify" in sig[3]


# --- a candidate whose files are all refused links ------------------------------------


def test_candidate_with_only_refused_links_is_listed_as_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Built: A001_素描_main.mp4 and A001_素描_aux.mp4 both link to files outside."""
    root = _export(tmp_path)
    outside = tmp_path / "outside"
    for cam in ("main", "aux"):
        touch(outside / f"{cam}.mp4")
        (root / f"A001_素描_{cam}.mp4").symlink_to(outside / f"{cam}.mp4")
    r = scan(capsys, root, tmp_path)
    assert r.rc == 0 and r.report is not None
    assert {(f["key"], f["camera"]) for f in r.flags("missing_recording")} == {
        (("A001", "素描"), "main"),
        (("A001", "素描"), "aux"),
    }
    stored = stored_flags(f"sqlite:///{tmp_path / 'review.db'}", "missing_recording")
    assert {(x[1], x[2]["path"]) for x in stored} == {
        ("link_outside_export", "A001_素描_main.mp4"),
        ("link_outside_export", "A001_素描_aux.mp4"),
    }
    assert _outside_reads(r.opened, outside) == []


def test_a_fifo_put_in_place_after_planning_is_never_opened(tmp_path: Path) -> None:
    """scan.stat_key, the last check before the main process hashes a file, refuses a
    FIFO (made with os.mkfifo) instead of handing it on to open(), which would block."""
    from reviewer.scan import stat_key

    fifo = tmp_path / "main.mp4"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match=r"not a regular file \(fifo\)"):
        in_thread(lambda: stat_key(fifo), 10)


def test_an_export_folder_whose_name_is_not_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Built with a bytes path: the export folder itself is b'exp\\xffort' (a drive from
    an old Windows tool), holding A001/素描/main.mp4 (garbage). It is stored and
    reported with the escape, and `report` finds it again by the name given."""
    root = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"exp\xffort")))
    touch(root / "A001" / "素描" / "main.mp4")
    r = scan(capsys, root, tmp_path)
    assert r.rc == 0 and r.report is not None
    assert r.report["export"].endswith("exp\\xffort")
    assert set(r.subjects()) == {("A001", "素描")}
    assert len(r.flags("unreadable")) == 1  # the garbage file was found and analysed
    url = f"sqlite:///{tmp_path / 'review.db'}"
    assert main(["report", str(root), "--db", url, "--report", str(tmp_path / "again.json")]) == 0
    review_paths = _desk_paths(url)
    assert review_paths and all(p.exists() for p in review_paths)


def _desk_paths(url: str) -> list[Path]:
    """The files the grader's desk would open for each subject (reviewer.review)."""
    from sqlalchemy import select

    from reviewer.review import subject_view
    from reviewer.storage.db import open_database
    from reviewer.storage.models import SubjectRow

    db = open_database(url)
    try:
        with db.session() as s:
            views = [subject_view(s, sid) for sid in s.scalars(select(SubjectRow.id))]
            return [p for v in views for p in v.recordings.values() if p is not None]
    finally:
        db.close()


def test_a_fifo_named_manifest_or_signature_is_not_opened(tmp_path: Path) -> None:
    """Built: manifest.csv.sig is a FIFO (os.mkfifo) beside a good manifest, then
    manifest.csv is one too; planning with a key must not block on either."""
    from reviewer.export import plan_export
    from reviewer.manifest import load_public_key

    root = _export(tmp_path)
    touch(root / "A001" / "素描" / "main.mp4")
    write_manifest(root, [("A001", "素描", "main", "A001/素描/main.mp4", "", "")])
    _, pem = keypair(tmp_path)
    os.mkfifo(root / "manifest.csv.sig")
    plan = in_thread(lambda: plan_export(root, load_public_key(pem)), 10)
    assert [(f.reason, dict(f.facts)) for f in plan.export_flags] == [
        ("signature_unreadable", {"error": "not a regular file (fifo)"})
    ]
    (root / "manifest.csv").unlink()
    os.mkfifo(root / "manifest.csv")
    plan = in_thread(lambda: plan_export(root, load_public_key(pem)), 10)
    assert [f.reason for f in plan.export_flags] == ["manifest_unreadable"]
    assert plan.manifest_errors == [
        "manifest.csv: refused: cannot read manifest.csv: not a regular file (fifo)"
    ]
    assert [s.candidate_id for s in plan.subjects] == ["A001"]  # by layout instead
