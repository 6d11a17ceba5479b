"""Settings: grader name, database, language (kept in QSettings), and the detection
and rule thresholds read from the same configuration file as the CLI."""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewer.config import Config, default_config_path

LANGUAGES = (("en", "English"), ("zh_CN", "中文 (简体)"))


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None, settings: QSettings, config: Config) -> None:
        super().__init__(parent)
        self.settings = settings
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
        layout.addWidget(
            QLabel(self.tr("Detection and rule settings (from %s):") % default_config_path())
        )
        rows = [
            (f"detection.{f.name}", getattr(config.detection, f.name))
            for f in fields(config.detection)
            if f.name != "configs"
        ]
        rows += [(f"rules.{f.name}", getattr(config.rules, f.name)) for f in fields(config.rules)]
        table = QTableWidget(len(rows), 2)
        table.setHorizontalHeaderLabels([self.tr("Setting"), self.tr("Value")])
        for i, (name, value) in enumerate(rows):
            table.setItem(i, 0, QTableWidgetItem(name))
            table.setItem(i, 1, QTableWidgetItem(str(value)))
        table.horizontalHeader().setStretchLastSection(True)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(table, 1)
        note = QLabel(
            self.tr(
                "Change these in the configuration file; the database and the "
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

    def save(self) -> None:
        self.settings.setValue("grader", self.grader.text().strip())
        self.settings.setValue("db_url", self.db_url.text().strip())
        self.settings.setValue("language", self.language.currentData())
        self.accept()
