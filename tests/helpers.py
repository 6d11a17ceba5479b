"""Functions that worker-process tests run in a spawned child (must be importable)."""

import os
import time


def crash(path: str, *_: object) -> None:
    os.abort()


def hang(path: str, *_: object) -> None:
    time.sleep(60)


def ok(path: str, *_: object) -> str:
    return path
