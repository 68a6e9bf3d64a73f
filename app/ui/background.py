"""The one background-operation helper: run a callable off the GUI thread, get the answer back on it.

Every store call a view-model makes goes through :meth:`Background.run` (Anki's
``CollectionOp`` pattern): the callable runs on a worker of a private
``QThreadPool``; its result (or the exception it raised) is delivered to
``on_success`` / ``on_failure`` on the thread that owns the :class:`Background`
(the GUI thread), through queued signals. A callback never runs on a worker.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]


class _Relay(QObject):
    """Lives on the GUI thread; its signals are emitted on a worker and delivered queued."""

    finished = Signal(object, object)  # (result, error)

    def __init__(self, owner: Background, on_success: Success | None, on_failure: Failure | None) -> None:
        super().__init__()
        self._owner = owner
        self._on_success = on_success
        self._on_failure = on_failure
        # The relay lives on the GUI thread and the signal is emitted on a worker, so the
        # automatic connection type queues the call onto the GUI thread's event loop.
        self.finished.connect(self._deliver)

    @Slot(object, object)
    def _deliver(self, result: object, error: object) -> None:
        try:
            if isinstance(error, BaseException):
                if self._on_failure is not None:
                    self._on_failure(error)
                else:
                    log.error("background operation failed: %s", "".join(
                        traceback.format_exception(error)))
            elif self._on_success is not None:
                self._on_success(result)
        finally:
            self._owner._done(self)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # delivered to on_failure on the GUI thread
            self._relay.finished.emit(None, exc)
        else:
            self._relay.finished.emit(result, None)


class Background(QObject):
    """Runs callables on worker threads; the view-models' only way to touch I/O."""

    busyChanged = Signal()  # noqa: N815

    def __init__(self, max_threads: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relays: set[_Relay] = set()

    def run(self, fn: Callable[[], Any], on_success: Success | None = None,
            on_failure: Failure | None = None) -> None:
        """Run ``fn()`` on a worker; call ``on_success(result)`` or ``on_failure(exc)`` here."""
        relay = _Relay(self, on_success, on_failure)
        self._relays.add(relay)  # keep it alive until delivered
        if len(self._relays) == 1:
            self.busyChanged.emit()
        self._pool.start(_Job(fn, relay))

    def _done(self, relay: _Relay) -> None:
        self._relays.discard(relay)
        relay.deleteLater()
        if not self._relays:
            self.busyChanged.emit()

    @property
    def busy(self) -> bool:
        """True while an operation has not yet delivered its answer."""
        return bool(self._relays)

    def wait_for_workers(self, msecs: int = 10_000) -> bool:
        """Block until the workers are idle (shutdown and tests; callbacks still need the event loop)."""
        return bool(self._pool.waitForDone(msecs))
