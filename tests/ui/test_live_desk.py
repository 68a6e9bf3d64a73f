"""Live monitoring on the supervisor's desk: a replacement a technician's handheld finishes and uploads
appears on the team leader's list by itself, pushed by the centre (server-sent events) within
seconds, although the desk's own poll is 15 minutes away; with the push cut, the desk still has its
polling."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from app.domain.entities import UTILITY_TZ
from app.domain.work_orders import Status
from app.ui.composition import UiModels, read
from server import admin
from tests.server.client import enrol as enrol_device
from tests.server.client import mutation
from tests.ui.conftest import enrol, sign_in
from tests.ui.test_dispatch_screen import LEADER, desktop  # noqa: F401 (the fixture)

TECH = "CD101"


def status_on_desk(models: UiModels, order_no: str) -> str:
    return next((str(r.order.status) for r in models.tasks.rows() if r.order.order_no == order_no), "")


def test_a_finished_replacement_appears_on_the_leaders_desk_by_itself(desktop: tuple[UiModels, Any],  # noqa: F811
                                                                       wait: Callable[..., None]) -> None:
    models, world = desktop
    assert models.terminal.settings.sync_interval_s >= 900  # the desk's own poll cannot be what shows it
    enrol(models, wait)
    sign_in(models, lambda p: wait(p, 60_000), LEADER)
    order = next(o for o in world.demo.orders_of(TECH) if o.kind.value == "meter_replace")
    wait(lambda: status_on_desk(models, order.order_no) == Status.ASSIGNED.value, 60_000)
    wait(lambda: read(models.sync, "live"), 30_000)  # the desk's push from the centre is up

    engine = world.server.app.state.server.engine
    tech = enrol_device(world.server.url, admin.issue_code(engine, TECH, now=int(time.time()), ttl_s=600),
                        "CD101 handheld")
    tech.pull_all()
    at = datetime.now(UTILITY_TZ).isoformat()
    events = [mutation(i + 1, "order_event", order.order_no, {"order_no": order.order_no, "event": e,
                                                              "status": s, "step": "", "at": at})
              for i, (e, s) in enumerate((("download", "downloaded"), ("start", "in_progress"),
                                          ("complete", "completed"), ("upload", "uploaded")))]
    result = {"order_no": order.order_no, "kind": "meter_replace", "outcome": "done", "completed_at": at,
              "new_meter": {"asset_no": order.new_meter_asset_no, "address": order.new_meter_address}}
    finished = time.monotonic()
    answer = tech.sync([*events, mutation(5, "work_result", order.order_no, result)])
    assert answer.rejections == [], answer.rejections
    wait(lambda: status_on_desk(models, order.order_no) == Status.UPLOADED.value, 15_000)
    shown_after = time.monotonic() - finished
    assert shown_after < 15  # pushed: the poll would have taken up to 900 s
    assert read(models.sync, "online")
