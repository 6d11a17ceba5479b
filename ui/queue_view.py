"""The queue side of the desk: search, filters and the table of subjects."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from reviewer.review import ReviewItem, Status
from ui.panel import compact, flag_types
from ui.queue_model import ITEM_ROLE, PRIORITY_COLUMN, QueueFilter, QueueModel, status_text
from ui.wording import type_name

WHOLE_COLUMNS = 5  # candidate, subject, status, flags, priority: always shown whole


class QueueView(QWidget):
    """Most urgent first; emits the subject the grader selects."""

    subject_selected = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.model = QueueModel(self)
        self.proxy = QueueFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search candidate ID"))
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("All statuses"), "")
        for st in Status:
            self.status_filter.addItem(status_text(st), st.value)
        self.type_filter = QComboBox()
        self.type_filter.addItem(self.tr("All flags"), "")
        for t in flag_types():
            self.type_filter.addItem(type_name(t), t)
        for w in (self.search, self.status_filter, self.type_filter):
            layout.addWidget(w)
        for box in (self.status_filter, self.type_filter):
            compact(box)
        self.search.textChanged.connect(self._filter)
        self.status_filter.currentIndexChanged.connect(self._filter)
        self.type_filter.currentIndexChanged.connect(self._filter)
        self.table = table = QTableView()
        table.setModel(self.proxy)
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(36)
        for col in range(WHOLE_COLUMNS):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setWordWrap(False)
        table.selectionModel().currentRowChanged.connect(self._row_changed)
        layout.addWidget(table, 1)

    def set_items(self, items: list[ReviewItem], keep: int | None, quiet: bool) -> None:
        """Show `items`, selecting `keep` (else the top); `quiet`: without announcing it."""
        selection = self.table.selectionModel()
        selection.blockSignals(quiet)
        try:
            self.model.set_items(items)
            self.proxy.sort(PRIORITY_COLUMN, Qt.SortOrder.DescendingOrder)
            for row in range(self.proxy.rowCount()):
                item = self.proxy.data(self.proxy.index(row, 0), ITEM_ROLE)
                if keep is None or item.subject_id == keep:
                    self.table.selectRow(row)
                    break
        finally:
            selection.blockSignals(False)
        self.table.resizeColumnsToContents()
        self.table.viewport().update()

    def needed_width(self) -> int:
        """The width that shows the first five columns whole."""
        header = self.table.horizontalHeader()
        need = sum(
            max(self.table.sizeHintForColumn(c), header.sectionSizeHint(c))
            for c in range(WHOLE_COLUMNS)
        )
        return need + 2 * self.table.frameWidth() + 30  # the layout's margins

    def next_subject(self) -> None:
        row = self.table.currentIndex().row() + 1
        if row < self.proxy.rowCount():
            self.table.selectRow(row)

    def _filter(self) -> None:
        self.proxy.set_filters(
            self.status_filter.currentData(), self.type_filter.currentData(), self.search.text()
        )

    def _row_changed(self) -> None:
        idx = self.table.currentIndex()
        if idx.isValid():
            self.subject_selected.emit(self.proxy.data(idx, ITEM_ROLE).subject_id)
