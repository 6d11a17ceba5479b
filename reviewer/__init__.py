"""The grader's domain: exports, recordings, flags, storage, the scan runner.

Qt-free (checked by import-linter); the desktop app in ``ui/`` adapts it.
"""
