"""The marketing-system import's rules: row-level refusals that import nothing, idempotency, a
changed archive or tariff, the check-digit rule, what the technician receives, and the
administrators' REST route."""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from app.domain import identifiers
from app.domain.demo_data import TARIFFS as TARIFF_TABLE
from server import changelog
from server.authorisations import MeterKeys, TaskAuthority
from server.commands import CommandSigner
from server.config import ServerConfig
from server.db import make_engine, migrate, sqlite_url, tables
from server.import_rows import (
    CUSTOMERS,
    METERS,
    REQUESTS,
    TARIFFS,
    read_file,
    read_json,
    to_document,
)
from server.importer import import_batch
from server.marketing_sim import tariff_row
from server.run import EmbeddedServer
from tests.server.client import error_of
from tests.server.conftest import Running, small_demo
from tests.server.import_kit import (
    ASSET,
    COMPANY,
    NEW_A,
    NEW_B,
    NOW,
    TEAM,
    TECH,
    Rows,
    bad_row,
    counts,
    day_of_work,
    fresh_engine,
    run_import,
    snapshot,
    write,
)
from tests.support.services import free_tcp_port


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = fresh_engine(tmp_path)
    yield eng
    eng.dispose()


def test_a_technician_receives_the_imported_orders_and_authorisations(tmp_path: Path) -> None:
    config = ServerConfig(home=tmp_path, db_url="", port=free_tcp_port(), tls=False)
    run = Running(EmbeddedServer(config).start(demo=small_demo()), small_demo(), "sqlite")
    try:
        device = run.device(TECH)
        device.pull_all()  # the day the seed gave it
        st = run.server.app.state.server
        batch = read_file(write(tmp_path, "xlsx", day_of_work()))
        report = import_batch(run.engine, batch, now=int(time.time()),
                              authority=TaskAuthority(st.signer, st.meter_keys))
        assert report.imported, report.lines()
        changes = device.sync().changes
        got = {c.entity_id for c in changes if c.entity == "work_order"}
        assert got == {"MS-SG-1001", "MS-SG-1002"}  # not the unassigned recharge, not other teams' archives
        commands = [c.payload for c in changes if c.entity == "command"]
        assert {c["kind"] for c in commands} == {"meter-authorisation"}
        by_order = [c["order_no"] for c in commands]
        assert sorted(by_order) == ["MS-SG-1001", "MS-SG-1001", "MS-SG-1002"]  # new and old meter; the
        # inspected meter (read only)
        assert not [c for c in changes if c.entity == "archive"]  # archives reach it inside its orders
        leader = run.device("CD100")
        seen = {c.entity_id for c in leader.pull_all() if c.entity == "work_order"}
        assert {"MS-SG-1001", "MS-SG-1002", "MS-SG-1003"} <= seen  # the team leader sees the one to assign
    finally:
        run.server.stop()


def _second_meter_at_other_customer(rows: Rows) -> Rows:
    out = copy.deepcopy(rows)
    out[METERS][1]["asset_no"] = ASSET.format(1)
    return out


