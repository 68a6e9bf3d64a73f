"""Demo mode with the whole system: signing in enrols the terminal with the embedded server
and syncs the technician's orders down; the indicator shows the real sync status."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.storage.sync_state import SyncState
from app.ui.composition import UiModels, read
from app.ui.demo_wiring import DemoWiring
from tests.ui.conftest import sign_in


def test_sign_in_enrols_and_syncs_the_orders_down(wired: tuple[UiModels, DemoWiring],
                                                   wait: Callable[[Callable[[], Any]], None]) -> None:
    models, wiring = wired
    sign_in(models, lambda p: wait(p, 60_000), "CD101")
    assert wiring.env is not None and wiring.runner is not None
    expected = len(wiring.env.demo.orders_of("CD101"))
    wait(lambda: models.tasks.rowCount() == expected)
    wait(lambda: read(models.sync, "online") and read(models.sync, "pending") == 0)
    identity = SyncState(models.bootstrap.store()).identity()
    assert identity is not None and identity.user_id == "CD101"
    assert wiring.workflows is not None and wiring.workflows.devices.meter_port == wiring.env.meters.port
    models.sync.requestSync()  # the indicator's tap: a cycle runs and settles again
    wiring.runner.wait_settled(30)
    assert not wiring.runner.status().last_error
