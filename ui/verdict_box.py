"""The subject's verdict at the desk: the grader's, the second reviewer's, the committee's.

Shows where the verdict stands (`reviewer.committee.VerdictState`, words from
here), who decided what and when, and offers what the grader at the desk may do:
give a verdict; as a second grader, agree with a zero or send it to the
committee; as a member of the committee, give the committee's verdict with a
note. The rules themselves are the domain's; this widget only asks.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
)

from reviewer.committee import Role, Stage, Step, VerdictState
from reviewer.decisions import Verdict
from ui.wording import RULE_NAMES, rule_name

VERDICT_NAMES = {
    Verdict.NO_VIOLATION: QT_TRANSLATE_NOOP("Verdicts", "No violation"),
    Verdict.VIOLATION: QT_TRANSLATE_NOOP("Verdicts", "Violation (zero)"),
    Verdict.NEEDS_COMMITTEE: QT_TRANSLATE_NOOP("Verdicts", "Needs committee"),
}
STAGE_TEXT = {
    Stage.OPEN: QT_TRANSLATE_NOOP("Verdicts", "no verdict yet"),
    Stage.AWAITING_SECOND: QT_TRANSLATE_NOOP(
        "Verdicts", "{by} gave a zero: it is final once a second grader agrees"
    ),
    Stage.COMMITTEE: QT_TRANSLATE_NOOP("Verdicts", "waiting for the committee"),
    Stage.FINAL: QT_TRANSLATE_NOOP("Verdicts", "final: {verdict} ({by})"),
}
STEP_TEXT = {
    "verdict": QT_TRANSLATE_NOOP("Verdicts", "{at} {by}: {value}"),
    "agree": QT_TRANSLATE_NOOP("Verdicts", "{at} {by} (second grader): agrees"),
    "disagree": QT_TRANSLATE_NOOP("Verdicts", "{at} {by} (second grader): disagrees"),
    "committee": QT_TRANSLATE_NOOP("Verdicts", "{at} {by} (committee): {value}"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate("Verdicts", text)


def verdict_name(value: str) -> str:
    try:
        return tr(VERDICT_NAMES[Verdict(value)])
    except ValueError:
        return value


def _when(at: datetime | None) -> str:
    return at.astimezone().strftime("%m-%d %H:%M") if at is not None else ""


def step_line(step: Step) -> str:
    key = step.value if step.kind == "second_review" else step.kind
    line = tr(STEP_TEXT.get(key, "{at} {by}: {value}")).format(
        at=_when(step.at), by=step.by, value=verdict_name(step.value)
    )
    note = step.note
    rule, sep, rest = note.partition(": ")
    if step.kind == "verdict" and rule in RULE_NAMES:  # stored as "rule: note"
        note = rule_name(rule) + (tr(QT_TRANSLATE_NOOP("Verdicts", ": ")) + rest if sep else "")
    elif step.kind == "verdict" and note in RULE_NAMES:
        note = rule_name(note)
    return f"{line} — {note}" if note else line


class VerdictBox(QGroupBox):
    verdict = Signal(str, str, str)  # verdict, rule, note
    second_review = Signal(bool, str)  # agree, note
    committee_verdict = Signal(str, str)  # verdict, note

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(tr(QT_TRANSLATE_NOOP("Verdicts", "Verdict")))
        self.role = Role.GRADER
        self.name = ""
        outer = QVBoxLayout(self)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setObjectName("verdictState")
        outer.addWidget(self.state)
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setStyleSheet("color:#555555;")
        outer.addWidget(self.history)
        form = QFormLayout()
        self.verdict_box = QComboBox()
        for v in (Verdict.NO_VIOLATION, Verdict.VIOLATION, Verdict.NEEDS_COMMITTEE):
            self.verdict_box.addItem(verdict_name(v.value), v.value)
        self.rule_box = QComboBox()
        self.rule_box.addItem("", "")
        for r in RULE_NAMES:
            self.rule_box.addItem(rule_name(r), r)
        for box in (self.verdict_box, self.rule_box):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(8)
        self.note = QLineEdit()
        form.addRow(tr(QT_TRANSLATE_NOOP("Verdicts", "Verdict")), self.verdict_box)
        form.addRow(tr(QT_TRANSLATE_NOOP("Verdicts", "Rule")), self.rule_box)
        form.addRow(tr(QT_TRANSLATE_NOOP("Verdicts", "Note")), self.note)
        outer.addLayout(form)
        row = QHBoxLayout()
        self.save = QPushButton(tr(QT_TRANSLATE_NOOP("Verdicts", "Save verdict")))
        self.save.clicked.connect(self._save)
        self.agree = QPushButton(tr(QT_TRANSLATE_NOOP("Verdicts", "Agree")))
        self.agree.clicked.connect(lambda: self.second_review.emit(True, self.note.text()))
        self.disagree = QPushButton(tr(QT_TRANSLATE_NOOP("Verdicts", "Disagree")))
        self.disagree.clicked.connect(lambda: self.second_review.emit(False, self.note.text()))
        for b in (self.save, self.agree, self.disagree):
            b.setMinimumWidth(40)  # long labels must not widen the panel: the tooltip has it
            b.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.agree.setToolTip(
            tr(QT_TRANSLATE_NOOP("Verdicts", "As the second grader: the zero becomes final"))
        )
        self.disagree.setToolTip(
            tr(
                QT_TRANSLATE_NOOP(
                    "Verdicts", "As the second grader: the subject goes to the committee"
                )
            )
        )
        row.addWidget(self.save)
        outer.addLayout(row)
        second = QHBoxLayout()
        second.addWidget(self.agree)
        second.addWidget(self.disagree)
        outer.addLayout(second)

    def set_person(self, name: str, role: Role) -> None:
        self.name, self.role = name, role
        label = (
            QT_TRANSLATE_NOOP("Verdicts", "Save committee verdict")
            if role == Role.COMMITTEE
            else QT_TRANSLATE_NOOP("Verdicts", "Save verdict")
        )
        self.save.setText(tr(label))

    def show_state(self, state: VerdictState | None) -> None:
        state = state or VerdictState(Stage.OPEN, None, "", "", False, ())
        text = tr(STAGE_TEXT[state.stage]).format(
            by=state.by, verdict=verdict_name(state.verdict.value) if state.verdict else ""
        )
        if state.disputed and state.stage == Stage.COMMITTEE:
            text += tr(QT_TRANSLATE_NOOP("Verdicts", " (the second grader disagreed)"))
        self.state.setText(text)
        self.history.setText("\n".join(step_line(st) for st in state.steps))
        self.history.setVisible(bool(state.steps))
        committee = self.role == Role.COMMITTEE
        second = state.stage == Stage.AWAITING_SECOND and self.name and self.name != state.by
        spoken = any(st.kind == "committee" for st in state.steps)
        self.agree.setVisible(bool(second) and not committee)
        self.disagree.setVisible(bool(second) and not committee)
        self.save.setEnabled(committee or not spoken)
        if state.verdict is not None:
            self.verdict_box.setCurrentIndex(self.verdict_box.findData(state.verdict.value))

    def _save(self) -> None:
        if self.role == Role.COMMITTEE:
            self.committee_verdict.emit(self.verdict_box.currentData(), self.note.text())
        else:
            self.verdict.emit(
                self.verdict_box.currentData(), self.rule_box.currentData(), self.note.text()
            )
