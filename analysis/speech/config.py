"""`[speech]` settings: which subjects are spoken, and the flags' thresholds."""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.speech.segments import SegmentConfig

# Subject names (or parts of them) where the candidate is meant to speak or sing.
# Everything else (素描, 色彩, 速写, 创作...) is silent.
SPOKEN_SUBJECTS = (
    "面试",
    "朗诵",
    "朗读",
    "声乐",
    "演唱",
    "唱歌",
    "歌唱",
    "口语",
    "台词",
    "表演",
    "播音",
    "主持",
    "演讲",
    "评述",
    "戏剧",
    "戏曲",
    "曲艺",
    "语言",
    "interview",
    "recitation",
    "singing",
    "vocal",
    "speaking",
    "oral",
)
LANGUAGES = ("zh", "en", "ja", "ru", "fr", "de", "es")

SPEECH_VERSION = "1"  # bump when a change would change what a cached result says


@dataclass(frozen=True)
class SpeechConfig:
    enabled: bool = True  # false: no speech stage at all
    asr: bool = True  # transcription + language ID on spoken subjects (--no-speech: false)
    spoken_subjects: tuple[str, ...] = SPOKEN_SUBJECTS
    # speech_in_silent_subject: more speech than this in a silent subject (15 s chosen
    # on bench/eval_speech.py's tuned set: a quiet second phone heard 19-24 s of 26-30)
    silent_speech_s: float = 15.0
    languages: tuple[str, ...] = LANGUAGES
    # wrong_language: over windows where another language beats the registered one
    # by this margin (renormalised probabilities) and is itself this sure, totalling
    # this long, at least this many windows. The 0.9 was set on bench/eval_speech.py's
    # tuned set: Whisper heard espeak-ng's Mandarin as en at 0.83-0.85 and its
    # Russian as de at 0.86 (a robotic voice), real foreign speech at 0.96-0.99.
    wrong_language_margin: float = 0.3
    wrong_language_confidence: float = 0.9
    wrong_language_s: float = 20.0
    wrong_language_windows: int = 2
    language_window_s: float = 20.0  # speech per language-ID window (Whisper looks at 30 s)
    # identity_stated: a candidate number matches on its last this many digits
    number_digits: int = 6
    vad: SegmentConfig = field(default_factory=SegmentConfig)

    def is_spoken(self, subject: str) -> bool:
        low = subject.casefold()
        return any(k.casefold() in low for k in self.spoken_subjects if k)

    def key(self, asr: bool, language: str = "") -> str:
        """What the cached result depends on (the flags' thresholds are applied later);
        `language`: the one transcribed in ("": the one Whisper hears)."""
        v = self.vad
        vad = (
            f"{v.threshold}:{v.release}:{v.min_silence_s}:{v.min_speech_s}:{v.pad_s}:"
            f"{v.merge_gap_s}"
        )
        if not asr:
            return f"speech{SPEECH_VERSION}/vad={vad}"
        langs = ",".join(self.languages)
        window = self.language_window_s
        return f"speech{SPEECH_VERSION}/vad={vad}/asr=whisper-base/{langs}/{window}/{language}"
