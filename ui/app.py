"""Start the desk: Qt first (before cv2 loads its own Qt plugins), translations, window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication

from reviewer.errors import UserError

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


def institution_key(path: Path | None) -> Ed25519PrivateKey | None:
    """The institution's Ed25519 key of the configuration ([audit] signing_key), which
    signs the audit log's checkpoints and the evidence packages; None without one."""
    if path is None:
        return None
    from reviewer.evidence.bag import load_private_key

    try:
        return load_private_key(path)
    except UserError as exc:
        log.warning("evidence will not be signed: %s", exc)
        return None


def run(db_url: str | None, language: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    st = settings()
    lang = language or str(st.value("language", "") or QLocale.system().name())
    install_translator(app, lang)
    from reviewer import audit
    from reviewer.config import default_db_url, load_config
    from reviewer.scan import ScanOptions
    from reviewer.storage.db import open_database
    from ui.main_window import MainWindow

    try:
        cfg = load_config()
    except UserError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    audit.configure(cfg.audit.signing_key, cfg.audit.checkpoint_every)
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
            speech=cfg.speech,
            identity=cfg.identity,
        ),
        committee=cfg.committee,
    )
    window.sign_key = institution_key(cfg.audit.signing_key)
    window.show()
    return int(app.exec())
