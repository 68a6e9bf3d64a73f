"""The simulated marketing system (SG186) for the tests and the demo: it speaks to the centre as the
real one does, in the documented format ``meterfield-import/1`` (docs/interfaces.md). It turns
work orders into a day's batch (customers, meters, service requests), writes it as XLSX, CSV or
JSON, drops it into the centre's file drop the way a sender must (``NAME.tmp`` renamed), and
reads the results back from the export. Run as its own process::

    python -m server.marketing_sim drop DIR [--orders N] [--format xlsx|csv|json] [--team T]

It knows nothing of the centre's database: only files, as the real system would.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from app.domain.demo_data import generate
from app.domain.entities import Archive, Tariff
from app.domain.work_orders import WorkOrder
from server.import_rows import CUSTOMERS, FIELDS, METERS, REQUESTS, ROW_TYPES, TARIFFS, to_csv, to_document

Rows = dict[str, list[dict[str, Any]]]
REPLACING_KINDS = frozenset({"meter_replace", "new_install", "fault"})


def external_id(order: WorkOrder) -> str:
    """The marketing system's own id of an order (its order number without our prefix)."""
    return order.order_no.removeprefix("MS-")


def day_batch(orders: Iterable[WorkOrder], team_of: Callable[[WorkOrder], str], *,
              assign: bool = False) -> Rows:
    """The rows of a batch carrying ``orders`` with their archives: each order dispatched to the
    team ``team_of(order)``, and to its technician too when ``assign``."""
    rows: Rows = {TARIFFS: [], CUSTOMERS: [], METERS: [], REQUESTS: []}
    seen: set[str] = set()
    for order in orders:
        archive, customer, meter = order.archive, order.archive.customer, order.archive.meter
        if archive.tariff.code not in {t["tariff_code"] for t in rows[TARIFFS]}:
            rows[TARIFFS].append(tariff_row(archive.tariff))
        if customer.customer_no not in seen:
            seen.add(customer.customer_no)
            rows[CUSTOMERS].append({
                "customer_no": customer.customer_no, "name": customer.name, "address": customer.address,
                "phone": customer.phone, "company_id": customer.company_id,
                "tariff_code": archive.tariff.code, "prepaid": meter.prepaid,
                "transformer": customer.transformer})
            rows[METERS].append({
                "asset_no": meter.asset_no, "meter_address": meter.address, "model": meter.model,
                "manufacturer": meter.manufacturer, "wiring": meter.wiring,
                "rated_current": meter.rated_current, "customer_no": customer.customer_no,
                "install_date": archive.install_date.isoformat() if archive.install_date else "",
                "tag_uid": meter.tag_uid})
        request: dict[str, Any] = {
            "external_id": external_id(order), "kind": order.kind.value, "customer_no": customer.customer_no,
            "team_id": team_of(order), "priority": order.priority.value,
            "window_start": order.window_start.isoformat(), "window_end": order.window_end.isoformat(),
            "title": order.title, "instructions": order.instructions}
        if assign and order.tech_id:
            request["tech_id"] = order.tech_id
        if order.kind.value in REPLACING_KINDS and order.new_meter_asset_no:
            request.update(new_meter_asset_no=order.new_meter_asset_no,
                           new_meter_address=order.new_meter_address)
        rows[REQUESTS].append(request)
    return rows


def morning_requests(archives: Iterable[Archive], team_id: str, *, count: int, day: str) -> Rows:
    """The marketing system's new service requests of the morning, for customers the centre already
    holds, sent to ``team_id`` without a technician: the team leader dispatches them (inspections,
    and recharges for prepaid accounts). The external ids are stable for the same ``archives`` and
    ``day`` (``YYYY-MM-DD``), so sending the batch again changes nothing."""
    requests = []
    for i, archive in enumerate(list(archives)[:count]):
        kind = "recharge" if archive.meter.prepaid and i % 2 else "inspect"
        hour = 9 + 2 * i % 8
        requests.append({
            "external_id": f"SG{day[2:].replace('-', '')}-{i + 1:02d}", "kind": kind,
            "customer_no": archive.customer.customer_no, "team_id": team_id, "priority": "normal",
            "window_start": f"{day}T{hour:02d}:00:00+08:00",
            "window_end": f"{day}T{hour + 2:02d}:00:00+08:00",
            "title": "", "instructions": ""})
    return {REQUESTS: requests}


