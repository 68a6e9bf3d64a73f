"""A prepaid recharge at the door: read the card, ask the centre, credit the card, report.

The order starts on the handheld, as in the paper: the technician reads the customer's card
(who the customer is, which meter, the purchase count and balance), takes the payment, and the
handheld asks the centre for the task (:data:`AskCentre`, the terminal's signed session). The
purchase is kept on the terminal (:class:`~app.storage.recharges.RechargeRepo`) *before* the
centre is asked, with the id the centre de-duplicates by, so a cut link is asked again with the
same id and can never buy twice. Nothing is credited without the centre's signed token: offline
the flow says so and waits.

The token is kept with the order the centre created (one transaction), then written to the card
by the card driver, which checks the token is for this card and that the card does not hold it
yet. A card pulled or an app killed between the token and the card leaves the purchase
``confirmed``: :meth:`RechargeFlow.complete_pending` credits it exactly once (the card's purchase
count is the anchor). The work result (the card before and after, the payment) goes to the centre
through the outbox with the order's completion.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from app.domain.work_orders import Event
from app.services.errors import ServiceError
from app.services.monitoring import OperationRecorder
from app.services.orders import start_order
from app.storage.changes import ChangeRow, apply_rows
from app.storage.db import Store
from app.storage.recharges import Recharge, RechargeRepo
from app.storage.records import RecordRepo
from app.storage.work_orders import WorkOrderRepo
from device_drivers.card import operations as ops
from device_drivers.card.errors import CardError
from device_drivers.card.pcsc_reader import find_reader
from device_drivers.card.user_card import UserCard
from device_drivers.security.card_ops import CardSecurityModule
from signed_commands.credit_token import KIND as CREDIT_TOKEN

# The centre's answer to a task request: the order record and, for a purchase, its signed token.
# Raises OfflineError (no link) or CentreRefusedTaskError (the centre's reason).
AskCentre = Callable[[dict[str, Any]], tuple[dict[str, Any], bytes | None]]
PRESETS_FEN = (5000, 10000, 20000, 50000)  # 50, 100, 200, 500 yuan: the amount is tapped, not typed
CARD_TIMEOUT_S = 5.0


class OfflineError(ServiceError):
    """The centre cannot be reached: nothing is credited without its token."""

    code = "offline"


class CentreRefusedTaskError(ServiceError):
    """The centre refused the task; ``code`` is its reason."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class CardAtDoor:
    """What the customer's card says, read in front of them."""

    serial: str  # 16 hex digits
    customer_no: str
    meter_no: str
    balance_fen: int
    purchase_count: int


@dataclass
class RechargeFlow:
    store: Store
    recorder: OperationRecorder
    card_security: CardSecurityModule
    command_key: bytes  # the server's raw Ed25519 key: verifies the credit token
    ask_centre: AskCentre
    card_reader: str = ""  # PC/SC reader name; "": the first one holding a card
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    @property
    def recharges(self) -> RechargeRepo:
        return RechargeRepo(self.store)

    @contextmanager
    def _card(self) -> Iterator[UserCard]:
        with find_reader(self.card_reader or None).connect(timeout=CARD_TIMEOUT_S) as conn:
            card = UserCard(conn, self.card_security)
            card.select()
            yield card

    def _verifier(self) -> ops.TokenVerifier:
        key = Ed25519PublicKey.from_public_bytes(self.command_key)
        return ops.TokenVerifier(key, clock=lambda: self.clock().timestamp())

    def read_card(self) -> CardAtDoor:
        """The card in the reader: whose it is, its meter, balance and purchase count."""
        with self.recorder.step("", "read_card") as op, self._card() as card:
            info = card.info()
            if info.parameters is None:
                raise CardError("this card is blank: open it for the customer first")
            read = CardAtDoor(info.serial.hex().upper(), info.parameters.customer_number,
                              info.parameters.meter_number, info.purse.balance_fen, info.purse.count)
            op.detail = f"card {read.serial}: customer {read.customer_no}, purchase {read.purchase_count}"
            op.succeeded()
        return read

    def buy(self, card: CardAtDoor, amount_fen: int, payment: dict[str, Any]) -> Recharge:
        """Ask the centre for the purchase (the payment taken); kept first, asked with the same id
        again after a cut link. Returns it ``confirmed``, with the order and the token."""
        if amount_fen <= 0:
            raise ServiceError("choose an amount first")
        purchase = self.recharges.open_request(card.serial, card.customer_no, amount_fen, card.purchase_count,
                                               payment)
        with self.recorder.step("", "request_recharge") as op:
            order, token = self.ask_centre({
                "request_id": purchase.request_id, "kind": "recharge", "customer_no": card.customer_no,
                "amount_fen": amount_fen, "purchase_count": card.purchase_count, "card_serial": card.serial,
                "note": f"payment: {payment.get('method', '')}"})
            if token is None:
                raise CentreRefusedTaskError("no_token", "the centre answered without a credit token")
            order_no = str(order["order_no"])
            with self.store.transaction() as db:
                apply_rows(db, [ChangeRow("work_order", order_no, "upsert", order),
                                ChangeRow("command", f"{order_no}:{CREDIT_TOKEN}", "upsert",
                                          {"kind": CREDIT_TOKEN, "order_no": order_no, "data": token})])
                self.recharges.confirm(db, purchase.request_id, order_no, token)
            op.detail = f"order {order_no}: {amount_fen} fen confirmed by the centre"
            op.succeeded()
        return self.recharges.get(purchase.request_id)

    def credit(self, order_no: str) -> ops.OperationResult:
        """Write the confirmed purchase to the card in the reader, exactly once, and report it."""
        purchase = self.recharges.by_order(order_no)
        if purchase is None or not purchase.token:
            raise ServiceError(f"no confirmed purchase {order_no} on this terminal")
        with self.recorder.step(order_no, "credit_card") as op, self._card() as card:
            before = card.read_purse()
            result = ops.repair(card, purchase.token, self._verifier())  # once, whatever came before
            self._report(purchase, before.balance_fen, result)
            op.detail = result.message
            op.succeeded()
        return result

    def complete_pending(self) -> list[ops.OperationResult]:
        """Credit every confirmed purchase of the card in the reader that it does not hold yet."""
        done = []
        for order_no, _token in self.recharges.pending():
            done.append(self.credit(order_no))
        return done

    def _report(self, purchase: Recharge, before_fen: int, result: ops.OperationResult) -> None:
        """The card holds the purchase: the result and the completion go up, the journal says so."""
        order = WorkOrderRepo(self.store).get(purchase.order_no)
        card = {"amount_fen": purchase.amount_fen, "card_serial": purchase.card_serial,
                "count_before": purchase.count_before, "count_after": result.purse.count,
                "balance_before_fen": before_fen, "balance_after_fen": result.purse.balance_fen,
                "credited": result.outcome.value}
        payload = {"order_no": purchase.order_no, "outcome": "done", "purchase": card,
                   "payment": purchase.payment, "completed_at": self.clock().isoformat()}
        with self.store.transaction():
            if order is not None and order.is_open:
                start_order(self.store, purchase.order_no)
                RecordRepo(self.store).save_result(purchase.order_no, payload)
                WorkOrderRepo(self.store).apply_event(purchase.order_no, Event.COMPLETE)
            self.recharges.record_applied(purchase.order_no)
