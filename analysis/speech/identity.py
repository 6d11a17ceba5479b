"""Spotting a candidate's name or number in a transcript, in toneless pinyin.

Whisper writes what it hears in characters that may be homophones of the name
(张为 for 张伟), in Arabic digits, or in Chinese numerals (幺 for 1 when numbers
are read out), so both sides are brought to toneless pinyin syllables, with
the sounds that speakers and the model mix up folded together (zh/z, ch/c,
sh/s, n/l, -ng/-n after e and i). Measured on espeak-ng Mandarin, names were
not recognised at all: a hit is a hint for a grader, who listens.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.speech.segments import Piece

DIGITS = ("ling", "yi", "er", "san", "si", "wu", "liu", "qi", "ba", "jiu")
# spoken forms of digits folded onto DIGITS: 幺 (yao) is 1 read in numbers, 两 2, 洞 0
DIGIT_ALIASES = {"yao": "yi", "liang": "er", "dong": "ling"}
ENGLISH_DIGITS = {
    "zero": "ling",
    "oh": "ling",
    "one": "yi",
    "two": "er",
    "three": "san",
    "four": "si",
    "five": "wu",
    "six": "liu",
    "seven": "qi",
    "eight": "ba",
    "nine": "jiu",
}
_WORD = re.compile(r"[a-z]+|[0-9]|[^\sa-z0-9]", re.IGNORECASE)
_HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Token:
    sound: str  # folded toneless pinyin syllable, a digit's syllable, or a Latin word
    piece: int  # which transcript piece it came from


@dataclass(frozen=True)
class Hit:
    what: str  # "name" | "number"
    start_s: float
    end_s: float
    heard: str  # the transcript's words that matched
    context: str  # the transcript around them


def fold(syllable: str) -> str:
    """A toneless syllable with easily confused sounds made equal."""
    s = syllable.lower()
    s = DIGIT_ALIASES.get(s, s)
    for a, b in (("zh", "z"), ("ch", "c"), ("sh", "s")):
        if s.startswith(a):
            s = b + s[2:]
    if s.startswith("n"):
        s = "l" + s[1:]
    for a, b in (("eng", "en"), ("ing", "in")):
        if s.endswith(a):
            s = s[: -len(a)] + b
    return s


def sounds(text: str) -> list[str]:
    """`text` as folded sounds: pinyin for Chinese characters, one syllable per digit,
    English digit words as the digit's syllable, other Latin words lower case."""
    from pypinyin import Style, lazy_pinyin  # part of the [speech] extra

    out: list[str] = []
    for m in _WORD.finditer(text):
        w = m.group(0)
        if _HAN.match(w):
            out.extend(fold(p) for p in lazy_pinyin(w, style=Style.NORMAL))
        elif w.isdigit():
            out.append(fold(DIGITS[int(w)]))
        elif w.isalpha() and w.isascii():
            low = w.lower()
            out.append(fold(ENGLISH_DIGITS[low]) if low in ENGLISH_DIGITS else low)
    return out


def tokens(pieces: Sequence[Piece]) -> list[Token]:
    return [Token(s, i) for i, p in enumerate(pieces) for s in sounds(p.text)]


def number_sounds(number: str, min_digits: int) -> list[str] | None:
    """The folded syllables of the last `min_digits` digits of a candidate number
    (all of them if shorter); None when it has fewer than 4 digits."""
    digits = [c for c in number if c.isdigit()]
    if len(digits) < 4:
        return None
    return [fold(DIGITS[int(c)]) for c in digits[-min_digits:]]


def find(seq: Sequence[str], toks: Sequence[Token]) -> list[tuple[int, int]]:
    """Where `seq` occurs contiguously in `toks` (token index ranges)."""
    n = len(seq)
    if n == 0:
        return []
    return [
        (i, i + n)
        for i in range(len(toks) - n + 1)
        if all(toks[i + k].sound == seq[k] for k in range(n))
    ]


def spot(pieces: Sequence[Piece], name: str, number: str, min_digits: int = 6) -> list[Hit]:
    """Where the name or the candidate number is heard in the transcript."""
    toks = tokens(pieces)
    wanted: list[tuple[str, list[str]]] = []
    name_sounds = sounds(name) if name.strip() else []
    if len(name_sounds) >= 2 or (name_sounds and not _HAN.search(name)):
        wanted.append(("name", name_sounds))
    num = number_sounds(number, min_digits)
    if num is not None:
        wanted.append(("number", num))
    hits: list[Hit] = []
    for what, seq in wanted:
        for a, b in find(seq, toks):
            first, last = pieces[toks[a].piece], pieces[toks[b - 1].piece]
            lo, hi = max(0, toks[a].piece - 1), min(len(pieces), toks[b - 1].piece + 2)
            heard = " ".join(
                dict.fromkeys(p.text for p in pieces[toks[a].piece : toks[b - 1].piece + 1])
            )
            context = " ".join(p.text for p in pieces[lo:hi])
            hits.append(Hit(what, first.start_s, last.end_s, heard, context))
    return hits
