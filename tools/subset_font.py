"""Rebuild resources/fonts/WenQuanYiMicroHei-GB2312.ttf (see PROVENANCE.md there).

python tools/subset_font.py PATH/TO/wqy-microhei.ttc

Keeps, from face 0 of the collection (TrueType glyf outlines, which reportlab
embeds), ASCII and Latin-1, general punctuation, CJK symbols, full-width forms
and every character of GB2312 (6,763 hanzi): what a Chinese evidence report
and a grader's note need. Development tool: needs fontTools (not a dependency).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

OUT = Path(__file__).resolve().parents[1] / "resources" / "fonts" / "WenQuanYiMicroHei-GB2312.ttf"


def gb2312() -> set[int]:
    chars: set[int] = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes((hi, lo)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return chars


def main() -> None:
    font = TTCollection(sys.argv[1])[0]
    codes = gb2312() | set(range(0x20, 0x7F)) | set(range(0xA0, 0x180))
    codes |= set(range(0x2000, 0x2070)) | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
    opts = subset.Options()
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.layout_features = ["*"]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=codes)
    sub.subset(font)
    font.save(str(OUT))
    sys.stdout.write(f"{OUT} {OUT.stat().st_size}\n")


if __name__ == "__main__":
    main()
