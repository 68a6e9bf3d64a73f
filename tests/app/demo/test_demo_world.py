"""The demo world end to end: enrolment, sync down, a replacement on the simulators, sync up,
and the centre's record of it, field by field; the supervisor sees the result."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from app.demo.environment import DemoEnvironment
from app.domain.records import SealPosition
from app.domain.work_orders import WorkOrder
from app.services.workflows import Workflows
from app.storage.attachments import AttachmentStore
from app.storage.db import open_store
from app.storage.outbox import Outbox
from app.storage.sync_state import SyncState
from app.storage.work_orders import WorkOrderRepo
from server import changelog
from server.db import tables
from tests.app.services.conftest import signature_png


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoEnvironment]:
    env = DemoEnvironment.start(tmp_path_factory.mktemp("world"), fast_meters=True, with_gps=True)
    yield env
    env.stop()


def replace_meter(env: DemoEnvironment, workflows: Workflows, order: WorkOrder) -> dict[str, object]:
    flow = workflows.replacement(order.order_no)
    flow.begin()
    env.look_at(order.archive.meter.asset_no, order.archive.meter.address)
    flow.identify_old(order.archive.meter.asset_no)
    flow.read_old()
    flow.confirm(signature_png())
    env.look_at(order.new_meter_asset_no, order.new_meter_address)
    flow.install_new(order.new_meter_asset_no)
    flow.add_seal("SC2000000001", SealPosition.TERMINAL_COVER)
    flow.add_seal("SC2000000002", SealPosition.METER_COVER)
    flow.finish_sealing()
    flow.set_tariff()
    result = flow.complete()
    flow.print_receipt()
    return result


def test_a_replacement_reaches_the_centre_exactly_as_recorded(world: DemoEnvironment, tmp_path: Path) -> None:
    tech = next(u for u in world.demo.users if u.user_id == "CD101")
    store = open_store(tmp_path / "terminal.sqlite3")
    runner = world.provision(store, tech, tmp_path / "data")
    mine = world.demo.orders_of("CD101")
    assert len(WorkOrderRepo(store).summaries("CD101")) == len(mine)  # the day's orders came down

    identity = SyncState(store).identity()
    assert identity is not None and identity.user_id == "CD101"
    workflows = Workflows(store, world.field_devices(identity.command_key), tmp_path / "data",
                          identity.device_id, tech.user_id, tech.name)
    order = next(o for o in mine if o.kind.value == "meter_replace")
    local = replace_meter(world, workflows, order)
    assert workflows.devices.fix() is not None, "gpsd gave no position: the evidence has no place"

    runner.sync_now()
    status = runner.wait_settled(60)
    assert not status.last_error and Outbox(store).count() == 0
    assert not AttachmentStore(store, tmp_path / "data").pending_uploads()

    engine = world.server.app.state.server.engine
    rm, o = tables.received_mutations.c, tables.orders.c
    with engine.connect() as conn:
        rows = conn.execute(select(rm.payload, rm.outcome).where(rm.order_no == order.order_no,
                                                                 rm.entity == "work_result")).all()
        status_row = conn.execute(select(o.status).where(o.order_no == order.order_no)).one()
        stored = conn.execute(select(tables.attachments.c.sha256)).scalars().all()  # complete ones only
    assert len(rows) == 1 and rows[0].outcome == "applied"
    server_record = changelog.unpack(rows[0].payload)
    for field in ("order_no", "customer_no", "old_meter", "new_meter", "tariff", "readings", "seals",
                  "attachments", "steps"):
        assert server_record[field] == local[field], field
    assert status_row.status == "uploaded"
    # ... and both say what really happened at the meters
    old_meter = world.meters.meter(order.archive.meter.address).state
    new_meter = world.meters.meter(order.new_meter_address).state
    final = {r["di"]: Decimal(r["value"]) for r in server_record["readings"]
             if r["role"] == "old" and r["di"].startswith("0001")}
    assert abs(final["00010000"] - sum(old_meter.forward)) <= Decimal("0.05")  # it ran on since
    for tariff, now in enumerate(old_meter.forward, start=1):  # each register read, as it stands now
        assert Decimal(0) <= now - final[f"0001{tariff:02d}00"] <= Decimal("0.05")
    assert server_record["new_meter"]["asset_no"] == order.new_meter_asset_no
    assert server_record["new_meter"]["address"] == order.new_meter_address
    assert [Decimal(p) for p in server_record["tariff"]["prices"]] == list(new_meter.prices)
    assert [x["seal_no"] for x in server_record["seals"]] == ["SC2000000001", "SC2000000002"]
    assert {a["sha256"] for a in local["attachments"]} <= set(stored)  # type: ignore[union-attr]
    assert world.printer.wait_for_receipts(1, timeout=10)

    supervisor = next(u for u in world.demo.users if u.user_id == "CD100")
    desk = open_store(tmp_path / "supervisor.sqlite3")
    world.provision(desk, supervisor, tmp_path / "desk-data")
    seen = WorkOrderRepo(desk).get(order.order_no)
    assert seen is not None and seen.status.value == "uploaded" and seen.step == "done"
    result = WorkOrderRepo(desk).result(order.order_no)
    assert result is not None and result["new_meter"] == local["new_meter"]
    assert result["readings"] == local["readings"]
    other_team = next(u for u in world.demo.users if u.role.value == "supervisor" and u.team_id != "CD-T1")
    far = open_store(tmp_path / "other-supervisor.sqlite3")
    world.provision(far, other_team, tmp_path / "far-data")
    assert WorkOrderRepo(far).result(order.order_no) is None  # results stay in the team's scope
