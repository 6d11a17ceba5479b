"""Scoring of bench/eval_speech.py: the scenarios' truth, VAD precision and recall,
language ID per language, the speech flags' precision and recall, and the cost."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sqlalchemy import select

from analysis.speech.config import SpeechConfig
from analysis.speech.segments import SpeechResult
from reviewer.storage.db import open_database
from reviewer.storage.models import CandidateRow, FlagRow, RecordingRow, SpeechRow, SubjectRow

Truth = list[tuple[float, float, str]]  # (start, end, language) of each sentence
DURATION_S = 45.0


@dataclass
class Scenario:
    cand: str
    subject: str
    registered: str = ""
    name: str = ""
    talks: list[tuple[np.ndarray, float, float, Truth]] = field(default_factory=list)
    music: bool = False
    expect: frozenset[str] = frozenset()  # flag types expected (main; aux too for silent)
    note: str = ""
    delay: float = 0.0  # the aux hears everything this much later


def save(path: Path, made: dict[str, Scenario]) -> None:
    data = {
        c: {
            "subject": sc.subject,
            "registered": sc.registered,
            "name": sc.name,
            "talks": [[at, g, tr] for _, at, g, tr in sc.talks],
            "music": sc.music,
            "expect": sorted(sc.expect),
            "note": sc.note,
            "delay": sc.delay,
        }
        for c, sc in made.items()
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def load(path: Path) -> dict[str, Scenario]:
    out = {}
    for c, d in json.loads(path.read_text(encoding="utf-8")).items():
        talks = [(np.zeros(0), at, g, [tuple(t) for t in tr]) for at, g, tr in d["talks"]]
        out[c] = Scenario(
            c,
            d["subject"],
            d["registered"],
            d["name"],
            talks,
            d["music"],
            frozenset(d["expect"]),
            d["note"],
            d["delay"],
        )
    return out


def truth_of(sc: Scenario, cam: str) -> Truth:
    shift = sc.delay if cam == "aux" else 0.0
    return [(a + shift, b + shift, g) for _, _, _, tr in sc.talks for a, b, g in tr]


def overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def _mask(spans: list[tuple[float, float]], pad: float = 0.0) -> np.ndarray:
    m = np.zeros(int(DURATION_S * 100) + 400, bool)  # 10 ms steps
    for a, b in spans:
        m[max(0, int((a - pad) * 100)) : max(0, int((b + pad) * 100))] = True
    return m


def vad_scores(
    segs: list[tuple[float, float]], truth: Truth, collar: float = 0.3
) -> dict[str, float]:
    """Time-weighted precision (a 0.3 s collar around each sentence: the VAD pads
    and merges short pauses) and recall, and segment-level counts."""
    det = _mask(segs)
    true = _mask([(a, b) for a, b, _ in truth])
    near = _mask([(a, b) for a, b, _ in truth], collar)
    seg_tp = sum(1 for a, b in segs if any(overlap(a, b, t0, t1) > 0 for t0, t1, _ in truth))
    found = sum(
        1 for t0, t1, _ in truth if sum(overlap(a, b, t0, t1) for a, b in segs) >= 0.5 * (t1 - t0)
    )
    return {
        "det_s": det.sum() / 100,
        "hit_s": (det & near).sum() / 100,
        "true_s": true.sum() / 100,
        "covered_s": (det & true).sum() / 100,
        "segs": len(segs),
        "seg_tp": seg_tp,
        "sent": len(truth),
        "sent_found": found,
    }


def evaluate(which: str, db_url: str, made: dict[str, Scenario], cfg: SpeechConfig) -> None:
    db = open_database(db_url)
    vad: dict[str, Counter[str]] = {"main": Counter(), "aux": Counter()}
    lid: dict[str, Counter[str]] = defaultdict(Counter)
    flags: dict[str, Counter[str]] = defaultdict(Counter)
    asr_s = speech_s = 0.0
    vad_cost = decode_cost = audio_s = 0.0
    with db.session() as s:
        rows = s.execute(
            select(
                CandidateRow.candidate_id, SubjectRow.name, RecordingRow.camera, RecordingRow.sha256
            )
            .join(SubjectRow, RecordingRow.subject_id == SubjectRow.id)
            .join(CandidateRow, SubjectRow.candidate_pk == CandidateRow.id)
        ).all()
        for cand, _subject, cam, sha in rows:
            sc = made[cand]
            current = (cfg.key(False), cfg.key(True, ""))  # rows of this run's settings
            results = [
                SpeechResult.from_json(r.result)
                for r in s.scalars(select(SpeechRow).where(SpeechRow.sha256 == sha))
                if r.speech_key == current[0] or r.speech_key.startswith(current[1])
            ]
            if not results:
                print(f"  {cand} {cam}: no speech result (the job failed: see the log)")
                continue
            res = max(results, key=lambda r: r.asr == "done")
            truth = truth_of(sc, cam)
            vad[cam].update(vad_scores([(g.start_s, g.end_s) for g in res.segments], truth))
            vad_cost += res.timings.get("vad", 0.0)
            decode_cost += res.timings.get("decode", 0.0)
            audio_s += res.duration_s
            if res.asr == "done":
                asr_s += res.timings.get("asr", 0.0)
                speech_s += res.timings.get("speech_s", 0.0)
                for w in res.languages:
                    langs = Counter()
                    for t0, t1, g in truth:
                        langs[g] += overlap(w.start_s, w.end_s, t0, t1)
                    if langs:
                        true = langs.most_common(1)[0][0]
                        lid[true]["n"] += 1
                        lid[true]["right"] += int(w.best == true)
                        lid[true][f"as_{w.best}"] += 1
        got = s.execute(
            select(CandidateRow.candidate_id, FlagRow.type, FlagRow.camera, FlagRow.facts)
            .join(SubjectRow, FlagRow.subject_id == SubjectRow.id)
            .join(CandidateRow, SubjectRow.candidate_pk == CandidateRow.id)
        ).all()
    raised: dict[tuple[str, str], set[str]] = defaultdict(set)
    for cand, ftype, cam, facts in got:
        raised[(cand, ftype)].add(cam)
        if ftype == "identity_stated":
            print(f"  identity_stated {cand} ({made[cand].note}): {facts}")
    print(f"\n== {which} set: {len(made)} pairs ==")
    for sc in made.values():
        kinds = sorted({t for (c, t) in raised if c == sc.cand})
        print(
            f"  {sc.cand} {sc.subject} [{sc.registered or '-'}] {sc.note} (aux +{sc.delay:.1f} s): "
            f"expected {sorted(sc.expect) or '-'}, flagged {kinds or '-'}"
        )
    for ftype, cams in (
        ("speech_in_silent_subject", ("main", "aux")),
        ("wrong_language", ("main",)),
        ("identity_stated", ("main",)),
    ):
        c = flags[ftype]
        for sc in made.values():
            for cam in cams:
                want = ftype in sc.expect
                have = cam in raised.get((sc.cand, ftype), set())
                c["tp"] += want and have
                c["fp"] += have and not want
                c["fn"] += want and not have
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else float("nan")
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else float("nan")
        print(
            f"{ftype:26s} precision {p:.2f} recall {r:.2f} (tp {c['tp']}, fp {c['fp']}, "
            f"fn {c['fn']}; per {'+'.join(cams)} recording)"
        )
    for cam, v in vad.items():
        print(
            f"VAD {cam:4s}: time precision {v['hit_s'] / max(v['det_s'], 1e-9):.3f} "
            f"(0.3 s collar), time recall {v['covered_s'] / max(v['true_s'], 1e-9):.3f}; "
            f"segments {v['seg_tp']}/{v['segs']} on speech; sentences found "
            f"{v['sent_found']}/{v['sent']}"
        )
    for lang in sorted(lid):
        c = lid[lang]
        wrong = {k[3:]: n for k, n in c.items() if k.startswith("as_") and k[3:] != lang}
        print(f"language ID {lang}: {c['right']}/{c['n']} windows right {wrong or ''}")
    if speech_s:
        print(
            f"ASR + language ID: {asr_s:.1f} s for {speech_s:.1f} s of speech = "
            f"{asr_s / speech_s:.2f}x real time (1 thread, shared 2-core machine)"
        )
    print(
        f"VAD {vad_cost:.1f} s + decoding {decode_cost:.1f} s for {audio_s / 60:.1f} min of audio"
    )