BAD = {
    "malformed asset number": (lambda r: bad_row(r, METERS, 0, asset_no="99000000000000000000X1"),
                               METERS, 1, "asset_no", "digits only"),
    "asset number too short": (lambda r: bad_row(r, METERS, 0, asset_no="990000000001"),
                               METERS, 1, "asset_no", "looks like a meter address"),
    "meter address not 12 digits": (lambda r: bad_row(r, METERS, 1, meter_address="99000000002"),
                                    METERS, 2, "meter_address", "12 digits"),
    "duplicate meter in the batch": (_second_meter_at_other_customer, METERS, 2, "asset_no",
                                     "already in this batch"),
    "unknown tariff": (lambda r: bad_row(r, CUSTOMERS, 1, tariff_code="9999"), CUSTOMERS, 2, "tariff_code",
                       "unknown tariff"),
    "order for an unknown customer": (lambda r: bad_row(r, REQUESTS, 1, customer_no="9900000999"),
                                      REQUESTS, 2, "customer_no", "unknown customer"),
    "replacement without a new meter": (lambda r: bad_row(r, REQUESTS, 0, new_meter_asset_no=""),
                                        REQUESTS, 1, "new_meter_asset_no", "needs the new meter"),
    "prepaid order on a postpaid account": (lambda r: bad_row(r, REQUESTS, 2, customer_no=NEW_A),
                                            REQUESTS, 3, "kind", "no prepaid account"),
    "unknown team": (lambda r: bad_row(r, REQUESTS, 2, team_id="XX-T9"), REQUESTS, 3, "team_id",
                     "unknown team"),
    "technician of another team": (lambda r: bad_row(r, REQUESTS, 0, tech_id="CD201"), REQUESTS, 1, "tech_id",
                                   "not a technician of team"),
    "unknown company": (lambda r: bad_row(r, CUSTOMERS, 0, company_id="C-XX"), CUSTOMERS, 1, "company_id",
                        "unknown company"),
    "duplicate order": (lambda r: bad_row(r, REQUESTS, 1, external_id="SG-1001"), REQUESTS, 2, "external_id",
                        "already in this batch"),
    "RFID tag not a UID": (lambda r: bad_row(r, METERS, 1, tag_uid="04A1B2C3D4E5"), METERS, 2, "tag_uid",
                           "8, 14 or 20 hexadecimal digits"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_row_is_reported_by_row_and_field_and_imports_nothing(engine: Engine, case: str) -> None:
    make, where, row, field, words = BAD[case]
    before = counts(engine)
    report = run_import(engine, make(day_of_work()))
    assert not report.imported
    assert [(e.where, e.row, e.field) for e in report.errors] == [(where, row, field)], report.lines()
    assert words in report.errors[0].message
    assert counts(engine) == before  # nothing: no archive, no order, no change


def test_a_meter_already_installed_at_another_customer_is_refused(engine: Engine) -> None:
    with engine.connect() as conn:
        taken = conn.execute(select(tables.archives.c.asset_no).limit(1)).scalar()
    before = counts(engine)
    report = run_import(engine, bad_row(day_of_work(), METERS, 0, asset_no=taken))
    assert [(e.row, e.field) for e in report.errors] == [(1, "asset_no")]
    assert "installed at" in str(report.errors[0])
    assert counts(engine) == before


def test_importing_the_same_batch_twice_changes_nothing(tmp_path: Path, engine: Engine) -> None:
    authority = TaskAuthority(CommandSigner.load_or_create(tmp_path), MeterKeys.load_demo())
    first = run_import(engine, day_of_work(), authority)
    assert first.imported and first.orders_created == 3
    before, state = counts(engine), snapshot(engine)
    again = run_import(engine, day_of_work(), authority)
    assert again.imported and (again.orders_created, again.orders_unchanged) == (0, 3)
    assert (again.archives_created, again.archives_updated, again.archives_unchanged) == (0, 0, 2)
    assert again.order_nos == first.order_nos == {f"SG-100{i}": f"MS-SG-100{i}" for i in (1, 2, 3)}
    assert counts(engine) == before and snapshot(engine) == state  # not one change-log row more


def test_a_changed_archive_row_updates_the_archive_and_is_synced_down(engine: Engine) -> None:
    assert run_import(engine, day_of_work()).imported
    with engine.connect() as conn:
        head = changelog.head(conn)
    changed: Rows = {CUSTOMERS: [dict(day_of_work()[CUSTOMERS][0], address="成都市锦江区红星路99号",
                                      tariff_code="0201")]}
    report = run_import(engine, changed)
    assert report.imported and report.archives_updated == 1 and report.archives_unchanged == 0
    archives, orders = snapshot(engine)
    assert archives[NEW_A]["customer"]["address"] == "成都市锦江区红星路99号"
    assert archives[NEW_A]["meter"]["asset_no"] == ASSET.format(1)  # the meter row was not in the batch: kept
    with engine.connect() as conn:
        rows = conn.execute(select(tables.change_log).where(tables.change_log.c.cursor > head)).all()
    by_entity = {(r.entity, r.entity_id): r for r in rows}
    assert set(by_entity) == {("archive", NEW_A), ("work_order", "MS-SG-1001")}
    order_change = by_entity[("work_order", "MS-SG-1001")]
    assert order_change.tech_id == TECH  # the technician's handheld gets the new archive in its order
    assert changelog.unpack(order_change.payload)["archive"]["tariff"]["code"] == "0201"
    assert orders["MS-SG-1001"][3]["version"] == 2
    assert by_entity[("archive", NEW_A)].audience == "supervisor"


def test_the_rest_route_imports_for_administrators_only(tmp_path: Path) -> None:
    config = ServerConfig(home=tmp_path, db_url="", port=free_tcp_port(), tls=False)
    run = Running(EmbeddedServer(config).start(demo=small_demo()), small_demo(), "sqlite")
    try:
        doc = to_document("B-REST", day_of_work())
        admin, tech = run.device("ADMIN"), run.device(TECH)
        assert tech.json("POST", "/v1/admin/import", doc).status_code == 403
        body = json.dumps(doc).encode()
        unsigned = tech.session.post(run.base + "/v1/admin/import", data=body, timeout=30,
                                     headers={"Content-Type": "application/json"})
        assert unsigned.status_code == 401
        before = counts(run.engine)
        short_asset = bad_row(day_of_work(), METERS, 0, asset_no="12")
        refused = admin.json("POST", "/v1/admin/import", to_document("B-REST", short_asset))
        assert refused.status_code == 422 and refused.json()["imported"] is False
        assert refused.json()["errors"][0] == {"where": "MeterConfig", "row": 1, "field": "asset_no",
                                               "message": refused.json()["errors"][0]["message"]}
        malformed = admin.json("POST", "/v1/admin/import", {"batch_id": "B"})
        assert malformed.status_code == 400 and "'format' is required" in error_of(malformed)[1]
        assert counts(run.engine) == before
        done = admin.json("POST", "/v1/admin/import", doc)
        assert done.status_code == 200, done.text
        assert done.json()["orders"] == {"created": 3, "unchanged": 0}
        assert {c.entity_id for c in tech.sync().changes if c.entity == "work_order"} >= {"MS-SG-1001"}
        spec = run.server.app.openapi()
        operation = spec["paths"]["/v1/admin/import"]["post"]
        assert {"401", "403", "422"} <= set(operation["responses"])
    finally:
        run.server.stop()


def test_the_utilitys_check_digit_rule_refuses_a_misread_asset_number(engine: Engine) -> None:
    """With the deployment's rule on (here Luhn), asset numbers whose last digit does not check are
    row errors (the meter's and the new meter's); numbers that check import."""
    checked = day_of_work()
    for kind, key in ((METERS, "asset_no"), (REQUESTS, "new_meter_asset_no")):
        for r in checked[kind]:
            if r.get(key):
                body = r[key][1:]  # the number shifted left, so distinct numbers stay distinct
                r[key] = body + identifiers.check_digit(body, "luhn")
    wrong = copy.deepcopy(checked)
    wrong[METERS][1]["asset_no"] = checked[METERS][1]["asset_no"][:-1] + str(
        (int(checked[METERS][1]["asset_no"][-1]) + 1) % 10)
    before = counts(engine)
    refused = import_batch(engine, read_json(json.dumps(to_document("B-CD", wrong)).encode()), now=NOW,
                           asset_check="luhn")
    assert [(e.where, e.row, e.field) for e in refused.errors] == [(METERS, 2, "asset_no")], refused.lines()
    assert "check digit" in refused.errors[0].message and counts(engine) == before
    assert import_batch(engine, read_json(json.dumps(to_document("B-CD", checked)).encode()), now=NOW,
                        asset_check="luhn").imported


def test_the_deployments_tariffs_come_with_the_batch(tmp_path: Path) -> None:
    """A fresh centre knows no tariff: the marketing system's PricingStructure rows define them,
    each row checked; a tariff no row and no earlier batch defined is an unknown tariff."""
    engine = make_engine(sqlite_url(tmp_path / "fresh.db"))
    migrate(engine)
    with engine.begin() as conn:
        conn.execute(tables.teams.insert().values(team_id=TEAM, company_id=COMPANY, name="一班"))
    rows = {k: v for k, v in day_of_work().items() if k != REQUESTS}
    rows[CUSTOMERS] = [c for c in rows[CUSTOMERS] if c["customer_no"] in (NEW_A, NEW_B)]
    refused = run_import(engine, rows)
    assert {(e.field, e.message.split(" (")[0]) for e in refused.errors} == {
        ("tariff_code", "unknown tariff '0101'"), ("tariff_code", "unknown tariff '0102'")}
    tou = tariff_row(next(t for t in TARIFF_TABLE if t.code == "0102"))
    bad = {**rows, TARIFFS: [
        {"tariff_code": "0101", "name": "居民生活用电", "unit_price": "abc"},
        {"tariff_code": "0102", "name": "居民分时", "unit_price": "0.5224", "time_of_use": "yes",
         "sharp_price": "0.78", "peak_price": "0.62", "flat_price": "0.52"},
        {"tariff_code": "0103", "name": "x", "unit_price": "52.24.1"},
        {"tariff_code": "0104", "name": "x", "unit_price": "5224"},
        {"tariff_code": "0105", "name": "x", "unit_price": "0.5", "peak_price": "0.6"},
        {**tou, "tariff_code": "0106", "tou_schedule": "00:00=4;7:00=3"},  # not HH:MM
        {**tou, "tariff_code": "0107", "tou_schedule": "00:00=4;07:00=5"},  # no tariff 5
        {**tou, "tariff_code": "0108", "tou_schedule": "08:00=2;07:00=3"},  # out of order
        {**tou, "tariff_code": "0109", "tou_schedule": ";".join(f"{h:02d}:00=3" for h in range(15))},
        {"tariff_code": "0110", "name": "x", "unit_price": "0.5", "tou_schedule": "00:00=3"}]}
    report = run_import(engine, bad)
    assert [(e.where, e.row, e.field) for e in report.errors] == [
        (TARIFFS, 1, "unit_price"), (TARIFFS, 2, "valley_price"), (TARIFFS, 3, "unit_price"),
        (TARIFFS, 4, "unit_price"), (TARIFFS, 5, "time_of_use"),
        *((TARIFFS, n, "tou_schedule") for n in (6, 7, 8, 9)),
        (TARIFFS, 10, "time_of_use")], report.lines()  # not the customers again
    assert counts(engine) == (0, 0, 0)
    good = {**rows, TARIFFS: [tariff_row(t) for t in TARIFF_TABLE if t.code in ("0101", "0102")]}
    assert run_import(engine, good).imported
    with engine.connect() as conn:
        stored = {r.tariff_code: r.payload for r in conn.execute(select(tables.tariffs))}
    assert set(stored) == {"0101", "0102"} and stored["0102"]["tou_prices"] == ["0.7836", "0.6268", "0.5224",
                                                                                 "0.2612"]
    assert stored["0102"]["tou_table"] == [["00:00", 4], ["07:00", 3], ["08:00", 2], ["11:00", 3],
                                           ["18:00", 2], ["19:00", 1], ["21:00", 2], ["23:00", 4]]
    engine.dispose()


def test_a_changed_tariff_rewrites_every_archive_on_it_and_is_synced_down(engine: Engine) -> None:
    with engine.connect() as conn:
        on_it = set(conn.execute(select(tables.archives.c.customer_no)
                                 .where(tables.archives.c.tariff_code == "0101")).scalars())
        head = changelog.head(conn)
    assert on_it
    dearer = tariff_row(next(t for t in TARIFF_TABLE if t.code == "0101")) | {"unit_price": "0.5500"}
    report = run_import(engine, {TARIFFS: [dearer]})
    assert report.imported and report.archives_updated == len(on_it), report.lines()
    archives, orders = snapshot(engine)
    assert {no for no, a in archives.items() if a["tariff"]["code"] == "0101"} == on_it
    assert all(archives[no]["tariff"]["unit_price"] == "0.5500" for no in on_it)
    with engine.connect() as conn:
        published = set(conn.execute(select(tables.change_log.c.entity_id).where(
            tables.change_log.c.cursor > head, tables.change_log.c.entity == "archive")).scalars())
    assert published == on_it
    reopened = [o for o in orders.values() if o[3]["archive"]["customer"]["customer_no"] in on_it
                and o[0] in ("assigned", "requested")]
    assert reopened and all(o[3]["archive"]["tariff"]["unit_price"] == "0.5500" for o in reopened)
    assert run_import(engine, {TARIFFS: [dearer]}).archives_updated == 0  # again: nothing changes


def test_a_meters_rfid_tag_is_kept_in_canonical_form_and_reaches_the_handheld(engine: Engine) -> None:
    rows = bad_row(day_of_work(), METERS, 0, tag_uid="04 a1 b2 c3 d4 e5 f6")
    assert run_import(engine, rows).imported
    archives, orders = snapshot(engine)
    assert archives[NEW_A]["meter"]["tag_uid"] == "04A1B2C3D4E5F6"
    assert orders["MS-SG-1001"][3]["archive"]["meter"]["tag_uid"] == "04A1B2C3D4E5F6"