def tariff_row(tariff: Tariff) -> dict[str, Any]:
    """A ``PricingStructure`` row: the tariff as the marketing system defines it."""
    row: dict[str, Any] = {"tariff_code": tariff.code, "name": tariff.name,
                           "unit_price": str(tariff.unit_price), "time_of_use": tariff.time_of_use}
    if tariff.time_of_use:
        row.update(zip(("sharp_price", "peak_price", "flat_price", "valley_price"),
                       (str(p) for p in tariff.tou_prices), strict=True))
    if tariff.tou_table:
        row["tou_schedule"] = ";".join(f"{hhmm}={n}" for hhmm, n in tariff.tou_table)
    return row


def write_xlsx(path: Path, batch_id: str, rows: Rows) -> Path:
    """The batch as an XLSX workbook: a ``Batch`` sheet and one sheet per row type, every value a
    text cell (a 22-digit asset number does not survive as a spreadsheet number)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Batch"
    sheet.append(["batch_id", "row_count"])
    sheet.append([batch_id, str(sum(len(rows.get(k, [])) for k in ROW_TYPES))])
    for kind in ROW_TYPES:
        ws = book.create_sheet(kind)
        ws.append(list(FIELDS[kind]))
        for row in rows.get(kind, []):
            ws.append([_cell(row.get(f)) for f in FIELDS[kind]])
    book.save(path)
    return path


def _cell(value: Any) -> Any:
    return "yes" if value is True else "no" if value is False else value


def write_batch(path: Path, batch_id: str, rows: Rows) -> Path:
    """The batch in the format ``path``'s extension names (.xlsx, .csv, .json)."""
    if path.suffix == ".xlsx":
        return write_xlsx(path, batch_id, rows)
    if path.suffix == ".csv":
        path.write_text(to_csv(batch_id, rows), encoding="utf-8")
    elif path.suffix == ".json":
        path.write_text(json.dumps(to_document(batch_id, rows), ensure_ascii=False), encoding="utf-8")
    else:
        raise ValueError(f"unknown batch format: {path.name} (.xlsx, .csv or .json)")
    return path


def drop(folder: Path, name: str, batch_id: str, rows: Rows) -> Path:
    """Put the batch into the file drop as a sender must: written as ``NAME.tmp``, then renamed
    (the drop never sees half a file). Returns the dropped file."""
    incoming, staging = folder / "incoming", folder / "sending"
    incoming.mkdir(parents=True, exist_ok=True)
    staging.mkdir(exist_ok=True)
    written = write_batch(staging / name, batch_id, rows)  # outside incoming: the drop never sees it
    partial = incoming / (name + ".tmp")
    os.replace(written, partial)
    os.replace(partial, incoming / name)
    return incoming / name


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="marketing_sim", description="the simulated marketing system")
    sub = parser.add_subparsers(dest="command", required=True)
    put = sub.add_parser("drop", help="drop a day's batch of the demo utility's orders into DIR/incoming")
    put.add_argument("folder", type=Path, help="the centre's file-drop folder")
    put.add_argument("--orders", type=int, default=20, help="how many open orders (default 20)")
    put.add_argument("--format", choices=("xlsx", "csv", "json"), default="xlsx")
    put.add_argument("--assign", action="store_true", help="name each order's technician too")
    args = parser.parse_args(argv)
    utility = generate()
    team_of_tech = {u.user_id: u.team_id for u in utility.users if u.team_id}
    first_team = {t.company_id: t.team_id for t in reversed(utility.teams)}

    def team_of(order: WorkOrder) -> str:
        return team_of_tech.get(order.tech_id) or first_team[order.archive.customer.company_id]

    orders = [o for o in utility.orders if o.is_open][: max(args.orders, 0)]
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    dropped = drop(args.folder, f"SG186-{stamp}.{args.format}", f"SG186-{stamp}",
                   day_batch(orders, team_of, assign=args.assign))
    print(f"dropped {len(orders)} orders: {dropped}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
