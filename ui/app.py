"""Start the desk: Qt first (before cv2 loads its own Qt plugins), translations, window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

I18N = Path(__file__).parent / "i18n"


def install_translator(app: QApplication, language: str) -> bool:
    """Load ui/i18n/dualcam_<language>.qm (and Qt's own), return whether it loaded."""
    if language.startswith("en"):
        return False
    ours = QTranslator(app)
    ok = ours.load(str(I18N / f"dualcam_{language}.qm"))
    if ok:
        app.installTranslator(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
    return ok


def settings() -> QSettings:
    return QSettings("DualCam", "DualCam Review")


def run(db_url: str | None, language: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    st = settings()
    lang = language or str(st.value("language", "") or QLocale.system().name())
    install_translator(app, lang)
    from reviewer.config import default_db_url, load_config
    from reviewer.errors import UserError
    from reviewer.scan import ScanOptions
    from reviewer.storage.db import open_database
    from ui.main_window import MainWindow

    cfg = load_config()
    url = db_url or str(st.value("db_url", "") or "") or cfg.db_url or default_db_url()
    try:
        db = open_database(url)
    except UserError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    window = MainWindow(
        db,
        st,
        ScanOptions(
            workers=cfg.workers,
            duration_limits=cfg.duration_limits,
            detect=cfg.detection,
            rules=cfg.rules,
        ),
        committee=cfg.committee,
    )
    window.show()
    return int(app.exec())
