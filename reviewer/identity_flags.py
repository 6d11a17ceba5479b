"""Identity flags from stored templates: `identity_mismatch` (main/aux of a subject,
a subject against the candidate's others, against the reference photo) and
`person_changed` (a recording's segments before and after a change).

A template needs `min_faces` usable faces to be compared: a recording without
them ("no usable face", often the aux camera from behind) is never a mismatch.
Each flag's evidence names the two faces behind the comparison (recording, time,
box; or the photo) so the desk can show them side by side: no face image and no
embedding is stored with a flag.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.detect.observations import Box, Kind, Observation
from analysis.flags import Camera, Flag, FlagType, Source
from analysis.identity.compare import change_point, outliers, undecided
from analysis.identity.recording import RecordingIdentity
from analysis.identity.template import FaceSample, Template, cosine
from reviewer.identity import IdentitySettings, photo_sha, stored
from reviewer.storage.models import RecordingRow, SubjectRow

log = logging.getLogger(__name__)

Flagged = tuple[Flag, dict[str, Any] | None]


@dataclass(frozen=True)
class Seen:
    """One recording's identity (or the photo's), with what names it."""

    subject: str
    camera: str  # main | aux | photo
    recording_id: int | None
    path: str | None  # the photo's, relative to the export
    ident: RecordingIdentity

    @property
    def template(self) -> Template:
        assert self.ident.template is not None
        return self.ident.template

    def face(self, index: int) -> dict[str, Any]:
        f = self.ident.faces[index]
        return {
            "subject": self.subject,
            "camera": self.camera,
            "recording_id": self.recording_id,
            "photo": self.path,
            "t": round(f.t, 3),
            "box": [round(v, 4) for v in f.box],
        }


def _usable(seen: Seen | None, min_faces: int) -> bool:
    t = None if seen is None else seen.ident.template
    return t is not None and t.faces >= min_faces


def recording_seen(s: Session, rec: RecordingRow, subject: str, key: str) -> Seen | None:
    if rec.sha256 is None or rec.path is None or not (rec.probe or {}).get("readable"):
        return None
    ident = stored(s, rec.sha256, key)
    return None if ident is None else Seen(subject, rec.camera, rec.id, None, ident)


def subject_seen(s: Session, subj: SubjectRow, key: str) -> dict[str, Seen]:
    out = {}
    for rec in s.scalars(select(RecordingRow).where(RecordingRow.subject_id == subj.id)):
        seen = recording_seen(s, rec, subj.name, key)
        if seen is not None:
            out[rec.camera] = seen
    return out


def photo_seen(s: Session, subj: SubjectRow, key: str) -> Seen | None:
    root = Path(subj.candidate.export.root)
    found = photo_sha(root, subj.candidate.candidate_id)
    if found is None:
        return None
    ident = stored(s, found[1], key)
    rel = found[0].relative_to(root.resolve()).as_posix()
    return None if ident is None else Seen(subj.name, "photo", None, rel, ident)


def representative(seen: dict[str, Seen], min_faces: int) -> Seen | None:
    """A subject's identity for comparisons across subjects: main's, else aux's."""
    for cam in ("main", "aux"):
        if _usable(seen.get(cam), min_faces):
            return seen[cam]
    return None


def _evidence(
    a: Seen, ia: int, b: Seen, ib: int, sim: float, threshold: float, on: Seen
) -> dict[str, Any]:
    fa = a.ident.faces[ia] if a is on else b.ident.faces[ib]
    obs = Observation(fa.t, Kind.FACE, "face", fa.score, Box(*fa.box), "identity")
    return {
        "best_t": round(fa.t, 3),
        "observations": [obs.to_json()] if on.camera in ("main", "aux") else [],
        "identity": {
            "similarity": round(sim, 4),
            "threshold": threshold,
            "faces": [a.face(ia), b.face(ib)],
        },
    }


def _conf(sim: float, threshold: float) -> float:
    return float(np.clip(0.5 + (threshold - sim) / 0.3, 0.0, 1.0))


def _mismatch(
    a: Seen,
    b: Seen,
    threshold: float,
    camera: Camera,
    reason: str,
    detail: str,
    ftype: FlagType = FlagType.IDENTITY_MISMATCH,
    **facts: Any,
) -> Flagged:
    sim = cosine(a.template.vector, b.template.vector)
    flag = Flag(
        ftype,
        camera,
        f"{detail}: face similarity {sim:.2f} under the threshold {threshold:.2f} "
        f"({a.template.faces} and {b.template.faces} faces)",
        confidence=_conf(sim, threshold),
        source=Source.AI,
        reason=reason,
        facts={
            "similarity": round(sim, 4),
            "threshold": threshold,
            "faces_a": a.template.faces,
            "faces_b": b.template.faces,
            **facts,
        },
    )
    return flag, _evidence(a, a.template.best, b, b.template.best, sim, threshold, a)


def subject_flags(s: Session, subj: SubjectRow, settings: IdentitySettings) -> list[Flagged]:
    """The identity flags of one subject (from templates stored by earlier jobs)."""
    key = settings.config().key()
    others = sorted(subj.candidate.subjects, key=lambda x: x.id)
    seen = {o.name: subject_seen(s, o, key) for o in others}
    return flags_for(subj.name, seen, photo_seen(s, subj, key), settings)


