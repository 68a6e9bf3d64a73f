"""The always-visible link and sync indicator's view-model.

It polls the store every few seconds on a worker (pending outbox rows, last
*successful* sync, last error), and shows the sync runner's status as it comes
(:meth:`SyncStatusModel.update`, fed through a queued signal by ``app/ui/demo_wiring.py``).
Tapping the indicator emits :attr:`SyncStatusModel.syncRequested`, which runs a sync cycle.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import Property, QCoreApplication, QObject, QTimer, Signal, Slot

from app.ui.background import Background
from app.ui.bootstrap import Bootstrap
from app.ui.terminal_messages import DAMAGED, SYNC, message

POLL_MS = 5000



class SyncStatusModel(QObject):
    changed = Signal()
    syncRequested = Signal()  # noqa: N815

    def __init__(self, bootstrap: Bootstrap, background: Background, poll_ms: int = POLL_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bootstrap = bootstrap
        self._bg = background
        self._online = False
        self._pending = 0
        self._last_success = ""
        self._last_error = ""
        self._error_code = ""
        self._damaged = 0  # outbox rows quarantined on this handheld (sync.quarantine)
        self._damaged_code = ""  # "damaged_reported" / "damaged_waiting" / ""
        self._live = False
        self._polling = False
        self._poll_again = False
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.poll)

    def start_polling(self) -> None:
        self._timer.start()
        self.poll()

    def stop_polling(self) -> None:
        self._timer.stop()

    @Slot()
    def poll(self) -> None:
        if self._polling:  # one read at a time; a request meanwhile reads again after it (it may
            self._poll_again = True  # have come after a write the running read did not see)
            return
        self._polling = True
        self._bg.run(self._read, self._polled, lambda _exc: self._polled(None))

    def _read(self) -> dict[str, Any]:
        from app.storage.outbox import Outbox
        from app.storage.sync_state import SyncState
        from sync.store_port import Damaged

        store = self._bootstrap.store()
        state = SyncState(store)
        outbox = Outbox(store)
        damaged = Damaged(*outbox.damaged())
        return {"pending": outbox.count(), "last_success": state.last_success(),
                "last_error": state.last_error(), "damaged": damaged.total, "damaged_code": damaged.code}

    def _polled(self, status: dict[str, Any] | None) -> None:
        self._polling = False
        if status is not None:
            self.update(status)
        if self._poll_again:
            self._poll_again = False
            self.poll()

    @Slot("QVariantMap")
    def update(self, status: Mapping[str, Any]) -> None:
        """Show a sync status: keys ``online``, ``pending``, ``last_success``, ``last_error``,
        ``error_code``, ``damaged``, ``damaged_code`` (any subset; ``sync.runner.SyncStatus``)."""
        self._online = bool(status.get("online", self._online))
        self._pending = int(status.get("pending", self._pending))
        self._last_success = str(status.get("last_success", self._last_success) or "")
        self._last_error = str(status.get("last_error", self._last_error) or "")
        self._error_code = str(status.get("error_code", self._error_code) or "")
        self._damaged = int(status.get("damaged", self._damaged))
        self._damaged_code = str(status.get("damaged_code", self._damaged_code) or "")
        self._live = bool(status.get("live", self._live))
        self.changed.emit()

    @Slot()
    def requestSync(self) -> None:  # noqa: N802
        """The technician asked for a sync now (the wiring runs a cycle at once)."""
        self.syncRequested.emit()

    def retranslate(self) -> None:
        self.changed.emit()

    @Property(bool, notify=changed)
    def online(self) -> bool:
        return self._online

    @Property(bool, notify=changed)
    def live(self) -> bool:
        """The desk's push from the centre is up (changes show within seconds; else at the next poll)."""
        return self._live

    @Property(int, notify=changed)
    def pending(self) -> int:
        return self._pending

    @Property(str, notify=changed)
    def lastError(self) -> str:  # noqa: N802
        return self._last_error

    @Property(str, notify=changed)
    def errorText(self) -> str:  # noqa: N802
        """The last error in the technician's language when its code is known, else as recorded."""
        if not self._last_error:
            return ""
        return message(SYNC, self._error_code) if self._error_code in SYNC else self._last_error

    @Property(int, notify=changed)
    def damaged(self) -> int:
        return self._damaged

    @Property(str, notify=changed)
    def damagedText(self) -> str:  # noqa: N802
        """"N records damaged: reported to the centre" (or: will be), "" when there are none."""
        if not self._damaged or self._damaged_code not in DAMAGED:
            return ""
        return message(DAMAGED, self._damaged_code).replace("%1", str(self._damaged))

    @Property(str, notify=changed)
    def linkText(self) -> str:  # noqa: N802
        if self._online:
            return QCoreApplication.translate("SyncStatusModel", "Online")
        return QCoreApplication.translate("SyncStatusModel", "Offline")

    @Property(str, notify=changed)
    def pendingText(self) -> str:  # noqa: N802
        return QCoreApplication.translate("SyncStatusModel", "%1 to send").replace("%1", str(self._pending))

    @Property(str, notify=changed)
    def lastSuccessText(self) -> str:  # noqa: N802
        """When the last sync succeeded, local time (never the last attempt)."""
        if not self._last_success:
            return QCoreApplication.translate("SyncStatusModel", "Never synced")
        try:
            at = datetime.fromisoformat(self._last_success).astimezone()
        except ValueError:
            return self._last_success
        text = QCoreApplication.translate("SyncStatusModel", "Synced %1")
        return text.replace("%1", f"{at:%m-%d %H:%M}")
