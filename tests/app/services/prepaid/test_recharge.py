"""A recharge at the door, end to end below the screens: the customer's card in the real pcscd (the
virtual card on vpcd), the real server asked over the terminal's signed session, the card driver
writing the centre's token. Money is never lost or doubled: a lost answer is asked again with the
same id (one order at the centre), a card pulled or an app killed between the token and the card is
completed exactly once from the terminal's journal."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select

from app.services.recharge import (
    CentreAnswer,
    CentreRefusedTaskError,
    OfflineError,
    PendingCreditError,
)
from app.storage.db import open_store
from app.storage.outbox import Outbox
from app.storage.recharges import APPLIED, CONFIRMED, REQUESTED
from app.storage.work_orders import WorkOrderRepo
from app.terminal.prepaid_link import ask_centre
from device_drivers.card import operations as ops
from device_drivers.card.user_card import UserCard
from server.db import tables
from signed_commands import envelope
from signed_commands.credit_token import KIND as CREDIT_TOKEN
from sync.client_http import SyncHttpClient
from sync.protocol import Mutation
from tests.app.services.prepaid.prepaid_door import SECURITY, Door, read
from tests.device_drivers.card.kit import insert_card, read_state

pytestmark = pytest.mark.usefixtures("pcscd")



def test_a_recharge_at_the_door_credits_the_card_once_and_reports_it(door: Door) -> None:
    flow = door.flow()
    at_door = read(door, flow)
    assert (at_door.customer_no, at_door.balance_fen, at_door.purchase_count) == (door.customer_no, 1234, 5)
    assert at_door.serial == read_state(door.card).serial.hex().upper()
    purchase = flow.buy(at_door, 10000, {"method": "cash"})
    assert purchase.state == CONFIRMED and purchase.order_no in door.centre_orders()
    with insert_card(door.card, door.card.parent):
        result = flow.credit(purchase.order_no)
    assert result.outcome is ops.Outcome.CREDITED
    on_card = read_state(door.card)
    assert (on_card.balance_fen, on_card.count) == (11234, 6)
    assert flow.recharges.get(purchase.request_id).state == APPLIED and flow.recharges.not_applied() == []
    flow.print_receipt(purchase.order_no)  # the customer's receipt, in Chinese
    text = "\n".join(door.printer.wait_for_receipts(1, 5)[0].page.text_lines)
    assert "购电凭证" in text and "100.00 元" in text and "112.34 元" in text and purchase.order_no in text
    order = WorkOrderRepo(door.store).get(purchase.order_no)
    assert order is not None and order.status.value == "completed"
    sent = [r for r in Outbox(door.store).pending(100) if r.entity == "work_result"]
    assert [r.payload["purchase"]["count_after"] for r in sent] == [6]
    assert sent[0].payload["purchase"]["balance_after_fen"] == 11234 and sent[0].payload["payment"] == {
        "method": "cash"}
    # what the terminal queued, as its sync sends it: the centre takes it and the order is done there
    mutations = [Mutation(r.seq, r.entity, r.entity_id, r.op, r.payload, r.created_at)
                 for r in Outbox(door.store).pending(100)]
    answer = door.device.sync(mutations)
    assert answer.rejections == [] and answer.acked_through == mutations[-1].seq
    o = tables.orders.c
    with door.server.app.state.server.engine.connect() as conn:
        status = conn.execute(select(o.status).where(o.order_no == purchase.order_no)).scalar_one()
    assert status == "uploaded"  # the centre holds the completed order and its result


def test_a_lost_answer_is_asked_again_with_the_same_id_and_buys_once(door: Door) -> None:
    real = ask_centre(door.client)

    def answer_lost(req: dict[str, Any]) -> CentreAnswer:
        real(req)  # the centre created the order and its token...
        raise OfflineError("the link dropped before the answer arrived")  # ...the handheld never heard

    before = set(door.centre_orders())
    at_door = read(door, door.flow())
    with pytest.raises(OfflineError):
        door.flow(answer_lost).buy(at_door, 5000, {"method": "cash"})
    assert [r.state for r in door.flow().recharges.not_applied()] == [REQUESTED]  # no token: no credit
    with pytest.raises(PendingCreditError, match=r"50\.00 yuan"):  # not another amount first: the
        door.flow().buy(at_door, 10000, {"method": "cash"})  # centre may have made the first one
    purchase = door.flow().buy(at_door, 5000, {"method": "cash"})  # the signal is back: tapped again
    assert set(door.centre_orders()) - before == {purchase.order_no}  # one purchase at the centre
    with insert_card(door.card, door.card.parent):
        door.flow().credit(purchase.order_no)
    on_card = read_state(door.card)
    assert (on_card.balance_fen, on_card.count) == (1234 + 5000, 6)


def test_offline_nothing_is_credited_and_the_purchase_waits(door: Door) -> None:
    dead = SyncHttpClient("http://127.0.0.1:9", "DEV-X", b"k" * 32, timeout=(0.5, 0.5))
    at_door = read(door, door.flow())
    with pytest.raises(OfflineError, match="nothing was credited"):
        door.flow(ask_centre(dead)).buy(at_door, 5000, {"method": "cash"})
    on_card = read_state(door.card)
    assert (on_card.balance_fen, on_card.count) == (1234, 5)
    assert [r.state for r in door.flow().recharges.not_applied()] == [REQUESTED]  # waits, same id


def test_a_card_pulled_before_the_write_is_credited_once_after_a_restart(door: Door) -> None:
    at_door = read(door, door.flow())
    purchase = door.flow().buy(at_door, 20000, {"method": "qr", "reference": "4200001234202612040001"})
    door.restart()  # the customer walked off with the card; the app was restarted; the card is back
    with insert_card(door.card, door.card.parent):
        done = door.flow().complete_pending()
    assert [r.outcome for r in done] == [ops.Outcome.CREDITED]
    with insert_card(door.card, door.card.parent):
        assert door.flow().complete_pending() == []  # nothing left: not credited twice
    on_card = read_state(door.card)
    assert (on_card.balance_fen, on_card.count) == (21234, 6)
    assert door.flow().recharges.get(purchase.request_id).state == APPLIED


def test_killed_after_the_card_was_credited_the_repair_credits_nothing_more(door: Door) -> None:
    at_door = read(door, door.flow())
    purchase = door.flow().buy(at_door, 5000, {"method": "cash"})
    with insert_card(door.card, door.card.parent) as inserted, inserted.connect() as conn:
        card = UserCard(conn, SECURITY)  # the card took the credit, then the app died before noting it
        verifier = ops.TokenVerifier(Ed25519PublicKey.from_public_bytes(door.command_key))
        ops.recharge(card, purchase.token, verifier)
    door.restart()
    assert [(r.order_no, r.state) for r in door.flow().recharges.not_applied()] == [(purchase.order_no,
                                                                                     CONFIRMED)]
    with insert_card(door.card, door.card.parent):
        done = door.flow().complete_pending()
    assert [r.outcome for r in done] == [ops.Outcome.ALREADY_APPLIED]
    on_card = read_state(door.card)
    assert (on_card.balance_fen, on_card.count) == (6234, 6)  # credited exactly once
    order = WorkOrderRepo(door.store).get(purchase.order_no)
    assert order is not None and order.status.value == "completed"


def test_a_confirmed_purchase_is_written_before_another_is_bought(door: Door) -> None:
    at_door = read(door, door.flow())
    first = door.flow().buy(at_door, 5000, {"method": "cash"})  # confirmed; the card was pulled
    for amount in (5000, 10000):  # a second tap, or another amount: refused, nothing asked
        with pytest.raises(PendingCreditError, match="write it to the card"):
            door.flow().buy(at_door, amount, {"method": "cash"})
    assert [o for o in door.centre_orders() if o == first.order_no] == [first.order_no]
    with insert_card(door.card, door.card.parent):
        assert [r.outcome for r in door.flow().complete_pending()] == [ops.Outcome.CREDITED]
    on_card = read_state(door.card)
    assert (on_card.balance_fen, on_card.count) == (6234, 6)


def test_the_centre_refuses_a_second_credit_for_the_same_card_and_count(door: Door) -> None:
    """Another handheld (or a terminal that lost its journal) asks for the same card at the same count."""
    at_door = read(door, door.flow())
    door.flow().buy(at_door, 5000, {"method": "cash"})
    other = Path(door.store.path).with_name("other.sqlite3")
    door.store.close()
    door.store = open_store(other)  # a terminal that knows nothing of the first purchase
    with pytest.raises(CentreRefusedTaskError) as refused:
        door.flow().buy(at_door, 10000, {"method": "cash"})
    assert refused.value.code == "purchase_count_used"


def test_killed_before_the_answer_was_kept_the_card_is_finished_with_the_same_request(door: Door) -> None:
    real = ask_centre(door.client)

    def killed(req: dict[str, Any]) -> CentreAnswer:
        real(req)  # the centre made the order and the token; the app died before keeping them
        raise OfflineError("killed")

    before = set(door.centre_orders())
    at_door = read(door, door.flow())
    with pytest.raises(OfflineError):
        door.flow(killed).buy(at_door, 20000, {"method": "cash"})
    door.restart()
    with insert_card(door.card, door.card.parent):
        assert [r.outcome for r in door.flow().complete_pending()] == [ops.Outcome.CREDITED]
    assert len(set(door.centre_orders()) - before) == 1  # the same purchase, asked again
    on_card = read_state(door.card)
    assert (on_card.balance_fen, on_card.count) == (21234, 6)


def test_an_expired_token_is_signed_again_for_the_same_purchase(door: Door) -> None:
    at_door = read(door, door.flow())
    purchase = door.flow().buy(at_door, 5000, {"method": "cash"})
    # the card comes back after the token's window: the terminal holds an expired token
    signer = door.server.app.state.server.signer
    body = envelope.decode(purchase.token).body
    expired = signer.sign(CREDIT_TOKEN, body, now=int(time.time()) - 2 * 24 * 3600, ttl_s=3600)
    with door.store.transaction() as db:
        db.execute("UPDATE recharges SET token = ? WHERE request_id = ?", [expired, purchase.request_id])
    with insert_card(door.card, door.card.parent):
        result = door.flow().credit(purchase.order_no)
    assert result.outcome is ops.Outcome.CREDITED
    assert (read_state(door.card).balance_fen, read_state(door.card).count) == (6234, 6)


def test_a_paid_purchase_whose_answer_was_lost_gets_its_token_without_the_customer(door: Door) -> None:
    """The customer paid, the answer never came, and they went away: the terminal asks again by itself
    (after a sync, or when the prepaid screen opens), with no card; the card takes it on their return."""
    real = ask_centre(door.client)

    def answer_lost(req: dict[str, Any]) -> CentreAnswer:
        real(req)
        raise OfflineError("the link dropped before the answer arrived")

    at_door = read(door, door.flow())
    with pytest.raises(OfflineError):
        door.flow(answer_lost).buy(at_door, 5000, {"method": "cash"})
    offline = SyncHttpClient("http://127.0.0.1:9", "DEV-X", b"k" * 32, timeout=(0.5, 0.5))
    assert door.flow(ask_centre(offline)).resume_requests() == 0  # still no signal: it waits
    offline.close()
    assert door.flow().resume_requests() == 1  # the signal is back: no card in the reader
    [purchase] = door.flow().recharges.not_applied()
    assert purchase.state == CONFIRMED and purchase.order_no in door.centre_orders()
    with insert_card(door.card, door.card.parent):  # the customer's next visit
        assert [r.outcome for r in door.flow().complete_pending()] == [ops.Outcome.CREDITED]
    assert (read_state(door.card).balance_fen, read_state(door.card).count) == (6234, 6)
