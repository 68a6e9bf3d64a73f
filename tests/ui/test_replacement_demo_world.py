"""The replacement in the full demo (embedded server, simulators, real sync): the screens'
camera and probe follow the step through the demo hook, and the result syncs up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from app.storage.records import RecordRepo
from app.storage.work_orders import WorkOrderRepo
from app.ui.composition import UiModels, read
from app.ui.demo_wiring import DemoWiring
from sync.server import changelog
from sync.server.db import tables
from tests.ui.conftest import sign_in
from tests.ui.test_replacement_flow import drive_to

Wait = Callable[[Callable[[], Any]], None]


def test_replacement_in_the_demo_world_syncs_up(wired: tuple[UiModels, DemoWiring], wait: Wait) -> None:
    models, wiring = wired
    sign_in(models, lambda p: wait(p, 60_000), "CD101")  # type: ignore[call-arg]
    order = next(r.order for r in models.tasks.rows()
                 if r.order.kind == "meter_replace" and r.order.status in ("assigned", "downloaded"))
    flow = models.replacement
    flow.open(order.order_no)
    wait(lambda: read(flow, "loaded") and not read(flow, "busy"))
    drive_to(flow, wait, "done")
    assert read(flow, "completed")
    assert read(flow, "tapCount") == 11  # the print tap is not part of this walk
    assert wiring.runner is not None
    wiring.runner.sync_now()
    wiring.runner.wait_settled(30)
    assert wiring.runner.status().pending == 0 and not wiring.runner.status().last_error
    # the centre's record is the terminal's, field by field
    local = RecordRepo(models.bootstrap.store()).for_order(order.order_no, "work_result")
    assert len(local) == 1
    assert wiring.env is not None
    engine = wiring.env.server.app.state.server.engine
    rm = tables.received_mutations.c
    with engine.connect() as conn:
        rows = conn.execute(select(rm.payload, rm.outcome).where(rm.order_no == order.order_no,
                                                                 rm.entity == "work_result")).all()
        status = conn.execute(select(tables.orders.c.status)
                              .where(tables.orders.c.order_no == order.order_no)).scalar_one()
    assert len(rows) == 1 and rows[0].outcome == "applied"
    centre = changelog.unpack(rows[0].payload)
    assert set(centre) == set(local[0])
    for field in sorted(local[0]):
        assert centre[field] == local[0][field], field
    assigned = WorkOrderRepo(models.bootstrap.store()).get(order.order_no)
    assert assigned is not None and centre["new_meter"]["asset_no"] == assigned.new_meter_asset_no
    assert centre["old_meter"]["asset_no"] == order.asset_no
    assert len(centre["seals"]) == 2 and {a["kind"] for a in centre["attachments"]} == {"photo", "signature"}
    assert status == "uploaded"
