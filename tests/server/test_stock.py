"""Each technician's stock at the centre, on SQLite and PostgreSQL: a team leader issues meters and
seals to their technicians (REST) and takes them back, the operator does the same from the command
line; the technician's handheld gets each change at its next sync; a result consumes the meter, a
seal on an order consumes the seal, and a seal not in the technician's seal stock is flagged (it is on
the meter already) but never refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

from server.db import reading, tables
from tests.server.client import Device, error_of
from tests.server.conftest import Running
from tests.server.test_uniqueness import _flags, _order, _result, _seal

ROOT = Path(__file__).resolve().parents[2]
LEADER, TECH, OTHER_TEAM_TECH = "CD100", "CD101", "CD201"
METER, ADDRESS = "5102399000000000000011", "990000000011"


def stock_of(leader: Device, tech_id: str = "") -> list[dict[str, Any]]:
    resp = leader.json("GET", f"/v1/stock?tech_id={tech_id}" if tech_id else "/v1/stock")
    assert resp.status_code == 200, error_of(resp)
    items: list[dict[str, Any]] = resp.json()["items"]
    return items


def next_changes(device: Device) -> set[tuple[str, str, str]]:
    """(entity, op, entity_id) of the stock changes the device receives at its next sync."""
    return {(c.entity, c.op, c.entity_id) for c in device.sync().changes
            if c.entity in ("stock_meter", "stock_seal")}


def test_a_leader_issues_and_takes_back_and_the_handheld_follows(running: Running) -> None:
    leader, handheld = running.device(LEADER), running.device(TECH)
    handheld.sync()
    meter = {"tech_id": TECH, "kind": "meter", "item_no": METER, "address": ADDRESS, "model": "DDZY1080C-Z"}
    assert leader.json("POST", "/v1/stock/issue", meter).json()["issued"] is True
    assert leader.json("POST", "/v1/stock/issue", meter).json()["issued"] is False  # again: nothing new
    seal = {"tech_id": TECH, "kind": "seal", "item_no": "sc 5500-000001"}
    assert leader.json("POST", "/v1/stock/issue", seal).json()["item_no"] == "SC5500000001"
    mine = {(i["kind"], i["item_no"]) for i in stock_of(leader, TECH)}
    assert {("meter", METER), ("seal", "SC5500000001")} <= mine
    assert next_changes(handheld) == {("stock_meter", "upsert", METER),
                                      ("stock_seal", "upsert", "SC5500000001")}
    back = leader.json("POST", "/v1/stock/return", {"kind": "seal", "item_no": "SC5500000001"})
    assert back.status_code == 200 and back.json()["status"] == "returned"
    assert next_changes(handheld) == {("stock_seal", "delete", "SC5500000001")}
    assert ("seal", "SC5500000001") not in {(i["kind"], i["item_no"]) for i in stock_of(leader, TECH)}


def test_refusals_change_nothing(running: Running) -> None:
    leader, tech, other_leader = running.device(LEADER), running.device(TECH), running.device("CD200")
    seal = {"tech_id": TECH, "kind": "seal", "item_no": "SC5500000002"}
    assert tech.json("POST", "/v1/stock/issue", seal).status_code == 403  # a technician
    assert tech.json("GET", "/v1/stock").status_code == 403
    refused = other_leader.json("POST", "/v1/stock/issue", seal)  # another team's leader
    assert refused.status_code == 403
    assert leader.json("POST", "/v1/stock/issue", {**seal, "tech_id": OTHER_TEAM_TECH}).status_code == 403
    assert error_of(leader.json("POST", "/v1/stock/issue", {**seal, "item_no": "12"}))[0] == "invalid"
    not_tech = leader.json("POST", "/v1/stock/issue", {**seal, "tech_id": LEADER})
    assert error_of(not_tech)[0] == "not_a_technician"
    assert leader.json("POST", "/v1/stock/issue", seal).status_code == 200
    taken = leader.json("POST", "/v1/stock/issue", {**seal, "tech_id": "CD102"})
    assert taken.status_code == 409 and error_of(taken)[0] == "issued_elsewhere"
    assert [i["tech_id"] for i in stock_of(leader) if i["item_no"] == "SC5500000002"] == [TECH]
    assert other_leader.json("POST", "/v1/stock/return", {"kind": "seal", "item_no": "SC5500000002"}
                             ).status_code == 403
    assert all(i["item_no"] != "SC5500000002" for i in stock_of(other_leader))  # not their team


def test_work_consumes_the_stock_and_a_stranger_seal_is_flagged_not_refused(running: Running) -> None:
    leader, tech = running.device("MY100"), running.device("MY101")
    order = _order(running, "MY101", 0, replacement=True)
    meter = running.demo.stock["MY101"][1]
    assert any(i["item_no"] == meter.asset_no for i in stock_of(leader, "MY101"))  # the demo's van stock
    assert leader.json("POST", "/v1/stock/issue", {"tech_id": "MY101", "kind": "seal",
                                                   "item_no": "SC5500000010"}).status_code == 200
    tech.sync()
    answer = tech.sync([_seal(1, order.order_no, "SC5500000010"), _seal(2, order.order_no, "SC5500000099"),
                        mutation_result(order, meter.asset_no, meter.address)])
    assert answer.rejections == []  # the stranger seal is on the meter: kept
    assert _flags(running, tech) == ["seal_not_in_stock"]
    left = {i["item_no"] for i in stock_of(leader, "MY101")}
    assert meter.asset_no not in left and "SC5500000010" not in left
    with reading(running.engine) as conn:
        s = tables.stock_items.c
        used = dict(conn.execute(select(s.item_no, s.order_no).where(s.status == "consumed")).all())
    assert used[meter.asset_no] == order.order_no and used["SC5500000010"] == order.order_no
    # the handheld (and the technician's other ones) learn that both are used
    sent = {(c.entity, c.op, c.entity_id) for c in answer.changes} | next_changes(tech)
    assert {("stock_meter", "delete", meter.asset_no), ("stock_seal", "delete", "SC5500000010")} <= sent


def mutation_result(order: Any, asset_no: str, address: str) -> Any:
    from tests.server.client import mutation

    return mutation(3, "work_result", order.order_no, _result(order, asset_no, address))


def test_the_operator_issues_lists_and_takes_back_from_the_command_line(running: Running,
                                                                        tmp_path: Path) -> None:
    if running.backend != "sqlite":
        return  # the command line reads the database by URL; SQLite is enough to walk it
    db = f"sqlite:///{running.server.config.home / 'server.sqlite3'}"

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(ROOT / "main.py"), "--home", str(tmp_path), "server",
                               "stock", *args, "--db", db], capture_output=True, text=True, timeout=120,
                              cwd=ROOT, check=False)

    issued = cli("issue", "--tech", "CD102", "--seal", "SC5500000020")
    assert issued.returncode == 0, issued.stderr
    assert "SC5500000020 issued to CD102" in issued.stdout
    listed = cli("list", "--tech", "CD102")
    assert "SC5500000020" in listed.stdout
    back = cli("return", "--seal", "SC5500000020")
    assert back.returncode == 0 and "taken back from CD102" in back.stdout
    wrong = cli("issue", "--tech", "CD102", "--meter", "123", "--address", "1")
    assert wrong.returncode != 0 and "asset" in (wrong.stderr + wrong.stdout).lower()
