"""Errors worded for the grader: a `UserError`'s code and facts, through Qt's
translation system (context "Wording", translated by `ui/i18n/fill_zh_CN.py`);
an error with no code shows its own message."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from ui.wording import _fill

ERRORS = {
    "export_not_found": QT_TRANSLATE_NOOP("Wording", "export folder not found: {path}"),
    "export_not_a_folder": QT_TRANSLATE_NOOP("Wording", "not a folder: {path}"),
    "export_unreadable": QT_TRANSLATE_NOOP("Wording", "cannot read the export folder {path}"),
    "database_unreachable": QT_TRANSLATE_NOOP("Wording", "cannot open the database {url}"),
}


def error_text(exc: BaseException) -> str:
    """An error for the grader: worded from its code where it has one."""
    code, facts = getattr(exc, "code", ""), getattr(exc, "facts", {})
    if code in ERRORS:
        text = _fill(ERRORS[code], dict(facts))
        if text is not None:
            return text
    return str(exc)
