"""A meter inspection walked through as a technician does it, with no typed character: the demo
world's meter (its clock 10 minutes slow, last year's prices, its cover opened since the last
visit) under the probe, its barcode and a seal before the camera; the inspection reaches the
centre by itself, and the centre finds the clock, the tariff and the opened cover; its signed
correction comes down by itself and, tapped, sets the meter right and marks the findings corrected."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from app.demo.environment import DemoEnvironment
from app.domain.demo_data import TOU_DAY
from app.domain.entities import UTILITY_TZ, Role
from app.domain.inspection import expected_prices
from app.ui.composition import UiModels, read
from server import inspections
from server.auth import Caller
from tests.ui.conftest import enrol, sign_in

TECH = "CD101"
GOD = Caller("-", "ADMIN", Role.ADMINISTRATOR, "", "")


def test_an_inspection_from_the_door_to_the_centres_findings(wired: tuple[UiModels, DemoEnvironment],
                                                              wait: Callable[..., None]) -> None:
    models, world = wired
    enrol(models, wait)
    sign_in(models, lambda p: wait(p, 60_000), TECH)
    order = next(o for o in world.demo.orders_of(TECH) if o.kind.value == "inspect" and o.is_open)
    insp = models.inspection

    def at(step: str) -> Callable[[], Any]:
        return lambda: read(insp, "step") == step and not read(insp, "busy")

    insp.open(order.order_no)
    wait(at("identify"), 30_000)
    insp.identify()
    wait(at("read"), 30_000)
    assert "一致" in read(insp, "message") and not read(insp, "isError")
    insp.readMeter()
    wait(at("evidence"), 60_000)
    rows = {r["label"]: r["value"] for r in read(insp, "readings")}
    assert "电能表时钟" in rows and "正向有功电量" in rows
    insp.scanSeal()  # no position chosen yet: said in Chinese, nothing scanned
    wait(lambda: read(insp, "isError"))
    assert "封印位置" in read(insp, "message")
    insp.takePhoto()
    wait(lambda: read(insp, "photos") == 1 and not read(insp, "busy"), 30_000)
    insp.choosePosition("meter_cover")
    insp.scanSeal()
    wait(lambda: len(read(insp, "sealsSeen")) == 1 and not read(insp, "busy"), 30_000)
    insp.finishEvidence()
    wait(at("upload"), 30_000)
    insp.complete()
    wait(at("done"), 30_000)
    engine = world.server.app.state.server.engine

    def found() -> set[str]:
        return {f["rule"] for f in inspections.list_findings(engine, GOD) if f["order_no"] == order.order_no}

    wait(lambda: found() != set(), 60_000)  # sync took it to the centre by itself
    # the three, and the time-of-use day an hour late (every demo inspection is on a TOU tariff)
    assert order.archive.tariff.tou_table == TOU_DAY
    assert found() == {"clock_drift", "tariff_differs", "tou_table_differs", "cover_opened"}

    wait(lambda: read(insp, "correction") != [], 120_000)  # the centre's correction, by the next sync
    rows = {r["label"]: r["value"] for r in read(insp, "correction")}
    prices = [str(p.quantize(Decimal("0.0001"))) for p in expected_prices(order.archive.tariff)]
    assert rows == {"待写入电价": " / ".join(prices), "电能表时钟": "校准为当前时间",
                    "待写入时段表": "00:00 谷 · 07:00 平 · 08:00 峰 · 11:00 平 · 18:00 峰 · 19:00 尖 · "
                                    "21:00 峰 · 23:00 谷"}
    insp.applyCorrection()
    wait(lambda: "校正已写入" in read(insp, "message") and not read(insp, "busy"), 60_000)
    assert not read(insp, "isError") and read(insp, "correction") == []  # written once, not offered again
    back = {r["label"]: r["value"] for r in read(insp, "corrected")}  # what the meter holds now, read back
    assert back["回读电价"] == " / ".join(prices) and back["回读时段表"] == rows["待写入时段表"]
    clock = datetime.fromisoformat(back["回读时钟"])  # the meter's local time, as the meter gave it
    assert abs(clock - datetime.now(UTILITY_TZ).replace(tzinfo=None)) < timedelta(minutes=1)
    meter = world.meters.meter(order.archive.meter.address).state
    assert [str(p) for p in meter.prices] == prices and abs(meter.clock_offset) < 5
    assert meter.tou_table == [f"{hhmm}={n}" for hhmm, n in TOU_DAY]  # switching at the tariff's hours

    def statuses() -> dict[str, str]:
        return {f["rule"]: f["status"] for f in inspections.list_findings(engine, GOD)
                if f["order_no"] == order.order_no}

    wait(lambda: statuses()["clock_drift"] == "corrected", 120_000)  # the report reached the centre
    assert statuses() == {"clock_drift": "corrected", "tariff_differs": "corrected",
                          "tou_table_differs": "corrected", "cover_opened": "open"}
