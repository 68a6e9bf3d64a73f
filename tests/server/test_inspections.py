"""Inspections compared at the centre, on SQLite and PostgreSQL: a handheld's inspection result with
the meter as read on site gives the findings of the shared rules (the archive's meter and tariff,
the previous visit, the seals a replacement left), stored for the team leader, published with
the result and exported to the marketing system; a result without a readable snapshot is refused."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from app.domain.inspection import MeterSnapshot, expected_prices
from app.domain.serialize import to_record
from app.domain.work_orders import FAMILY_OF, Family, WorkOrder
from signed_commands.correction import KIND as CORRECTION_KIND
from signed_commands.correction import open_correction
from tests.server.client import error_of, mutation
from tests.server.conftest import Running

TECH = "CD102"
READ_AT = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


def inspection_of(running: Running, nth: int = 0) -> WorkOrder:
    return [o for o in running.demo.orders if o.tech_id == TECH and o.is_open
            and FAMILY_OF[o.kind] is Family.INSPECTION][nth]


def snapshot(order: WorkOrder, **changes: Any) -> MeterSnapshot:
    """The meter of ``order`` as a clean inspection reads it, with ``changes``."""
    meter = order.archive.meter
    values: dict[str, Any] = {
        "read_at": READ_AT, "meter_clock": READ_AT + timedelta(seconds=20), "address": meter.address,
        "asset_no": meter.asset_no, "forward_kwh": (Decimal("1234.50"), Decimal("100"), Decimal("500"),
                                                     Decimal("400"), Decimal("234.50")),
        "tariff_prices": expected_prices(order.archive.tariff), "cover_open_count": 0}
    values.update(changes)
    return MeterSnapshot(**values)


def result(order: WorkOrder, snap: MeterSnapshot | None) -> dict[str, Any]:
    body: dict[str, Any] = {"order_no": order.order_no, "kind": order.kind.value, "technician": order.tech_id,
                            "customer_no": order.archive.customer.customer_no, "outcome": "done",
                            "readings": [], "attachments": [], "gps_trail": [], "steps": [],
                            "completed_at": READ_AT.isoformat()}
    if snap is not None:
        body["snapshot"] = to_record(snap)
    return body


def findings(running: Running, user: str = "CD100") -> list[dict[str, Any]]:
    resp = running.device(user).json("GET", "/v1/monitor/findings")
    assert resp.status_code == 200, error_of(resp)
    found: list[dict[str, Any]] = resp.json()["findings"]
    return found


def test_the_centre_finds_clock_tariff_and_cover_for_leader_and_export(running: Running) -> None:
    order = inspection_of(running)
    old_prices = tuple(p + Decimal("0.05") for p in expected_prices(order.archive.tariff))
    snap = snapshot(order, meter_clock=READ_AT - timedelta(minutes=10), tariff_prices=old_prices,
                    cover_open_count=1, last_cover_open=READ_AT - timedelta(days=3))
    answer = running.device(TECH).sync([mutation(1, "work_result", order.order_no, result(order, snap))])
    assert answer.rejections == []
    mine = {f["rule"]: f for f in findings(running) if f["order_no"] == order.order_no}
    # the previous visit on record (three months ago, the cover never opened) is the cover rule's base
    assert set(mine) == {"clock_drift", "tariff_differs", "cover_opened"}
    assert mine["cover_opened"]["severity"] == "critical" and not mine["cover_opened"]["correctable"]
    assert mine["clock_drift"]["correctable"] and mine["tariff_differs"]["correctable"]
    assert mine["clock_drift"]["status"] == "open" and mine["clock_drift"]["severity"] == "warning"
    assert all(f["order_no"] != order.order_no for f in findings(running, "CD200"))  # another team
    admin = running.device("ADMIN")
    page = admin.json("GET", "/v1/admin/export/results?since=0&limit=500").json()
    while page["more"]:
        page = admin.json("GET", f"/v1/admin/export/results?since={page['cursor']}&limit=500").json()
    work = next(r["MeterServiceWork"] for r in page["records"]
                if r["MeterServiceWork"]["mRID"] == order.order_no)
    assert {f["rule"] for f in work["findings"]} == set(mine)


def test_a_clean_meter_finds_nothing_and_a_missing_snapshot_is_refused(running: Running) -> None:
    order, device = inspection_of(running, 1), running.device(TECH)
    answer = device.sync([mutation(1, "work_result", order.order_no, result(order, None))])
    assert [r.code for r in answer.rejections] == ["invalid"]
    answer = device.sync([mutation(2, "work_result", order.order_no, result(order, snapshot(order)))])
    assert answer.rejections == []
    assert [f for f in findings(running) if f["order_no"] == order.order_no] == []


def test_technicians_may_not_list_findings(running: Running) -> None:
    resp = running.device("CD101").json("GET", "/v1/monitor/findings")
    assert resp.status_code == 403


def test_the_centre_sends_a_signed_correction_and_records_how_it_went(running: Running) -> None:
    order = inspection_of(running, 1)
    old_prices = tuple(p + Decimal("0.05") for p in expected_prices(order.archive.tariff))
    snap = snapshot(order, meter_clock=READ_AT + timedelta(minutes=7), tariff_prices=old_prices)
    tech = running.device(TECH)
    tech.sync()
    answer = tech.sync([mutation(1, "work_result", order.order_no, result(order, snap))])
    assert answer.rejections == []
    sent = [c.payload for c in answer.changes + tech.sync().changes
            if c.entity == "command" and c.payload.get("order_no") == order.order_no]
    kinds = [c["kind"] for c in sent]
    assert CORRECTION_KIND in kinds and "meter-authorisation" in kinds  # the values, and the right to write
    key = Ed25519PublicKey.from_public_bytes(running.server.app.state.server.signer.public_raw)
    fix = open_correction(bytes(next(c["data"] for c in sent if c["kind"] == CORRECTION_KIND)), key,
                          now=time.time(), meter_address=order.archive.meter.address)
    assert fix.set_clock and fix.prices == tuple(f"{p:.4f}" for p in expected_prices(order.archive.tariff))
    assert set(fix.rules) == {"clock_drift", "tariff_differs"}
    report = {"order_no": order.order_no, "rules": ["tariff_differs"], "ok": True, "written": {},
              "read_back": {}, "problem": "", "at": READ_AT.isoformat()}
    failed = {**report, "rules": ["clock_drift"], "ok": False, "problem": "the meter refused"}
    answer = tech.sync([mutation(2, "correction_result", f"{order.order_no}:c1", report),
                        mutation(3, "correction_result", f"{order.order_no}:c2", failed)])
    assert answer.rejections == []
    status = {f["rule"]: f["status"] for f in findings(running) if f["order_no"] == order.order_no}
    assert status == {"tariff_differs": "corrected", "clock_drift": "correction_failed"}


def test_a_meter_switching_at_the_wrong_hours_gets_the_tariffs_day(running: Running) -> None:
    """The archive's time-of-use tariff carries its day (PricingStructure ``tou_schedule``): a meter
    holding another table is found, and the correction carries the tariff's switching points."""
    order = next(o for o in running.demo.orders if o.is_open and FAMILY_OF[o.kind] is Family.INSPECTION
                 and o.archive.tariff.time_of_use and o.tech_id == TECH)
    day = order.archive.tariff.tou_table
    assert day, "a time-of-use tariff of the demo has its day"
    shifted = tuple((f"{(int(hhmm[:2]) + 1) % 24:02d}{hhmm[2:]}", n) for hhmm, n in day)
    tech = running.device(TECH)
    tech.sync()
    moved = snapshot(order, tou_table=shifted)
    answer = tech.sync([mutation(1, "work_result", order.order_no, result(order, moved))])
    assert answer.rejections == []
    found = [f for f in findings(running) if f["order_no"] == order.order_no]
    assert [f["rule"] for f in found] == ["tou_table_differs"]
    sent = [c.payload for c in answer.changes + tech.sync().changes
            if c.entity == "command" and c.payload.get("order_no") == order.order_no
            and c.payload["kind"] == CORRECTION_KIND]
    key = Ed25519PublicKey.from_public_bytes(running.server.app.state.server.signer.public_raw)
    fix = open_correction(bytes(sent[0]["data"]), key, now=time.time(),
                          meter_address=order.archive.meter.address)
    assert fix.tou_table == tuple(f"{hhmm}={n}" for hhmm, n in sorted(day))
    assert not fix.prices and not fix.set_clock
