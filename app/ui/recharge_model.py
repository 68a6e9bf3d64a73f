"""The prepaid recharge at the door, one screen a step, driven by taps only.

``RechargeModel`` wraps a :class:`~app.services.recharge.RechargeFlow`: read the customer's card,
tap an amount and how the customer pays (cash, or the payment reference scanned from their
phone's QR code), ask the centre, write the card. Every call runs through :class:`Background`;
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
from app.ui.background import Background
from app.ui.replacement_format import error_text, tr, yuan

if TYPE_CHECKING:
    from app.services.recharge import CardAtDoor, RechargeFlow

FlowFor = Callable[[], "RechargeFlow"]
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
}
PAYMENTS = [("cash", QT_TRANSLATE_NOOP("Replacement", "Cash")),
            ("qr", QT_TRANSLATE_NOOP("Replacement", "QR payment"))]


class RechargeModel(QObject):
    changed = Signal()

    def __init__(self, background: Background, flow_for: FlowFor, scan: Scanner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bg, self._flow_for, self._scan = background, flow_for, scan
        self._active = self._busy = self._is_error = False
        self._step, self._message = "card", ""
        self._card: CardAtDoor | None = None
        self._amount = 0
        self._payment, self._reference = "cash", ""
        self._order_no = ""
        self._pending = 0
        self._available = False

    def use(self, flow_for: FlowFor, scan: Scanner, *, available: bool) -> None:
        """``available``: this handheld does card work (a card security module) for this user."""
        self._flow_for, self._scan, self._available = flow_for, scan, available
        self.changed.emit()

    def retranslate(self) -> None:
        self.changed.emit()

    # -- opening and closing -------------------------------------------------------------
    @Slot()
    def open(self) -> None:
        self._active, self._step, self._card, self._amount, self._order_no = True, "card", None, 0, ""
        self._payment, self._reference = "cash", ""
        self._say("", False)
        self._run(lambda: len(self._flow_for().recharges.not_applied()), self._pending_counted)

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
        self._run(lambda: self._flow_for().read_card(), self._card_read)

    def _card_read(self, card: CardAtDoor) -> None:
        self._card, self._step = card, "amount"
        self._say(tr(MSG["read"]), False)

    @Slot(int)
    def chooseAmount(self, fen: int) -> None:  # noqa: N802
        if fen in PRESETS_FEN:
            self._amount = fen
            self._say("", False)

    @Slot(str)
    def choosePayment(self, method: str) -> None:  # noqa: N802
        if method in dict(PAYMENTS):
            self._payment = method
            self._say("", False)

    @Slot()
    def scanPayment(self) -> None:  # noqa: N802
        self._run(self._scan, self._scanned)

    def _scanned(self, reference: str) -> None:
        self._payment, self._reference = "qr", reference.strip()
        self._say(tr(MSG["qr"]).replace("%1", self._reference), False)

    @Slot()
    def buy(self) -> None:
        card = self._card
        if card is None:
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
        amount = self._amount
        self._run(lambda: self._flow_for().buy(card, amount, payment).order_no, self._confirmed)

    def _confirmed(self, order_no: str) -> None:
        self._order_no, self._step = order_no, "credit"
        self._say(tr(MSG["confirmed"]), False)

    @Slot()
    def credit(self) -> None:
        order_no = self._order_no
        if order_no:
            self._run(lambda: self._flow_for().credit(order_no), self._credited)

    def _credited(self, result: Any) -> None:
        self._step = "done"
        if self._card is not None:  # what the card holds now
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
            self._say(error_text(exc), True)

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
