"""Errors whose message is shown to the user as one line, without a traceback."""

from __future__ import annotations


class UserError(Exception):
    """Bad arguments, configuration or input the user can fix (CLI exit status 2).

    The message is English, for the command line. Where the desk may show the error,
    `code` and `facts` say the same as data, so the desk words it in the grader's
    language (`ui/wording.py`); an error without a code is shown as its message.
    """

    def __init__(self, message: str, code: str = "", **facts: str) -> None:
        super().__init__(message)
        self.code = code
        self.facts = facts
