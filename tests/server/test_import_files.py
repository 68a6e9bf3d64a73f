"""The marketing-system import's files: the same day in JSON, CSV and XLSX, the readers and the
published schema, malformed files and control totals, the CLI's exit codes, the file drop and
the simulated marketing system feeding it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from app.domain.demo_data import TARIFFS as TARIFF_TABLE
from server.db import sqlite_url, tables
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
from server.importer import import_batch
from server.limits import body_limit
from server.marketing_sim import tariff_row, write_xlsx
from tests.server.import_kit import (
    ASSET,
    NEW_A,
    NEW_B,
    NOW,
    ROOT,
    TEAM,
    TECH,
    bad_row,
    counts,
    day_of_work,
    fresh_engine,
    run_import,
    snapshot,
    write,
)


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


def test_the_csv_and_xlsx_reports_name_the_file_line_and_sheet_row(tmp_path: Path, engine: Engine) -> None:
    rows = bad_row(day_of_work(), CUSTOMERS, 1, tariff_code="9999")
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


def test_the_cli_prints_the_report_and_exits_0_1_or_2(tmp_path: Path) -> None:
    engine = fresh_engine(tmp_path)
    before = counts(engine)
    url = sqlite_url(tmp_path / "server.db")

    def cli(path: Path) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "main.py", "--home", str(tmp_path / "home"), "server", "import", str(path),
                "--db", url]
        return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)

    bad = cli(write(tmp_path, "csv", bad_row(day_of_work(), CUSTOMERS, 1, tariff_code="9999")))
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
    assert len(kinds) == 3  # the demo database: the replacement's two authorisations and the inspection's
    # one, with the demo keys
    engine.dispose()


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
    bad = bad_row(day_of_work(), CUSTOMERS, 1, tariff_code="9999")
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


def test_a_price_may_be_a_spreadsheet_number(tmp_path: Path, engine: Engine) -> None:
    """Unlike identifiers, a tariff's prices survive as XLSX number cells (0.5500, not text)."""
    dearer = {**tariff_row(next(t for t in TARIFF_TABLE if t.code == "0101")), "unit_price": 0.55}
    path = write_xlsx(tmp_path / "prices.xlsx", "B-PRICE", {TARIFFS: [dearer]})
    report = import_batch(engine, read_file(path), now=NOW)
    assert report.imported and report.archives_updated > 0, report.lines()
    with engine.connect() as conn:
        price = conn.execute(select(tables.tariffs.c.payload)
                             .where(tables.tariffs.c.tariff_code == "0101")).scalar_one()["unit_price"]
    assert price == "0.55"
