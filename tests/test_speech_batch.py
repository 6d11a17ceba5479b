"""The batch's speech task gives the scan's speech flags (PostgreSQL; skipped without).

The export is test_speech_scan's (committed espeak-ng clips mixed into room noise,
H.264 + AAC with PyAV), enqueued with transcription off; one batch worker runs
until idle; its speech flags and cached results equal a plain scan's.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from analysis.speech.config import SpeechConfig
from reviewer import speech
from reviewer.batch.enqueue import enqueue
from reviewer.scan import ScanOptions, run_scan
from reviewer.storage.db import Database, open_database
from reviewer.storage.models import FlagRow, SpeechRow, SubjectRow
from tests.pg import schema_url
from tests.test_batch import _wait, _worker, queue_url  # noqa: F401 - the queue's schema
from tests.test_speech_scan import export  # noqa: F401 - the speech export

pytestmark = pytest.mark.postgres
CFG = SpeechConfig(asr=False, silent_speech_s=12.0)


def _speech_flags(db: Database) -> list[tuple[str, str, str, float | None, float | None]]:
    with db.session() as s:
        rows = s.execute(
            select(FlagRow.type, FlagRow.camera, SubjectRow.name, FlagRow.start_s, FlagRow.end_s)
            .join(SubjectRow, FlagRow.subject_id == SubjectRow.id)
            .where(FlagRow.type.in_(speech.FLAG_TYPES))
        )
        return sorted(tuple(r) for r in rows)


def test_batch_speech_equals_the_scan(queue_url: str, export: Path) -> None:  # noqa: F811
    db = open_database(queue_url)
    enqueue(db, queue_url, [export.resolve()], speech=CFG)
    _wait([_worker(queue_url, "--concurrency", "1")], timeout=600)
    with schema_url() as url:
        sdb = open_database(url)
        run_scan(sdb, export.resolve(), ScanOptions(workers=1, detect=None, speech=CFG))
        expected = _speech_flags(sdb)
        sdb.close()
    got = _speech_flags(db)
    assert got == expected
    assert [(t, c, n) for t, c, n, _, _ in got] == [
        ("speech_in_silent_subject", "aux", "素描"),
        ("speech_in_silent_subject", "main", "素描"),
    ]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(SpeechRow)) == 6
    db.close()
