"""Streamed SHA-256: constant memory whatever the file size."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from pathlib import Path

CHUNK = 1 << 20  # 1 MiB: large enough that hashlib (OpenSSL, SHA-NI) dominates the loop


class Cancelled(Exception):
    """Raised when a cancel event is set during a long operation."""


def sha256_file(
    path: Path,
    *,
    cancel: threading.Event | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> str:
    """Hex SHA-256 of a file, read in fixed-size chunks into one reused buffer."""
    digest = hashlib.sha256()
    buf = bytearray(CHUNK)
    view = memoryview(buf)
    with open(path, "rb", buffering=0) as fh:
        while True:
            n = fh.readinto(view)
            if not n:
                break
            digest.update(view[:n])
            if on_bytes is not None:
                on_bytes(n)
            if cancel is not None and cancel.is_set():
                raise Cancelled(str(path))
    return digest.hexdigest()
