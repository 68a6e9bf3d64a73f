"""Write card (写参数卡) and repair (购电补写卡) at the door: no money is taken, the centre decides.

**Write card**: the card's owner is read from the card, the centre answers its signed parameters
(the archive's tariff and thresholds, bound to this card), the card driver rewrites the files and
reads them back. Running it again rewrites the same files.

**Repair**: a customer says a purchase never reached the meter. The card is read (its purchase
count and balance, and the return-write file the meter left on it); a purchase this terminal still
holds for the card is finished first (:meth:`RechargeFlow.complete_pending`); otherwise the
centre decides from the card and its ledger (``server.card_tasks``): ``credited`` (the card holds
every purchase: nothing is written again), ``not_credited`` (the centre re-signs the missing
purchase and the card takes it, exactly once: the purchase count is the anchor), ``card_ahead``
(the card holds a purchase the centre never issued: refused) or ``nothing_issued``. The technician
sees the decision and why, and the result goes up with the card's figures.

Both ask with a request id made of the card and the day (and, for a repair, the card's count), so
asking again after a cut link is the same task at the centre.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.domain.entities import UTILITY_TZ
from app.services.card_access import (
    AskCentre,
    BlankCardError,
    CardAccess,
    CardAtDoor,
    CentreAnswer,
    CentreRefusedTaskError,
    complete_with_result,
)
from app.services.monitoring import OperationRecorder
from app.storage.changes import ChangeRow, apply_rows
from app.storage.db import Store
from app.storage.recharges import REQUESTED, RechargeRepo
from device_drivers.card import operations as ops
from device_drivers.card.user_card import UserCard

CREDITED, NOT_CREDITED, CARD_AHEAD, NOTHING_ISSUED, FINISHED_HERE = (
    "credited", "not_credited", "card_ahead", "nothing_issued", "finished_here")


@dataclass(frozen=True, slots=True)
class RepairOutcome:
    """What the repair found and did, for the technician and the customer."""

    decision: str  # one of the five above (finished_here: this terminal's own pending purchase)
    card: CardAtDoor  # the card as read before the repair
    issued_count: int  # the last purchase the centre issued for the card
    credited_fen: int = 0  # what was written to the card now
    balance_after_fen: int = 0
    order_no: str = ""

    @property
    def wrote(self) -> bool:
        """A purchase was written to the card now."""
        return self.decision in (NOT_CREDITED, FINISHED_HERE)

    @property
    def count_after(self) -> int:
        return self.card.purchase_count + (1 if self.wrote else 0)


@dataclass
class CardTasks:
    store: Store
    access: CardAccess
    recorder: OperationRecorder
    ask_centre: AskCentre
    finish_pending: Callable[[], list[ops.OperationResult]]  # RechargeFlow.complete_pending
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def _read(self, card: UserCard) -> CardAtDoor:
        read = self.access.read(card)
        if read is None:
            raise BlankCardError("this card is blank: open it for the customer first")
        return read

    def _request_id(self, what: str, card: CardAtDoor, extra: str = "") -> str:
        return f"{what}-{card.serial}-{self.clock().astimezone(UTILITY_TZ):%Y%m%d}{extra}"

    def _keep(self, answer: CentreAnswer) -> str:
        order_no = str(answer.order["order_no"])
        with self.store.transaction() as db:
            apply_rows(db, [ChangeRow("work_order", order_no, "upsert", answer.order)])
        return order_no

    def write_card(self) -> ops.OperationResult:
        """Rewrite the card's parameters and tariffs with what the centre signs for it now."""
        with self.access.card() as card:
            read = self._read(card)
            with self.recorder.step("", "request_write_card") as op:
                answer = self.ask_centre({"request_id": self._request_id("W", read), "kind": "write_card",
                                          "customer_no": read.customer_no, "card_serial": read.serial})
                if not answer.card_parameters:
                    raise CentreRefusedTaskError("no_token", "the centre answered without card parameters")
                order_no = self._keep(answer)
                op.succeeded()
            with self.recorder.step(order_no, "write_card") as op:
                result = ops.write_card(card, answer.card_parameters, self.access.verifier())
                self._report(order_no, "write_card", read,
                             {"written": True, "balance_fen": result.purse.balance_fen})
                op.detail = result.message
                op.succeeded()
        return result

    def repair(self) -> RepairOutcome:
        """Decide the card's repair with the centre and carry it out (see the module's docstring)."""
        with self.access.card() as card:
            read = self._read(card)
        local = RechargeRepo(self.store).open_for(read.serial)
        if local is not None and local.count_before == read.purchase_count:  # the card's next purchase
            finished = self.finish_pending()
            if finished:
                result = finished[0]
                return RepairOutcome(FINISHED_HERE, read, result.purse.count,
                                     result.purse.balance_fen - read.balance_fen, result.purse.balance_fen)
        elif local is not None and local.state != REQUESTED and read.purchase_count > local.count_before:
            # the card moved past it: only that purchase's token can have made its count (the centre
            # issues one per card and count), re-issued by a repair elsewhere: it is on the card
            with self.store.transaction() as db:
                RechargeRepo(self.store).applied(db, local.request_id)
        with self.recorder.step("", "request_repair") as op:
            answer = self.ask_centre({
                "request_id": self._request_id("R", read, f"-{read.purchase_count}"),
                "kind": "recharge_repair",
                "customer_no": read.customer_no, "card_serial": read.serial,
                "purchase_count": read.purchase_count, "card_balance_fen": read.balance_fen,
                "meter_count": read.meter_count})
            order_no = self._keep(answer)
            op.detail = f"order {order_no}: {answer.decision} (issued up to {answer.issued_count})"
            op.succeeded()
        outcome = RepairOutcome(answer.decision, read, answer.issued_count, 0, read.balance_fen, order_no)
        if answer.decision == NOT_CREDITED:
            outcome = self._credit_again(read, answer, order_no)
        self._report(order_no, "recharge_repair", read, {
            "decision": outcome.decision, "issued_count": answer.issued_count,
            "credits_order": answer.credits_order,
            "credited_fen": outcome.credited_fen, "balance_after_fen": outcome.balance_after_fen})
        return outcome

    def _credit_again(self, read: CardAtDoor, answer: CentreAnswer, order_no: str) -> RepairOutcome:
        if answer.token is None:
            raise CentreRefusedTaskError("no_token", "the centre answered without a credit token")
        token = self.access.verifier().verify(answer.token)
        if token.card_serial.hex().upper() != read.serial or token.purchase_count != read.purchase_count + 1:
            raise CentreRefusedTaskError("token_mismatch", "the centre's credit is not the card's next "
                                                           "purchase: nothing was credited")
        with self.recorder.step(order_no, "credit_card") as op, self.access.card() as card:
            result = ops.repair(card, answer.token, self.access.verifier())  # once, whatever came before
            op.detail = result.message
            op.succeeded()
        return RepairOutcome(NOT_CREDITED, read, answer.issued_count, token.amount_fen,
                             result.purse.balance_fen, order_no)

    def _report(self, order_no: str, kind: str, read: CardAtDoor, extra: dict[str, Any]) -> None:
        card = {"card_serial": read.serial, "count_before": read.purchase_count,
                "balance_before_fen": read.balance_fen, "meter_count": read.meter_count}
        payload: dict[str, Any] = {"order_no": order_no, "kind": kind, "outcome": "done",
                                   "customer_no": read.customer_no, "card": card,
                                   "completed_at": self.clock().isoformat(), **extra}
        if extra.get("decision") == NOT_CREDITED:  # the ledger's purchase, now confirmed by the card
            payload["purchase"] = {"amount_fen": extra["credited_fen"], "card_serial": read.serial,
                                   "count_after": read.purchase_count + 1,
                                   "balance_after_fen": extra["balance_after_fen"]}
        with self.store.transaction():
            complete_with_result(self.store, order_no, payload)
