"""The font shipped in `resources/fonts/` (see PROVENANCE.md there): Chinese and Latin."""

from __future__ import annotations

import functools
from pathlib import Path

from PIL import ImageFont

FONT_PATH = (
    Path(__file__).resolve().parents[2] / "resources" / "fonts" / "WenQuanYiMicroHei-GB2312.ttf"
)
FONT_SHA256 = "1f39cb7182e2563a1ab5c5ace7dcc20b97860c04a25493791e1fa904099d5be3"


@functools.cache
def pil_font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_PATH), size)
