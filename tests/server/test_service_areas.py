"""Service areas: an administrator gives each team the transformer districts it serves (REST and
CLI, audited); an order the marketing system sends without a team is dispatched to the team whose
area covers its customer, and one no area covers is a row error that imports nothing. Real
server, SQLite and PostgreSQL, signed devices."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from server.db import make_engine, migrate, sqlite_url, tables
from server.import_rows import CUSTOMERS, METERS, REQUESTS, read_json, to_document
from server.importer import import_batch
from tests.server.client import Device, error_of
from tests.server.conftest import Running

ROOT = Path(__file__).resolve().parents[2]
_n = itertools.count(1)


def _admin(running: Running) -> Device:
    return running.device("ADMIN")


def _set(device: Device, body: dict[str, Any]) -> tuple[int, Any]:
    resp = device.json("POST", "/v1/admin/service-areas", body)
    return resp.status_code, resp.json() if resp.status_code == 200 else error_of(resp)


def _areas(device: Device) -> dict[str, Any]:
    resp = device.json("GET", "/v1/admin/service-areas")
    assert resp.status_code == 200, error_of(resp)
    return {a["team_id"]: a for a in resp.json()["areas"]}


def _day(tag: str, district: str, *, team: str = "") -> dict[str, list[dict[str, Any]]]:
    """A new customer in ``district`` with its meter and a replacement order, without a team."""
    no, asset, new_asset = f"98{next(_n):08d}", f"98{next(_n):020d}", f"97{next(_n):020d}"
    request: dict[str, Any] = {
        "external_id": f"SA-{tag}", "kind": "meter_replace", "customer_no": no,
        "window_start": "2026-12-04T09:00:00+08:00", "window_end": "2026-12-04T11:00:00+08:00",
        "new_meter_asset_no": new_asset, "new_meter_address": f"98{next(_n):010d}"}
    if team:
        request["team_id"] = team
    return {CUSTOMERS: [{"customer_no": no, "name": "赵敏", "address": "成都市成华区建设路8号",
                         "company_id": "C-CD", "tariff_code": "0101", "prepaid": False,
                         "transformer": district}],
            METERS: [{"asset_no": asset, "meter_address": f"98{next(_n):010d}", "model": "DDZY1080C-Z",
                      "customer_no": no}],
            REQUESTS: [request]}


def _order(running: Running, order_no: str) -> Any:
    o = tables.orders.c
    with running.engine.connect() as conn:
        return conn.execute(select(o.team_id, o.tech_id, o.status).where(o.order_no == order_no)).first()


def test_an_order_without_a_team_goes_to_the_team_whose_area_covers_its_customer(running: Running) -> None:
    admin, tag = _admin(running), f"{running.backend}-{next(_n)}"
    district, elsewhere = f"10kV 建设路线 {tag}#配变", f"10kV 府青路线 {tag}#配变"
    area = {"team_id": "CD-T1", "name": "成华片区", "transformers": [district, district + " "]}
    assert _set(admin, area)[0] == 200
    assert _areas(admin)["CD-T1"]["transformers"] == [district]  # trimmed, once
    report = import_batch(running.engine, read_json(json.dumps(to_document(f"B-{tag}", _day(tag, district)))
                                                    .encode()), now=int(time.time()))
    assert report.imported, report.lines()
    assert tuple(_order(running, f"MS-SA-{tag}")) == ("CD-T1", "", "requested")

    before = _count(running)
    refused = import_batch(running.engine, read_json(json.dumps(to_document(
        f"B2-{tag}", _day(tag + "x", elsewhere))).encode()), now=int(time.time()))
    assert not refused.imported and [(e.field, e.row) for e in refused.errors] == [("team_id", 1)]
    assert "service area" in refused.errors[0].message and elsewhere in refused.errors[0].message
    assert _count(running) == before  # nothing imported

    named = import_batch(running.engine, read_json(json.dumps(to_document(
        f"B3-{tag}", _day(tag + "y", elsewhere, team="CD-T2"))).encode()), now=int(time.time()))
    assert named.imported and _order(running, f"MS-SA-{tag}y").team_id == "CD-T2"  # a team given wins


def test_a_district_is_in_one_teams_area_and_bad_input_changes_nothing(running: Running) -> None:
    admin, tag = _admin(running), f"{running.backend}-{next(_n)}"
    district = f"10kV 二环路线 {tag}#配变"
    assert _set(admin, {"team_id": "CD-T2", "name": "二环片区", "transformers": [district]})[0] == 200
    before = _areas(admin)
    assert _set(admin, {"team_id": "CD-T1", "transformers": [district]}) == (
        409, ("transformer_taken", f"{district} is in the area of team CD-T2"))
    assert _set(admin, {"team_id": "NOPE", "transformers": []})[0] == 404
    for bad in ({"transformers": []}, {"team_id": "CD-T1", "transformers": "x"},
                {"team_id": "CD-T1", "transformers": [""]}, {"team_id": "CD-T1", "transformers": [], "x": 1}):
        assert _set(admin, bad)[0] == 400, bad
    assert _areas(admin) == before
    a = tables.audit_log.c
    with running.engine.connect() as conn:
        targets = list(conn.execute(select(a.target).where(a.action == "area.set")).scalars())
    assert "CD-T2" in targets


def test_the_cli_sets_and_lists_areas(tmp_path: Path) -> None:
    engine = make_engine(url := sqlite_url(tmp_path / "server.db"))
    migrate(engine)
    with engine.begin() as conn:
        conn.execute(tables.teams.insert().values(team_id="CD-T9", company_id="C-CD", name="九班"))
    engine.dispose()

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "main.py", "--home", str(tmp_path / "home"), "server", "area",
                               *args, "--db", url], cwd=ROOT, capture_output=True, text=True, timeout=120,
                              check=False)

    done = cli("set", "--team", "CD-T9", "--name", "龙泉片区", "--district", "A#配变", "--district", "B#配变")
    assert done.returncode == 0 and "2 district(s)" in done.stdout, done.stderr
    listed = cli("list")
    assert listed.returncode == 0 and "CD-T9" in listed.stdout and "A#配变, B#配变" in listed.stdout
    assert cli("set", "--team", "NOPE").returncode != 0


def _count(running: Running) -> tuple[int, ...]:
    with running.engine.connect() as conn:
        return tuple(int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                     for t in (tables.archives, tables.orders, tables.change_log))
