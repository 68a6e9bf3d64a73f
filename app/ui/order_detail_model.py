"""One work order in full: customer, meter, tariff, archive, instructions and its steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QCoreApplication, QObject, Signal, Slot

from app.domain.steps import steps_of
from app.domain.work_orders import WorkOrder
from app.ui.background import Background
from app.ui.bootstrap import Bootstrap
from app.ui.labels import KINDS, PRIORITIES, STATUSES, STEPS, label
from app.ui.order_actions import can_start, load_order, load_result, result_summary, start_order
from app.ui.terminal_messages import END_ERRORS, END_REASONS, ENDED, message

if TYPE_CHECKING:
    from app.services.order_ending import OrderEnding



class OrderDetailModel(QObject):
    changed = Signal()
    orderChanged = Signal(str)  # an order's status or step moved (the list refreshes)  # noqa: N815

    def __init__(self, bootstrap: Bootstrap, background: Background,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bootstrap = bootstrap
        self._bg = background
        self._order: WorkOrder | None = None
        self._requested = ""
        self._busy = False
        self._error = ""
        self._worker = ""  # the signed-in technician: only they start their own orders
        self._result: dict[str, str] = {}  # the centre's record of a completed order (supervisors)
        self._endings: Callable[[str], OrderEnding] | None = None  # the signed-in technician's
        self._notice = ""

    @Slot(str)
    def load(self, order_no: str) -> None:
        self._requested = order_no
        self._order = None
        self._result = {}
        self._error = ""
        self._notice = ""
        self._set_busy(True)
        store = self._bootstrap.store
        self._bg.run(lambda: (load_order(store(), order_no), result_summary(load_result(store(), order_no))),
                     lambda found: self._arrived(order_no, *found), self._failed)

    def set_worker(self, user_id: str) -> None:
        """Who may start orders here ("" for a supervisor or an administrator: view only)."""
        self._worker = user_id
        self.changed.emit()

    def use_endings(self, endings: Callable[[str], OrderEnding] | None) -> None:
        """How this technician's orders are ended unfinished (None: no workflows yet)."""
        self._endings = endings
        self.changed.emit()

    def _can_end(self) -> bool:
        from app.services.order_ending import can_end

        o = self._order
        return o is not None and bool(self._worker) and o.tech_id == self._worker and can_end(o)

    @Slot(str)
    def endUnfinished(self, reason: str) -> None:  # noqa: N802
        """End the order with ``reason``: a photo, then the order completes as unfinished (a worker)."""
        order, endings = self._order, self._endings
        if order is None or self._busy or not self._can_end() or reason not in END_REASONS:
            return
        if endings is None:
            self._error = message(END_ERRORS, "no_devices")
            self.changed.emit()
            return
        from app.domain.records import EndReason

        self._error = self._notice = ""
        self._set_busy(True)

        def ended(_result: object) -> None:
            self._busy = False
            self.load(order.order_no)
            self._notice = message(ENDED, "ended").replace("%1", message(END_REASONS, reason))
            self.orderChanged.emit(order.order_no)

        def refused(exc: BaseException) -> None:
            from device_drivers.errors import DeviceError

            self._error = message(END_ERRORS, "camera" if isinstance(exc, DeviceError) else "other")
            self._set_busy(False)

        self._bg.run(lambda: endings(order.order_no).end(EndReason(reason)), ended, refused)

    def _can_start(self) -> bool:
        o = self._order
        return o is not None and bool(self._worker) and o.tech_id == self._worker and can_start(o)

    @Slot()
    def start(self) -> None:
        """Move the order to in_progress at its first step (off the GUI thread)."""
        order = self._order
        if order is None or self._busy or not self._can_start():
            return
        self._set_busy(True)
        self._bg.run(lambda: start_order(self._bootstrap.store(), order.order_no),
                     self._started, self._failed)

    def _arrived(self, order_no: str, order: WorkOrder, result: dict[str, str]) -> None:
        if order_no != self._requested:
            return
        self._order = order
        self._result = result
        self._set_busy(False)

    def _started(self, order: WorkOrder) -> None:
        if order.order_no == self._requested:
            self._order = order
        self._set_busy(False)
        self.orderChanged.emit(order.order_no)

    def _failed(self, exc: BaseException) -> None:
        self._error = str(exc)
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.changed.emit()

    def retranslate(self) -> None:
        self.changed.emit()

    @property
    def order(self) -> WorkOrder | None:
        return self._order

    # -- properties for QML --------------------------------------------------------------
    @Property(bool, notify=changed)
    def busy(self) -> bool:
        return self._busy

    @Property(str, notify=changed)
    def error(self) -> str:
        return self._error

    @Property(bool, notify=changed)
    def loaded(self) -> bool:
        return self._order is not None

    @Property(bool, notify=changed)
    def canEnd(self) -> bool:  # noqa: N802
        return self._can_end()

    @Property(list, notify=changed)
    def endReasons(self) -> list[dict[str, str]]:  # noqa: N802
        return [{"code": code, "label": message(END_REASONS, code)} for code in END_REASONS]

    @Property(str, notify=changed)
    def notice(self) -> str:
        return self._notice

    @Property(bool, notify=changed)
    def canStart(self) -> bool:  # noqa: N802
        return self._can_start()

    @Property(bool, notify=changed)
    def viewOnly(self) -> bool:  # noqa: N802
        """The signed-in person does not work this order (a supervisor looking at it)."""
        return self._order is not None and self._order.tech_id != self._worker

    @Property(bool, notify=changed)
    def started(self) -> bool:
        return self._order is not None and bool(self._order.step)

    @Property(dict, notify=changed)
    def info(self) -> dict[str, Any]:
        """Every field the screen shows, as text (empty when nothing is loaded)."""
        o = self._order
        if o is None:
            return {}
        a = o.archive
        per_kwh = QCoreApplication.translate("OrderDetailModel", "yuan/kWh")
        tariff = f"{a.tariff.name} ({a.tariff.code}) · {a.tariff.unit_price} {per_kwh}"
        return {
            "orderNo": o.order_no, "title": o.title, "kind": label(KINDS, o.kind.value),
            "status": label(STATUSES, o.status.value), "statusCode": o.status.value,
            "priority": label(PRIORITIES, o.priority.value), "urgent": o.priority.value == "urgent",
            "window": f"{o.window_start:%H:%M}–{o.window_end:%H:%M}",
            "customerName": a.customer.name, "customerNo": a.customer.customer_no,
            "phone": a.customer.phone, "address": a.customer.address,
            "transformer": a.customer.transformer, "assetNo": a.meter.asset_no,
            "meterAddress": a.meter.address,
            "meterModel": f"{a.meter.manufacturer} {a.meter.model}".strip(),
            "wiring": f"{a.meter.wiring} · {a.meter.rated_current}", "tariff": tariff,
            "installDate": a.install_date.isoformat() if a.install_date else "—",
            "ctRatio": str(a.ct_ratio), "instructions": o.instructions or "—",
            "newMeter": o.new_meter_asset_no or "—", "family": o.family.value,
        }

    @Property(dict, notify=changed)
    def result(self) -> dict[str, str]:
        """The completed order's result as the centre recorded it ({} until there is one)."""
        if self._result.get("outcome") == "unfinished":
            return {**self._result, "reasonLabel": message(END_REASONS, self._result.get("reason", ""))}
        return self._result

    @Property(list, notify=changed)
    def steps(self) -> list[dict[str, Any]]:
        """The order's guided steps; ``state`` is ``done``, ``current`` or ``todo``."""
        o = self._order
        if o is None:
            return []
        names = steps_of(o.kind)
        current = names.index(o.step) if o.step in names else -1
        rows = []
        for i, name in enumerate(names):
            state = "done" if i < current else "current" if i == current else "todo"
            rows.append({"code": name, "label": label(STEPS, name), "state": state, "number": i + 1})
        return rows
