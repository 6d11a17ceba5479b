"""Qt model over the review queue (domain `ReviewItem`s): model/view, not a widget per row."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from reviewer.review import ReviewItem, Status
from ui.corroboration_words import counts_key, counts_text, counts_tip
from ui.wording import listing, type_name

STATUS_TEXT = {
    Status.UNREVIEWED: QT_TRANSLATE_NOOP("Status", "unreviewed"),
    Status.IN_REVIEW: QT_TRANSLATE_NOOP("Status", "in review"),
    Status.REVIEWED: QT_TRANSLATE_NOOP("Status", "reviewed"),
    Status.AWAITING_SECOND: QT_TRANSLATE_NOOP("Status", "2nd review"),
    Status.NEEDS_COMMITTEE: QT_TRANSLATE_NOOP("Status", "needs committee"),
}


def status_text(status: Status) -> str:
    return QCoreApplication.translate("Status", STATUS_TEXT[status])


Index = QModelIndex | QPersistentModelIndex
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
FLAGS_COLUMN, PRIORITY_COLUMN = 3, 4
TWO_VIEWS_COLUMN = 6  # what the other camera said of the flags (reviewer/corroboration.py)


class QueueModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[ReviewItem] = []
        self.headers = [
            self.tr("Candidate"),
            self.tr("Subject"),
            self.tr("Status"),
            self.tr("Flags"),
            self.tr("Priority"),
            self.tr("Integrity"),
            self.tr("Two views"),
        ]

    def set_items(self, items: list[ReviewItem]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.headers)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == ITEM_ROLE:
            return item
        if role == Qt.ItemDataRole.DisplayRole:
            col = index.column()
            if col == 0:
                return item.candidate_id
            if col == 1:
                return item.subject
            if col == 2:
                return status_text(item.status)
            if col == FLAGS_COLUMN:
                return str(item.flag_total)
            if col == PRIORITY_COLUMN:
                return f"{item.priority:.1f}"
            if col == TWO_VIEWS_COLUMN:
                return counts_text(item)
            return listing([type_name(t) for t in item.integrity])
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (FLAGS_COLUMN, 5):
            lines = [f"{type_name(k)}: {v}" for k, v in sorted(item.flag_counts.items())]
            return "\n".join([*lines, counts_text(item)] if counts_text(item) else lines)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == TWO_VIEWS_COLUMN:
            return counts_tip()
        if role == Qt.ItemDataRole.BackgroundRole and item.export_flags:
            return QColor("#fdecea")  # its export's signature failed: nothing is trusted
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (
            FLAGS_COLUMN,
            PRIORITY_COLUMN,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:  # the sort key
            return (
                item.flag_total
                if index.column() == FLAGS_COLUMN
                else item.priority
                if index.column() == PRIORITY_COLUMN
                else counts_key(item)
                if index.column() == TWO_VIEWS_COLUMN
                else self.data(index, Qt.ItemDataRole.DisplayRole)
            )
        return None


class QueueFilter(QSortFilterProxyModel):
    """Filter by status, flag type and candidate ID text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.status = ""
        self.flag_type = ""
        self.text = ""

    def set_filters(self, status: str, flag_type: str, text: str) -> None:
        self.beginFilterChange()
        self.status, self.flag_type, self.text = status, flag_type, text.strip()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        model = self.sourceModel()
        item: ReviewItem = model.data(model.index(row, 0, parent), ITEM_ROLE)
        if self.status and item.status.value != self.status:
            return False
        if self.flag_type and self.flag_type not in item.flag_counts:
            return False
        return not self.text or self.text.lower() in item.candidate_id.lower()
