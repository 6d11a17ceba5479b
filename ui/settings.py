"""Settings: grader name, database, language (kept in QSettings), and the detection
and rule thresholds of the same configuration file as the CLI, edited here and
written back to that file (`reviewer.config.save_settings`)."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewer import audit
from reviewer.config import Config, default_config_path, load_config, save_settings
from reviewer.errors import UserError
from reviewer.storage.db import Database

LANGUAGES = (("en", "English"), ("zh_CN", "中文 (简体)"))


class SettingsDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        settings: QSettings,
        config: Config,
        config_path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.config = config  # after Save: as written to the file
        self.saved: dict[str, dict[str, str]] = {}  # the thresholds Save wrote
        self.setWindowTitle(self.tr("Settings"))
        self.resize(560, 560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.grader = QLineEdit(str(settings.value("grader", "") or ""))
        self.db_url = QLineEdit(str(settings.value("db_url", "") or config.db_url or ""))
        self.db_url.setPlaceholderText(self.tr("default: SQLite file in the user data folder"))
        self.language = QComboBox()
        for code, label in LANGUAGES:
            self.language.addItem(label, code)
        current = str(settings.value("language", "") or "en")
        self.language.setCurrentIndex(max(0, self.language.findData(current)))
        form.addRow(self.tr("Grader name"), self.grader)
        form.addRow(self.tr("Database URL"), self.db_url)
        form.addRow(self.tr("Language"), self.language)
        layout.addLayout(form)
        self.config_path = config_path or default_config_path()
        layout.addWidget(
            QLabel(self.tr("Detection and rule settings (from %s):") % self.config_path)
        )
        self.rows: list[tuple[str, str, str]] = []  # section, key, value as shown
        editable: list[bool] = []
        for section, values in (("detection", config.detection), ("rules", config.rules)):
            for f in fields(values):
                if f.name != "configs":
                    value = getattr(values, f.name)
                    self.rows.append((section, f.name, _shown(value)))
                    editable.append(_editable(value))
        self.table = table = QTableWidget(len(self.rows), 2)
        table.setHorizontalHeaderLabels([self.tr("Setting"), self.tr("Value")])
        for i, (section, key, shown) in enumerate(self.rows):
            name = QTableWidgetItem(f"{section}.{key}")
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            table.setItem(i, 0, name)
            cell = QTableWidgetItem(shown)
            if not editable[i]:
                cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                cell.setToolTip(self.tr("Edit this one in the configuration file"))
            table.setItem(i, 1, cell)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)  # whole names
        header.setStretchLastSection(True)
        layout.addWidget(table, 1)
        note = QLabel(
            self.tr(
                "Thresholds are saved to the configuration file and used by the next "
                "scan, from here or from the command line; the database and the "
                "language apply from the next start."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def changes(self) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for i, (section, key, shown) in enumerate(self.rows):
            item = self.table.item(i, 1)
            if item is not None and item.text().strip() != shown:
                out.setdefault(section, {})[key] = item.text()
        return out

    def save(self) -> None:
        changes = self.changes()
        if changes:
            try:
                self.config = save_settings(self.config_path, changes)
            except UserError as exc:
                QMessageBox.warning(self, self.tr("Settings"), str(exc))
                return
            self.saved = changes
        self.settings.setValue("grader", self.grader.text().strip())
        self.settings.setValue("db_url", self.db_url.text().strip())
        self.settings.setValue("language", self.language.currentData())
        self.accept()


def _editable(value: Any) -> bool:
    return isinstance(value, int | float)  # bools too: true/false


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def edit_settings(
    parent: QWidget, settings: QSettings, db: Database, actor: str, role: str
) -> Config | None:
    """The Settings dialog over the configuration file; the saved configuration, or
    None. A change of thresholds is an entry of the audit log, under `actor`."""
    try:
        config = load_config()
    except UserError as exc:
        QMessageBox.warning(
            parent, QCoreApplication.translate("SettingsDialog", "Settings"), str(exc)
        )
        return None
    dialog = SettingsDialog(parent, settings, config)
    if not dialog.exec():
        return None
    if dialog.saved:
        with db.session() as s:
            audit.record_settings_change(s, actor, role, dialog.saved, str(dialog.config_path))
    return dialog.config
