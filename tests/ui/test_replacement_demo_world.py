"""The replacement in the full demo (embedded server, simulators, real sync): the screens'
camera and probe follow the step through the demo hook, and the result syncs up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.ui.composition import UiModels, read
from app.ui.demo_wiring import DemoWiring
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
    assert wiring.runner is not None
    wiring.runner.sync_now()
    wiring.runner.wait_settled(30)
    assert wiring.runner.status().pending == 0 and not wiring.runner.status().last_error
