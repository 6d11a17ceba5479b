"""The desk words what the other camera said of a flag, in English and Chinese.

Corroborations are built here from the reason codes of `analysis.detect.corroborate`
with plausible numbers; the desk's Chinese translation (`ui/i18n/dualcam_zh_CN.qm`,
made by `ui/i18n/fill_zh_CN.py`) is installed into the test's QApplication.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication

from analysis.detect.corroborate import REASONS, Status
from analysis.flags import Camera, FlagType, Source
from reviewer.review import FlagView, ReviewItem
from reviewer.review import Status as QueueStatus
from tests.test_wording import chinese  # noqa: F401 - the zh_CN translator fixture
from ui.corroboration_words import corroboration_text, counts_key, counts_text

FACTS = {"start_s": 12.0, "end_s": 20.0, "present": 0.93}


def _flag(status: str, reason: str) -> FlagView:
    c = {"camera": "aux", "status": status, "detail": "ENGLISH", "reason": reason, "facts": FACTS}
    return FlagView(
        1, FlagType.LEFT_FRAME, Camera.MAIN, 1.0, 9.0, 0.9, Source.AI, "x", None, "",
        {"best_t": 2.0, "corroboration": c},
    )  # fmt: skip


def test_every_reason_is_worded_in_english(qapp: QCoreApplication) -> None:
    for reason in REASONS:
        for status in Status:
            text = corroboration_text(_flag(status.value, reason))
            assert "ENGLISH" not in text and "{" not in text and "aux" in text, text
    assert "93%" in corroboration_text(_flag("contradicted", "candidate_seen"))
    no = FlagView(1, FlagType.PHONE, Camera.MAIN, 1.0, 2.0, 0.9, Source.AI, "x", None, "", None)
    assert corroboration_text(no) == ""


@pytest.mark.usefixtures("chinese")
def test_every_reason_is_worded_in_chinese() -> None:
    for reason in REASONS:
        for status in Status:
            text = corroboration_text(_flag(status.value, reason))
            assert "辅机" in text and not re.findall(r"[A-Za-z]{2,}", text), text


def test_the_queue_column_counts_and_sorts_confirmed_first() -> None:
    def item(counts: dict[str, int]) -> ReviewItem:
        return ReviewItem(1, "/x", "C1", "s", QueueStatus.UNREVIEWED, 1.0, {}, (), (), counts)

    up, down, none = item({"corroborated": 2}), item({"contradicted": 1}), item({})
    assert counts_text(up) == "▲2 ▼0" and counts_text(none) == ""
    assert counts_key(up) > counts_key(none) > counts_key(down)
