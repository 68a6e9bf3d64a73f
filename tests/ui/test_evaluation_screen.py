"""The evaluation on the supervisor's desktop build, against the demo world's centre: a technician's
scripted day arrives by the real sync (worked yesterday, synced now); the leader picks the period and
the grouping and sees the figures worked out by hand in tests/server/test_analytics.py; the table
saved as Excel opens with openpyxl and holds the same numbers as the screen."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from openpyxl import load_workbook

from app.ui.composition import UiModels, read
from server import admin
from tests.server.client import enrol as enrol_device
from tests.server.client import mutation
from tests.server.test_analytics import TECH, scripted_day
from tests.ui.conftest import enrol, on_screen, sign_in, view_window
from tests.ui.test_dispatch_screen import LEADER, desktop  # noqa: F401 (the fixture)


def the_day_arrives(world: Any) -> list[str]:
    engine = world.server.app.state.server.engine
    code = admin.issue_code(engine, TECH, now=int(time.time()), ttl_s=600)
    tech = enrol_device(world.server.url, code, "CD101 handheld")
    tech.pull_all()
    mine = [o for o in world.demo.orders_of(TECH) if o.kind.value == "meter_replace"][:3]
    answer = tech.sync([mutation(i + 1, entity, f"{entity}-{i}", payload)
                        for i, (entity, payload) in enumerate(scripted_day(tech, mine))])
    assert answer.rejections == [], answer.rejections
    return [o.order_no for o in mine]


def test_the_leader_evaluates_the_team_and_saves_the_table(desktop: tuple[UiModels, Any],  # noqa: F811
                                                         wait: Callable[..., None]) -> None:
    models, world = desktop
    orders = the_day_arrives(world)
    enrol(models, wait)
    sign_in(models, lambda p: wait(p, 60_000), LEADER)
    ev = models.evaluation
    assert read(ev, "available")
    ev.show(True)
    wait(lambda: read(ev, "loaded") and not read(ev, "busy"), 30_000)
    assert read(ev, "period") == "week"  # yesterday's work is in the last 7 days
    row = next(r for r in read(ev, "rows") if r["name"] == TECH)
    shown = {k: row[k] for k in ("orders", "done", "unfinished", "firstTime", "anomalies", "work", "elapsed",
                                 "travel", "score")}
    assert shown == {"orders": "3", "done": "2", "unfinished": "1", "firstTime": "50%", "anomalies": "1",
                     "work": "3.0", "elapsed": "7.5", "travel": "1.11", "score": "58.3"}
    [anomaly] = read(ev, "anomalies")
    assert anomaly["orderNo"] == orders[1] and "扫错电能表" in anomaly["text"]
    ev.openOrder(orders[1])  # the drill-down of the order with the wrong meter scanned
    wait(lambda: read(ev, "orderOpen") and not read(ev, "busy"), 30_000)
    drill = read(ev, "order")
    assert drill["orderNo"] == orders[1] and len(drill["steps"]) == 2
    assert "扫错电能表" in drill["steps"][0] and "30 s" in drill["steps"][0] and "完成" in drill["steps"][1]
    assert "作业 1.5 分" in drill["summary"] and "工单 10.0 分" in drill["summary"]
    assert len(drill["trail"]) == 1 and drill["trailKm"] == "0.00"
    engine, window = view_window(models, wait, "EvaluationView.qml", 1280, 800)
    on_screen(window, wait, "evaluation-drill-down-1280x800", "orderDrillDown", "closeDrillDown",
              "trailCanvas")
    window.close()
    shiboken6.delete(engine)
    ev.closeOrder()
    ev.setPeriod("today")  # nothing was worked today: the day counts on the device's clock
    wait(lambda: read(ev, "period") == "today" and not read(ev, "busy") and read(ev, "rows") == [], 30_000)
    ev.setPeriod("week")
    ev.setGroup("team")
    wait(lambda: read(ev, "group") == "team" and not read(ev, "busy") and len(read(ev, "rows")) >= 1, 30_000)
    ev.setGroup("technician")
    wait(lambda: not read(ev, "busy") and any(r["name"] == TECH for r in read(ev, "rows")), 30_000)
    ev.exportTable("xlsx")
    wait(lambda: not read(ev, "busy") and "kpi-" in read(ev, "notice"), 30_000)
    found = re.search(r"(/\S+?\.xlsx)", read(ev, "notice"))  # the notice says where it was saved
    assert found is not None, read(ev, "notice")
    saved = Path(found.group(1))
    sheet = load_workbook(saved).active
    assert sheet is not None
    header = [c.value for c in sheet[2]]
    exported = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=3, values_only=True)}
    mine = exported[TECH]
    assert (mine["工单数"], mine["完成"], mine["未完成"], mine["异常"]) == (3, 2, 1, 1)
    assert f"{mine['考核得分']:.1f}" == row["score"]
    assert f"{mine['一次完成率'] * 100:.0f}%" == row["firstTime"]
    assert f"{mine['行程(公里)']:.2f}" == row["travel"]
    for width, height in ((1280, 800), (1920, 1080)):  # the desktop's screens
        engine, window = view_window(models, wait, "EvaluationView.qml", width, height)
        on_screen(window, wait, f"evaluation-{width}x{height}", "evaluationTable", "evaluationExportXlsx",
                  "evaluationGroup_day")
        window.close()
        shiboken6.delete(engine)
