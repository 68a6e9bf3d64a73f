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

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from app.domain.entities import UTILITY_TZ
from app.services.card_access import (
    AskCentre,
    BlankCardError,
    CardAccess,
    CardAlreadyOpenError,
    CardAtDoor,
    CentreAnswer,
    CentreRefusedTaskError,
    OfflineError,
    complete_with_result,
)
from app.services.errors import ServiceError
from app.services.field_devices import FieldDevices
from app.services.monitoring import OperationRecorder
from app.storage.changes import ChangeRow, apply_rows
from app.storage.db import Store
from app.storage.recharges import CONFIRMED, OPEN_CARD, REQUESTED, Recharge, RechargeRepo
from app.storage.records import RecordRepo
from app.storage.work_orders import WorkOrderRepo
from device_drivers.card import operations as ops
from device_drivers.card.user_card import UserCard
from device_drivers.printer.receipts import RechargeReceipt, recharge_bytes
from device_drivers.security.errors import SecurityError
from signed_commands import envelope
from signed_commands.credit_token import KIND as CREDIT_TOKEN
from signed_commands.kinds import command_id

__all__ = ["AskCentre", "BlankCardError", "CardAtDoor", "CentreAnswer", "CentreRefusedTaskError",
           "OfflineError", "PendingCreditError", "RechargeFlow"]
PRESETS_FEN = (5000, 10000, 20000, 50000)  # 50, 100, 200, 500 yuan: the amount is tapped, not typed


class PendingCreditError(ServiceError):
    """The card has a purchase it does not hold yet: that one is finished (asked again, or written)
    before any other, or the money could be taken twice (the card keeps only its purchase count)."""

    code = "pending_credit"

    def __init__(self, earlier: Recharge) -> None:
        what = "is confirmed: write it to the card" if earlier.state == CONFIRMED else \
            "is not confirmed by the centre yet: ask for that one again (the same amount)"
        super().__init__(f"an earlier purchase of {earlier.amount_fen / 100:.2f} yuan for this card {what} "
                         "first")
        self.earlier = earlier


