"""The centre's analytical data from a scripted day: three orders of one technician, worked on the
device's clock yesterday morning and synced hours later, through the real sync. The KPIs, the
anomalies and the exported table equal the figures worked out by hand below."""

from __future__ import annotations

import io
import time
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from openpyxl import load_workbook

from app.domain.entities import UTILITY_TZ, Role
from app.domain.work_orders import WorkOrder
from server import analytics
from server.auth import Caller
from tests.server.client import Device, mutation
from tests.server.conftest import Running

pytestmark = pytest.mark.parametrize("running", ["sqlite"], indirect=True)
DAY = datetime.now(UTILITY_TZ).date() - timedelta(days=1)
TECH = "CD101"


def at(hh: int, mm: int, ss: int = 0) -> str:
    return datetime(DAY.year, DAY.month, DAY.day, hh, mm, ss, tzinfo=UTILITY_TZ).isoformat()


def step(tech: Device, order_no: str, n: int, name: str, start: str, end: str, result: str = "ok",
         error: str = "") -> dict[str, Any]:
    return {"event_id": f"{order_no}-{n}", "order_no": order_no, "step": name, "started_at": start,
            "ended_at": end, "result": result, "device_id": tech.device_id, "user_id": TECH,
            "link": "offline", "fix": None, "objects": {}, "detail": "", "error": error}


def fix(order_no: str, lat: float, lon: float, when: str) -> dict[str, Any]:
    return {"order_no": order_no, "lat": lat, "lon": lon, "accuracy_m": 4.0, "satellites": 9,
            "fixed_at": when, "mode": 3}


def lifecycle(order_no: str, *events: str) -> list[tuple[str, dict[str, Any]]]:
    status = {"download": "downloaded", "start": "in_progress", "complete": "completed"}
    return [("order_event", {"order_no": order_no, "event": e, "status": status[e], "step": "",
                             "at": at(8, 0)}) for e in events]


def done(order: WorkOrder, when: str) -> tuple[str, dict[str, Any]]:
    meter = {"asset_no": order.new_meter_asset_no, "address": order.new_meter_address}
    return ("work_result", {"order_no": order.order_no, "kind": order.kind.value, "outcome": "done",
                            "completed_at": when, "new_meter": meter})


def scripted_day(tech: Device, orders: list[WorkOrder]) -> list[tuple[str, dict[str, Any]]]:
    """A: done first time, 270 s of steps, 300 s from the first step to done. B: one failed step (the
    wrong meter scanned), 90 s of steps, 600 s; 1.112 km from A. C: ended unfinished (nobody home)."""
    a, b, c = (o.order_no for o in orders)
    return [
        *lifecycle(a, "download", "start"),
        ("operation_event", step(tech, a, 1, "identify", at(9, 0), at(9, 1))),
        ("gps_fix", fix(a, 30.0, 104.0, at(9, 0))),
        ("operation_event", step(tech, a, 2, "read_old", at(9, 1), at(9, 3))),
        ("operation_event", step(tech, a, 3, "seal", at(9, 3), at(9, 4, 30))),
        ("gps_fix", fix(a, 30.0, 104.0, at(9, 4))),
        *lifecycle(a, "complete"),
        done(orders[0], at(9, 5)),
        *lifecycle(b, "download", "start"),
        ("gps_fix", fix(b, 30.01, 104.0, at(10, 0))),
        ("operation_event", step(tech, b, 1, "identify", at(10, 0), at(10, 0, 30), "failed",
                                 "WrongMeterError")),
        ("operation_event", step(tech, b, 2, "identify", at(10, 1), at(10, 2))),
        *lifecycle(b, "complete"),
        done(orders[1], at(10, 10)),
        *lifecycle(c, "download", "start"),
        ("operation_event", step(tech, c, 1, "arrive", at(11, 0), at(11, 2))),
        *lifecycle(c, "complete"),
        ("work_result", {"order_no": c, "kind": "meter_replace", "outcome": "unfinished",
                         "reason": "customer_absent", "completed_at": at(11, 3)}),
    ]


