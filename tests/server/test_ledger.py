"""The centre's prepaid ledger: every purchase issued at a door with its payment, confirmed by the card's
result; the day's reconciliation per technician for the team leader; the purchase in the export."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import requests

from app.domain.entities import UTILITY_TZ, Role
from server.export import export_results
from sync import protocol
from sync.protocol import PATH_TASK_REQUEST, TaskRequest, TaskResponse
from tests.server.client import Device, complete_order, error_of
from tests.server.conftest import Running

pytestmark = pytest.mark.parametrize("running", ["sqlite"], indirect=True)


def _buy(tech: Device, customer: str, request_id: str, amount: int, serial: str, method: str = "cash",
         reference: str = "") -> tuple[int, str, str]:
    body = protocol.encode(TaskRequest(1, request_id, "recharge", customer, amount, 4, card_serial=serial,
                                       payment_method=method, payment_reference=reference))
    resp = tech.request("POST", PATH_TASK_REQUEST, body)
    if resp.status_code != 200:
        return resp.status_code, error_of(resp)[0], ""
    return 200, "", str(protocol.decode(resp.content, TaskResponse).order["order_no"])


def _result(order_no: str, customer: str, serial: str, amount: int, count_after: int,
            payment: dict[str, str] | None = None) -> dict[str, Any]:
    return {"order_no": order_no, "kind": "recharge", "outcome": "done", "customer_no": customer,
            "technician": "CD101", "payment": payment or {"method": "cash"},
            "purchase": {"amount_fen": amount, "card_serial": serial, "count_before": count_after - 1,
                         "count_after": count_after, "balance_before_fen": 100,
                         "balance_after_fen": 100 + amount, "credited": "credited"},
            "completed_at": datetime.now(UTILITY_TZ).isoformat()}


def test_purchases_are_reconciled_per_technician_and_exported(running: Running) -> None:
    tech = running.device("CD101")
    tech.pull_all()
    leader = next(u for u in running.demo.users if u.role is Role.SUPERVISOR and u.team_id == "CD-T1")
    desk = running.device(leader.user_id)
    customers = [a.customer.customer_no for a in running.demo.archives if a.customer.company_id == "C-CD"]
    cash = _buy(tech, customers[0], "L-1", 10000, "4D46020000000001")
    qr = _buy(tech, customers[1], "L-2", 5000, "4D46020000000002", "qr", "4200001234202612040009")
    open_one = _buy(tech, customers[2], "L-3", 2000, "4D46020000000003")
    assert [cash[0], qr[0], open_one[0]] == [200, 200, 200]
    assert _buy(tech, customers[3], "L-4", 2000, "4D46020000000004", "qr")[:2] == (400, "malformed")
    assert _buy(tech, customers[3], "L-5", 2000, "4D46020000000004", "card")[:2] == (400, "malformed")
    complete_order(tech, 1, cash[2], _result(cash[2], customers[0], "4D46020000000001", 10000, 5))
    complete_order(tech, 5, qr[2], _result(qr[2], customers[1], "4D46020000000002", 5000,
                                           9,  # not what was issued
                                           {"method": "qr", "reference": "4200001234202612040009"}))

    day = datetime.now(UTILITY_TZ).date().isoformat()
    resp = desk.request("GET", f"/v1/monitor/reconciliation?day={day}", content_type="")
    assert resp.status_code == 200, error_of(resp)
    account = resp.json()
    mine = next(t for t in account["technicians"] if t["tech_id"] == "CD101")
    assert (mine["cash_fen"], mine["qr_fen"], mine["issued"], mine["issued_fen"]) == (12000, 5000, 3, 17000)
    assert (mine["credited"], mine["credited_fen"]) == (2, 15000)
    assert [u["order_no"] for u in mine["unconfirmed"]] == [open_one[2]]  # issued, no card has it yet
    assert [d["order_no"] for d in mine["discrepancies"]] == [qr[2]]
    assert mine["discrepancies"][0]["fields"] == [{"field": "count", "found": "9", "issued": "5"}]
    assert account["totals"]["issued_fen"] >= 17000

    assert tech.request("GET", f"/v1/monitor/reconciliation?day={day}", content_type="").status_code == 403
    assert desk.request("GET", "/v1/monitor/reconciliation?day=2026-13-40",
                        content_type="").status_code == 400
    spec = requests.get(running.base + "/openapi.json", timeout=10).json()
    assert "/v1/monitor/reconciliation" in spec["paths"]

    exported = {r["MeterServiceWork"]["mRID"]: r["MeterServiceWork"]
                for r in export_results(running.engine, 0).records}
    purchase = exported[cash[2]]["prepaidPurchase"]
    assert (purchase["amountFen"], purchase["purchaseCount"], purchase["paymentMethod"]) == (10000, 5, "cash")
    assert exported[qr[2]]["prepaidPurchase"]["paymentReference"] == "4200001234202612040009"
