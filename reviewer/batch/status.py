"""Watching batches: per export, what is done, queued, running and failed (and why),
the throughput and an ETA; the live workers; `retry --failed` and `cancel`.

`batch_status(db_url)` returns plain facts, Qt-free, for the CLI and the desk's
Batch panel alike. Counts come from procrastinate's job table, times from its
event table, failure reasons from our audit log (`batch_outcome` entries, outcome failed).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from reviewer import store
from reviewer.batch.jobs import task_name
from reviewer.batch.queue import WORKERS_TABLE, connect, ensure_schema, make_app
from reviewer.errors import UserError
from reviewer.storage.db import open_database
from reviewer.storage.models import AuditRow, ExportRow, RecordingRow


@dataclass(frozen=True)
class Failure:
    job_id: int
    task: str
    reason: str
    subject_id: int | None


@dataclass(frozen=True)
class ExportStatus:
    export: str
    export_id: int
    done: int
    queued: int
    running: int
    failed: int
    cancelled: int
    video_hours_done: float  # of recordings hashed and probed by the batch
    video_hours_per_hour: float | None
    eta_s: float | None  # None: finished, or nothing measured yet
    started_at: datetime | None
    finished_at: datetime | None  # the last job's end, once nothing is left
    failures: tuple[Failure, ...] = ()

    @property
    def complete(self) -> bool:
        return self.queued == 0 and self.running == 0


@dataclass(frozen=True)
class WorkerInfo:
    worker_id: int
    host: str | None
    pid: int | None
    last_heartbeat: datetime
    running: int


@dataclass(frozen=True)
class BatchFacts:
    exports: tuple[ExportStatus, ...]
    workers: tuple[WorkerInfo, ...]
    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def to_json(self) -> dict[str, Any]:
        def conv(v: Any) -> Any:
            if isinstance(v, datetime):
                return v.isoformat()
            if isinstance(v, dict):
                return {k: conv(x) for k, x in v.items()}
            if isinstance(v, list | tuple):
                return [conv(x) for x in v]
            return v

        return {
            "at": self.at.isoformat(),
            "exports": [conv(asdict(e)) for e in self.exports],
            "workers": [conv(asdict(w)) for w in self.workers],
        }


def batch_status(db_url: str, since: datetime | None = None) -> BatchFacts:
    """Every export with jobs in the queue (those with a job since `since`)."""
    ensure_schema(db_url)
    with connect(db_url) as conn:
        counts = conn.execute(
            "select (args->>'export_id')::bigint, status::text, count(*) "
            "from procrastinate_jobs where task_name like 'dualcam:%%' group by 1, 2"
        ).fetchall()
        times = conn.execute(
            "select (j.args->>'export_id')::bigint, "
            "min(e.at) filter (where e.type = 'started'), "
            "max(e.at) filter (where e.type in ('succeeded', 'failed', 'cancelled')) "
            "from procrastinate_jobs j join procrastinate_events e on e.job_id = j.id "
            "where j.task_name like 'dualcam:%%' group by 1"
        ).fetchall()
        inspected = conn.execute(
            "select (args->>'export_id')::bigint, (args->>'rec_id')::bigint "
            "from procrastinate_jobs where task_name = %s and status = 'succeeded'",
            (task_name("inspect"),),
        ).fetchall()
        failed = conn.execute(
            "select (args->>'export_id')::bigint, id, task_name from procrastinate_jobs "
            "where task_name like 'dualcam:%%' and status = 'failed' order by id"
        ).fetchall()
        workers = conn.execute(
            "select w.id, h.host, h.pid, w.last_heartbeat, "
            "(select count(*) from procrastinate_jobs j where j.worker_id = w.id "
            "and j.status = 'doing') from procrastinate_workers w "
            f"left join {WORKERS_TABLE} h on h.worker_id = w.id order by w.id"
        ).fetchall()
    by: dict[int, dict[str, int]] = {}
    for export_id, status, n in counts:
        by.setdefault(export_id, {})[status] = n
    span = {e: (a, b) for e, a, b in times}
    now = datetime.now(UTC)
    db = open_database(db_url)
    try:
        with db.session() as s:
            roots = {r.id: r.root for r in s.scalars(select(ExportRow))}
            rec_ids = [r for _, r in inspected]
            durations = {
                rid: float((probe or {}).get("duration_s") or 0.0)
                for rid, probe in s.execute(
                    select(RecordingRow.id, RecordingRow.probe).where(RecordingRow.id.in_(rec_ids))
                )
            }
            reasons: dict[int, tuple[str, int | None]] = {}
            outcomes = (AuditRow.action == "batch_outcome") & (AuditRow.role == "system")
            for a in s.scalars(select(AuditRow).where(outcomes)):
                if (a.detail or {}).get("outcome") != "failed":
                    continue
                job = (a.detail or {}).get("job_id")
                if isinstance(job, int):
                    reasons[job] = (str(a.detail.get("reason", "")), a.subject_id)
    finally:
        db.close()
    exports = []
    for export_id, st in sorted(by.items()):
        started, last = span.get(export_id, (None, None))
        if since is not None and (last or started or now) < since:
            continue
        done = st.get("succeeded", 0)
        queued, running = st.get("todo", 0), st.get("doing", 0)
        left = queued + running
        hours = sum(durations.get(r, 0.0) for e, r in inspected if e == export_id) / 3600
        end = now if left else (last or now)
        elapsed = (end - started).total_seconds() if started else 0.0
        rate = hours / (elapsed / 3600) if elapsed > 0 and hours else None
        eta = left * elapsed / done if left and done and elapsed > 0 else None
        fails = tuple(
            Failure(
                job_id,
                task.split(":", 1)[-1],
                reasons.get(job_id, ("no reason recorded: see the worker's log", None))[0],
                reasons.get(job_id, ("", None))[1],
            )
            for e, job_id, task in failed
            if e == export_id
        )
        exports.append(
            ExportStatus(
                roots.get(export_id, f"export {export_id}"),
                export_id,
                done,
                queued,
                running,
                st.get("failed", 0),
                st.get("cancelled", 0),
                round(hours, 4),
                None if rate is None else round(rate, 3),
                None if eta is None else round(eta, 1),
                started,
                None if left else last,
                fails,
            )
        )
    return BatchFacts(
        tuple(exports),
        tuple(WorkerInfo(w, h, p, hb, int(n)) for w, h, p, hb, n in workers),
        now,
    )


def format_status(facts: BatchFacts) -> str:
    lines = []
    for e in facts.exports:
        rate = f"{e.video_hours_per_hour:.2f} video-h/h" if e.video_hours_per_hour else "-"
        eta = (
            f"ETA {e.eta_s / 60:.0f} min" if e.eta_s is not None else "done" if e.complete else "-"
        )
        lines.append(
            f"{e.export}: done {e.done}, queued {e.queued}, running {e.running}, "
            f"failed {e.failed}, cancelled {e.cancelled}; {rate}; {eta}"
        )
        lines += [f"  failed {f.task} (job {f.job_id}): {f.reason}" for f in e.failures]
    if not facts.exports:
        lines.append("no batch jobs")
    lines.append(f"{len(facts.workers)} live workers")
    lines += [
        f"  {w.host or '?'} pid {w.pid or '?'}: {w.running} running, "
        f"heartbeat {(facts.at - w.last_heartbeat).total_seconds():.0f} s ago"
        for w in facts.workers
    ]
    return "\n".join(lines) + "\n"


def _export_id(db_url: str, export: Path) -> int:
    db = open_database(db_url)
    try:
        with db.session() as s:
            row = store.get_export(s, str(export.expanduser().resolve()))
            if row is None:
                row = store.get_export(s, str(export))
            if row is None:
                raise UserError(f"{export} has not been enqueued into this database")
            return row.id
    finally:
        db.close()


def retry_failed(db_url: str, export: Path | None) -> int:
    """Queue the failed jobs (of one export, or all) again, and their export's barrier,
    so that its flags are written once they are done."""
    ensure_schema(db_url)
    only = None if export is None else _export_id(db_url, export)
    with connect(db_url) as conn:
        rows = conn.execute(
            "select id, (args->>'export_id')::bigint from procrastinate_jobs "
            "where task_name like 'dualcam:%%' and status = 'failed' "
            "and (%s::bigint is null or (args->>'export_id')::bigint = %s)",
            (only, only),
        ).fetchall()
        barriers = {
            e: args
            for e, args in conn.execute(
                "select (args->>'export_id')::bigint, args->'options' from procrastinate_jobs "
                "where task_name in (%s, %s) order by id",
                (task_name("stages"), task_name("finish")),
            ).fetchall()
        }
    from reviewer.batch.runtime import defer_barrier

    app = make_app(db_url)
    with app.open():
        for job_id, _ in rows:
            app.job_manager.retry_job_by_id(job_id, datetime.now(UTC))
        for e in {e for _, e in rows}:
            if e in barriers:
                opts = barriers[e]
                defer_barrier(app, "stages", e, opts, int(opts.get("priority", 0)), 0)
    return len(rows)


def cancel_export(db_url: str, export: Path) -> int:
    """Cancel the export's queued jobs (running ones are asked to stop and finish)."""
    ensure_schema(db_url)
    export_id = _export_id(db_url, export)
    with connect(db_url) as conn:
        ids = conn.execute(
            "select id from procrastinate_jobs where task_name like 'dualcam:%%' "
            "and status in ('todo', 'doing') and (args->>'export_id')::bigint = %s",
            (export_id,),
        ).fetchall()
    app = make_app(db_url)
    n = 0
    with app.open():
        for (job_id,) in ids:
            if app.job_manager.cancel_job_by_id(job_id, abort=True):
                n += 1
    return n
