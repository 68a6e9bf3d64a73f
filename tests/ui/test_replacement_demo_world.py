"""The replacement in the full demo (embedded server, simulators, real sync): the screens' camera
and probe follow the step as the world does, and the result reaches the centre by itself."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from app.demo.environment import DemoEnvironment
from app.storage.records import RecordRepo
from app.storage.work_orders import WorkOrderRepo
from app.ui.composition import UiModels, read
from server import changelog
from server.db import tables
from tests.ui.conftest import enrol, sign_in
from tests.ui.test_replacement_flow import drive_to

Wait = Callable[..., None]
# From completion to the centre, with no manual sync. The 5 s figure is checked with the server
# in its own process (tests/e2e/test_field_terminal.py); here it shares this process: a margin.
UPLOAD_DEADLINE_S = 15.0


def centre_rows(world: DemoEnvironment, order_no: str) -> list[Any]:
    engine = world.server.app.state.server.engine
    rm = tables.received_mutations.c
    with engine.connect() as conn:
        return list(conn.execute(select(rm.payload, rm.outcome).where(
            rm.order_no == order_no, rm.entity == "work_result")).all())


def test_replacement_in_the_demo_world_syncs_up(wired: tuple[UiModels, DemoEnvironment], wait: Wait) -> None:
    models, world = wired
    enrol(models, wait)
    sign_in(models, lambda p: wait(p, 60_000), "CD101")
    order = next(r.order for r in models.tasks.rows()
                 if r.order.kind == "meter_replace" and r.order.status in ("assigned", "downloaded"))
    flow = models.replacement
    flow.open(order.order_no)
    wait(lambda: read(flow, "loaded") and not read(flow, "busy"))
    drive_to(flow, wait, "done")
    completed_at = time.monotonic()
    assert read(flow, "completed")
    wait(lambda: centre_rows(world, order.order_no), int(UPLOAD_DEADLINE_S * 1000))
    assert time.monotonic() - completed_at <= UPLOAD_DEADLINE_S
    rows = centre_rows(world, order.order_no)
    local = RecordRepo(models.bootstrap.store()).for_order(order.order_no, "work_result")
    assert len(local) == 1 and len(rows) == 1 and rows[0].outcome == "applied"
    centre = changelog.unpack(rows[0].payload)
    assert set(centre) == set(local[0])
    for field in sorted(local[0]):
        assert centre[field] == local[0][field], field
    assert centre["gps_trail"], "the order's GPS trail reached the centre empty"
    assigned = WorkOrderRepo(models.bootstrap.store()).get(order.order_no)
    assert assigned is not None and centre["new_meter"]["asset_no"] == assigned.new_meter_asset_no
    assert centre["old_meter"]["asset_no"] == order.asset_no
    assert len(centre["seals"]) == 2 and {a["kind"] for a in centre["attachments"]} == {"photo", "signature"}


def _open(models: UiModels, kind: str, wait: Wait) -> Any:
    order = next(r.order for r in models.tasks.rows()
                 if r.order.kind == kind and r.order.status in ("assigned", "downloaded"))
    models.replacement.open(order.order_no)
    wait(lambda: read(models.replacement, "loaded") and not read(models.replacement, "busy"))
    return order


def test_a_new_installation_and_a_dead_faulty_meter_in_the_demo_world(wired: tuple[UiModels, DemoEnvironment],
                                                                      wait: Wait) -> None:
    """Each kind walks its own steps on the screens; both results reach the centre by themselves."""
    models, world = wired
    enrol(models, wait)
    sign_in(models, lambda p: wait(p, 60_000), "CD101")
    flow = models.replacement
    fresh = _open(models, "new_install", wait)
    assert read(flow, "step") == "install_new" and read(flow, "stepIndex") == 0
    assert len(read(flow, "stepNames")) == 5 and "识别旧表" not in read(flow, "stepNames")
    drive_to(flow, wait, "done")
    flow.close()

    faulty = _open(models, "fault", wait)
    assert read(flow, "stepNames")[1] == "故障表诊断"
    world.meters.inject("no-reply", count=10_000)  # the faulty meter is dead
    flow.scanOld()
    wait(lambda: not read(flow, "busy") and read(flow, "step") == "diagnose", 60_000)
    assert "红外无应答" in read(flow, "message")
    flow.diagnose(False)
    wait(lambda: not read(flow, "busy") and read(flow, "messageIsError"), 60_000)  # the read fails...
    assert read(flow, "step") == "diagnose"
    flow.diagnose(True)  # ...and the technician records that it does not answer
    wait(lambda: not read(flow, "busy") and read(flow, "step") == "confirm", 30_000)
    world.meters.faults.clear()
    drive_to(flow, wait, "done")

    for order in (fresh, faulty):
        wait(lambda o=order: centre_rows(world, o.order_no), int(UPLOAD_DEADLINE_S * 1000))
        (row,) = centre_rows(world, order.order_no)
        assert row.outcome == "applied", row
    assert changelog.unpack(centre_rows(world, fresh.order_no)[0].payload)["old_meter"] is None
    fault = changelog.unpack(centre_rows(world, faulty.order_no)[0].payload)
    assert fault["fault"]["answers"] is False and fault["old_meter"]["asset_no"] == faulty.asset_no
