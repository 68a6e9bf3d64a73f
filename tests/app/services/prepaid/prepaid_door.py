"""The prepaid door below the screens: a real server (module-wide), the terminal's store, the
customer's card as the virtual card's state (inserted into the real pcscd when a test says so), and
the flows as the terminal builds them."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.domain.demo_data import DemoUtility
from app.services.card_access import CardAccess
from app.services.card_tasks import CardTasks
from app.services.field_devices import FieldDevices
from app.services.monitoring import OperationRecorder
from app.services.recharge import AskCentre, CardAtDoor, RechargeFlow
from app.storage.db import Store, open_store
from app.storage.outbox import Outbox
from app.storage.records import RecordRepo
from app.terminal.prepaid_link import ask_centre
from device_drivers.camera.simulated import SimulatedCamera
from device_drivers.card.files import CardParameters, CardType
from device_drivers.meter.simulator import keys as meter_keys
from device_drivers.printer.simulator import PrinterSimulator
from device_drivers.security.card_ops import SoftwareCardSecurityModule, demo_sealed_keys
from device_drivers.security.meter_ops import SoftwareMeterSecurityModule
from server.db import tables
from server.run import EmbeddedServer
from sync.client_http import SyncHttpClient
from sync.protocol import Mutation
from tests.device_drivers.card.kit import CARD_READER, insert_card, opened_state
from tests.server.client import Device
from tests.server.conftest import Running, start_server

CARDS = itertools.count(1)
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
    printer: PrinterSimulator

    def flow(self, ask: AskCentre | None = None) -> RechargeFlow:
        """A flow as the terminal builds it (again after a restart: nothing held in memory)."""
        keys = meter_keys.load()  # the handheld's meter side, unused by a recharge
        meter_side = SoftwareMeterSecurityModule(keys.transport_key, keys.public_key)
        devices = FieldDevices(meter_port="", camera=SimulatedCamera(), card_reader=CARD_READER,
                               meter_security=meter_side, card_security=SECURITY,
                               printer_port=self.printer.path)
        recorder = OperationRecorder(RecordRepo(self.store), "DEV-T", "CD101")
        return RechargeFlow(self.store, devices, recorder, self.command_key, ask or ask_centre(self.client),
                            technician="王师傅")

    def tasks(self, ask: AskCentre | None = None) -> CardTasks:
        """Write card and repair, as the terminal builds them."""
        flow = self.flow(ask)
        return CardTasks(self.store, CardAccess(flow.devices, self.command_key), flow.recorder,
                         flow.ask_centre, flow.complete_pending)

    def restart(self) -> None:
        """The app stops and starts again: the terminal's database closed and opened."""
        path = Path(self.store.path)
        self.store.close()
        self.store = open_store(path)

    def upload(self) -> None:
        """What the terminal queued, as its sync sends it (the centre applies it; nothing refused)."""
        mutations = [Mutation(r.seq, r.entity, r.entity_id, r.op, r.payload, r.created_at)
                     for r in Outbox(self.store).pending(1000)]
        answer = self.device.sync(mutations)
        assert answer.rejections == []

    def ledger(self, order_no: str) -> Any:
        """The centre's ledger row of a purchase."""
        c = tables.prepaid_ledger.c
        with self.server.app.state.server.engine.connect() as conn:
            return conn.execute(select(tables.prepaid_ledger).where(c.order_no == order_no)).one()

    def card_ledger(self, serial: str) -> list[Any]:
        """Every purchase the centre's ledger holds for the card, in purchase order."""
        c = tables.prepaid_ledger.c
        with self.server.app.state.server.engine.connect() as conn:
            return list(conn.execute(select(tables.prepaid_ledger).where(c.card_serial == serial)
                                     .order_by(c.credit_count)).all())

    def centre_orders(self) -> list[str]:
        o = tables.orders.c
        with self.server.app.state.server.engine.connect() as conn:
            return [r[0] for r in conn.execute(select(o.order_no).where(o.kind == "recharge"))]


def run_centre(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """A test module's centre (its ``centre`` fixture, module-scoped)."""
    run = start_server(tmp_path_factory.mktemp("centre"), "", "sqlite")
    yield run
    run.server.stop()


def open_door(centre: Running, tmp_path: Path) -> Iterator[Door]:
    """A test's door (its ``door`` fixture): each test its own card and terminal."""
    device = centre.device("CD101")
    client = SyncHttpClient(centre.base, device.device_id, device.secret, command_key=device.command_key)
    archive = next(a for a in centre.demo.archives if a.customer.company_id == "C-CD" and a.meter.prepaid)
    params = CardParameters(archive.customer.customer_no, archive.meter.address, CardType.PURCHASE,
                            tariff_version=1, tariff_count=2)
    serial = bytes.fromhex(f"4D4601{next(CARDS):010X}")  # each test its own card: the centre is shared
    card = opened_state(tmp_path / "card.json", balance_fen=1234, count=5, params=params, serial=serial)
    store = open_store(tmp_path / "terminal.sqlite3")
    printer = PrinterSimulator(tmp_path / "receipts").start()
    yield Door(centre.server, centre.demo, store, client, device.command_key, card,
               archive.customer.customer_no, device, printer)
    printer.stop()
    client.close()
    store.close()


def read(door: Door, flow: RechargeFlow) -> CardAtDoor:
    with insert_card(door.card, door.card.parent):
        return flow.read_card()


