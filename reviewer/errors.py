"""Errors whose message is shown to the user as one line, without a traceback."""


class UserError(Exception):
    """Bad arguments, configuration or input the user can fix (CLI exit status 2)."""
