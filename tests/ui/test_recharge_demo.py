"""Demo mode, as the issue asks: a technician recharges the demo customer at the door from the
handheld, with the customer's card in the virtual reader, taps only; the receipt prints on the
demo's printer, and the team leader's reconciliation at the centre shows the payment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from app.demo.environment import DemoEnvironment
from app.domain.entities import UTILITY_TZ, Role
from app.ui.composition import UiModels, read
from server import ledger
from server.auth import Caller
from tests.ui.conftest import enrol, sign_in

TECH = "CD101"


@pytest.mark.demo_card
def test_a_demo_recharge_prints_and_reaches_the_leaders_account(wired: tuple[UiModels, DemoEnvironment],
                                                                wait: Callable[..., None]) -> None:
    models, world = wired
    enrol(models, wait)
    sign_in(models, lambda p: wait(p, 60_000), TECH)
    rc = models.recharge
    wait(lambda: read(rc, "available"), 30_000)  # the demo handheld has a card reader

    def at(step: str) -> Callable[[], Any]:
        return lambda: read(rc, "step") == step and not read(rc, "busy")

    rc.open()
    wait(at("card"))
    rc.readCard()
    wait(at("amount"), 30_000)
    shown = {r["label"]: r["value"] for r in read(rc, "card")}
    assert (shown["户号"], shown["卡内余额"], shown["已购电次数"]) == (world.card_customer(), "23.50", "3")
    rc.chooseAmount(20000)
    rc.buy()
    wait(at("credit"), 30_000)
    rc.credit()
    wait(at("done"), 30_000)
    assert "223.50" in read(rc, "message"), read(rc, "message")
    rc.printReceipt()
    wait(lambda: "凭证已打印" in read(rc, "message") and not read(rc, "busy"), 30_000)
    printed = "\n".join(world.printer.wait_for_receipts(1, 10)[-1].page.text_lines)
    assert "购电凭证" in printed and "200.00 元" in printed and world.card_customer() in printed

    engine = world.server.app.state.server.engine
    leader = next(u for u in world.demo.users if u.role is Role.SUPERVISOR and u.team_id == "CD-T1")
    caller = Caller("-", leader.user_id, Role.SUPERVISOR, "CD-T1", "C-CD")

    def mine() -> dict[str, Any]:
        account = ledger.reconciliation(engine, caller, datetime.now(UTILITY_TZ).date())
        return next((t for t in account["technicians"] if t["tech_id"] == TECH), {})

    wait(lambda: mine().get("credited") == 1, 60_000)  # the card's confirmation came up by sync itself
    assert (mine()["cash_fen"], mine()["issued_fen"], mine()["credited_fen"]) == (20000, 20000, 20000)

    rc.open()  # the customer comes back and pays with their phone this time
    wait(at("card"))
    rc.readCard()
    wait(at("amount"), 30_000)
    rc.chooseAmount(5000)
    rc.scanPayment()  # the demo customer's phone shows a payment code before the camera
    wait(lambda: len(read(rc, "paymentReference")) == 18 and not read(rc, "busy"), 30_000)
    assert read(rc, "payment") == "qr" and read(rc, "paymentReference").startswith("13")
    rc.buy()
    wait(at("credit"), 30_000)
    rc.credit()
    wait(at("done"), 30_000)
    wait(lambda: mine().get("credited") == 2, 60_000)
    assert (mine()["cash_fen"], mine()["qr_fen"], mine()["credited_fen"]) == (20000, 5000, 25000)
