"""The marketing-system import's test kit: one day of work as rows, a seeded database, and
the counts and snapshots the import tests compare before and after."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from server import changelog, seed
from server.authorisations import TaskAuthority
from server.db import make_engine, migrate, sqlite_url, tables
from server.import_rows import (
    CUSTOMERS,
    METERS,
    REQUESTS,
    read_json,
    to_csv,
    to_document,
)
from server.importer import ImportReport, import_batch
from server.marketing_sim import write_xlsx
from tests.server.conftest import small_demo

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

def bad_row(rows: Rows, kind: str, index: int, **changes: Any) -> Rows:
    """``rows`` with row ``index`` of ``kind`` changed."""
    out = copy.deepcopy(rows)
    out[kind][index].update(changes)
    return out
