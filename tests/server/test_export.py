"""The results export for the marketing system: administrators only, each result once by cursor, in
the IEC 61968-9 shape, on SQLite and PostgreSQL (the field-by-field check against a real replacement
is tests/e2e/test_field_terminal.py)."""

from __future__ import annotations

from typing import Any

import requests

from app.domain.work_orders import FAMILY_OF, Family, WorkOrder
from tests.server.client import Device, error_of, mutation
from tests.server.conftest import Running

EXPORT = "/v1/admin/export/results"


def _replacements(running: Running, tech_id: str) -> list[WorkOrder]:
    return [o for o in running.demo.orders
            if o.tech_id == tech_id and FAMILY_OF[o.kind] is Family.REPLACEMENT]


def _result(order: WorkOrder) -> dict[str, Any]:
    old, at = order.archive.meter, "2026-11-24T10:00:00+08:00"
    return {"order_no": order.order_no, "kind": order.kind.value, "technician": order.tech_id,
            "customer_no": order.archive.customer.customer_no, "completed_at": at,
            "old_meter": {"asset_no": old.asset_no, "address": old.address},
            "new_meter": {"order_no": order.order_no, "asset_no": order.new_meter_asset_no,
                          "address": order.new_meter_address, "from_stock": False, "installed_at": at,
                          "source": "barcode"},
            "tariff": {"code": order.archive.tariff.code, "prices": ["0.5"]},
            "readings": [{"order_no": order.order_no, "meter_address": old.address, "di": "00010000",
                          "value": "1234.56", "unit": "kWh", "read_at": at, "source": "infrared",
                          "role": "old"},
                         {"order_no": order.order_no, "meter_address": order.new_meter_address,
                          "di": "00010000", "value": "0.00", "unit": "kWh", "read_at": at,
                          "source": "infrared", "role": "new"}],
            "seals": [{"order_no": order.order_no, "seal_no": "SC8800000001", "position": "terminal_cover",
                       "meter_asset_no": order.new_meter_asset_no, "scanned_at": at, "source": "barcode"}]}


def _page(admin: Device, since: int, limit: int = 500) -> dict[str, Any]:
    resp = admin.json("GET", f"{EXPORT}?since={since}&limit={limit}")
    assert resp.status_code == 200, error_of(resp)
    page: dict[str, Any] = resp.json()
    return page


def test_each_result_is_exported_once_in_pages_by_cursor(running: Running) -> None:
    admin, tech = running.device("ADMIN"), running.device("CD101")
    start = _page(admin, 0)
    while start["more"]:
        start = _page(admin, start["cursor"])
    orders = _replacements(running, "CD101")[:2]
    assert len(orders) == 2
    answer = tech.sync([mutation(i + 1, "work_result", o.order_no, _result(o)) for i, o in enumerate(orders)])
    assert answer.rejections == []
    first = _page(admin, start["cursor"], limit=1)
    assert first["more"] and len(first["records"]) == 1
    second = _page(admin, first["cursor"], limit=1)
    assert not second["more"] and len(second["records"]) == 1
    assert _page(admin, second["cursor"])["records"] == []  # nothing new: nothing exported twice
    work = [r["MeterServiceWork"] for r in first["records"] + second["records"]]
    assert [w["mRID"] for w in work] == [o.order_no for o in orders]
    one, order = first["records"][0], orders[0]
    assert one["MeterServiceWork"]["removedMeter"] == {
        "mRID": order.archive.meter.asset_no, "amrSystemAddress": order.archive.meter.address,
        "finalReading": {"readingType": {"dlt645DataId": "00010000"}, "value": "1234.56", "unit": "kWh",
                         "timeStamp": "2026-11-24T10:00:00+08:00"}}
    assert one["MeterServiceWork"]["installedMeter"]["mRID"] == order.new_meter_asset_no
    assert one["MeterServiceWork"]["seals"][0]["sealNumber"] == "SC8800000001"
    groups = [(g["role"], g["meter"]["mRID"], [x["value"] for x in g["readings"]])
              for g in one["MeterReadings"]]
    assert groups == [("removed", order.archive.meter.asset_no, ["1234.56"]),
                      ("installed", order.new_meter_asset_no, ["0.00"])]


def test_only_administrators_may_export(running: Running) -> None:
    for user in ("CD101", "CD100"):  # a technician, a team leader
        resp = running.device(user).json("GET", f"{EXPORT}?since=0")
        assert resp.status_code == 403, error_of(resp)
    assert requests.get(f"{running.base}{EXPORT}?since=0", timeout=10).status_code == 401
    admin = running.device("ADMIN")
    for query in ("since=-1", "limit=0", "limit=501", "since=x"):
        resp = admin.json("GET", f"{EXPORT}?{query}")
        assert resp.status_code == 400, (query, error_of(resp))


def test_the_export_is_in_the_openapi_spec(running: Running) -> None:
    spec = requests.get(f"{running.base}/openapi.json", timeout=10).json()
    assert "get" in spec["paths"][EXPORT] and "403" in spec["paths"][EXPORT]["get"]["responses"]


def _unfinished(order: WorkOrder, reason: str) -> dict[str, Any]:
    return {"order_no": order.order_no, "kind": order.kind.value, "technician": order.tech_id,
            "customer_no": order.archive.customer.customer_no, "outcome": "unfinished", "reason": reason,
            "attachments": [], "gps_trail": [], "steps": [], "completed_at": "2026-11-24T10:00:00+08:00"}


def test_an_order_ended_unfinished_installs_nothing_and_goes_back_as_not_completed(running: Running) -> None:
    admin, tech = running.device("ADMIN"), running.device("CD102")
    start = _page(admin, 0)
    while start["more"]:
        start = _page(admin, start["cursor"])
    replacement = _replacements(running, "CD102")[0]
    other = next(o for o in running.demo.orders if o.tech_id == "CD102" and o is not replacement)
    broken = _unfinished(replacement, "meter_broken")
    answer = tech.sync([mutation(1, "work_result", replacement.order_no, broken),
                        mutation(2, "work_result", other.order_no, _unfinished(other, "nobody knows"))])
    assert [(r.seq, r.code) for r in answer.rejections] == [(2, "invalid")]  # an unknown reason
    page = _page(admin, start["cursor"])
    assert [r["MeterServiceWork"]["mRID"] for r in page["records"]] == [replacement.order_no]
    work = page["records"][0]["MeterServiceWork"]
    assert (work["status"], work["reason"]) == ("notCompleted", "meter_broken")
    assert "installedMeter" not in work and page["records"][0]["MeterReadings"] == []
