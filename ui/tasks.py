"""The one way the GUI runs work off its thread (after Anki's QueryOp).

    run_task(parent, fn, on_done=..., on_error=...)

`fn` runs on a worker thread and must never touch a widget; `on_done(result)`
and `on_error(exc)` run on the GUI thread. Progress from `fn` goes through a
`Progress` object whose signal is delivered on the GUI thread too.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class Progress(QObject):
    """Thread-safe progress and cancel for one task: pass `report` as on_progress."""

    changed = Signal(int, int)

    def __init__(self) -> None:
        super().__init__()
        self.cancel = threading.Event()

    def report(self, done: int, total: int) -> None:
        self.changed.emit(done, total)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn, self.relay = fn, relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # noqa: BLE001 - handed to on_error on the GUI thread
            log.warning("background task failed: %s", exc)
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)


_live: set[_Relay] = set()


def run_task(
    parent: QObject,
    fn: Callable[[], Any],
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> None:
    relay = _Relay(parent)
    _live.add(relay)

    def finish(cb: Callable[[Any], None] | None, value: Any) -> None:
        _live.discard(relay)
        relay.deleteLater()
        if cb is not None:
            cb(value)

    relay.done.connect(lambda v: finish(on_done, v))
    relay.failed.connect(lambda e: finish(on_error, e))
    QThreadPool.globalInstance().start(_Runnable(fn, relay))


def wait_idle(timeout_ms: int = 30000) -> bool:
    """Block until every background task has finished (used when closing and in tests)."""
    return bool(QThreadPool.globalInstance().waitForDone(timeout_ms))
