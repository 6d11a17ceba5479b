"""`make-example`: a small export made like the platform's, with known problems.

Each subject is a main/aux pair filmed from one seeded scene (see
`analysis.synth.pairs`): real photos shipped in scikit-image and matplotlib
move over a room, both cameras share the movement and the room sound, and the
aux starts a few seconds after (or before) the main. No download is needed.
Known ground truth, used by the tests and the README:

| candidate | subject | layout | aux offset | what is wrong                          |
|-----------|---------|--------|-----------:|----------------------------------------|
| 2026001   | 素描    | nested |     +2.5 s | nothing                                |
| 2026001   | 色彩    | flat   |     -1.8 s | nothing (aux has no microphone track)  |
| 2026002   | 素描    | nested |     +3.0 s | aux recording missing                  |
| 2026002   | 速写    | flat   |     +1.2 s | main recording cut (4 s lost at 12 s)  |
| 2026003   | 素描    | nested |     +0.7 s | aux file changed after export (hash)   |
| 2026003   | 色彩    | flat   |     +2.0 s | main file truncated                    |
| 2026004   | 素描    | nested |          - | aux is from another sitting            |
| 2026005   | 速写    | nested |     +1.0 s | a visitor at 8-14 s; nobody at 19-26 s |

(2026005's times are main time and both cameras see them; that pair is 640x360,
where a face is large enough for the behaviour rules, the others 320x180.)

Plus a stray ``notes.txt`` (unrecognised) and a manifest signed with a fresh
Ed25519 key whose public half is written next to the export.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from analysis.synth.pairs import PairSpec, write_pair
from analysis.synth.recording import Cut
from reviewer.errors import UserError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExampleFiles:
    export: Path
    public_key: Path


MARKER = ".dualcam-example"
BEHAVIOUR = {"width": 640, "height": 360, "visitors": ((8.0, 14.0),), "away": ((19.0, 26.0),)}


def make_example(folder: Path, duration_s: float = 30.0) -> ExampleFiles:
    """Write DIR/export and DIR/platform-key.pem; a DIR made by us before is remade."""
    export = folder / "export"
    if export.exists() and any(export.iterdir()):
        if not (folder / MARKER).exists():
            raise UserError(f"{export} already exists and is not empty")
        shutil.rmtree(export)
    try:
        export.mkdir(parents=True, exist_ok=True)
        (folder / MARKER).write_text("made by `main.py make-example`\n", encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot create {export}: {exc.strerror or exc}") from exc
    start = datetime(2026, 6, 1, 9, 0, tzinfo=timezone(timedelta(hours=8)))
    plan = [  # candidate, subject, nested?, offset, extra spec
        ("2026001", "素描", True, 2.5, {}),
        ("2026001", "色彩", False, -1.8, {"aux_audio": False}),
        ("2026002", "素描", True, 3.0, {}),
        ("2026002", "速写", False, 1.2, {"main_cuts": (Cut(12.0, 4.0),)}),
        ("2026003", "素描", True, 0.7, {}),
        ("2026003", "色彩", False, 2.0, {}),
        ("2026004", "素描", True, 1.5, {"aux_scene_seed": 404}),
        # the behaviour subject: both cameras see a visitor, then an empty room; at
        # 640x360 (a face at 320x180 is too small for the rules' thresholds)
        ("2026005", "速写", True, 1.0, BEHAVIOUR),
    ]
    rows = []
    work = folder / ".work"
    for i, (cand, subj, nested, offset, extra) in enumerate(plan):
        began = start + timedelta(minutes=40 * i)
        spec = PairSpec(duration_s=duration_s, offset_s=offset, seed=i, started_at=began, **extra)  # type: ignore[arg-type]
        made = write_pair(work, spec, name=f"p{i}")
        for cam, src in zip(("main", "aux"), made, strict=True):
            rel = (
                f"{cand}/{subj}/{cam}.mp4"
                if nested
                else f"{cand}_{subj}_{'主机' if cam == 'main' else '辅机'}.mp4"
            )
            path = export / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(src, path)
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
            when = began + timedelta(seconds=offset if cam == "aux" else 0.0)
            rows.append([cand, subj, cam, rel, sha, when.isoformat(timespec="milliseconds")])
    shutil.rmtree(work)
    # Problems introduced after the platform computed the hashes:
    (export / "2026002/素描/aux.mp4").unlink()
    _flip_byte(export / "2026003/素描/aux.mp4")
    truncated = export / "2026003_色彩_主机.mp4"
    truncated.write_bytes(truncated.read_bytes()[: truncated.stat().st_size // 2])
    (export / "notes.txt").write_text("invigilator notes\n", encoding="utf-8")

    manifest = export / "manifest.csv"
    with open(manifest, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["candidate_id", "subject", "camera", "path", "sha256", "started_at"])
        w.writerows(rows)
    private = Ed25519PrivateKey.generate()
    (export / "manifest.csv.sig").write_bytes(private.sign(manifest.read_bytes()))
    public_key = folder / "platform-key.pem"
    public_key.write_bytes(
        private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    log.info("example export written to %s", export)
    return ExampleFiles(export, public_key)


def _flip_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # inside the media data: still opens, hash differs
    path.write_bytes(bytes(data))
