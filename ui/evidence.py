"""File → Export evidence…: the subject's evidence package, in the background, with Cancel.

The package is `reviewer.evidence.package.export_evidence`'s (the CLI's `evidence`),
in the grader's language, signed with the institution's key where the
configuration names one; the desk only asks where, shows progress and says where
it went and how the committee checks it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from reviewer.evidence.package import Cancelled, EvidenceResult, export_evidence
from reviewer.review import SubjectView
from reviewer.storage.db import Database
from ui.error_words import error_text
from ui.tasks import Progress, run_task


def tr(text: str) -> str:
    return QCoreApplication.translate("Evidence", text)


def package_name(view: SubjectView, now: datetime) -> str:
    """`<candidate>_<subject>_evidence_<yyyymmdd-hhmm>`: unique per export, sortable."""
    return f"{view.item.candidate_id}_{view.item.subject}_evidence_{now:%Y%m%d-%H%M%S}"


def export_subject(
    parent: QWidget,
    db: Database,
    view: SubjectView,
    grader: str,
    language: str,
    sign_key: Ed25519PrivateKey | None,
    folder: Path | None = None,
    on_done: Callable[[EvidenceResult], None] | None = None,
) -> Progress | None:
    """Ask for a folder (unless given) and write the package there off the GUI thread."""
    if folder is None:
        chosen = QFileDialog.getExistingDirectory(
            parent, tr(QT_TRANSLATE_NOOP("Evidence", "Folder for the evidence package"))
        )
        if not chosen:
            return None
        folder = Path(chosen)
    out = folder / package_name(view, datetime.now())
    progress = Progress()
    dialog = QProgressDialog(
        tr(QT_TRANSLATE_NOOP("Evidence", "Exporting the evidence of %s")) % view.item.candidate_id,
        tr(QT_TRANSLATE_NOOP("Evidence", "Cancel")),
        0,
        0,
        parent,
    )
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.canceled.connect(progress.cancel.set)
    progress.changed.connect(lambda d, t: (dialog.setMaximum(t), dialog.setValue(d)))
    progress.setParent(dialog)
    item = view.item

    def work() -> EvidenceResult:
        return export_evidence(
            db,
            item.candidate_id,
            item.subject,
            out,
            grader=grader,
            sign_key=sign_key,
            language="zh_CN" if language.startswith("zh") else "en",
            export_root=item.export_root,
            on_progress=progress.report,
            cancel=progress.cancel,
        )

    def done(result: EvidenceResult) -> None:
        dialog.close()
        signed = (
            tr(QT_TRANSLATE_NOOP("Evidence", "signed with the institution's key"))
            if result.signed
            else tr(QT_TRANSLATE_NOOP("Evidence", "not signed: no key in the configuration"))
        )
        QMessageBox.information(
            parent,
            tr(QT_TRANSLATE_NOOP("Evidence", "Evidence exported")),
            tr(
                QT_TRANSLATE_NOOP(
                    "Evidence",
                    "%d flags, %s:\n%s\n\nThe committee checks it offline with:\n"
                    "python main.py verify PACKAGE --key institution.pub",
                )
            )
            % (result.flags, signed, result.path),
        )
        if on_done is not None:
            on_done(result)

    def failed(exc: BaseException) -> None:
        dialog.close()
        if not isinstance(exc, Cancelled):
            QMessageBox.warning(
                parent, tr(QT_TRANSLATE_NOOP("Evidence", "Evidence not exported")), error_text(exc)
            )

    run_task(parent, work, on_done=done, on_error=failed)
    dialog.show()
    return progress
