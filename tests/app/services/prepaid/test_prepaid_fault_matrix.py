"""The prepaid fault matrix, end to end below the screens: the real server and its ledger, the
terminal's store and sync upload, the customer's card in the real pcscd (the virtual card on vpcd).

Each fault — the card pulled at each APDU of a recharge or an opening (with the card's answer lost
too), the app killed between the centre's confirmation and the card write or after the card took
the credit, the link cut after the payment, the same request sent twice — ends the same way: the
card holds exactly the purchases the centre confirmed, each once, and the centre's ledger, once the
terminal's results are uploaded, agrees with the card (every purchase credited, no discrepancy,
the money in the ledger equal to the money on the card)."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from app.services.recharge import CentreAnswer, OfflineError
from app.terminal.prepaid_link import ask_centre
from device_drivers.card import operations as ops
from device_drivers.card.errors import CardError
from device_drivers.card.user_card import UserCard
from tests.app.services.prepaid.prepaid_door import SECURITY, Door, read
from tests.device_drivers.card.kit import blank_state, insert_card, read_state

pytestmark = pytest.mark.usefixtures("pcscd")
START_FEN, START_COUNT = 1234, 5  # the door's card before the visit
# SELECT, the purse (is it on the card already?), SELECT, parameters, purse, challenge + authenticate,
# challenge + INCREASE, purse
RECHARGE_APDUS = 10
BLANKS = (bytes.fromhex(f"4D4605{n:010X}") for n in itertools.count(1))




def agrees(door: Door, card: Path, *, start: tuple[int, int], confirmed: list[int]) -> None:
    """The card holds exactly the confirmed purchases, once each; the ledger says the same."""
    state = read_state(card)
    assert (state.balance_fen, state.count) == (start[0] + sum(confirmed), start[1] + len(confirmed))
    door.upload()
    rows = door.card_ledger(state.serial.hex().upper())
    assert [r.amount_fen for r in rows] == confirmed
    assert [r.credit_count for r in rows] == list(range(start[1] + 1, start[1] + 1 + len(confirmed)))
    assert all(r.credited_at is not None and r.discrepancy == "" for r in rows), rows
    assert rows[-1].balance_after_fen in (state.balance_fen, None)


def pulled(door: Door, card: Path, k: int, lose_reply: bool, write: Any) -> None:
    """``write`` with the card pulled out after its ``k``-th APDU (its answer lost too, if asked)."""
    with insert_card(card, card.parent, pull_after=k, lose_reply=lose_reply):
        try:
            write()
        except CardError:
            return
    assert not lose_reply and k >= RECHARGE_APDUS, "the write went on without its card"


@pytest.mark.parametrize(("k", "lose_reply"), [(k, False) for k in range(1, RECHARGE_APDUS + 1)]
                         + [(9, True), (10, True)])
def test_a_recharge_with_the_card_pulled_at_each_apdu(door: Door, k: int, lose_reply: bool) -> None:
    at_door = read(door, door.flow())
    purchase = door.flow().buy(at_door, 5000, {"method": "cash"})
    pulled(door, door.card, k, lose_reply, lambda: door.flow().credit(purchase.order_no))
    with insert_card(door.card, door.card.parent):  # put back: the screen's 补写卡
        door.flow().complete_pending()
    assert door.flow().recharges.not_applied() == []
    agrees(door, door.card, start=(START_FEN, START_COUNT), confirmed=[5000])


@pytest.mark.parametrize(("k", "lose_reply"), [(4, False), (8, False), (10, False), (12, False), (10, True),
                                               (12, True)])
def test_an_opening_with_the_card_pulled_mid_write(door: Door, k: int, lose_reply: bool) -> None:
    archive = [a for a in door.demo.archives if a.customer.company_id == "C-CD" and a.meter.prepaid][4]
    blank = blank_state(door.card.parent / "blank.json", next(BLANKS))
    with insert_card(blank, blank.parent):
        serial = door.flow().blank_card()
    purchase = door.flow().open_card(serial, archive.meter.asset_no, 10000, {"method": "cash"})
    with insert_card(blank, blank.parent, pull_after=k, lose_reply=lose_reply), \
            pytest.raises(CardError):
        door.flow().credit(purchase.order_no)
    with insert_card(blank, blank.parent):
        door.flow().complete_pending()
    agrees(door, blank, start=(0, 0), confirmed=[10000])


def test_killed_between_the_centres_confirmation_and_the_card_write(door: Door) -> None:
    at_door = read(door, door.flow())
    door.flow().buy(at_door, 20000, {"method": "qr", "reference": "4200009999202612040001"})
    door.restart()  # the app is killed and started again: nothing held in memory
    with insert_card(door.card, door.card.parent):
        assert [r.outcome for r in door.flow().complete_pending()] == [ops.Outcome.CREDITED]
    agrees(door, door.card, start=(START_FEN, START_COUNT), confirmed=[20000])


def test_killed_after_the_card_took_the_credit_before_the_app_noted_it(door: Door) -> None:
    at_door = read(door, door.flow())
    purchase = door.flow().buy(at_door, 5000, {"method": "cash"})
    verifier = door.flow().access.verifier()
    with insert_card(door.card, door.card.parent) as inserted, inserted.connect() as conn:
        ops.recharge(UserCard(conn, SECURITY), purchase.token, verifier)  # the card took it; the app died
    door.restart()
    with insert_card(door.card, door.card.parent):
        assert [r.outcome for r in door.flow().complete_pending()] == [ops.Outcome.ALREADY_APPLIED]
    agrees(door, door.card, start=(START_FEN, START_COUNT), confirmed=[5000])


def test_the_link_cut_after_the_payment(door: Door) -> None:
    real = ask_centre(door.client)

    def cut(req: dict[str, Any]) -> CentreAnswer:
        real(req)  # the centre recorded the payment and issued the token; the answer never came
        raise OfflineError("the link dropped")

    at_door = read(door, door.flow())
    with pytest.raises(OfflineError):
        door.flow(cut).buy(at_door, 10000, {"method": "cash"})
    purchase = door.flow().buy(at_door, 10000, {"method": "cash"})  # the signal is back: the same purchase
    with insert_card(door.card, door.card.parent):
        door.flow().credit(purchase.order_no)
    agrees(door, door.card, start=(START_FEN, START_COUNT), confirmed=[10000])


def test_the_same_request_sent_twice(door: Door) -> None:
    real = ask_centre(door.client)
    answers: list[CentreAnswer] = []

    def twice(req: dict[str, Any]) -> CentreAnswer:
        answers.extend((real(req), real(req)))  # a retry by the link after a slow answer
        return answers[-1]

    at_door = read(door, door.flow())
    purchase = door.flow(twice).buy(at_door, 5000, {"method": "cash"})
    assert answers[0].order["order_no"] == answers[1].order["order_no"] == purchase.order_no
    with insert_card(door.card, door.card.parent):
        door.flow().credit(purchase.order_no)
    agrees(door, door.card, start=(START_FEN, START_COUNT), confirmed=[5000])
