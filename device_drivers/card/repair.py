"""The recharge decision, pure: what to do with a confirmed purchase and a card's purse.

The purchase count is the anchor. A card takes a credit only with the count
``card count + 1``; a credit whose count the card already has is on the card.
So, for the server-confirmed purchase number N and the card's count C:

- C == N - 1: the card has not taken it: **write** (INCREASE to count N);
- C == N: the card already holds it: **already applied**, never write again;
- C > N: the card is ahead of what we know: refuse (sync first);
- C < N - 1: an earlier purchase is missing from the card: refuse (repair that one first).

Whatever was interrupted (card pulled, link down, app killed), running the same
decision again on a fresh read of the card gives the right answer, and the card
itself refuses a second INCREASE with the same count: a credit is applied
exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from device_drivers.card.files import Purse, ReturnWrite


class Action(Enum):
    WRITE = "write"
    ALREADY_APPLIED = "already-applied"
    REFUSE = "refuse"


@dataclass(frozen=True, slots=True)
class Decision:
    action: Action
    reason: str


def decide(purchase_count: int, amount_fen: int, purse: Purse) -> Decision:
    """What to do with purchase ``purchase_count`` of ``amount_fen`` on a card with ``purse``."""
    n, c = purchase_count, purse.count
    if c == n - 1:
        return Decision(Action.WRITE, f"the card has purchase {c}: credit purchase {n} "
                                      f"({amount_fen / 100:.2f} yuan)")
    if c == n:
        return Decision(Action.ALREADY_APPLIED, f"purchase {n} is already on the card: "
                                                "nothing to write")
    if c > n:
        return Decision(Action.REFUSE, f"the card has purchase {c}, later than purchase {n} of "
                                       "this credit: sync with the central system before going on")
    return Decision(Action.REFUSE, f"the card has purchase {c}, but this credit is purchase {n}: "
                                   f"purchase {c + 1} is missing from the card; repair it first")


def meter_status(purse: Purse, return_write: ReturnWrite | None) -> str:
    """What the meter has taken, from the card's return-write file (for the technician)."""
    if return_write is None:
        return "the card has not been inserted into the meter yet"
    if return_write.meter_count >= purse.count:
        return f"the meter has taken every purchase (its count is {return_write.meter_count})"
    return (f"the meter has taken purchases up to {return_write.meter_count}: insert the card "
            f"into the meter to transfer purchase {purse.count}")


class RechargeJournal(Protocol):
    """Where the terminal records a confirmed purchase before touching the card.

    The app's storage implements it. A confirmed purchase stays pending until
    the card has it (``already applied`` after a repair counts), so after any
    interruption the pending entries are exactly the repairs to run.
    """

    def record_confirmed(self, transaction_id: str, token: bytes) -> None: ...

    def record_applied(self, transaction_id: str) -> None: ...

    def pending(self) -> list[tuple[str, bytes]]: ...
