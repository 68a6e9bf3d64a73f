"""What every prepaid task at the door shares: the customer's card in the reader, the centre's answer.

The technician's card tasks (a recharge or an opening, :mod:`.recharge`; a card write or a repair,
:mod:`.card_tasks`) all read the card in front of the customer, ask the centre for the task over
the terminal's signed session (:data:`AskCentre`) and write only what the centre signed: the card
driver checks each token and each set of card parameters before any APDU that changes the card.
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
from app.services.field_devices import FieldDevices
from app.services.orders import start_order
from app.storage.db import Store
from app.storage.records import RecordRepo
from app.storage.work_orders import WorkOrderRepo
from device_drivers.card import operations as ops
from device_drivers.card.pcsc_reader import find_reader
from device_drivers.card.user_card import UserCard

CARD_TIMEOUT_S = 5.0


@dataclass(frozen=True, slots=True)
class CentreAnswer:
    """The centre's answer to a task request (``sync.protocol.TaskResponse`` in the service's terms)."""

    order: dict[str, Any]  # the order record it created
    token: bytes | None = None  # a purchase: the signed credit token
    card_parameters: bytes | None = None  # an opening or a card write: the signed card parameters
    decision: str = ""  # a repair: credited, not_credited, card_ahead or nothing_issued
    issued_count: int = 0  # a repair: the last purchase the centre issued for the card
    credits_order: str = ""  # a repair that re-issues: the purchase's order


# The centre's answer to a task request. Raises OfflineError (no link) or CentreRefusedTaskError.
AskCentre = Callable[[dict[str, Any]], CentreAnswer]


class OfflineError(ServiceError):
    """The centre cannot be reached: nothing is credited or written without its signature."""

    code = "offline"


class CentreRefusedTaskError(ServiceError):
    """The centre refused the task; ``code`` is its reason."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class BlankCardError(ServiceError):
    """The card in the reader was never opened for a customer."""

    code = "blank_card"


class CardAlreadyOpenError(ServiceError):
    """A card to be opened is already bound to a customer: it is recharged, not opened again."""

    code = "card_open"


class NoCardSecurityError(ServiceError):
    """The handheld has no card security module: it cannot write a customer card."""

    code = "no_card_security"


class MeterLabelError(ServiceError):
    """What was scanned is not a meter's asset number."""

    code = "meter_label"


def meter_from_label(text: str) -> str:
    """The meter asset number a scanned label carries (raises :class:`MeterLabelError`)."""
    from app.domain import identifiers
    from app.domain.errors import ValidationError

    try:
        return identifiers.asset_no(text.strip())
    except ValidationError as exc:
        raise MeterLabelError(f"not a meter asset number: {exc}") from None


@dataclass(frozen=True, slots=True)
class CardAtDoor:
    """What the customer's card says, read in front of them."""

    serial: str  # 16 hex digits
    customer_no: str
    meter_no: str
    balance_fen: int
    purchase_count: int
    meter_count: int = -1  # the meter's purchase count from the card's return-write file (-1: none yet)


@dataclass
class CardAccess:
    """The card reader and security module, and the centre's key that signs what they write."""

    devices: FieldDevices
    command_key: bytes  # the server's raw Ed25519 key: verifies tokens and card parameters
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    @contextmanager
    def card(self) -> Iterator[UserCard]:
        security = self.devices.card_security
        if security is None:
            raise NoCardSecurityError("no card security module is configured on this handheld: set "
                                      "card_security in the settings")
        with find_reader(self.devices.card_reader or None).connect(timeout=CARD_TIMEOUT_S) as conn:
            card = UserCard(conn, security)
            card.select()
            yield card

    def verifier(self) -> ops.TokenVerifier:
        key = Ed25519PublicKey.from_public_bytes(self.command_key)
        return ops.TokenVerifier(key, clock=lambda: self.clock().timestamp())

    def read(self, card: UserCard) -> CardAtDoor | None:
        """The card's owner, purse and return-write file; None for a blank card."""
        info = card.info()
        if info.parameters is None:
            return None
        meter_count = info.return_write.meter_count if info.return_write is not None else -1
        return CardAtDoor(info.serial.hex().upper(), info.parameters.customer_number,
                          info.parameters.meter_number, info.purse.balance_fen, info.purse.count, meter_count)


def complete_with_result(store: Store, order_no: str, payload: dict[str, Any]) -> None:
    """Inside the caller's transaction: the task's result goes up, and the order (if it is still open on
    this terminal) is started and completed with it."""
    order = WorkOrderRepo(store).get(order_no)
    if order is not None and order.is_open:
        start_order(store, order_no)
    RecordRepo(store).save_result(order_no, payload)
    if order is not None and order.is_open:
        WorkOrderRepo(store).apply_event(order_no, Event.COMPLETE)
