"""The decision panel: the subject's flags, confirm/dismiss/uncertain, verdict."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from analysis.flags import FlagType, Source
from reviewer.review import FlagDecision, FlagView, SubjectView
from ui.alignment_words import alignment_text
from ui.corroboration_words import corroboration_text
from ui.identity_compare import IdentityCompare
from ui.queue_model import status_text
from ui.timeline import colour_of
from ui.verdict_box import VerdictBox
from ui.wording import (
    RULE_NAMES,
    camera_name,
    flag_detail,
    source_name,
    type_name,
)

RULES = tuple(RULE_NAMES)


def _when(at: datetime | None) -> str:
    """A decision's time on the grader's own clock (stored UTC)."""
    return at.astimezone().strftime("%m-%d %H:%M") if at is not None else ""


def _time(t: float | None) -> str:
    if t is None:
        return "—"
    return f"{int(t // 60):02d}:{t % 60:04.1f}"


class DecisionPanel(QWidget):
    flag_selected = Signal(int)
    decide = Signal(int, str, str)  # flag id, decision, note
    verdict = Signal(str, str, str)  # verdict, rule, note
    second_review = Signal(bool, str)  # agree, note
    committee_verdict = Signal(str, str)  # verdict, note
    best_frame = Signal(int)  # flag id: show its strongest frame

    def __init__(self) -> None:
        super().__init__()
        self.flags: list[FlagView] = []
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight:bold;font-size:14px;")
        layout.addWidget(self.heading)
        self.export_warning = QLabel()
        self.export_warning.setWordWrap(True)
        self.export_warning.setObjectName("exportWarning")
        self.export_warning.setStyleSheet(
            "background:#fdecea;color:#a12622;border:1px solid #e0a09c;padding:4px;"
        )
        self.export_warning.hide()
        layout.addWidget(self.export_warning)
        self.alignment = QLabel()
        self.alignment.setWordWrap(True)
        self.alignment.setStyleSheet("color:#555555;")
        layout.addWidget(self.alignment)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._row_changed)
        layout.addWidget(self.list, 1)
        self.best = QPushButton(self.tr("Best frame (B)"))
        self.best.setToolTip(
            self.tr("Show the flag's strongest frame, with the boxes the detectors saw there")
        )
        self.best.setEnabled(False)
        self.best.clicked.connect(self.show_best_current)
        layout.addWidget(self.best)
        self.identity = IdentityCompare()  # an identity flag's two faces (issue 18)
        layout.addWidget(self.identity)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Note (optional)"))
        layout.addWidget(self.note)
        row = QHBoxLayout()
        for key, text in (
            (FlagDecision.CONFIRM, self.tr("Confirm (C)")),
            (FlagDecision.DISMISS, self.tr("Dismiss (D)")),
            (FlagDecision.UNCERTAIN, self.tr("Uncertain (U)")),
        ):
            b = QPushButton(text)
            b.setMinimumWidth(40)
            b.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            b.setToolTip(text)
            b.clicked.connect(lambda _=False, k=key: self.decide_current(k))
            row.addWidget(b)
        layout.addLayout(row)
        self.verdict_group = VerdictBox()
        self.verdict_group.verdict.connect(self.verdict)
        self.verdict_group.second_review.connect(self.second_review)
        self.verdict_group.committee_verdict.connect(self.committee_verdict)
        # the old names, for the desk's tests and tools
        self.verdict_box = self.verdict_group.verdict_box
        self.rule_box = self.verdict_group.rule_box
        self.verdict_note = self.verdict_group.note
        layout.addWidget(self.verdict_group)

    def show_subject(self, view: SubjectView | None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        self.flags = view.flags if view else []
        self.best.setEnabled(False)
        self.identity.show_flag(None)
        if view is None:
            self.heading.setText(self.tr("No subject selected"))
            self.alignment.clear()
            self.list.blockSignals(False)
            return
        it = view.item
        self.heading.setText(f"{it.candidate_id} · {it.subject} · {status_text(it.status)}")
        self.alignment.setText(
            self.tr("Alignment: %s") % alignment_text(view.alignment, view.alignment_detail)
        )
        self.alignment.setToolTip(view.alignment_detail)
        for f in self.flags:
            mark = {
                None: "○",
                FlagDecision.CONFIRM: "✔",
                FlagDecision.DISMISS: "✘",
                FlagDecision.UNCERTAIN: "?",
            }[f.decision]
            text = (
                f"{mark} {type_name(f.type.value)} · {camera_name(f.camera)} · "
                f"{self._span(f)}\n   {flag_detail(f)} · "
                f"{source_name(f.source)} {f.confidence:.2f}"
            )
            if two_views := corroboration_text(f):  # the other camera's word on it
                text += "\n   " + two_views
            if f.decided_by:
                text += "\n   " + self.tr("%s, %s") % (f.decided_by, _when(f.decided_at))
                if f.note:
                    text += f": {f.note}"
            if f.stale:
                text += "\n   " + self.tr(
                    "kept for its decision: the latest scan no longer finds it"
                )
            item = QListWidgetItem(_swatch(f.type.value), text)
            item.setToolTip(f"{f.type.value}: {f.detail}")
            item.setData(Qt.ItemDataRole.UserRole, f.id)
            if f.source == Source.HUMAN:
                item.setForeground(Qt.GlobalColor.darkBlue)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.verdict_group.show_state(view.verdict_state)
        problems = [
            self.tr("%s: %s") % (type_name(f.type.value), flag_detail(f)) for f in view.export_flags
        ]
        self.export_warning.setVisible(bool(problems))
        self.export_warning.setText(
            "\n".join(problems)
            + "\n"
            + self.tr("The whole export is concerned: its hashes cannot be trusted.")
        )

    def _span(self, f: FlagView) -> str:
        if f.start_s is None:
            return self.tr("whole recording")
        return f"{_time(f.start_s)}–{_time(f.end_s)}"

    def select_flag(self, flag_id: int) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == flag_id:
                self.list.setCurrentRow(i)
                return

    def current_flag(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def move(self, step: int) -> None:
        if self.list.count():
            row = (self.list.currentRow() + step) % self.list.count()
            self.list.setCurrentRow(row)

    def decide_current(self, decision: FlagDecision) -> None:
        flag = self.current_flag()
        if flag is not None:
            self.decide.emit(flag, decision.value, self.note.text())
            self.note.clear()

    def show_best_current(self) -> None:
        flag = self.current_flag()
        if flag is not None and self.best.isEnabled():
            self.best_frame.emit(flag)

    def _row_changed(self, row: int) -> None:
        flag = self.current_flag()
        self.best.setEnabled(any(f.id == flag and f.evidence for f in self.flags))
        self.identity.show_flag(next((f for f in self.flags if f.id == flag), None))
        if flag is not None:
            self.flag_selected.emit(flag)

    def _save_verdict(self) -> None:
        self.verdict_group._save()


def flag_types() -> list[str]:
    return [t.value for t in FlagType]


def compact(box: QComboBox, chars: int = 8) -> None:
    """A combo box as narrow as `chars` characters: its longest item no longer sets
    the panel's width (a 1366-px laptop has none to spare); the list opens wider."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(chars)
    box.view().setMinimumWidth(box.view().sizeHintForColumn(0) + 24)


def _swatch(flag_type: str) -> QIcon:
    """The flag's colour on the timeline, as the list item's icon."""
    pix = QPixmap(12, 12)
    pix.fill(QColor(colour_of(flag_type)))
    return QIcon(pix)
