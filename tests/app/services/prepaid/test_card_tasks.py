"""Open card, write card and repair at the door, below the screens: the real server asked over the
terminal's signed session, the customer's card in the real pcscd (the virtual card on vpcd), the
results through the sync into the centre's ledger. The card always ends holding exactly the
purchases the centre confirmed, and the ledger agrees with it."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from app.services.card_tasks import CARD_AHEAD, CREDITED, FINISHED_HERE, NOT_CREDITED
from app.storage.db import open_store
from app.storage.recharges import APPLIED
from device_drivers.card.files import SFI_PARAMETERS, SFI_TARIFFS, CardParameters, CardType, TariffSet
from server.card_tasks import tariff_prices
from tests.app.services.prepaid.prepaid_door import Door
from tests.device_drivers.card.kit import blank_state, insert_card, opened_state, read_state

pytestmark = pytest.mark.usefixtures("pcscd")
BLANKS = (bytes.fromhex(f"4D4603{n:010X}") for n in itertools.count(1))




def test_a_blank_card_is_opened_for_the_scanned_meters_customer_with_a_first_purchase(door: Door) -> None:
    archive = [a for a in door.demo.archives if a.customer.company_id == "C-CD" and a.meter.prepaid][3]
    blank = blank_state(door.card.parent / "blank.json", next(BLANKS))
    flow = door.flow()
    with insert_card(blank, blank.parent):
        serial = flow.blank_card()
    purchase = flow.open_card(serial, archive.meter.asset_no, 10000, {"method": "cash"})
    assert purchase.customer_no == archive.customer.customer_no and purchase.card_parameters
    with insert_card(blank, blank.parent):
        flow.credit(purchase.order_no)
    on_card = read_state(blank)
    params = CardParameters.decode(on_card.file(SFI_PARAMETERS))
    assert params is not None and (params.customer_number, params.meter_number, params.card_type) == (
        archive.customer.customer_no, archive.meter.address, CardType.OPEN_ACCOUNT)
    version, prices = tariff_prices(archive.tariff)
    assert TariffSet.decode(on_card.file(SFI_TARIFFS)) == TariffSet(version, prices)
    assert (on_card.balance_fen, on_card.count) == (10000, 1)
    assert flow.recharges.get(purchase.request_id).state == APPLIED
    flow.print_receipt(purchase.order_no)
    text = "\n".join(door.printer.wait_for_receipts(1, 5)[0].page.text_lines)
    assert "100.00 元" in text and archive.customer.name in text
    door.upload()
    row = door.ledger(purchase.order_no)
    assert (row.amount_fen, row.credit_count, row.discrepancy) == (10000, 1, "") and row.credited_at


def test_an_opened_card_is_not_opened_again(door: Door) -> None:
    with insert_card(door.card, door.card.parent), pytest.raises(Exception, match="already open"):
        door.flow().blank_card()


def test_write_card_rewrites_the_archives_tariff_and_moves_no_money(door: Door) -> None:
    with insert_card(door.card, door.card.parent):
        result = door.tasks().write_card()
    archive = next(a for a in door.demo.archives if a.customer.customer_no == door.customer_no)
    on_card = read_state(door.card)
    assert TariffSet.decode(on_card.file(SFI_TARIFFS)) == TariffSet(*tariff_prices(archive.tariff))
    assert (on_card.balance_fen, on_card.count) == (1234, 5) and result.purse.count == 5


def test_a_purchase_paid_elsewhere_and_never_credited_is_repaired_once(door: Door, tmp_path: Path) -> None:
    """Another terminal took the payment and got the token, then broke before the card took it."""
    other = open_store(tmp_path / "other-terminal.sqlite3")
    elsewhere = Door(**{**door.__dict__, "store": other})
    with insert_card(door.card, door.card.parent):
        card = elsewhere.flow().read_card()
    paid = elsewhere.flow().buy(card, 5000, {"method": "cash"})  # confirmed there, never written
    with insert_card(door.card, door.card.parent):
        outcome = door.tasks().repair()
    assert (outcome.decision, outcome.credited_fen, outcome.issued_count) == (NOT_CREDITED, 5000, 6)
    assert (read_state(door.card).balance_fen, read_state(door.card).count) == (6234, 6)
    with insert_card(door.card, door.card.parent):
        again = door.tasks().repair()  # the customer asks again: nothing more
    assert (again.decision, again.credited_fen) == (CREDITED, 0)
    assert (read_state(door.card).balance_fen, read_state(door.card).count) == (6234, 6)
    door.upload()
    row = door.ledger(paid.order_no)
    assert row.credited_at is not None and row.discrepancy == "" and row.credit_count == 6
    other.close()


def test_this_terminals_own_pending_purchase_is_finished_first(door: Door) -> None:
    flow = door.flow()
    with insert_card(door.card, door.card.parent):
        card = flow.read_card()
    flow.buy(card, 2000, {"method": "cash"})  # the card was pulled before the write
    with insert_card(door.card, door.card.parent):
        outcome = door.tasks().repair()
    assert (outcome.decision, outcome.credited_fen) == (FINISHED_HERE, 2000)
    assert (read_state(door.card).balance_fen, read_state(door.card).count) == (3234, 6)


def test_a_card_ahead_of_the_ledger_is_refused_and_recorded(door: Door) -> None:
    flow = door.flow()
    with insert_card(door.card, door.card.parent):
        card = flow.read_card()
        purchase = flow.buy(card, 1000, {"method": "cash"})
        flow.credit(purchase.order_no)
    params = CardParameters(door.customer_no, card.meter_no, CardType.PURCHASE)
    opened_state(door.card, 99999, 9, params, bytes.fromhex(card.serial))  # a card credited elsewhere
    with insert_card(door.card, door.card.parent):
        outcome = door.tasks().repair()
    assert (outcome.decision, outcome.credited_fen, outcome.issued_count) == (CARD_AHEAD, 0, 6)
    assert (read_state(door.card).balance_fen, read_state(door.card).count) == (99999, 9)  # nothing written
    assert door.ledger(purchase.order_no).discrepancy == "count:9:6"


def test_a_purchase_repaired_elsewhere_no_longer_blocks_this_terminal(door: Door, tmp_path: Path) -> None:
    flow = door.flow()
    with insert_card(door.card, door.card.parent):
        card = flow.read_card()
    mine = flow.buy(card, 2000, {"method": "cash"})  # confirmed here; the card was pulled before the write
    other = open_store(tmp_path / "other-terminal.sqlite3")
    elsewhere = Door(**{**door.__dict__, "store": other})
    with insert_card(door.card, door.card.parent):  # the customer goes to another technician
        assert elsewhere.tasks().repair().decision == NOT_CREDITED
        later = elsewhere.flow().buy(elsewhere.flow().read_card(), 1000, {"method": "cash"})
        elsewhere.flow().credit(later.order_no)
    assert (read_state(door.card).balance_fen, read_state(door.card).count) == (4234, 7)
    with insert_card(door.card, door.card.parent):  # back here: the card has moved past this purchase
        assert door.tasks().repair().decision == CREDITED
    assert door.flow().recharges.get(mine.request_id).state == APPLIED
    with insert_card(door.card, door.card.parent):  # and this terminal serves the card again
        card = door.flow().read_card()
        door.flow().credit(door.flow().buy(card, 500, {"method": "cash"}).order_no)
    assert (read_state(door.card).balance_fen, read_state(door.card).count) == (4734, 8)
    other.close()
