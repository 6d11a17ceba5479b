"""`make-example`: a small export made like the platform's, with known problems.

Media are synthesised from real photos shipped in packages (scikit-image's
astronaut and camera, matplotlib's grace_hopper) so the example needs no
download. Known ground truth, used by the tests and the README:

| candidate | subject | layout | what is wrong                         |
|-----------|---------|--------|---------------------------------------|
| 2026001   | 素描    | nested | nothing                               |
| 2026001   | 色彩    | flat   | nothing                               |
| 2026002   | 素描    | nested | aux recording missing                 |
| 2026002   | 速写    | flat   | main recording cut (4 s jump at 5 s)  |
| 2026003   | 素描    | nested | aux file changed after export (hash)  |
| 2026003   | 色彩    | flat   | main file truncated                   |

plus a stray ``notes.txt`` (unrecognised) and a manifest signed with a fresh
Ed25519 key whose public half is written next to the export.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from analysis.synth import (
    Cut,
    RecordingSpec,
    moving_subject,
    noise_audio,
    package_photo,
    write_recording,
)
from reviewer.errors import UserError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExampleFiles:
    export: Path
    public_key: Path


MARKER = ".dualcam-example"


def make_example(folder: Path, duration_s: float = 10.0) -> ExampleFiles:
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
    photos = [package_photo(n) for n in ("astronaut", "grace_hopper", "camera")]
    plan = [  # candidate, subject, nested?, photo, cuts
        ("2026001", "素描", True, 0, ()),
        ("2026001", "色彩", False, 0, ()),
        ("2026002", "素描", True, 1, ()),
        ("2026002", "速写", False, 1, (Cut(5.0, 4.0),)),
        ("2026003", "素描", True, 2, ()),
        ("2026003", "色彩", False, 2, ()),
    ]
    rows = []
    for i, (cand, subj, nested, photo, cuts) in enumerate(plan):
        for cam in ("main", "aux"):
            rel = (
                f"{cand}/{subj}/{cam}.mp4"
                if nested
                else f"{cand}_{subj}_{'主机' if cam == 'main' else '辅机'}.mp4"
            )
            path = export / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            spec = RecordingSpec(
                duration_s=duration_s,
                cuts=cuts if cam == "main" else (),
                creation_time=f"2026-06-0{1 + i % 3}T09:00:0{i}.000000Z",
            )
            seed = i * 2 + (cam == "aux")
            write_recording(
                path,
                spec,
                moving_subject(photos[photo], spec.width, spec.height, seed=seed),
                noise_audio(seed),
            )
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
            rows.append([cand, subj, cam, rel, sha, f"2026-06-01T09:0{i}:00+08:00"])
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
