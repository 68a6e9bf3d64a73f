"""The demo is a configuration of the field terminal: the handheld enrols by scanning the QR
code the demo world holds before its camera, a technician signs in with their PIN, the day's
orders come down by themselves, and the indicator shows the real sync status."""

from __future__ import annotations

from collections.abc import Callable

from app.demo.environment import DemoEnvironment
from app.storage.sync_state import SyncState
from app.ui.composition import UiModels, read
from tests.ui.conftest import enrol, sign_in


def test_enrol_by_qr_then_pin_sign_in_brings_the_day(wired: tuple[UiModels, DemoEnvironment],
                                                     wait: Callable[..., None]) -> None:
    models, world = wired
    enrol(models, wait)
    assert "CD101" not in read(models.enrolment, "belongsTo")  # the name, not the id
    assert read(models.enrolment, "belongsTo").startswith("本机属于")
    team = {u["userId"] for u in read(models.session, "featuredUsers")}
    assert "CD101" in team and "CD100" in team and not any(u.startswith("DY") for u in team)
    sign_in(models, lambda p: wait(p, 60_000), "CD101")
    identity = SyncState(models.bootstrap.store()).identity()
    assert identity is not None and identity.user_id == "CD101" and identity.team_id == "CD-T1"
    expected = len(world.demo.orders_of("CD101"))
    wait(lambda: models.tasks.rowCount() == expected, 30_000)
    wait(lambda: read(models.sync, "online") and read(models.sync, "pending") == 0, 30_000)
    assert models.terminal.settings.meter_port.endswith("dev/meter")  # the world's address only