def test_a_scripted_day_gives_the_figures_worked_out_by_hand(running: Running) -> None:
    tech = running.device(TECH)
    tech.pull_all()
    mine = [o for o in running.demo.orders if o.tech_id == TECH and o.kind.value == "meter_replace"][:3]
    b = mine[1].order_no  # the order with the wrong meter scanned
    script = scripted_day(tech, mine)
    before = time.time()
    answer = tech.sync([mutation(i + 1, entity, f"{entity}-{i}", payload)
                        for i, (entity, payload) in enumerate(script)])
    after = time.time()
    assert answer.rejections == [], answer.rejections
    user = next(u for u in running.demo.users if u.user_id == TECH)
    leader = next(u for u in running.demo.users if u.role is Role.SUPERVISOR and u.team_id == user.team_id)
    caller = Caller("-", leader.user_id, Role.SUPERVISOR, leader.team_id, leader.company_id)
    engine = running.server.app.state.server.engine
    [row] = analytics.kpis(engine, caller, DAY, DAY, "technician")["rows"]
    keys = ("name", "orders", "done", "unfinished", "open", "first_time", "first_time_rate", "rework",
            "failed_steps", "anomalies", "work_min_avg", "elapsed_min_avg", "travel_km", "score")
    assert {k: row[k] for k in keys} == {
        "name": TECH, "orders": 3, "done": 2, "unfinished": 1, "open": 0, "first_time": 1,
        "first_time_rate": 0.5, "rework": 0, "failed_steps": 1, "anomalies": 1,
        "work_min_avg": 3.0,  # (270 s + 90 s) / 2
        "elapsed_min_avg": 7.5,  # (300 s + 600 s) / 2
        "travel_km": 1.112,  # 0.01 degree of latitude between A's last and B's first position
        "score": 58.3,  # 100 x (0.5 x 1/2 + 0.3 x 2/3 + 0.2 x (1 - 1/3))
    }
    ended = [datetime.fromisoformat(at(9, 5)), datetime.fromisoformat(at(10, 10)),
             datetime.fromisoformat(at(11, 3))]  # synced hours late: counted when done, on the device's clock
    # the centre notes arrivals in whole seconds, and the average is rounded to 0.01 min
    low = sum(int(before) - e.timestamp() for e in ended) / 3 / 60
    high = sum(after - e.timestamp() for e in ended) / 3 / 60
    assert low - 0.01 <= row["sync_delay_min_avg"] <= high + 0.01 and row["sync_delay_min_avg"] > 60
    assert [(x["order_no"], x["code"]) for x in analytics.anomalies(engine, caller, DAY, DAY)] == [
        (b, "wrong_meter")]
    assert analytics.kpis(engine, caller, DAY + timedelta(days=1), DAY + timedelta(days=1),
                          "technician")["rows"] == []  # worked yesterday, whenever it was synced

    # the drill-down of an order: each step with its time and result, the trail, the figures
    first = analytics.order_detail(engine, caller, mine[0].order_no)
    assert first is not None
    assert [(st["step"], st["duration_s"], st["result"]) for st in first["steps"]] == [
        ("identify", 60.0, "ok"), ("read_old", 120.0, "ok"), ("seal", 90.0, "ok")]
    assert len(first["trail"]) == 2 and first["trail_km"] == 0.0 and first["facts"]["first_time"]
    second = analytics.order_detail(engine, caller, b)
    assert second is not None and second["facts"]["anomalies"] == ["wrong_meter"]
    assert second["steps"][0]["error"] == "WrongMeterError"
    other = next(u for u in running.demo.users
                 if u.role is Role.SUPERVISOR and u.company_id != leader.company_id)
    stranger = Caller("-", other.user_id, Role.SUPERVISOR, other.team_id, other.company_id)
    assert analytics.order_detail(engine, stranger, b) is None  # another company's leader sees nothing

    # the export, as the desk downloads it with the same filters: the same numbers
    resp = tech_leader(running, leader.user_id).request(
        "GET", f"/v1/monitor/kpis.xlsx?from={DAY}&to={DAY}&by=technician")
    assert resp.status_code == 200, resp.text
    sheet = load_workbook(io.BytesIO(resp.content)).active
    assert sheet is not None
    values = [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
    header = [c.value for c in sheet[2]]
    exported = dict(zip(header, values[0], strict=True))
    assert (exported["对象"], exported["工单数"], exported["一次完成率"], exported["考核得分"],
            exported["行程(公里)"]) == (TECH, 3, 0.5, 58.3, 1.112)
    csv_text = tech_leader(running, leader.user_id).request(
        "GET", f"/v1/monitor/kpis.csv?from={DAY}&to={DAY}&by=team&lang=en").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("name,orders,done") and ",58.3" in csv_text.splitlines()[1]


def tech_leader(running: Running, user_id: str) -> Device:
    """The leader's desk (an enrolled desktop build)."""
    return running.device(user_id)


def test_a_malformed_period_is_refused(running: Running) -> None:
    leader = next(u for u in running.demo.users if u.role is Role.SUPERVISOR)
    desk = running.device(leader.user_id)
    backwards = f"from={date.today()}&to={date.today() - timedelta(days=2)}"
    for query in ("from=yesterday", backwards, "by=planet"):
        assert desk.request("GET", f"/v1/monitor/kpis?{query}").status_code == 400
    assert desk.request("GET", "/v1/monitor/kpis.pdf").status_code == 400

