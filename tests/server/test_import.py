"""The marketing-system import: one day of work in JSON, CSV and XLSX, the row-level refusals,
idempotency, a changed archive, the CLI's exit codes and the administrators' REST route."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from app.domain import identifiers
from app.domain.demo_data import TARIFFS as TARIFF_TABLE
from server import changelog, seed
from server.authorisations import MeterKeys, TaskAuthority
from server.commands import CommandSigner
from server.config import ServerConfig
from server.db import make_engine, migrate, sqlite_url, tables
from server.import_rows import (
    CUSTOMERS,
    FIELDS,
    METERS,
    REQUESTS,
    REQUIRED,
    SCHEMA_PATH,
    TARIFFS,
    MalformedFileError,
    read_csv,
    read_file,
    read_json,
    read_xlsx,
    to_csv,
    to_document,
)
from server.importer import ImportReport, import_batch
from server.limits import body_limit
from server.marketing_sim import tariff_row, write_xlsx
from server.run import EmbeddedServer
from tests.server.client import error_of
from tests.server.conftest import Running, small_demo
from tests.support.services import free_tcp_port

ROOT = Path(__file__).resolve().parents[2]
NOW = 1_795_500_000
TECH, TEAM, COMPANY = "CD101", "CD-T1", "C-CD"
NEW_A, NEW_B = "9900000001", "9900000002"
ASSET = "99000000000000000000{:02d}"
Rows = dict[str, list[dict[str, Any]]]


def day_of_work() -> Rows:
    """Two new customers with their meters, an existing customer of the demo; a replacement and an
    inspection for the technician, a recharge left for the team leader to assign."""
    existing = _existing_customer()
    return {
        CUSTOMERS: [
            {"customer_no": NEW_A, "name": "王伟", "address": "成都市锦江区红星路1号", "phone": "13800000001",
             "company_id": COMPANY, "tariff_code": "0101", "prepaid": False},
            {"customer_no": NEW_B, "name": "李娜", "address": "成都市青羊区蜀都大道2号",
             "company_id": COMPANY, "tariff_code": "0102", "prepaid": True},
        ],
        METERS: [
            {"asset_no": ASSET.format(1), "meter_address": "990000000001", "model": "DDZY1080C-Z",
             "manufacturer": "威胜", "customer_no": NEW_A, "install_date": "2019-05-01"},
            {"asset_no": ASSET.format(2), "meter_address": "990000000002", "model": "DDZY285-Z",
             "customer_no": NEW_B},
        ],
        REQUESTS: [
            {"external_id": "SG-1001", "kind": "meter_replace", "customer_no": NEW_A, "team_id": TEAM,
             "tech_id": TECH, "priority": "urgent", "window_start": "2026-11-25T09:00:00+08:00",
             "window_end": "2026-11-25T11:00:00+08:00", "new_meter_asset_no": ASSET.format(11),
             "new_meter_address": "990000000011", "instructions": "表箱在一楼"},
            {"external_id": "SG-1002", "kind": "inspect", "customer_no": existing, "team_id": TEAM,
             "tech_id": TECH, "window_start": "2026-11-25T13:00:00", "window_end": "2026-11-25T14:00:00"},
            {"external_id": "SG-1003", "kind": "recharge", "customer_no": NEW_B, "team_id": TEAM,
             "window_start": "2026-11-25T15:00:00+08:00", "window_end": "2026-11-25T16:00:00+08:00"},
        ],
    }


def _existing_customer() -> str:
    return next(a.customer.customer_no for a in small_demo().archives if a.customer.company_id == COMPANY)


def fresh_engine(tmp_path: Path, name: str = "server.db") -> Engine:
    engine = make_engine(sqlite_url(tmp_path / name))
    migrate(engine)
    seed.seed(engine, small_demo(), now=NOW)
    return engine


def write(tmp_path: Path, fmt: str, rows: Rows, batch_id: str = "B-20261125") -> Path:
    path = tmp_path / f"batch.{fmt}"
    if fmt == "json":
        path.write_text(json.dumps(to_document(batch_id, rows), ensure_ascii=False), encoding="utf-8")
    elif fmt == "csv":
        path.write_text(to_csv(batch_id, rows), encoding="utf-8")
    else:
        write_xlsx(path, batch_id, rows)
    return path


def counts(engine: Engine) -> tuple[int, ...]:
    with engine.connect() as conn:
        return tuple(int(conn.execute(select(func.count()).select_from(t)).scalar() or 0)
                     for t in (tables.archives, tables.orders, tables.change_log))


def snapshot(engine: Engine) -> tuple[dict[str, Any], dict[str, Any]]:
    with engine.connect() as conn:
        archives = {r.customer_no: changelog.unpack(r.payload)
                    for r in conn.execute(select(tables.archives.c.customer_no, tables.archives.c.payload))}
        orders = {r.order_no: (r.status, r.tech_id, r.team_id, changelog.unpack(r.payload))
                  for r in conn.execute(select(tables.orders))}
    return archives, orders


def run_import(engine: Engine, rows: Rows, authority: TaskAuthority | None = None) -> ImportReport:
    return import_batch(engine, read_json(json.dumps(to_document("B-1", rows)).encode()), now=NOW,
                        authority=authority)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = fresh_engine(tmp_path)
    yield eng
    eng.dispose()


def test_the_same_day_in_json_csv_and_xlsx_imports_the_same_archives_and_orders(tmp_path: Path) -> None:
    snapshots = []
    for fmt in ("json", "csv", "xlsx"):
        folder = tmp_path / fmt
        folder.mkdir()
        engine = fresh_engine(folder)
        report = import_batch(engine, read_file(write(folder, fmt, day_of_work())), now=NOW)
        assert report.imported, report.lines()
        assert (report.archives_created, report.orders_created) == (2, 3)
        snapshots.append(snapshot(engine))
        engine.dispose()
    assert snapshots[0] == snapshots[1] == snapshots[2]
    archives, orders = snapshots[0]
    assert archives[NEW_A]["meter"]["asset_no"] == ASSET.format(1)
    assert archives[NEW_A]["meter"]["prepaid"] is False and archives[NEW_B]["tariff"]["code"] == "0102"
    assert archives[NEW_A]["install_date"] == "2019-05-01"
    status, tech, team, payload = orders["MS-SG-1001"]
    assert (status, tech, team) == ("assigned", TECH, TEAM)
    assert payload["new_meter_asset_no"] == ASSET.format(11) and payload["priority"] == "urgent"
    assert payload["archive"]["customer"]["customer_no"] == NEW_A
    assert orders["MS-SG-1002"][3]["window_start"] == "2026-11-25T13:00:00+08:00"  # no offset: China time
    assert orders["MS-SG-1003"][:3] == ("requested", "", TEAM)  # waits for the team leader


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
        assert {c["order_no"] for c in commands} == {"MS-SG-1001"} and len(commands) == 2  # new and old meter
        assert not [c for c in changes if c.entity == "archive"]  # archives reach it inside its orders
        leader = run.device("CD100")
        seen = {c.entity_id for c in leader.pull_all() if c.entity == "work_order"}
        assert {"MS-SG-1001", "MS-SG-1002", "MS-SG-1003"} <= seen  # the team leader sees the one to assign
    finally:
        run.server.stop()


def _bad(rows: Rows, kind: str, index: int, **changes: Any) -> Rows:
    out = copy.deepcopy(rows)
    out[kind][index].update(changes)
    return out


def _second_meter_at_other_customer(rows: Rows) -> Rows:
    out = copy.deepcopy(rows)
    out[METERS][1]["asset_no"] = ASSET.format(1)
    return out


BAD = {
    "malformed asset number": (lambda r: _bad(r, METERS, 0, asset_no="99000000000000000000X1"),
                               METERS, 1, "asset_no", "digits only"),
    "asset number too short": (lambda r: _bad(r, METERS, 0, asset_no="990000000001"),
                               METERS, 1, "asset_no", "looks like a meter address"),
    "meter address not 12 digits": (lambda r: _bad(r, METERS, 1, meter_address="99000000002"),
                                    METERS, 2, "meter_address", "12 digits"),
    "duplicate meter in the batch": (_second_meter_at_other_customer, METERS, 2, "asset_no",
                                     "already in this batch"),
    "unknown tariff": (lambda r: _bad(r, CUSTOMERS, 1, tariff_code="9999"), CUSTOMERS, 2, "tariff_code",
                       "unknown tariff"),
    "order for an unknown customer": (lambda r: _bad(r, REQUESTS, 1, customer_no="9900000999"),
                                      REQUESTS, 2, "customer_no", "unknown customer"),
    "replacement without a new meter": (lambda r: _bad(r, REQUESTS, 0, new_meter_asset_no=""),
                                        REQUESTS, 1, "new_meter_asset_no", "needs the new meter"),
    "prepaid order on a postpaid account": (lambda r: _bad(r, REQUESTS, 2, customer_no=NEW_A),
                                            REQUESTS, 3, "kind", "no prepaid account"),
    "unknown team": (lambda r: _bad(r, REQUESTS, 2, team_id="XX-T9"), REQUESTS, 3, "team_id", "unknown team"),
    "technician of another team": (lambda r: _bad(r, REQUESTS, 0, tech_id="CD201"), REQUESTS, 1, "tech_id",
                                   "not a technician of team"),
    "unknown company": (lambda r: _bad(r, CUSTOMERS, 0, company_id="C-XX"), CUSTOMERS, 1, "company_id",
                        "unknown company"),
    "duplicate order": (lambda r: _bad(r, REQUESTS, 1, external_id="SG-1001"), REQUESTS, 2, "external_id",
                        "already in this batch"),
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
    report = run_import(engine, _bad(day_of_work(), METERS, 0, asset_no=taken))
    assert [(e.row, e.field) for e in report.errors] == [(1, "asset_no")]
    assert "installed at" in str(report.errors[0])
    assert counts(engine) == before


def test_the_csv_and_xlsx_reports_name_the_file_line_and_sheet_row(tmp_path: Path, engine: Engine) -> None:
    rows = _bad(day_of_work(), CUSTOMERS, 1, tariff_code="9999")
    csv_report = import_batch(engine, read_file(write(tmp_path, "csv", rows)), now=NOW)
    assert [(e.where, e.row) for e in csv_report.errors] == [("batch.csv (CustomerMeterDataSet)", 4)]
    xlsx_report = import_batch(engine, read_file(write(tmp_path, "xlsx", rows)), now=NOW)
    assert [(e.where, e.row) for e in xlsx_report.errors] == [("CustomerMeterDataSet", 3)]


def test_an_asset_number_as_a_spreadsheet_number_is_a_row_error(tmp_path: Path, engine: Engine) -> None:
    rows = day_of_work()
    rows[METERS][0]["asset_no"] = 9.9e21  # what Excel makes of a 22-digit number typed into a cell
    report = import_batch(engine, read_file(write(tmp_path, "xlsx", rows)), now=NOW)
    assert [(e.where, e.row, e.field) for e in report.errors] == [("MeterConfig", 2, "asset_no")]
    assert "text cell" in report.errors[0].message


@pytest.mark.parametrize(("name", "data", "words"), [
    ("batch.xlsx", b"PK\x03\x04 this is no workbook", "not an XLSX workbook"),
    ("batch.xlsx", b"record_type,batch_id\nBatch,B1\n", "not an XLSX workbook"),
    ("batch.csv", b'record_type,batch_id\nBatch,"B1\n', "broken CSV"),
    ("batch.csv", b"customer_no,name\n1,2\n", "no 'record_type' column"),
    ("batch.csv", b"record_type,batch_id,colour\nBatch,B1,red\n", "unknown column"),
    ("batch.json", b"{not json", "not JSON"),
    ("batch.json", json.dumps({"format": "meterfield-import/1", "batch_id": "B1",
                               "MeterConfig": [{"asset_no": 1}]}).encode(), "$.MeterConfig[0]"),
    ("batch.json", json.dumps({"format": "meterfield-import/1", "batch_id": "B1",
                               "MeterServiceRequests": [{"external_id": "1", "kind": "paint",
                                                         "customer_no": "1", "team_id": "T",
                                                         "window_start": "", "window_end": ""}]}).encode(),
     "must be one of"),
    ("batch.json", json.dumps({"batch_id": "B1"}).encode(), "'format' is required"),
    ("batch.txt", b"hello", "unknown file type"),
])
def test_a_malformed_file_is_one_clear_error(tmp_path: Path, name: str, data: bytes, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(MalformedFileError, match=None) as caught:
        read_file(path)
    assert words in str(caught.value)


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


def test_the_cli_prints_the_report_and_exits_0_1_or_2(tmp_path: Path) -> None:
    engine = fresh_engine(tmp_path)
    before = counts(engine)
    url = sqlite_url(tmp_path / "server.db")

    def cli(path: Path) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "main.py", "--home", str(tmp_path / "home"), "server", "import", str(path),
                "--db", url]
        return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)

    bad = cli(write(tmp_path, "csv", _bad(day_of_work(), CUSTOMERS, 1, tariff_code="9999")))
    assert bad.returncode == 1, bad.stderr
    assert "REFUSED" in bad.stdout
    assert "CustomerMeterDataSet) row 4, tariff_code: unknown tariff" in bad.stdout
    assert counts(engine) == before
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    malformed = cli(broken)
    assert malformed.returncode == 2 and "not an XLSX workbook" in malformed.stderr
    assert "Traceback" not in malformed.stderr
    good = cli(write(tmp_path, "xlsx", day_of_work()))
    assert good.returncode == 0, good.stderr
    assert "imported" in good.stdout and "orders 3 created" in good.stdout
    again = cli(write(tmp_path, "xlsx", day_of_work()))
    assert again.returncode == 0 and "orders 0 created, 3 already imported" in again.stdout
    with engine.connect() as conn:
        kinds = conn.execute(select(tables.change_log.c.payload)
                             .where(tables.change_log.c.entity == "command")).all()
    assert len(kinds) == 2  # the demo database: the replacement's authorisations with the demo keys
    engine.dispose()


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
        refused = admin.json("POST", "/v1/admin/import", to_document("B-REST", _bad(day_of_work(), METERS, 0,
                                                                                    asset_no="12")))
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


def test_the_readers_agree_row_for_row() -> None:
    rows = day_of_work()
    from_json = read_json(json.dumps(to_document("B", rows)).encode())
    from_csv = read_csv(to_csv("B", rows).encode())
    for kind in (CUSTOMERS, METERS, REQUESTS):
        assert [r.values for r in from_json.of(kind)] == [r.values for r in from_csv.of(kind)]


def test_xlsx_reader_reads_what_openpyxl_wrote(tmp_path: Path) -> None:
    rows = day_of_work()
    batch = read_xlsx(write(tmp_path, "xlsx", rows).read_bytes())
    assert batch.batch_id == "B-20261125"
    assert [r.get("asset_no") for r in batch.of(METERS)] == [ASSET.format(1), ASSET.format(2)]
    assert [r.get("prepaid") for r in batch.of(CUSTOMERS)] == ["no", "yes"]


def test_the_published_schema_and_the_readers_name_the_same_fields() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    defs = {CUSTOMERS: "CustomerMeterDataSet", METERS: "MeterConfig", REQUESTS: "MeterServiceRequest"}
    for kind, name in defs.items():
        assert tuple(schema["$defs"][name]["properties"]) == FIELDS[kind]
        assert tuple(schema["$defs"][name]["required"]) == REQUIRED[kind]
    assert body_limit("/v1/admin/import") == 8 * 1024 * 1024  # a day's batch; other admin routes: 64 KiB


def test_the_drop_folder_files_each_batch_with_its_reply(tmp_path: Path, engine: Engine) -> None:
    from server.import_drop import folders, process_once

    incoming, done, rejected = folders(tmp_path / "drop")
    write(tmp_path, "xlsx", day_of_work()).replace(incoming / "a-day.xlsx")
    bad = _bad(day_of_work(), CUSTOMERS, 1, tariff_code="9999")
    write(tmp_path, "csv", bad).replace(incoming / "b-bad.csv")
    (incoming / "c-broken.json").write_text("{", encoding="utf-8")
    (incoming / "d-half.tmp").write_text("being written", encoding="utf-8")
    results = process_once(engine, tmp_path / "drop", now=NOW, settle_s=0)
    assert [(d.name, d.imported) for d in results] == [("a-day.xlsx", True), ("b-bad.csv", False),
                                                       ("c-broken.json", False)]
    assert sorted(p.name for p in incoming.iterdir()) == ["d-half.tmp"]  # not a batch (yet)
    assert (done / "a-day.xlsx").is_file()
    assert json.loads((done / "a-day.xlsx.report.json").read_text())["imported"]
    reply = json.loads((rejected / "b-bad.csv.report.json").read_text())
    assert reply["errors"][0]["field"] == "tariff_code" and reply["errors"][0]["row"] == 4
    assert "not JSON" in json.loads((rejected / "c-broken.json.report.json").read_text())["malformed"]
    write(tmp_path, "json", day_of_work()).replace(incoming / "e-again.json")
    before = counts(engine)
    assert [d.imported for d in process_once(engine, tmp_path / "drop", now=NOW, settle_s=0)] == [True]
    assert counts(engine) == before  # the same day again (another file, the same orders): nothing new


def test_the_simulated_marketing_system_drops_a_day_the_cron_imports(tmp_path: Path) -> None:
    """The simulator is its own process and only writes files, as SG186 does; the operator's
    cron (``import-drop --once``) imports what it dropped, in each format."""
    fresh_engine(tmp_path).dispose()
    url, drop_dir = sqlite_url(tmp_path / "server.db"), tmp_path / "drop"
    for fmt in ("xlsx", "csv", "json"):
        sim = _run("-m", "server.marketing_sim", "drop", str(drop_dir), "--orders", "6", "--format", fmt,
                   "--assign")
        assert sim.returncode == 0 and "dropped 6 orders" in sim.stdout, sim.stderr
        [dropped] = [p for p in (drop_dir / "incoming").iterdir() if p.suffix == f".{fmt}"]
        os.utime(dropped, (time.time() - 5, time.time() - 5))  # the cron's next pass, not this second
        cron = _run("main.py", "--home", str(tmp_path / "home"), "server", "import-drop", str(drop_dir),
                    "--once", "--db", url)
        assert cron.returncode == 0 and f"{dropped.name}: imported" in cron.stdout, (cron.stdout, cron.stderr)
        report = json.loads((drop_dir / "done" / f"{dropped.name}.report.json").read_text())
        assert report["errors"] == [] and len(report["order_nos"]) == 6
    assert not list((drop_dir / "incoming").iterdir()) and not list((drop_dir / "sending").iterdir())


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *argv], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=False)


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


def test_a_batch_short_of_its_control_total_is_refused_whole(tmp_path: Path, engine: Engine) -> None:
    """A transfer cut short (the last line of the CSV, the last row of a sheet, an item of the JSON
    lost) no longer holds the rows the sender counted: refused as malformed, nothing imported."""
    from openpyxl import load_workbook

    rows, before = day_of_work(), counts(engine)
    csv_file = tmp_path / "cut.csv"
    csv_file.write_text("".join(to_csv("B-CUT", rows).splitlines(keepends=True)[:-1]), encoding="utf-8")
    doc = to_document("B-CUT", rows)
    doc[REQUESTS] = doc[REQUESTS][:-1]
    json_file = tmp_path / "cut.json"
    json_file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    xlsx_file = write_xlsx(tmp_path / "cut.xlsx", "B-CUT", rows)
    book = load_workbook(xlsx_file)
    book[REQUESTS].delete_rows(book[REQUESTS].max_row)
    book.save(xlsx_file)
    for path in (csv_file, json_file, xlsx_file):
        with pytest.raises(MalformedFileError, match="control total says 7 rows, the file holds 6"):
            read_file(path)
    assert counts(engine) == before
    assert run_import(engine, rows).imported  # the whole batch, counted right, imports


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
    bad = {**rows, TARIFFS: [
        {"tariff_code": "0101", "name": "居民生活用电", "unit_price": "abc"},
        {"tariff_code": "0102", "name": "居民分时", "unit_price": "0.5224", "time_of_use": "yes",
         "sharp_price": "0.78", "peak_price": "0.62", "flat_price": "0.52"},
        {"tariff_code": "0103", "name": "x", "unit_price": "52.24.1"},
        {"tariff_code": "0104", "name": "x", "unit_price": "5224"},
        {"tariff_code": "0105", "name": "x", "unit_price": "0.5", "peak_price": "0.6"}]}
    report = run_import(engine, bad)
    assert [(e.where, e.row, e.field) for e in report.errors] == [
        (TARIFFS, 1, "unit_price"), (TARIFFS, 2, "valley_price"), (TARIFFS, 3, "unit_price"),
        (TARIFFS, 4, "unit_price"), (TARIFFS, 5, "time_of_use")], report.lines()  # not the customers again
    assert counts(engine) == (0, 0, 0)
    good = {**rows, TARIFFS: [tariff_row(t) for t in TARIFF_TABLE if t.code in ("0101", "0102")]}
    assert run_import(engine, good).imported
    with engine.connect() as conn:
        stored = {r.tariff_code: r.payload for r in conn.execute(select(tables.tariffs))}
    assert set(stored) == {"0101", "0102"} and stored["0102"]["tou_prices"] == ["0.7836", "0.6268", "0.5224",
                                                                                 "0.2612"]
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
