"""The desk's writes: decisions, verdicts, second reviews, committee verdicts, manual flags.

Each runs off the GUI thread in its own session (`ui.tasks.run_task`). Each tells
the domain what the grader saw (`seen_decision_id`), and when another grader
decided the same thing since, says who, what and when; the grader's decision is
saved all the same. A refusal (the flag is gone after a rescan, four eyes) is
worded from its code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy.orm import Session

from reviewer import committee, review
from reviewer.decisions import DecidedMeanwhile, DecisionResult, FlagGone, FourEyes
from reviewer.review import FlagDecision, SubjectView, Verdict
from reviewer.storage.db import Database
from ui.error_words import error_text
from ui.tasks import run_task
from ui.verdict_box import verdict_name

CTX = "Writes"
REFUSALS = {
    "same_reviewer": QT_TRANSLATE_NOOP(
        "Writes", "You gave this verdict: a second grader must be someone else."
    ),
    "nothing_to_review": QT_TRANSLATE_NOOP("Writes", "No zero here waits for a second grader."),
    "not_committee": QT_TRANSLATE_NOOP(
        "Writes", "Only members of the committee (Settings: the configuration's [roles]) can."
    ),
    "committee_must_decide": QT_TRANSLATE_NOOP(
        "Writes", "The committee decides: violation or no violation."
    ),
    "committee_note": QT_TRANSLATE_NOOP("Writes", "The committee's verdict needs a note."),
    "committee_decided": QT_TRANSLATE_NOOP(
        "Writes", "The committee has decided this subject; its verdict is final."
    ),
    "no_name": QT_TRANSLATE_NOOP("Writes", "Set your name first (Settings → Grader name)."),
}
KINDS = {
    "confirm": QT_TRANSLATE_NOOP("Writes", "confirmed"),
    "dismiss": QT_TRANSLATE_NOOP("Writes", "dismissed"),
    "uncertain": QT_TRANSLATE_NOOP("Writes", "marked uncertain"),
    "agree": QT_TRANSLATE_NOOP("Writes", "agreed as the second grader"),
    "disagree": QT_TRANSLATE_NOOP("Writes", "disagreed as the second grader"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def meanwhile_line(d: DecidedMeanwhile) -> str:
    key = d.value if d.kind == "second_review" else d.kind
    what = tr(KINDS[key]) if key in KINDS else verdict_name(d.value or "")
    line = tr(QT_TRANSLATE_NOOP("Writes", "{grader} {what} at {at}")).format(
        grader=d.grader, what=what, at=d.at.astimezone().strftime("%H:%M")
    )
    return f"{line}: {d.note}" if d.note else line


def refusal_text(exc: BaseException) -> str:
    if isinstance(exc, FlagGone):
        return tr(
            QT_TRANSLATE_NOOP(
                "Writes", "This flag is gone: a rescan no longer finds it. Nothing was saved."
            )
        )
    if isinstance(exc, FourEyes) and exc.code in REFUSALS:
        return tr(REFUSALS[exc.code])
    return error_text(exc)


class Writes(QObject):
    """The write side of the desk for the open subject; `saved(subject_id)` after each."""

    saved = Signal(int)

    def __init__(self, parent: QWidget, db: Database) -> None:
        super().__init__(parent)
        self.window, self.db = parent, db
        self.committee: tuple[str, ...] = ()

    def run(self, fn: Callable[[Session], Any], subject_id: int) -> None:
        db = self.db

        def work() -> Any:
            with db.session() as s:
                return fn(s)

        run_task(
            self,
            work,
            on_done=lambda result: self._done(result, subject_id),
            on_error=lambda exc: self._failed(exc, subject_id),
        )

    def _done(self, result: Any, subject_id: int) -> None:
        if isinstance(result, DecisionResult) and result.meanwhile:
            QMessageBox.information(
                self.window,
                tr(QT_TRANSLATE_NOOP("Writes", "Decided meanwhile")),
                tr(
                    QT_TRANSLATE_NOOP(
                        "Writes", "Since you opened this subject, another grader decided:"
                    )
                )
                + "\n"
                + "\n".join(meanwhile_line(d) for d in result.meanwhile)
                + "\n"
                + tr(QT_TRANSLATE_NOOP("Writes", "Your decision is saved too, as the latest.")),
            )
        self.saved.emit(subject_id)

    def _failed(self, exc: BaseException, subject_id: int) -> None:
        QMessageBox.warning(
            self.window, tr(QT_TRANSLATE_NOOP("Writes", "Not saved")), refusal_text(exc)
        )
        if isinstance(exc, FlagGone):
            self.saved.emit(subject_id)  # reload: the flag list changed

    def decide(self, view: SubjectView, flag_id: int, decision: str, note: str, by: str) -> None:
        seen = next((f.decision_id for f in view.flags if f.id == flag_id), None)
        self.run(
            lambda s: review.decide_flag(
                s, flag_id, FlagDecision(decision), by, note, seen_decision_id=seen
            ),
            view.item.subject_id,
        )

    def verdict(self, view: SubjectView, verdict: str, rule: str, note: str, by: str) -> None:
        sid, seen = view.item.subject_id, view.verdict_decision_id
        self.run(
            lambda s: review.set_verdict(
                s, sid, Verdict(verdict), by, rule, note, seen_decision_id=seen
            ),
            sid,
        )

    def second_review(self, view: SubjectView, agree: bool, note: str, by: str) -> None:
        sid = view.item.subject_id
        self.run(lambda s: committee.second_review(s, sid, by, agree, note), sid)

    def committee_verdict(self, view: SubjectView, verdict: str, note: str, by: str) -> None:
        sid, members = view.item.subject_id, self.committee
        self.run(
            lambda s: committee.committee_verdict(s, sid, by, Verdict(verdict), note, members),
            sid,
        )
