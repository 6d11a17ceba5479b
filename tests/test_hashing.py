"""Streamed SHA-256 agrees with hashlib and can be cancelled."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import numpy as np
import pytest

from analysis.media.hashing import CHUNK, Cancelled, sha256_file


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, 3 * CHUNK + 17])
def test_matches_hashlib(tmp_path: Path, size: int) -> None:
    data = np.random.default_rng(size).bytes(size)
    f = tmp_path / "f.bin"
    f.write_bytes(data)
    seen: list[int] = []
    assert sha256_file(f, on_bytes=seen.append) == hashlib.sha256(data).hexdigest()
    assert sum(seen) == size


def test_cancel_stops_hashing(tmp_path: Path) -> None:
    f = tmp_path / "f.bin"
    f.write_bytes(b"\0" * (4 * CHUNK))
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        sha256_file(f, cancel=cancel)
