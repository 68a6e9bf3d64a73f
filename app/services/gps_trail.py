"""The open order's GPS trail: where the technician was while doing the work.

A point is kept at the start of every step (the place the step's monitoring record
names) and, while an order is open on the screen, every ``interval_s`` seconds on a
background thread, each saved with its outbox row (``RecordRepo.save_fix``). The
same fix is never saved twice. The completed order's result carries the trail.
Without a receiver or a fix nothing is saved and no step fails.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from app.domain.records import GpsFix
from app.domain.work_orders import OPEN_STATUSES
from app.storage.errors import StorageError
from app.storage.records import RecordRepo
from app.storage.work_orders import WorkOrderRepo

Position = Callable[[], GpsFix | None]


class OrderTrail:
    def __init__(self, records: RecordRepo, position: Position, interval_s: float = 30.0) -> None:
        self.records = records
        self.position = position
        self.interval_s = interval_s
        self._order_no = ""
        self._last: GpsFix | None = None
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopped = False
        self._thread: threading.Thread | None = None

    def follow(self, order_no: str) -> None:
        """Keep ``order_no``'s trail from now on (until it is no longer open, or another is followed);
        ``""``: follow none (the technician left the order, or signed out)."""
        with self._lock:
            self._order_no = order_no
            if not order_no:
                return
            if self._thread is None and self.interval_s > 0 and not self._stopped:
                self._thread = threading.Thread(target=self._loop, name="gps-trail", daemon=True)
                self._thread.start()
        self._wake.set()

    def point(self, order_no: str) -> GpsFix | None:
        """The position now, kept as a point of ``order_no``'s trail (None: no fix)."""
        fix = self.position()
        if fix is None:
            return None
        with self._lock:
            if self._last is not None and self._last.fixed_at == fix.fixed_at:
                return fix
            self._last = fix
        self.records.save_fix(order_no, fix)
        return fix

    def _still_open(self, order_no: str) -> bool:
        order = WorkOrderRepo(self.records.store).get(order_no)
        return order is not None and order.status in OPEN_STATUSES

    def _loop(self) -> None:
        while True:
            self._wake.wait(self.interval_s)
            self._wake.clear()
            with self._lock:
                if self._stopped:
                    return
                order_no = self._order_no
            if not order_no:
                continue
            try:
                if self._still_open(order_no):
                    self.point(order_no)
                else:
                    with self._lock:
                        if self._order_no == order_no:
                            self._order_no = ""
            except StorageError:  # a full disk: the step that follows says so; the trail waits
                continue

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            thread, self._thread = self._thread, None
        self._wake.set()
        if thread is not None:
            thread.join(5)
