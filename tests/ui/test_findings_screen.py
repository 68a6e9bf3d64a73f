"""The team leader's list of inspection findings on the desktop build, against the demo world's
centre: a technician's inspection of a meter with a slow clock and old prices arrives; the leader
sees both findings, worst first, in Chinese, with what the records say and what the meter showed."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from app.domain.inspection import MeterSnapshot, expected_prices
from app.domain.serialize import to_record
from app.ui.composition import UiModels, read
from server import inspections, orders
from tests.ui.conftest import enrol, sign_in
from tests.ui.test_dispatch_screen import LEADER, desktop  # noqa: F401 (the fixture)


def an_inspection_arrives(world: Any) -> str:
    """What the centre does with a technician's inspection of a slow meter with old prices."""
    order = next(o for o in world.demo.orders_of("CD101") if o.kind.value == "inspect" and o.is_open)
    meter, now = order.archive.meter, datetime.now(UTC)
    old_prices = tuple(p - Decimal("0.05") for p in expected_prices(order.archive.tariff))
    snap = MeterSnapshot(read_at=now, meter_clock=now - timedelta(minutes=10), address=meter.address,
                         asset_no=meter.asset_no, forward_kwh=(Decimal("1200.00"),) * 5,
                         tariff_prices=old_prices)
    engine = world.server.app.state.server.engine
    with engine.begin() as conn:
        stored = orders.load(conn, order.order_no)
        assert stored is not None
        inspections.record_inspection(conn, stored, {"snapshot": to_record(snap)}, now=int(time.time()))
    return order.order_no


def test_leader_sees_what_the_inspection_found(desktop: tuple[UiModels, Any],  # noqa: F811
                                               wait: Callable[..., None]) -> None:
    models, world = desktop
    order_no = an_inspection_arrives(world)
    enrol(models, wait)
    sign_in(models, lambda p: wait(p, 60_000), LEADER)
    assert read(models.findings, "available")
    models.findings.show(True)
    wait(lambda: read(models.findings, "loaded") and not read(models.findings, "busy"), 30_000)
    mine = [f for f in read(models.findings, "findings") if f["orderNo"] == order_no]
    assert {f["rule"] for f in mine} == {"clock_drift", "tariff_differs"}
    assert {f["ruleLabel"] for f in mine} == {"电能表时钟偏差", "电价与电价方案不符"}
    assert all(f["correctable"] and f["statusLabel"] == "待处理" for f in mine)
    assert read(models.findings, "openCount") >= 2