def flags_for(
    subject: str,
    seen: dict[str, dict[str, Seen]],
    photo: Seen | None,
    settings: IdentitySettings,
) -> list[Flagged]:
    """The identity flags of `subject`, given every subject's identities (camera ->
    Seen, in the candidate's order) and the reference photo's. No database."""
    mine = seen.get(subject, {})
    out: list[Flagged] = []
    main, aux = mine.get("main"), mine.get("aux")
    if (
        main is not None
        and aux is not None
        and _usable(main, settings.min_faces)
        and _usable(aux, settings.min_faces)
        and cosine(main.template.vector, aux.template.vector) < settings.pair_threshold
    ):
        out.append(
            _mismatch(
                main,
                aux,
                settings.pair_threshold,
                Camera.PAIR,
                "main_aux",
                "the main and aux cameras show different people",
            )
        )
    for one in mine.values():
        flagged = _changed(one, settings)
        if flagged is not None:
            out.append(flagged)
    me = representative(mine, settings.min_faces)
    if me is None:
        return out
    out.extend(_across(subject, me, seen, settings))
    if (
        photo is not None
        and _usable(photo, 1)
        and cosine(me.template.vector, photo.template.vector) < settings.photo_threshold
    ):
        out.append(
            _mismatch(
                me,
                photo,
                settings.photo_threshold,
                Camera(me.camera),
                "reference_photo",
                "the candidate does not match the registered photo",
            )
        )
    return out


def _across(
    subject: str, me: Seen, seen: dict[str, dict[str, Seen]], settings: IdentitySettings
) -> list[Flagged]:
    reps: list[Seen] = []
    for name, cams in seen.items():
        rep = me if name == subject else representative(cams, settings.min_faces)
        if rep is not None:
            reps.append(rep)
    if len(reps) < 2:
        return []
    vecs = np.stack([r.template.vector for r in reps]).astype(np.float64)
    sims = vecs @ vecs.T
    i = next(k for k, r in enumerate(reps) if r is me)
    th = settings.subject_threshold
    j = min((k for k in range(len(reps)) if k != i), key=lambda k: sims[i, k])
    other = reps[j]
    if sims[i, j] >= th:
        return []
    extra: dict[str, Any] = {}
    if i in outliers(sims, th):
        reason, ftype = "other_subject", FlagType.IDENTITY_MISMATCH
        detail = f"not the person who sat {other.subject}"
    elif undecided(sims, th):
        # no majority (two subjects with usable faces that differ, a 2-2 split): a
        # stand-in sat one of them, but which cannot be told; say so, accusing none
        reason, ftype = "subjects_differ", FlagType.IDENTITY_UNRESOLVED
        detail = (
            f"{other.subject} shows another person; with {len(reps)} subjects to compare, "
            "which one is the candidate cannot be told"
        )
        extra["compared"] = len(reps)
    else:
        return []  # me is with the majority: the other is the one flagged
    flagged = _mismatch(
        me,
        other,
        th,
        Camera(me.camera),
        reason,
        detail,
        ftype,
        other_subject=other.subject,
        **extra,
    )
    return [flagged]


def _changed(seen: Seen, settings: IdentitySettings) -> Flagged | None:
    if not _usable(seen, settings.min_faces):
        return None
    ch = change_point(seen.ident.segments, settings.min_faces)
    if ch is None:
        return None
    th = settings.change_threshold
    if ch.similarity >= th:
        consistent = ch.within is not None and ch.within >= settings.change_consistency
        if not consistent or ch.similarity >= settings.change_relative_threshold:
            return None
        th = settings.change_relative_threshold
    faces = f"({ch.faces_before} faces before, {ch.faces_after} after)"
    if ch.back_s is None:
        when = f"the person changed between {ch.last_before_s:.0f} s and {ch.first_after_s:.0f} s"
        reason, end = "segments_differ", max(ch.first_after_s, ch.last_before_s)
    else:
        when = f"another person sat from about {ch.last_before_s:.0f} s to {ch.back_s:.0f} s"
        reason, end = "other_person_between", ch.back_s
        faces = f"({ch.faces_before} faces of the first person, {ch.faces_after} of the other)"
    flag = Flag(
        FlagType.PERSON_CHANGED,
        Camera(seen.camera),
        f"{when}: face similarity {ch.similarity:.2f} under {th:.2f} {faces}"
        + ("" if ch.within is None else f"; each side's segments agree at {ch.within:.2f}"),
        start_s=ch.last_before_s,
        end_s=end,
        confidence=_conf(ch.similarity, th),
        source=Source.AI,
        reason=reason,
        facts={
            "similarity": round(ch.similarity, 4),
            "threshold": th,
            "faces_a": ch.faces_before,
            "faces_b": ch.faces_after,
            "from_s": round(ch.last_before_s, 1),
            "to_s": round(end, 1),
            **({} if ch.within is None else {"within": round(ch.within, 4)}),
        },
    )
    return flag, _evidence(seen, ch.best_before, seen, ch.best_after, ch.similarity, th, seen)


def candidate_matrix(
    s: Session, subjects: list[SubjectRow], settings: IdentitySettings
) -> tuple[list[Seen | None], list[str], Any]:
    """Every recording of the candidate (subjects x camera) and the photo, with the
    pairwise similarities (NaN where a side has no usable face)."""
    key = settings.config().key()
    seen: list[Seen | None] = []
    labels: list[str] = []
    for subj in sorted(subjects, key=lambda x: x.name):
        mine = subject_seen(s, subj, key)
        for cam in ("main", "aux"):
            got = mine.get(cam)
            seen.append(got if _usable(got, settings.min_faces) else None)
            labels.append(f"{subj.name}/{cam}")
    if subjects:
        photo = photo_seen(s, subjects[0], key)
        if photo is not None:
            seen.append(photo if _usable(photo, 1) else None)
            labels.append("photo")
    n = len(seen)
    sims = np.full((n, n), np.nan)
    for i in range(n):
        for j in range(n):
            a, b = seen[i], seen[j]
            if a is not None and b is not None:
                sims[i, j] = cosine(a.template.vector, b.template.vector)
    return seen, labels, sims


__all__ = ["FaceSample", "candidate_matrix", "subject_flags"]
