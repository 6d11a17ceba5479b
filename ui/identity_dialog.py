"""The candidate's identity: similarities of every recording's face template to every
other (subjects x camera, and the registered photo), red under the threshold."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from analysis.flags import Camera
from reviewer.identity_view import Matrix
from ui.wording import camera_name


class IdentityDialog(QDialog):
    def __init__(self, parent: QWidget | None, candidate_id: str, m: Matrix) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Identity of candidate %s") % candidate_id)
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "Face similarity between the recordings (1 = the same face). Red: under the "
                "threshold %.2f. —: no usable face (for example an aux camera behind the "
                "candidate), which is never a mismatch."
            )
            % m.threshold
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(len(m.labels), len(m.labels))
        heads = [
            self._label(subject, cam, n)
            for (subject, cam), n in zip(m.labels, m.faces, strict=True)
        ]
        self.table.setHorizontalHeaderLabels(heads)
        self.table.setVerticalHeaderLabels(heads)
        for i, row in enumerate(m.sims):
            for j, v in enumerate(row):
                item = QTableWidgetItem("—" if v is None else f"{v:.2f}")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                if v is not None and i != j:
                    item.setBackground(QColor("#f4b6b2" if v < m.threshold else "#cdebc9"))
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 420)

    def _label(self, subject: str, cam: str, faces: int) -> str:
        where = self.tr("photo") if cam == "photo" else camera_name(Camera(cam))
        name = f"{subject} · {where}" if subject else where
        return name + "\n" + (self.tr("faces: %d") % faces if faces else self.tr("no usable face"))
