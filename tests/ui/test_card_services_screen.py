"""Opening a blank card, the customer's own amount on the keypad, writing card parameters and the
repair check, as a technician does them on the prepaid screen: the real pcscd with the virtual card,
the demo world's real server over the terminal's own signed session, the meter's barcode read from a
real image before the camera. The screen says each outcome in Chinese, with the figures."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from sqlalchemy import select

from app.demo.environment import DemoEnvironment
from app.ui.composition import UiModels, read
from device_drivers.card.files import SFI_PARAMETERS, CardParameters, CardType
from server.db import tables
from tests.device_drivers.card.kit import blank_state, insert_card, read_state
from tests.ui.conftest import on_screen, prepaid_handheld, view_window

TECH = "CD101"
pytestmark = pytest.mark.usefixtures("pcscd")
def test_open_a_blank_card_then_write_and_check_it_through_the_screens(
        wired: tuple[UiModels, DemoEnvironment], wait: Callable[..., None], tmp_path: Path) -> None:
    models, world = wired
    prepaid_handheld(models, wait, TECH)
    rc = models.recharge
    archive = [a for a in world.demo.archives if a.customer.company_id == "C-CD" and a.meter.prepaid][2]
    card = blank_state(tmp_path / "blank.json", bytes.fromhex("4D46040000000001"))

    def idle() -> bool:
        return not read(rc, "busy")

    def at(step: str) -> Callable[[], Any]:
        return lambda: read(rc, "step") == step and idle()

    rc.open()
    engine, window = view_window(models, wait, "RechargeView.qml", 720, 1280)
    wait(at("card"))
    with insert_card(card, tmp_path):
        rc.readCard()
        wait(at("amount"), 30_000)
        assert read(rc, "opening") and "空白卡" in read(rc, "message")
        on_screen(window, wait, "recharge-open-blank", "rechargeScanMeter", "rechargeBuy")
        rc.buy()  # the meter first: the customer is found by it
        wait(lambda: read(rc, "isError") and idle())
        assert "电能表条码" in read(rc, "message")
        world.look_at(asset_no="SC4773730001")  # a seal's label, not the meter's
        rc.scanMeter()
        wait(lambda: read(rc, "isError") and idle(), 30_000)
        assert "不是电能表资产编号" in read(rc, "message") and read(rc, "meterScanned") == ""
        world.look_at(asset_no=archive.meter.asset_no)
        rc.scanMeter()
        wait(lambda: read(rc, "meterScanned") == archive.meter.asset_no and idle(), 30_000)
        rc.otherAmount()  # the customer insists on 38 yuan: the keypad
        for key in ("3", "8"):
            rc.pressKey(key)
        assert read(rc, "amount") == 3800 and read(rc, "typedAmount") == "38 元"
        on_screen(window, wait, "recharge-open-keypad", "rechargeKey_8", "rechargeKey_back", "rechargeBuy")
        rc.choosePayment("cash")
        rc.buy()
        wait(at("credit"), 30_000)
        rc.credit()
        wait(at("done"), 30_000)
        assert not read(rc, "isError"), read(rc, "message")
        shown = {r["label"]: r["value"] for r in read(rc, "card")}
        assert (shown["户号"], shown["卡内余额"], shown["已购电次数"]) == (
            archive.customer.customer_no, "38.00", "1")
    on_card = read_state(card)
    params = CardParameters.decode(on_card.file(SFI_PARAMETERS))
    assert params is not None and (params.customer_number, params.card_type) == (
        archive.customer.customer_no, CardType.OPEN_ACCOUNT)
    assert (on_card.balance_fen, on_card.count) == (3800, 1)
    rc.printReceipt()
    wait(lambda: "凭证已打印" in read(rc, "message") and idle(), 30_000)
    assert "38.00 元" in "\n".join(world.printer.wait_for_receipts(1, 10)[-1].page.text_lines)

    rc.open()  # the next visit: the same customer's card, now open
    wait(at("card"))
    with insert_card(card, tmp_path):
        rc.readCard()
        wait(at("amount"), 30_000)
        assert not read(rc, "opening")
        on_screen(window, wait, "recharge-card-services", "rechargeRepair", "rechargeWriteCard",
                  "rechargeBuy")
        rc.writeCard()
        wait(lambda: "卡参数已写入" in read(rc, "message") and idle(), 30_000)
        rc.repair()  # the customer says the purchase never arrived: the centre says it did
        wait(lambda: "已到账" in read(rc, "message") and idle(), 30_000)
        on_screen(window, wait, "recharge-repair-credited", "rechargeRepair")
        assert "1 次购电" in read(rc, "message") and not read(rc, "isError")
    assert (read_state(card).balance_fen, read_state(card).count) == (3800, 1)  # nothing written twice

    rc.open()  # a recharge whose card is pulled out in the middle of the write
    wait(at("card"))
    with insert_card(card, tmp_path):
        rc.readCard()
        wait(at("amount"), 30_000)
        rc.chooseAmount(5000)
        rc.buy()
        wait(at("credit"), 30_000)
    with insert_card(card, tmp_path, pull_after=8):  # pulled after the card's challenge for the INCREASE
        rc.credit()
        wait(lambda: read(rc, "isError") and idle(), 30_000)
    assert "卡" in read(rc, "message") and read(rc, "step") == "credit", read(rc, "message")
    rc.open()  # the customer puts the card back: the screen offers the unfinished purchase first
    wait(lambda: read(rc, "pending") == 1 and idle(), 30_000)
    on_screen(window, wait, "recharge-pending", "rechargePending", "rechargeReadCard")
    with insert_card(card, tmp_path):
        rc.completePending()
        wait(lambda: "已补写 1 笔" in read(rc, "message") and idle(), 30_000)
    assert (read_state(card).balance_fen, read_state(card).count) == (8800, 2)  # once
    window.close()
    shiboken6.delete(engine)  # before the view-models go: no binding is left to read them

    # the opening and the recharge reach the centre's ledger by the terminal's own sync
    c = tables.prepaid_ledger.c
    serial = read_state(card).serial.hex().upper()

    def ledger_rows() -> list[Any]:
        with world.server.app.state.server.engine.connect() as conn:
            return list(conn.execute(select(c.amount_fen, c.credit_count, c.credited_at, c.discrepancy)
                                     .where(c.card_serial == serial).order_by(c.credit_count)).all())

    wait(lambda: [r.credited_at is not None for r in ledger_rows()] == [True, True], 90_000)
    assert [(r.amount_fen, r.credit_count, r.discrepancy) for r in ledger_rows()] == [(3800, 1, ""),
                                                                                     (5000, 2, "")]
