"""The two faces behind an identity flag, side by side, with the similarity and a
button to jump to each face's moment in its recording (issue 18).

Faces are cut from the recordings off the GUI thread (`reviewer.identity_view`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from reviewer import identity_view
from reviewer.review import FlagView
from reviewer.storage.db import Database
from ui.tasks import run_task
from ui.wording import camera_name

FACE_PX = 120
IDENTITY_TYPES = ("identity_mismatch", "person_changed", "identity_unresolved")


def pixmap(rgb: np.ndarray[Any, Any] | None, side: int = FACE_PX) -> QPixmap:
    if rgb is None or rgb.size == 0:
        return QPixmap()
    data = np.ascontiguousarray(rgb)
    h, w = data.shape[:2]
    img = QImage(data.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    return QPixmap.fromImage(img).scaled(
        side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


class IdentityCompare(QWidget):
    """Hidden unless the selected flag is an identity flag with two faces."""

    jump = Signal(int, str, float)  # subject id, camera, time on that camera

    def __init__(self) -> None:
        super().__init__()
        self.db: Database | None = None
        self._cmp: identity_view.Comparison | None = None
        self._token = 0
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight:bold;")
        grid.addWidget(self.title, 0, 0, 1, 2)
        self.faces = [QLabel(), QLabel()]
        self.captions = [QLabel(), QLabel()]
        self.buttons = [QPushButton(), QPushButton()]
        for k in range(2):
            self.faces[k].setFixedSize(FACE_PX, FACE_PX)
            self.faces[k].setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.faces[k].setStyleSheet("background:#222;color:#ccc;")
            self.captions[k].setWordWrap(True)
            self.captions[k].setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.buttons[k].setText(self.tr("Go to this face"))
            self.buttons[k].clicked.connect(lambda _=False, i=k: self._jump(i))
            grid.addWidget(self.faces[k], 1, k, Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(self.captions[k], 2, k)
            grid.addWidget(self.buttons[k], 3, k)
        self.hide()

    def show_flag(self, f: FlagView | None) -> None:
        cmp = None
        if f is not None and f.type.value in IDENTITY_TYPES:
            cmp = identity_view.comparison(f.evidence)
        self._cmp = cmp
        self._token += 1
        if cmp is None:
            self.hide()
            return
        self.title.setText(
            self.tr("Face similarity %.2f (threshold %.2f)") % (cmp.similarity, cmp.threshold)
        )
        for k, ref in enumerate(cmp.faces):
            self.faces[k].setPixmap(QPixmap())
            self.faces[k].setText("…")
            self.captions[k].setText(self._caption(ref))
            self.buttons[k].setEnabled(ref.recording_id is not None)
        self.show()
        self._load(cmp, self._token)

    def _caption(self, ref: identity_view.FaceRef) -> str:
        if ref.camera == "photo":
            return self.tr("registered photo")
        from analysis.flags import Camera

        return f"{ref.subject} · {camera_name(Camera(ref.camera))} · {ref.t:.1f} s"

    def _load(self, cmp: identity_view.Comparison, token: int) -> None:
        db = self.db
        if db is None:
            return

        def load() -> list[np.ndarray[Any, Any] | None]:
            with db.session() as s:
                root = identity_view.export_root(s, cmp)
                if root is None:
                    return [None, None]
                return [identity_view.face_image(s, root, ref) for ref in cmp.faces]

        run_task(self, load, on_done=lambda imgs: self._show(imgs, token))

    def _show(self, imgs: list[np.ndarray[Any, Any] | None], token: int) -> None:
        if token != self._token:
            return  # another flag was selected meanwhile
        for k, img in enumerate(imgs):
            pix = pixmap(img)
            self.faces[k].setText("" if not pix.isNull() else self.tr("no picture"))
            self.faces[k].setPixmap(pix)

    def _jump(self, k: int) -> None:
        if self._cmp is None or self.db is None:
            return
        with self.db.session() as s:
            target = identity_view.jump_target(s, self._cmp.faces[k])
        if target is not None:
            self.jump.emit(*target)
