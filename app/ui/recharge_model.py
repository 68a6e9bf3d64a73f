"""The prepaid services at the door, one screen a step, driven by taps and scans only.

``RechargeModel`` wraps a :class:`~app.services.recharge.RechargeFlow` and the
:class:`~app.services.card_tasks.CardTasks`: read the customer's card, tap an amount (a preset,
or the numeric keypad when the customer insists) and how the customer pays (cash, or the payment
reference scanned from their phone's QR code), ask the centre, write the card. A blank card is
opened instead: the meter's barcode is scanned to find the customer, then the first purchase is
bought the same way. On a card already open, 写参数卡 writes the centre's parameters and 补写核查
asks the centre's repair decision and carries it out. Every call runs through :class:`Background`;
an error stops the step where it is and says why, large, in the technician's language. A
purchase the centre confirmed that the card does not hold yet (a pulled card, a restart) is
offered first: 补写卡 credits it exactly once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Property, QObject, Signal, Slot

from app.services.recharge import PRESETS_FEN
from app.ui.amount_keypad import KEYS, AmountKeypad
from app.ui.background import Background
from app.ui.card_messages import card_error_text, repair_text, written_text
from app.ui.replacement_format import tr, yuan

if TYPE_CHECKING:
    from app.services.card_tasks import CardTasks, RepairOutcome
    from app.services.recharge import CardAtDoor, RechargeFlow

FlowFor = Callable[[], "RechargeFlow"]
TasksFor = Callable[[], "CardTasks"]
Scanner = Callable[[], str]
STEPS = ["card", "amount", "credit", "done"]
STEP_LABELS = [QT_TRANSLATE_NOOP("Replacement", "Read card"), QT_TRANSLATE_NOOP("Replacement", "Amount"),
               QT_TRANSLATE_NOOP("Replacement", "Write card"), QT_TRANSLATE_NOOP("Replacement", "Done")]
MSG = {
    "read": QT_TRANSLATE_NOOP("Replacement", "Card read. Tap the amount the customer pays."),
    "confirmed": QT_TRANSLATE_NOOP("Replacement", "The centre confirmed the purchase. Keep the card in the reader and write it."),  # noqa: E501
    "credited": QT_TRANSLATE_NOOP("Replacement", "Credited: the card now holds %1 yuan (purchase %2)."),
    "already": QT_TRANSLATE_NOOP("Replacement", "The card already held this purchase: nothing was credited twice."),  # noqa: E501
    "repaired": QT_TRANSLATE_NOOP("Replacement", "%1 confirmed purchase(s) written to the card."),
    "nothing_pending": QT_TRANSLATE_NOOP("Replacement", "No confirmed purchase is waiting for this card."),
    "qr": QT_TRANSLATE_NOOP("Replacement", "Payment reference %1 scanned."),
    "printed": QT_TRANSLATE_NOOP("Replacement", "Receipt printed: give it to the customer."),
    "amount_first": QT_TRANSLATE_NOOP("Replacement", "Tap an amount first."),
    "qr_first": QT_TRANSLATE_NOOP("Replacement", "Scan the customer's payment code first."),
    "blank": QT_TRANSLATE_NOOP("Replacement", "Blank card: scan the barcode on the customer's meter to open the card for them."),  # noqa: E501
    "meter_first": QT_TRANSLATE_NOOP("Replacement", "Scan the meter's barcode first."),
    "meter_scanned": QT_TRANSLATE_NOOP("Replacement", "Meter %1 scanned. Tap the first purchase and how the customer pays."),  # noqa: E501
}
PAYMENTS = [("cash", QT_TRANSLATE_NOOP("Replacement", "Cash")),
            ("qr", QT_TRANSLATE_NOOP("Replacement", "QR payment"))]


class RechargeModel(QObject):
    changed = Signal()

    def __init__(self, background: Background, flow_for: FlowFor, scan: Scanner,
                 parent: QObject | None = None, tasks_for: TasksFor | None = None) -> None:
        super().__init__(parent)
        self._bg, self._flow_for, self._scan = background, flow_for, scan
        self._tasks_for: TasksFor = tasks_for or _no_tasks
        self._blank = ""  # the blank card's serial: this visit opens it
        self._meter = ""  # the meter's asset number scanned to open the card
        self._keypad: AmountKeypad | None = None  # open while the customer's own amount is tapped
        self._before_scan: Callable[[str], None] | None = None
        self._active = self._busy = self._is_error = False
        self._step, self._message = "card", ""
        self._card: CardAtDoor | None = None
        self._amount = 0
        self._payment, self._reference = "cash", ""
        self._order_no = ""
        self._pending = 0
        self._available = False

    def use(self, flow_for: FlowFor, scan: Scanner, *, available: bool,
            tasks_for: TasksFor | None = None, before_scan: Callable[[str], None] | None = None) -> None:
        """``available``: this handheld does card work (a card security module) for this user;
        ``before_scan(what)``: called before a scan of ``payment`` or ``meter`` (the demo shows them)."""
        self._flow_for, self._scan, self._available = flow_for, scan, available
        self._tasks_for = tasks_for or _no_tasks
        self._before_scan = before_scan
        self.changed.emit()

    def retranslate(self) -> None:
        self.changed.emit()

    # -- opening and closing -------------------------------------------------------------
    @Slot()
    def open(self) -> None:
        self._active, self._step, self._card, self._amount, self._order_no = True, "card", None, 0, ""
        self._payment, self._reference = "cash", ""
        self._blank, self._meter, self._keypad = "", "", None
        self._say("", False)

        def count() -> int:
            flow = self._flow_for()
            flow.resume_requests()  # an unanswered purchase is asked again first (the same id)
            return len(flow.recharges.not_applied())

        self._run(count, self._pending_counted)

    def resume(self) -> None:
        """After a sync: purchases the centre never answered are asked again, quietly (no card needed)."""
        if self._available:
            flow_for = self._flow_for
            self._bg.run(lambda: flow_for().resume_requests(), _ignore, _ignore)

    @Slot()
    def close(self) -> None:
        self._active = False
        self.changed.emit()

    def _pending_counted(self, count: int) -> None:
        self._pending = count
        self.changed.emit()

    # -- the steps (each one tap) --------------------------------------------------------
    @Slot()
    def readCard(self) -> None:  # noqa: N802
        self._run(lambda: self._flow_for().read_at_door(), self._card_read)  # a blank card: its serial

    def _card_read(self, card: CardAtDoor | str) -> None:
        flow_for = self._flow_for
        self._bg.run(lambda: flow_for().prepare_centre(), _ignore, _ignore)  # while the amount is tapped
        self._step = "amount"
        if isinstance(card, str):
            self._card, self._blank = None, card
            self._say(tr(MSG["blank"]), False)
        else:
            self._card, self._blank = card, ""
            self._say(tr(MSG["read"]), False)

    @Slot()
    def scanMeter(self) -> None:  # noqa: N802
        def job() -> str:
            from app.services.card_access import meter_from_label

            return meter_from_label(self._scanned_for("meter"))

        self._run(job, self._meter_scanned)

    def _meter_scanned(self, asset_no: str) -> None:
        self._meter = asset_no
        self._say(tr(MSG["meter_scanned"]).replace("%1", asset_no), False)

    @Slot(int)
    def chooseAmount(self, fen: int) -> None:  # noqa: N802
        if fen in PRESETS_FEN and not self._busy:
            self._amount, self._keypad = fen, None
            self._say("", False)

    @Slot()
    def otherAmount(self) -> None:  # noqa: N802
        """The customer insists on another amount: the numeric keypad."""
        if self._busy:
            return
        self._keypad, self._amount = AmountKeypad(), 0
        self.changed.emit()

    @Slot(str)
    def pressKey(self, key: str) -> None:  # noqa: N802
        if self._keypad is not None and not self._busy:
            self._keypad.press(key)
            self._amount = self._keypad.fen
            self.changed.emit()

    @Slot(str)
    def choosePayment(self, method: str) -> None:  # noqa: N802
        if method in dict(PAYMENTS) and not self._busy:
            self._payment = method
            self._say("", False)

    def _scanned_for(self, what: str) -> str:
        """On a worker: the scan, after the demo's hook (if any) showed what is scanned."""
        if self._before_scan is not None:
            self._before_scan(what)
        return self._scan()

    @Slot()
    def scanPayment(self) -> None:  # noqa: N802
        self._run(lambda: self._scanned_for("payment"), self._scanned)

    def _scanned(self, reference: str) -> None:
        self._payment, self._reference = "qr", reference.strip()
        self._say(tr(MSG["qr"]).replace("%1", self._reference), False)

    @Slot()
    def buy(self) -> None:
        card, blank = self._card, self._blank
        if card is None and not blank:
            return
        if blank and not self._meter:
            self._say(tr(MSG["meter_first"]), True)
            return
        if self._amount <= 0:
            self._say(tr(MSG["amount_first"]), True)
            return
        if self._payment == "qr" and not self._reference:
            self._say(tr(MSG["qr_first"]), True)
            return
        payment: dict[str, Any] = {"method": self._payment}
        if self._payment == "qr":
            payment["reference"] = self._reference
        amount, meter = self._amount, self._meter
        if card is None:
            self._run(lambda: self._flow_for().open_card(blank, meter, amount, payment).order_no,
                      self._confirmed)
        else:
            self._run(lambda: self._flow_for().buy(card, amount, payment).order_no, self._confirmed)

    def _confirmed(self, order_no: str) -> None:
        self._order_no, self._step = order_no, "credit"
        self._say(tr(MSG["confirmed"]), False)

    @Slot()
    def credit(self) -> None:
        order_no = self._order_no
        if order_no:
            def job() -> tuple[Any, str]:
                flow = self._flow_for()
                result = flow.credit(order_no)
                purchase = flow.recharges.by_order(order_no)
                return result, purchase.customer_no if purchase is not None else ""

            self._run(job, self._credited)

    def _credited(self, done: tuple[Any, str]) -> None:
        from app.services.card_access import CardAtDoor

        result, customer_no = done
        self._step = "done"
        if self._blank:  # the card just opened: whose it is now
            self._card = CardAtDoor(self._blank, customer_no, self._meter, result.purse.balance_fen,
                                    result.purse.count)
        elif self._card is not None:  # what the card holds now
            self._card = dataclasses.replace(self._card, balance_fen=result.purse.balance_fen,
                                             purchase_count=result.purse.count)
        if result.outcome.value == "already-applied":
            self._say(tr(MSG["already"]), False)
        else:
            self._say(tr(MSG["credited"]).replace("%1", yuan(result.purse.balance_fen))
                      .replace("%2", str(result.purse.count)), False)

    @Slot()
    def printReceipt(self) -> None:  # noqa: N802
        order_no = self._order_no
        if order_no:
            self._run(lambda: self._flow_for().print_receipt(order_no),
                      lambda _none: self._say(tr(MSG["printed"]), False))

    @Slot()
    def writeCard(self) -> None:  # noqa: N802
        """写参数卡: the centre's parameters for this card, written and read back."""
        self._run(lambda: self._tasks_for().write_card(), lambda _result: self._say(written_text(), False))

    @Slot()
    def repair(self) -> None:
        """补写核查: the centre's decision from the card and its ledger, carried out."""
        def job() -> tuple[RepairOutcome, int]:
            outcome = self._tasks_for().repair()
            return outcome, len(self._flow_for().recharges.not_applied())

        self._run(job, self._repair_done)

    def _repair_done(self, done: tuple[RepairOutcome, int]) -> None:
        outcome, self._pending = done
        if self._card is not None:
            self._card = dataclasses.replace(self._card, balance_fen=outcome.balance_after_fen,
                                             purchase_count=outcome.count_after)
        self._say(repair_text(outcome), outcome.decision == "card_ahead")

    @Slot()
    def completePending(self) -> None:  # noqa: N802
        self._run(lambda: len(self._flow_for().complete_pending()), self._repaired)

    def _repaired(self, count: int) -> None:
        self._pending = 0
        self._say(tr(MSG["repaired"]).replace("%1", str(count)) if count else tr(MSG["nothing_pending"]),
                  False)

    # -- plumbing ------------------------------------------------------------------------
    def _run(self, job: Callable[[], Any], done: Callable[[Any], None]) -> None:
        if self._busy:
            return
        self._busy = True
        self.changed.emit()

        def ok(value: Any) -> None:
            self._busy = False
            done(value)
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            from app.services.recharge import PendingCreditError

            self._busy = False
            if isinstance(exc, PendingCreditError):  # offer to finish it here
                self._pending = max(self._pending, 1)
            self._say(card_error_text(exc), True)

        self._bg.run(job, ok, failed)

    def _say(self, message: str, is_error: bool) -> None:
        self._message, self._is_error = message, is_error
        self.changed.emit()

    # -- what QML shows ------------------------------------------------------------------
    @Property(bool, notify=changed)
    def active(self) -> bool:
        return self._active

    @Property(bool, notify=changed)
    def available(self) -> bool:
        return self._available

    @Property(bool, notify=changed)
    def busy(self) -> bool:
        return self._busy

    @Property(str, notify=changed)
    def step(self) -> str:
        return self._step

    @Property(int, notify=changed)
    def stepIndex(self) -> int:  # noqa: N802
        return STEPS.index(self._step)

    @Property(list, notify=changed)
    def stepLabels(self) -> list[str]:  # noqa: N802
        return [tr(s) for s in STEP_LABELS]

    @Property(str, notify=changed)
    def message(self) -> str:
        return self._message

    @Property(bool, notify=changed)
    def isError(self) -> bool:  # noqa: N802
        return self._is_error

    @Property(list, notify=changed)
    def card(self) -> list[dict[str, str]]:
        c = self._card
        if c is None and self._blank:
            rows = [{"label": tr(QT_TRANSLATE_NOOP("Replacement", "Card")),
                     "value": tr(QT_TRANSLATE_NOOP("Replacement", "Blank, to be opened"))}]
            if self._meter:
                rows.append({"label": tr(QT_TRANSLATE_NOOP("Replacement", "Meter")), "value": self._meter})
            return rows
        if c is None:
            return []
        return [{"label": tr(QT_TRANSLATE_NOOP("Replacement", "Customer no.")), "value": c.customer_no},
                {"label": tr(QT_TRANSLATE_NOOP("Replacement", "Meter")), "value": c.meter_no},
                {"label": tr(QT_TRANSLATE_NOOP("Replacement", "Balance on the card")),
                 "value": yuan(c.balance_fen), "unit": tr(QT_TRANSLATE_NOOP("Replacement", "yuan"))},
                {"label": tr(QT_TRANSLATE_NOOP("Replacement", "Purchases so far")),
                 "value": str(c.purchase_count)}]

    @Property(list, notify=changed)
    def presets(self) -> list[dict[str, Any]]:
        unit = tr(QT_TRANSLATE_NOOP("Replacement", "yuan"))
        return [{"fen": f, "label": f"{f // 100} {unit}"} for f in PRESETS_FEN]

    @Property(int, notify=changed)
    def amount(self) -> int:
        return self._amount

    @Property(list, notify=changed)
    def payments(self) -> list[dict[str, str]]:
        return [{"code": code, "label": tr(text)} for code, text in PAYMENTS]

    @Property(str, notify=changed)
    def payment(self) -> str:
        return self._payment

    @Property(str, notify=changed)
    def paymentReference(self) -> str:  # noqa: N802
        return self._reference

    @Property(str, notify=changed)
    def orderNo(self) -> str:  # noqa: N802
        return self._order_no

    @Property(int, notify=changed)
    def pending(self) -> int:
        return self._pending

    @Property(bool, notify=changed)
    def opening(self) -> bool:
        """This visit opens a blank card (the meter's barcode finds the customer)."""
        return bool(self._blank)

    @Property(str, notify=changed)
    def meterScanned(self) -> str:  # noqa: N802
        return self._meter

    @Property(bool, notify=changed)
    def keypadOpen(self) -> bool:  # noqa: N802
        return self._keypad is not None

    @Property(list, notify=changed)
    def keypadKeys(self) -> list[dict[str, str]]:  # noqa: N802
        names = {"clear": tr(QT_TRANSLATE_NOOP("Replacement", "Clear")),
                 "back": tr(QT_TRANSLATE_NOOP("Replacement", "Delete"))}
        return [{"key": k, "label": names.get(k, k)} for k in KEYS]

    @Property(str, notify=changed)
    def typedAmount(self) -> str:  # noqa: N802
        unit = tr(QT_TRANSLATE_NOOP("Replacement", "yuan"))
        return f"{self._keypad.digits or '0'} {unit}" if self._keypad is not None else ""


def _ignore(_value: object) -> None:
    """The connection warm-up's outcome: a failure only means the ask opens the connection itself."""


def _no_tasks() -> CardTasks:
    from device_drivers.errors import DeviceError

    raise DeviceError("no card reader and card security module are configured on this handheld")
