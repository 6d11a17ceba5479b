"""The decision panel: the subject's flags, confirm/dismiss/uncertain, verdict."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
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
from reviewer.review import FlagDecision, FlagView, SubjectView, Verdict
from ui.queue_model import status_text
from ui.timeline import colour_of
from ui.wording import (
    RULE_NAMES,
    alignment_text,
    camera_name,
    flag_detail,
    rule_name,
    source_name,
    type_name,
)

RULES = tuple(RULE_NAMES)


def _time(t: float | None) -> str:
    if t is None:
        return "—"
    return f"{int(t // 60):02d}:{t % 60:04.1f}"


class DecisionPanel(QWidget):
    flag_selected = Signal(int)
    decide = Signal(int, str, str)  # flag id, decision, note
    verdict = Signal(str, str, str)  # verdict, rule, note
    best_frame = Signal(int)  # flag id: show its strongest frame

    def __init__(self) -> None:
        super().__init__()
        self.flags: list[FlagView] = []
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight:bold;font-size:14px;")
        layout.addWidget(self.heading)
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
        box = QGroupBox(self.tr("Verdict"))
        form = QFormLayout(box)
        self.verdict_box = QComboBox()
        for v, text in (
            (Verdict.NO_VIOLATION, self.tr("No violation")),
            (Verdict.VIOLATION, self.tr("Violation")),
            (Verdict.NEEDS_COMMITTEE, self.tr("Needs committee")),
        ):
            self.verdict_box.addItem(text, v.value)
        self.rule_box = QComboBox()
        self.rule_box.addItem("", "")
        for r in RULES:
            self.rule_box.addItem(rule_name(r), r)
        compact(self.verdict_box)
        compact(self.rule_box)
        self.verdict_note = QLineEdit()
        save = QPushButton(self.tr("Save verdict"))
        save.clicked.connect(self._save_verdict)
        self.verdict_state = QLabel()
        form.addRow(self.tr("Verdict"), self.verdict_box)
        form.addRow(self.tr("Rule"), self.rule_box)
        form.addRow(self.tr("Note"), self.verdict_note)
        form.addRow(save, self.verdict_state)
        layout.addWidget(box)

    def show_subject(self, view: SubjectView | None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        self.flags = view.flags if view else []
        self.best.setEnabled(False)
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
                f"{_time(f.start_s)}–{_time(f.end_s)}\n   {flag_detail(f)} · "
                f"{source_name(f.source)} {f.confidence:.2f}"
            )
            item = QListWidgetItem(_swatch(f.type.value), text)
            item.setToolTip(f"{f.type.value}: {f.detail}")
            item.setData(Qt.ItemDataRole.UserRole, f.id)
            if f.source == Source.HUMAN:
                item.setForeground(Qt.GlobalColor.darkBlue)
            self.list.addItem(item)
        self.list.blockSignals(False)
        if view.verdict is not None:
            self.verdict_box.setCurrentIndex(self.verdict_box.findData(view.verdict.value))
            self.verdict_state.setText(
                self.tr("saved: %s") % self.verdict_box.itemText(self.verdict_box.currentIndex())
            )
        else:
            self.verdict_state.setText(self.tr("no verdict yet"))

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
        if flag is not None:
            self.flag_selected.emit(flag)

    def _save_verdict(self) -> None:
        self.verdict.emit(
            self.verdict_box.currentData(), self.rule_box.currentData(), self.verdict_note.text()
        )


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
