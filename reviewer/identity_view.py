"""What the desk shows of identity (Qt-free): the two faces behind a flag, where
they are in time, and the candidate's similarity matrix.

Faces are cut again from the recordings (or the photo) at the evidence's time
and box when the grader looks: no face image is stored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from analysis.media.video import MediaError, open_video
from reviewer.identity import IdentitySettings
from reviewer.identity_flags import candidate_matrix
from reviewer.paths import disk_path
from reviewer.storage.models import RecordingRow, SubjectRow

log = logging.getLogger(__name__)

MARGIN = 0.35  # of the face box, around it


@dataclass(frozen=True)
class FaceRef:
    """One face of a flag's evidence: a recording's frame and box, or the photo."""

    subject: str
    camera: str  # main | aux | photo
    t: float
    box: tuple[float, float, float, float]
    recording_id: int | None
    photo: str | None

    @staticmethod
    def from_json(d: dict[str, Any]) -> FaceRef:
        x0, y0, x1, y1 = (float(v) for v in d["box"])
        rid = d.get("recording_id")
        return FaceRef(
            str(d.get("subject", "")),
            str(d["camera"]),
            float(d.get("t", 0.0)),
            (x0, y0, x1, y1),
            int(rid) if rid is not None else None,
            d.get("photo"),
        )


@dataclass(frozen=True)
class Comparison:
    similarity: float
    threshold: float
    faces: tuple[FaceRef, FaceRef]


def comparison(evidence: dict[str, Any] | None) -> Comparison | None:
    ident = (evidence or {}).get("identity")
    if not ident or len(ident.get("faces", [])) != 2:
        return None
    a, b = (FaceRef.from_json(f) for f in ident["faces"])
    return Comparison(float(ident["similarity"]), float(ident["threshold"]), (a, b))


def _cut(img: NDArray[np.uint8], box: tuple[float, float, float, float]) -> NDArray[np.uint8]:
    h, w = img.shape[:2]
    x0, y0, x1, y1 = box
    mx, my = (x1 - x0) * MARGIN, (y1 - y0) * MARGIN
    a, b = int(max(0, (x0 - mx) * w)), int(min(w, (x1 + mx) * w))
    c, d = int(max(0, (y0 - my) * h)), int(min(h, (y1 + my) * h))
    return np.ascontiguousarray(img[c:d, a:b])


def face_image(s: Session, root: Path, ref: FaceRef) -> NDArray[np.uint8] | None:
    """The face cut from its recording's frame at `ref.t` (or from the photo), RGB."""
    try:
        if ref.photo is not None:
            from PIL import Image

            with Image.open(root / ref.photo) as im:
                return _cut(np.asarray(im.convert("RGB")), ref.box)
        rec = s.get(RecordingRow, ref.recording_id) if ref.recording_id is not None else None
        if rec is None or rec.path is None:
            return None
        with open_video(disk_path(root, rec.path)) as v:
            for frame in v.frames(start_s=max(0.0, ref.t - 0.02), end_s=ref.t + 2.0):
                return _cut(frame.image, ref.box)
    except (MediaError, OSError) as exc:
        log.warning("face at %.1f s not shown: %s", ref.t, exc)
    return None


def jump_target(s: Session, ref: FaceRef) -> tuple[int, str, float] | None:
    """(subject id, camera, time on that camera) of a face in a recording."""
    rec = s.get(RecordingRow, ref.recording_id) if ref.recording_id is not None else None
    return None if rec is None else (rec.subject_id, rec.camera, ref.t)


@dataclass(frozen=True)
class Matrix:
    labels: list[tuple[str, str]]  # (subject, camera | "photo")
    faces: list[int]  # faces behind each template (0: no usable face)
    sims: list[list[float | None]]
    threshold: float


def candidate_identity(s: Session, subject_id: int, settings: IdentitySettings) -> Matrix:
    """The similarity matrix of the candidate of `subject_id`: subjects x camera (+ photo)."""
    subj = s.get(SubjectRow, subject_id)
    if subj is None:
        return Matrix([], [], [], settings.subject_threshold)
    seen, labels, sims = candidate_matrix(s, list(subj.candidate.subjects), settings)
    pairs = [
        (lab.rsplit("/", 1)[0], lab.rsplit("/", 1)[-1]) if "/" in lab else ("", lab)
        for lab in labels
    ]
    return Matrix(
        pairs,
        [0 if x is None else x.template.faces for x in seen],
        [[None if np.isnan(v) else round(float(v), 3) for v in row] for row in sims],
        settings.subject_threshold,
    )


def root_of(s: Session, subject_id: int) -> Path | None:
    subj = s.get(SubjectRow, subject_id)
    return None if subj is None else Path(subj.candidate.export.root)


def export_root(s: Session, cmp: Comparison) -> Path | None:
    """The export both faces come from (a photo's is its recording partner's)."""
    for ref in cmp.faces:
        rec = s.get(RecordingRow, ref.recording_id) if ref.recording_id is not None else None
        if rec is not None:
            return root_of(s, rec.subject_id)
    return None
