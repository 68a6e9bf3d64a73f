"""The team leader's prepaid account for the day on the desktop build, against the demo world's centre:
two purchases of a technician arrive in the centre's ledger, one confirmed by the card; the leader sees
the cash collected, the tokens issued, what the cards hold, and the purchase no card has yet."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from app.ui.composition import UiModels, read
from server import ledger, orders
from signed_commands.credit_token import CreditToken, Purpose
from tests.ui.conftest import enrol, sign_in
from tests.ui.test_dispatch_screen import LEADER, desktop  # noqa: F401 (the fixture)


def purchases_arrive(world: Any) -> list[str]:
    """What the centre keeps when a technician of the leader's team sells two purchases at the door."""
    mine = [o for o in world.demo.orders_of("CD101")][:2]
    engine = world.server.app.state.server.engine
    now = int(time.time())
    with engine.begin() as conn:
        for i, (order, amount) in enumerate(zip(mine, (10000, 5000), strict=True)):
            stored = orders.load(conn, order.order_no)
            assert stored is not None
            token = CreditToken(order.order_no, Purpose.RECHARGE, order.archive.customer.customer_no,
                                order.archive.meter.address, bytes.fromhex(f"4D4603000000000{i}"), amount, 4)
            ledger.record_purchase(conn, stored, token, payment_method="cash", payment_reference="", now=now)
        stored = orders.load(conn, mine[0].order_no)
        assert stored is not None
        ledger.record_credit(conn, stored, {"purchase": {"amount_fen": 10000, "count_after": 4,
                                                         "card_serial": "4D46030000000000",
                                                         "balance_after_fen": 10880}}, now=now)
    return [o.order_no for o in mine]


def test_leader_sees_the_days_prepaid_account(desktop: tuple[UiModels, Any],  # noqa: F811
                                              wait: Callable[..., None]) -> None:
    models, world = desktop
    confirmed, waiting = purchases_arrive(world)
    enrol(models, wait)
    sign_in(models, lambda p: wait(p, 60_000), LEADER)
    rc = models.reconciliation
    assert read(rc, "available")
    rc.show(True)
    wait(lambda: read(rc, "loaded") and not read(rc, "busy"), 30_000)
    row = next(t for t in read(rc, "technicians") if t["techId"] == "CD101")
    assert (row["cash"], row["issued"], row["issuedYuan"], row["credited"], row["creditedYuan"]) == (
        "150.00", 2, "150.00", 1, "100.00")
    assert len(row["unconfirmed"]) == 1 and row["unconfirmed"][0].startswith(waiting)
    assert confirmed not in " ".join(row["unconfirmed"])
    assert read(rc, "totals")["cash"] == "150.00"
