"""The morning summary: one bilingual (English, 简体中文) HTML page of what the night's
batches scanned, what failed and why, which subjects graders should open first (the
desk's own order, `reviewer.review.review_queue`) and each export's integrity problems."""

from __future__ import annotations

import html
import os
import re
import tempfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from analysis.flags import INTEGRITY_TYPES
from reviewer.batch.status import BatchFacts, batch_status
from reviewer.errors import UserError
from reviewer.review import review_queue
from reviewer.storage.db import open_database
from reviewer.storage.models import ExportRow, FlagRow

FIRST = 50  # subjects listed for graders


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """'yesterday 18:00', 'today 06:00', '18:00' (today) or an ISO time; local time."""
    now = (now or datetime.now().astimezone()).astimezone()
    m = re.fullmatch(r"\s*(?:(yesterday|today)\s+)?(\d{1,2}):(\d{2})\s*", text)
    if m:
        day = now - timedelta(days=1) if m[1] == "yesterday" else now
        return day.replace(hour=int(m[2]), minute=int(m[3]), second=0, microsecond=0)
    try:
        t = datetime.fromisoformat(text)
    except ValueError as exc:
        raise UserError(f'--since: not a time: {text!r} (e.g. "yesterday 18:00")') from exc
    return t if t.tzinfo else t.astimezone()


def _e(x: object) -> str:
    return html.escape(str(x))


def _both(en: str, zh: str) -> str:
    return f'{_e(en)} <span lang="zh-CN">{_e(zh)}</span>'


def render_summary(db_url: str, since: datetime) -> str:
    facts: BatchFacts = batch_status(db_url, since=since.astimezone(UTC))
    ids = {e.export_id for e in facts.exports}
    db = open_database(db_url)
    try:
        with db.session() as s:
            queue = [
                i for i in review_queue(s) if i.export_root in {e.export for e in facts.exports}
            ]
            info = {r.id: (r.root, r.info or {}) for r in s.scalars(select(ExportRow))}
            integrity = {t.value for t in INTEGRITY_TYPES}
            flag_counts: dict[int, Counter[str]] = {}
            for export_id, ftype in s.execute(
                select(FlagRow.export_id, FlagRow.type).where(FlagRow.export_id.in_(ids))
            ):
                if ftype in integrity:
                    flag_counts.setdefault(export_id, Counter())[ftype] += 1
    finally:
        db.close()
    out = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        "<title>DualCam batch summary · 批量扫描摘要</title></head><body>",
        f"<h1>{_both('Overnight batch summary', '夜间批量扫描摘要')}</h1>",
        f"<p>{_both('Since', '起始时间')}: {_e(since.isoformat(timespec='minutes'))}; "
        f"{_both('written', '生成于')}: {_e(facts.at.isoformat(timespec='minutes'))}</p>",
        f"<h2>{_both('What was scanned', '扫描内容')}</h2>",
        "<table border=1><tr><th>Export 导出</th><th>Done 完成</th><th>Left 剩余</th>"
        "<th>Failed 失败</th><th>Video hours 视频小时</th><th>Per hour 每小时</th></tr>",
    ]
    for e in facts.exports:
        rate = "-" if e.video_hours_per_hour is None else f"{e.video_hours_per_hour:.2f}"
        out.append(
            f"<tr><td>{_e(e.export)}</td><td>{e.done}</td><td>{e.queued + e.running}</td>"
            f"<td>{e.failed}</td><td>{e.video_hours_done:.2f}</td><td>{rate}</td></tr>"
        )
    out.append("</table>")
    out.append(f"<h2>{_both('What failed, and why', '失败项及原因')}</h2>")
    fails = [(e.export, f) for e in facts.exports for f in e.failures]
    if not fails:
        out.append(f"<p>{_both('Nothing failed.', '没有失败项。')}</p>")
    else:
        out.append("<ul>")
        out += [
            f"<li>{_e(x)}: {_e(f.task)} (job {f.job_id}): {_e(f.reason)}</li>" for x, f in fails
        ]
        out.append("</ul>")
    out.append(
        f"<h2>{_both('Subjects graders should open first', '请评分老师优先查看的科目')}</h2>"
    )
    out.append(
        "<table border=1><tr><th>Candidate 考生</th><th>Subject 科目</th><th>Status 状态</th>"
        "<th>Flags 标记</th><th>Export 导出</th></tr>"
    )
    for item in queue[:FIRST]:
        flags = ", ".join(f"{k} {v}" for k, v in sorted(item.flag_counts.items())) or "-"
        out.append(
            f"<tr><td>{_e(item.candidate_id)}</td><td>{_e(item.subject)}</td>"
            f"<td>{_e(item.status.value)}</td><td>{_e(flags)}</td>"
            f"<td>{_e(item.export_root)}</td></tr>"
        )
    out.append("</table>")
    out.append(f"<h2>{_both('Integrity problems per export', '各导出的完整性问题')}</h2><ul>")
    for e in facts.exports:
        root, meta = info.get(e.export_id, (e.export, {}))
        bits = [f"{k} {v}" for k, v in sorted(flag_counts.get(e.export_id, Counter()).items())]
        bits.append(f"signature 签名: {meta.get('signature', 'not_checked')}")
        errors = len(meta.get("manifest_errors", []))
        if errors:
            bits.append(f"manifest errors 清单错误: {errors}")
        if meta.get("unrecognised"):
            bits.append(f"unrecognised files 无法识别的文件: {len(meta['unrecognised'])}")
        out.append(f"<li>{_e(root)}: {_e('; '.join(bits))}</li>")
    out.append("</ul></body></html>")
    return "\n".join(out) + "\n"


def write_summary(db_url: str, since: datetime, path: Path) -> None:
    text = render_summary(db_url, since)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".summary-", suffix=".html", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from exc
