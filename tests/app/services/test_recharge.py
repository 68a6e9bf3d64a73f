"""A recharge at the door, end to end below the screens: the customer's card in the real pcscd (the
virtual card on vpcd), the real server asked over the terminal's signed session, the card driver
writing the centre's token. Money is never lost or doubled: a lost answer is asked again with the
same id (one order at the centre), a card pulled or an app killed between the token and the card is
completed exactly once from the terminal's journal."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.domain.demo_data import DemoUtility
from app.services.monitoring import OperationRecorder
from app.services.recharge import AskCentre, CardAtDoor, OfflineError, RechargeFlow
from app.storage.db import Store, open_store
from app.storage.outbox import Outbox
from app.storage.recharges import APPLIED, CONFIRMED
from app.storage.records import RecordRepo
from app.storage.work_orders import WorkOrderRepo
from app.terminal.prepaid_link import ask_centre
from device_drivers.card import operations as ops
from device_drivers.card.files import CardParameters, CardType
from device_drivers.card.user_card import UserCard
from device_drivers.security.card_ops import SoftwareCardSecurityModule, demo_sealed_keys
from server.db import tables
from server.run import EmbeddedServer
from sync.client_http import SyncHttpClient
from sync.protocol import Mutation
from tests.device_drivers.card.kit import CARD_READER, SERIAL, insert_card, opened_state, read_state
from tests.server.client import Device
from tests.server.conftest import Running, start_server

pytestmark = pytest.mark.usefixtures("pcscd")
SECURITY = SoftwareCardSecurityModule.from_sealed(demo_sealed_keys(), "meterfield-demo-only")


@dataclass
class Door:
    server: EmbeddedServer
    demo: DemoUtility
    store: Store
    client: SyncHttpClient
    command_key: bytes
    card: Path  # the customer's card "in the drawer" (the virtual card's state)
    customer_no: str
    device: Device

    def flow(self, ask: AskCentre | None = None) -> RechargeFlow:
        """A flow as the terminal builds it (again after a restart: nothing held in memory)."""
        return RechargeFlow(self.store, OperationRecorder(RecordRepo(self.store), "DEV-T", "CD101"), SECURITY,
                            self.command_key, ask or ask_centre(self.client), card_reader=CARD_READER)

    def restart(self) -> None:
        """The app stops and starts again: the terminal's database closed and opened."""
        path = Path(self.store.path)
        self.store.close()
        self.store = open_store(path)

    def centre_orders(self) -> list[str]:
        o = tables.orders.c
        with self.server.app.state.server.engine.connect() as conn:
            return [r[0] for r in conn.execute(select(o.order_no).where(o.kind == "recharge"))]


@pytest.fixture(scope="module")
def centre(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    run = start_server(tmp_path_factory.mktemp("centre"), "", "sqlite")
    yield run
    run.server.stop()


@pytest.fixture
def door(centre: Running, tmp_path: Path) -> Iterator[Door]:
    device = centre.device("CD101")
    client = SyncHttpClient(centre.base, device.device_id, device.secret, command_key=device.command_key)
    archive = next(a for a in centre.demo.archives if a.customer.company_id == "C-CD" and a.meter.prepaid)
    params = CardParameters(archive.customer.customer_no, archive.meter.address, CardType.PURCHASE,
                            tariff_version=1, tariff_count=2)
    card = opened_state(tmp_path / "card.json", balance_fen=1234, count=5, params=params)
    store = open_store(tmp_path / "terminal.sqlite3")
    yield Door(centre.server, centre.demo, store, client, device.command_key, card,
               archive.customer.customer_no, device)
    client.close()
    store.close()


def read(door: Door, flow: RechargeFlow) -> CardAtDoor:
    with insert_card(door.card, door.card.parent):
        return flow.read_card()


def test_a_recharge_at_the_door_credits_the_card_once_and_reports_it(door: Door) -> None:
    flow = door.flow()
    at_door = read(door, flow)
    assert (at_door.serial, at_door.customer_no, at_door.balance_fen, at_door.purchase_count) == (
        SERIAL.hex().upper(), door.customer_no, 1234, 5)
    purchase = flow.buy(at_door, 10000, {"method": "cash"})
    assert purchase.state == CONFIRMED and purchase.order_no in door.centre_orders()
    with insert_card(door.card, door.card.parent):
        result = flow.credit(purchase.order_no)
    assert result.outcome is ops.Outcome.CREDITED
    on_card = read_state(door.card)
    assert (on_card.balance_fen, on_card.count) == (11234, 6)
    assert flow.recharges.get(purchase.request_id).state == APPLIED and flow.recharges.pending() == []
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

    def answer_lost(req: dict[str, Any]) -> tuple[dict[str, Any], bytes | None]:
        real(req)  # the centre created the order and its token...
        raise OfflineError("the link dropped before the answer arrived")  # ...the handheld never heard

    before = set(door.centre_orders())
    at_door = read(door, door.flow())
    with pytest.raises(OfflineError):
        door.flow(answer_lost).buy(at_door, 5000, {"method": "cash"})
    assert door.flow().recharges.pending() == []  # nothing to credit without the token
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
    assert door.flow().recharges.pending() == []


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
        flow = door.flow()
        ops.recharge(card, purchase.token, flow._verifier())
    door.restart()
    assert door.flow().recharges.pending() == [(purchase.order_no, purchase.token)]
    with insert_card(door.card, door.card.parent):
        done = door.flow().complete_pending()
    assert [r.outcome for r in done] == [ops.Outcome.ALREADY_APPLIED]
    on_card = read_state(door.card)
    assert (on_card.balance_fen, on_card.count) == (6234, 6)  # credited exactly once
    order = WorkOrderRepo(door.store).get(purchase.order_no)
    assert order is not None and order.status.value == "completed"
