"""A prepaid recharge at the door, as a technician does it: the customer's card in the reader (the real
pcscd, the virtual card on vpcd), the demo world's real server asked over the terminal's own signed
session, taps only; the card is credited once, and the order reaches the centre by itself."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.demo.environment import DemoEnvironment
from app.ui.composition import UiModels, read
from device_drivers.card.files import CardParameters, CardType
from server.db import tables
from tests.device_drivers.card.kit import insert_card, opened_state, read_state
from tests.ui.conftest import prepaid_handheld

TECH = "CD101"
pytestmark = pytest.mark.usefixtures("pcscd")


def test_a_recharge_at_the_door_through_the_screens(wired: tuple[UiModels, DemoEnvironment],
                                                   wait: Callable[..., None], tmp_path: Path) -> None:
    models, world = wired
    prepaid_handheld(models, wait, TECH)
    rc = models.recharge
    archive = next(a for a in world.demo.archives if a.customer.company_id == "C-CD" and a.meter.prepaid)
    params = CardParameters(archive.customer.customer_no, archive.meter.address, CardType.PURCHASE,
                            tariff_version=1, tariff_count=2)
    card = opened_state(tmp_path / "card.json", balance_fen=880, count=2, params=params)

    def at(step: str) -> Callable[[], Any]:
        return lambda: read(rc, "step") == step and not read(rc, "busy")

    rc.open()
    wait(at("card"))
    rc.readCard()  # no card in the reader yet: said so, in Chinese
    wait(lambda: read(rc, "isError") and not read(rc, "busy"), 30_000)
    assert "读卡器" in read(rc, "message") or "购电卡" in read(rc, "message")
    with insert_card(card, tmp_path):
        rc.readCard()
        wait(at("amount"), 30_000)
        shown = {r["label"]: r["value"] for r in read(rc, "card")}
        assert shown["户号"] == archive.customer.customer_no and shown["卡内余额"] == "8.80"
        rc.buy()  # no amount tapped yet
        wait(lambda: read(rc, "isError"))
        assert "金额" in read(rc, "message")
        rc.chooseAmount(10000)
        rc.choosePayment("cash")
        rc.buy()
        wait(at("credit"), 30_000)
        order_no = read(rc, "orderNo")
        assert order_no
        rc.credit()
        wait(at("done"), 30_000)
        assert not read(rc, "isError") and "108.80" in read(rc, "message"), read(rc, "message")
        now = {r["label"]: r["value"] for r in read(rc, "card")}
        assert (now["卡内余额"], now["已购电次数"]) == ("108.80", "3")  # what the card holds now
    rc.printReceipt()
    wait(lambda: "凭证已打印" in read(rc, "message") and not read(rc, "busy"), 30_000)
    printed = "\n".join(world.printer.wait_for_receipts(1, 10)[-1].page.text_lines)
    assert "购电凭证" in printed and "100.00 元" in printed and "108.80 元" in printed
    on_card = read_state(card)
    assert (on_card.balance_fen, on_card.count) == (10880, 3)
    engine = world.server.app.state.server.engine
    o = tables.orders.c

    def status() -> str:
        with engine.connect() as conn:
            return str(conn.execute(select(o.status).where(o.order_no == order_no)).scalar_one())

    wait(lambda: status() == "uploaded", 60_000)  # the sync took the result up by itself