@dataclass
class RechargeFlow:
    store: Store
    devices: FieldDevices  # the card reader and card security module; the printer
    recorder: OperationRecorder
    command_key: bytes  # the server's raw Ed25519 key: verifies the credit token
    ask_centre: AskCentre
    technician: str = ""
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    warm_link: Callable[[], None] = lambda: None  # opens the connection to the centre ahead of the ask

    @property
    def access(self) -> CardAccess:
        return CardAccess(self.devices, self.command_key, self.clock)

    @property
    def recharges(self) -> RechargeRepo:
        return RechargeRepo(self.store)

    def read_card(self) -> CardAtDoor:
        """The card in the reader: whose it is, its meter, balance and purchase count."""
        with self.recorder.step("", "read_card") as op, self.access.card() as card:
            read = self.access.read(card)
            if read is None:
                raise BlankCardError("this card is blank: open it for the customer first")
            op.detail = f"card {read.serial}: customer {read.customer_no}, purchase {read.purchase_count}"
            op.succeeded()
        return read

    def prepare_centre(self) -> None:
        """While the technician taps the amount and takes the payment: the connection to the centre is
        opened, so the ask pays no handshake (two round trips on a cellular link). Offline, nothing."""
        self.warm_link()

    def buy(self, card: CardAtDoor, amount_fen: int, payment: dict[str, Any]) -> Recharge:
        """Ask the centre for the purchase (the payment taken); kept first, asked with the same id
        again after a cut link. Returns it ``confirmed``, with the order and the checked token."""
        if amount_fen <= 0:
            raise ServiceError("choose an amount first")
        earlier = self.recharges.open_for(card.serial)
        if earlier is None:
            purchase = self.recharges.new_request(card.serial, card.customer_no, amount_fen,
                                                  card.purchase_count, card.balance_fen, payment)
        elif (earlier.state == REQUESTED and earlier.amount_fen == amount_fen
              and earlier.count_before == card.purchase_count):
            purchase = earlier  # asked and not answered: the same purchase, the same id
        else:
            raise PendingCreditError(earlier)
        return self._ask(purchase)

    def read_at_door(self) -> CardAtDoor | str:
        """The card in the reader, one step: what it says, or the serial of a blank card to open."""
        with self.recorder.step("", "read_card") as op, self.access.card() as card:
            read = self.access.read(card)
            op.detail = (f"blank card {card.serial.hex().upper()}" if read is None else
                         f"card {read.serial}: customer {read.customer_no}, purchase {read.purchase_count}")
            op.succeeded()
        return card.serial.hex().upper() if read is None else read

    def blank_card(self) -> str:
        """The serial of the blank card in the reader, to open it (a card already opened is refused)."""
        with self.recorder.step("", "read_card") as op, self.access.card() as card:
            read = self.access.read(card)
            if read is not None:
                raise CardAlreadyOpenError(f"this card is already open for customer {read.customer_no}: "
                                           "recharge it instead")
            serial = card.serial.hex().upper()
            op.detail = f"blank card {serial}"
            op.succeeded()
        return serial

    def open_card(self, serial: str, meter_asset_no: str, amount_fen: int,
                  payment: dict[str, Any]) -> Recharge:
        """Ask the centre to open the blank card ``serial`` for the customer of the scanned meter, with a
        first purchase of ``amount_fen`` (0: none); kept first like a recharge. Returns it
        ``confirmed``, with the order, the token and the signed card parameters."""
        earlier = self.recharges.open_for(serial)
        if earlier is None:
            purchase = self.recharges.new_request(serial, "", amount_fen, 0, 0, payment, kind=OPEN_CARD,
                                                  meter_asset_no=meter_asset_no)
        elif (earlier.state == REQUESTED and earlier.kind == OPEN_CARD and earlier.amount_fen == amount_fen
              and earlier.meter_asset_no == meter_asset_no):
            purchase = earlier
        else:
            raise PendingCreditError(earlier)
        return self._ask(purchase)

    def _ask(self, purchase: Recharge) -> Recharge:
        """The centre's order and token for ``purchase`` (the same for the same id; a fresh token when
        the one held has expired), checked and kept with the order in one transaction."""
        with self.recorder.step(purchase.order_no, f"request_{purchase.kind}") as op:
            answer = self.ask_centre({
                "request_id": purchase.request_id, "kind": purchase.kind, "customer_no": purchase.customer_no,
                "meter_asset_no": purchase.meter_asset_no,
                "amount_fen": purchase.amount_fen, "purchase_count": purchase.count_before,
                "card_serial": purchase.card_serial,
                "payment_method": str(purchase.payment.get("method", "")),
                "payment_reference": str(purchase.payment.get("reference", ""))})
            token, params = answer.token, answer.card_parameters or b""
            if token is None:
                raise CentreRefusedTaskError("no_token", "the centre answered without a credit token")
            if purchase.kind == OPEN_CARD and not params:
                raise CentreRefusedTaskError("no_parameters", "the centre answered without the card "
                                                              "parameters")
            order, order_no = answer.order, str(answer.order["order_no"])
            customer_no = str(order["archive"]["customer"]["customer_no"])
            self._check_token(purchase, token, customer_no)
            if params:
                self._check_parameters(purchase, params, customer_no)
            with self.store.transaction() as db:
                apply_rows(db, [ChangeRow("work_order", order_no, "upsert", order),
                                ChangeRow("command", command_id(order_no, CREDIT_TOKEN, token), "upsert",
                                          {"kind": CREDIT_TOKEN, "order_no": order_no, "data": token})])
                self.recharges.confirm(db, purchase.request_id, order_no, token, customer_no=customer_no,
                                       card_parameters=params)
            op.detail = f"order {order_no}: {purchase.amount_fen} fen confirmed by the centre"
            op.succeeded()
        return self.recharges.get(purchase.request_id)

    def _check_parameters(self, purchase: Recharge, raw: bytes, customer_no: str) -> None:
        p = self.access.verifier().verify_parameters(raw)
        if p.mismatch(bytes.fromhex(purchase.card_serial), customer_no) is not None:
            raise CentreRefusedTaskError("token_mismatch", "the centre's card parameters are not for this "
                                                           "card: nothing was written")

    def _check_token(self, purchase: Recharge, token: bytes, customer_no: str) -> None:
        """The token is our centre's, in its window, and for exactly the purchase asked (an opening's
        customer is the one the centre found for the scanned meter)."""
        t = self.access.verifier().verify(token)
        asked = (purchase.amount_fen, purchase.count_before + 1, purchase.card_serial,
                 purchase.customer_no or customer_no)
        if (t.amount_fen, t.purchase_count, t.card_serial.hex().upper(), t.customer_number) != asked:
            got = f"{t.amount_fen} fen as purchase {t.purchase_count}"
            raise CentreRefusedTaskError("token_mismatch", f"the centre's credit is not the purchase asked "
                                                           f"({got}): nothing was credited")

    def credit(self, order_no: str) -> ops.OperationResult:
        """Write the confirmed purchase to the card in the reader, exactly once, and report it."""
        purchase = self.recharges.by_order(order_no)
        if purchase is None or not purchase.token:
            raise ServiceError(f"no confirmed purchase {order_no} on this terminal")
        with self.access.card() as card:
            return self._credit_on(card, purchase)

    def resume_requests(self) -> int:
        """Ask the centre again for every purchase it has not answered yet (a lost answer; the same id,
        so the same purchase), no card needed: paid money always gets its token, even if the customer
        is gone (the card takes it on their next visit, or the ledger shows it unconfirmed). Returns how
        many are now confirmed; offline, the rest wait (raises nothing)."""
        confirmed = 0
        for purchase in self.recharges.not_applied():
            if purchase.state != REQUESTED:
                continue
            try:
                self._ask(purchase)
            except OfflineError:
                break
            except (ServiceError, SecurityError):
                continue  # refused: it stays requested, and the screen says why when it is finished
            confirmed += 1
        return confirmed

    def complete_pending(self) -> list[ops.OperationResult]:
        """Finish the purchase the card in the reader does not hold yet: asked again if the centre's
        answer never came (the same id), then credited once; [] when it has none."""
        with self.access.card() as card:
            purchase = self.recharges.open_for(card.serial.hex().upper())
            if purchase is None:
                return []
            if purchase.state == REQUESTED:
                purchase = self._ask(purchase)
            return [self._credit_on(card, purchase)]

    def _credit_on(self, card: UserCard, purchase: Recharge) -> ops.OperationResult:
        purse = card.read_purse()
        if purse.count > purchase.count_before + 1:  # a repair elsewhere wrote it (see CardTasks.repair)
            with self.store.transaction() as db:
                self.recharges.applied(db, purchase.request_id)
            return ops.OperationResult(ops.Outcome.ALREADY_APPLIED, purse, "the card already holds it")
        if envelope.decode(purchase.token).expires_at <= self.clock().timestamp():
            purchase = self._ask(purchase)  # the same order, its token signed again for a new window
        with self.recorder.step(purchase.order_no, "credit_card") as op:
            verifier = self.access.verifier()  # once, whatever came before
            result = (ops.open_card(card, purchase.token, verifier, purchase.card_parameters)
                      if purchase.kind == OPEN_CARD else ops.repair(card, purchase.token, verifier))
            self._report(purchase, result)
            op.detail = result.message
            op.succeeded()
        return result

    def receipt(self, order_no: str) -> RechargeReceipt:
        """The customer's receipt for a purchase the card holds."""
        purchase = self.recharges.by_order(order_no)
        result = RecordRepo(self.store).local(order_no, "result")
        order = WorkOrderRepo(self.store).get(order_no)
        if purchase is None or result is None or order is None:
            raise ServiceError(f"purchase {order_no} is not on the card yet: write the card first")
        card, archive = result["purchase"], order.archive
        return RechargeReceipt(
            transaction_id=order_no, customer_no=purchase.customer_no, customer_name=archive.customer.name,
            meter_asset_no=archive.meter.asset_no, amount_yuan=Decimal(purchase.amount_fen) / 100,
            purchase_count=int(card["count_after"]),
            balance_yuan=Decimal(int(card["balance_after_fen"])) / 100,
            time=datetime.fromisoformat(result["completed_at"]).astimezone(UTILITY_TZ),
            technician=self.technician or order.tech_id)

    def print_receipt(self, order_no: str) -> None:
        """Print the customer's receipt; a printer problem raises and may be retried (nothing is lost)."""
        with self.recorder.step(order_no, "print_receipt"):
            self.devices.print_job(recharge_bytes(self.receipt(order_no)))

    def _report(self, purchase: Recharge, result: ops.OperationResult) -> None:
        """The card holds the purchase: the result (and the order's completion, if it is still open
        here) go up, and the journal says so, in one transaction."""
        order = WorkOrderRepo(self.store).get(purchase.order_no)
        card = {"amount_fen": purchase.amount_fen, "card_serial": purchase.card_serial,
                "count_before": purchase.count_before, "count_after": result.purse.count,
                "balance_before_fen": purchase.balance_before, "balance_after_fen": result.purse.balance_fen,
                "credited": result.outcome.value}
        payload = {"order_no": purchase.order_no, "kind": purchase.kind, "outcome": "done",
                   "customer_no": purchase.customer_no, "technician": order.tech_id if order else "",
                   "purchase": card, "payment": purchase.payment, "completed_at": self.clock().isoformat()}
        with self.store.transaction() as db:
            complete_with_result(self.store, purchase.order_no, payload)
            self.recharges.applied(db, purchase.request_id)
