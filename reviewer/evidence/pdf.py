"""`report.pdf` with reportlab (no browser, no Qt), in the shipped CJK TrueType font.

reportlab embeds a subset of the font in the PDF, so Chinese text shows on any
machine; the font has Latin glyphs too, so one font sets the whole report.
"""

from __future__ import annotations

import logging
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from reviewer.evidence.fonts import FONT_PATH
from reviewer.evidence.report import Block
from reviewer.evidence.words import Words

log = logging.getLogger(__name__)

FONT = "DualCamCJK"
WIDTH = A4[0] - 30 * mm


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_PATH)))
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    f = _font()
    base = ParagraphStyle("body", fontName=f, fontSize=9, leading=12, wordWrap="CJK")
    return {
        "body": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "h1": ParagraphStyle("h1", parent=base, fontSize=16, leading=22, spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=base, fontSize=13, leading=18, spaceBefore=10),
        "h3": ParagraphStyle("h3", parent=base, fontSize=11, leading=15, spaceBefore=8),
    }


def write_pdf(dst: Path, folder: Path, bl: list[Block], w: Words) -> None:
    st = _styles()
    story: list[Flowable] = []
    for b in bl:
        story.append(Paragraph(escape(b.title), st[f"h{min(b.level, 3)}"]))
        for rel in b.images:
            story.append(_image(folder / rel))
        if b.rows:
            story.append(_table(b, st))
        story.append(Spacer(1, 3 * mm))
    doc = SimpleDocTemplate(
        str(dst),
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=bl[0].title,
        lang="zh-CN" if w.language == "zh_CN" else "en",
    )
    doc.build(story)


def _image(path: Path) -> Image:
    img = Image(str(path))
    scale = min(1.0, (90 * mm) / img.imageWidth)
    img.drawWidth, img.drawHeight = img.imageWidth * scale, img.imageHeight * scale
    img.hAlign = "LEFT"
    return img


def _table(b: Block, st: dict[str, ParagraphStyle]) -> Table:
    cols = len(b.header) if b.header else max(len(r) for r in b.rows)
    data = []
    if b.header:
        data.append([Paragraph(escape(h), st["cell"]) for h in b.header])
    for r in b.rows:
        cells = list(r) + [""] * (cols - len(r))
        data.append([Paragraph(escape(x), st["cell"]) for x in cells])
    if b.header is None and cols == 2:
        widths = [WIDTH * 0.28, WIDTH * 0.72]
    else:
        widths = [WIDTH / cols] * cols
    t = Table(data, colWidths=widths, repeatRows=1 if b.header else 0)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if b.header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")))
    elif cols == 2:
        style.append(("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f2f2")))
    t.setStyle(TableStyle(style))
    return t
