"""The package's human-readable report: `report.html` and `report.pdf`, in English or Chinese.

`blocks` turns the package's content into titled tables (language-dependent
words, language-independent layout); `report_html` and `reviewer.evidence.pdf`
render the same blocks, so the two reports say the same.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from analysis.flags import Camera
from reviewer.evidence.package import Content, FlagEntry
from reviewer.evidence.words import Words

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Block:
    title: str
    rows: Sequence[Sequence[str]]
    header: Sequence[str] | None = None  # None: label/value rows
    images: list[str] = field(default_factory=list)  # data/-relative PNGs
    level: int = 2


def write_reports(folder: Path, content: Content, language: str) -> None:
    from reviewer.evidence.pdf import write_pdf  # reportlab is a heavy import

    w = Words(language)
    bl = blocks(content, w)
    (folder / "report.html").write_text(report_html(bl, w), encoding="utf-8")
    write_pdf(folder / "report.pdf", folder, bl, w)


def blocks(c: Content, w: Words) -> list[Block]:
    f = c.facts
    verdict = w.value(f.verdict.value) if f.verdict else w.value("none")
    if f.verdict_note:
        verdict += w.paren(f.verdict_note)
    out = [
        Block(
            f"{w['title']}{w.colon()}{f.candidate_id} / {f.subject}",
            [
                (w["candidate"], f.candidate_id),
                (w["subject"], f.subject),
                (w["verdict"], verdict),
                (w["export"], f.export_root),
                (w["created"], w.wall(c.created_at)),
                (w["made_by"], c.grader),
            ],
            level=1,
        ),
        Block(
            f"{w['flags']}{w.paren(str(len(c.entries)))}", [] if c.entries else [(w["no_flags"],)]
        ),
    ]
    out += [_flag_block(i, e, c, w) for i, e in enumerate(c.entries, 1)]
    decisions = [
        (
            d.grader,
            w.wall(d.at),
            w.value(d.kind) + (f"{w.colon()}{w.value(d.value)}" if d.value else ""),
            f"#{d.flag_id}" if d.flag_id is not None else w["verdict"],
            d.note,
        )
        for d in f.decisions
    ]
    out.append(
        Block(
            w["decisions"],
            decisions or [(w["no_decisions"], "", "", "", "")],
            (w["grader"], w["at"], w["decision"], w["flag"], w["note"]),
        )
    )
    originals = [
        (
            w.camera(o.camera),
            o.name or w.value("missing"),
            o.sha256 or "—",
            w.value(o.status),
            (o.expected or "—"),
        )
        for o in c.originals
    ]
    out.append(
        Block(
            w["integrity"],
            originals,
            (w["camera"], w["recording"], w["sha256"], w["status"], w["expected"]),
        )
    )
    found = [
        (w.flag_type(x.type), w.camera(x.camera), _span(x.start_s, x.end_s, w), x.detail)
        for x in f.integrity_flags
    ]
    out.append(
        Block(
            w["integrity_flags"],
            [(w["signature"], w.value(f.signature), "", ""), *found],
            (w["type"], w["camera"], w["time_main"], w["detail"]),
            level=3,
        )
    )
    a = f.alignment
    out.append(
        Block(
            w["alignment"],
            [
                (w["method"], w.value(a.method)),
                (w["offset"], w.seconds(a.offset_s)),
                (w["drift"], f"{a.drift_ppm:.1f} ppm" if a.drift_ppm is not None else "—"),
                (w["align_conf"], f"{a.confidence:.2f}"),
                ("", w["mapping"]),
            ],
        )
    )
    out.append(
        Block(w["files"], [(p, h) for p, h in sorted(c.files.items())] + [("", w["verify"])])
    )
    return out


def _span(a: float | None, b: float | None, w: Words) -> str:
    if a is None:
        return "—"
    return f"{a:.2f}–{(b if b is not None else a):.2f} {w['seconds']}"


def _flag_block(i: int, e: FlagEntry, c: Content, w: Words) -> Block:
    f, win, clock = e.flag, e.window, c.facts.clock
    rec = c.facts.recordings
    rows = [
        (w["camera"], w.camera(f.camera)),
        (w["source"], w.source(f.source)),
        (w["confidence"], f"{f.confidence:.2f}"),
    ]
    if win is not None:
        m0, m1 = win.main_span
        rows += [
            (w["time_main"], _span(m0, m1, w)),
            (w["time_aux"], _span(clock.to_aux(m0), clock.to_aux(m1), w)),
            (w["wall"], w.wall(_at(rec[Camera.MAIN].started_at, m0))),
        ]
    rows += [
        (w["detail"], w.detail(f.detail)),
        (w["decision"], w.value(f.decision.value if f.decision else None) + _note(f.note)),
    ]
    for clip in e.clips:
        method = w.value("copy" if clip.cut.copied else "reencode")
        rows.append(
            (
                f"{w['clips']}{w.paren(w.camera(clip.camera))}",
                f"{clip.file}: {_span(clip.cut.in_s, clip.cut.out_s, w)}, {method}",
            )
        )
    if e.side_by_side:
        rows.append((w["side_by_side"], e.side_by_side))
    rows += [("!", p) for p in e.problems]
    order = (Camera.PAIR, f.camera, Camera.MAIN, Camera.AUX)  # an identity flag's faces first
    images = [e.stills[cam] for cam in dict.fromkeys(order) if cam in e.stills]
    return Block(
        f"{w['flag']} {i}{w.colon()}{w.flag_type(f.type)}{w.paren('#' + str(f.id))}",
        rows,
        images=images[:1],
        level=3,
    )


def _at(started: datetime | None, t: float) -> datetime | None:
    return started + timedelta(seconds=t) if started is not None else None


def _note(note: str) -> str:
    return f" — {note}" if note else ""


def report_html(bl: list[Block], w: Words) -> str:
    lang = "zh-CN" if w.language == "zh_CN" else "en"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{html.escape(bl[0].title)}</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
        "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #bbb;"
        "padding:3px 6px;text-align:left;vertical-align:top;word-break:break-all}"
        "th{background:#eee}img{max-width:28em;border:1px solid #888}</style></head><body>",
    ]
    for b in bl:
        parts.append(f"<h{b.level}>{html.escape(b.title)}</h{b.level}>")
        for img in b.images:
            parts.append(f'<p><img src="{html.escape(img)}" alt="{html.escape(img)}"></p>')
        if not b.rows:
            continue
        parts.append("<table>")
        if b.header:
            parts.append("<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in b.header) + "</tr>")
        for r in b.rows:
            cells = [f"<th>{html.escape(r[0])}</th>"] if b.header is None and len(r) > 1 else []
            rest = r[1:] if cells else r
            cells += [f"<td>{html.escape(x)}</td>" for x in rest]
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
