"""Results back to the marketing system, in IEC 61968-9 terms, incrementally by a cursor.

When the centre applies a terminal's ``work_result`` it appends a ``result`` entry to the
change log (:func:`server.apply._publish_result`). Each such entry becomes one export record:

- ``MeterServiceWork``: the work done at the customer's meter point (for a replacement, the
  meter exchange: the removed meter with its final reading, the installed meter with its start
  reading, the seals applied, the tariff set, who did it and when);
- ``MeterReadings``: every value the terminal read over infrared, per meter, each with its
  DL/T 645 data identifier, value, unit, time and source.

The cursor is the change log's: a caller keeps the ``cursor`` of the last page and asks again
with it, so each result is exported once however often the export runs; ``more`` says a further
page is waiting. Nothing here changes the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select

from app.domain.meter_items import MeterItem
from app.domain.records import UNFINISHED
from server import changelog
from server.db import reading, tables

EXPORT_VERSION = 1
MAX_PAGE = 500
ROLES = {"old": "removed", "new": "installed", "inspected": "inspected"}
TOTAL = MeterItem.FORWARD_TOTAL.code  # the register a final or initial reading is


@dataclass(frozen=True, slots=True)
class ExportPage:
    records: list[dict[str, Any]]
    cursor: int  # pass it as ``since`` next time
    more: bool

    def to_json(self) -> dict[str, Any]:
        return {"version": EXPORT_VERSION, "cursor": self.cursor, "more": self.more,
                "records": self.records}


def export_results(engine: Engine, since: int, limit: int = MAX_PAGE) -> ExportPage:
    """The results completed after change-log position ``since`` (at most ``limit`` of them)."""
    if since < 0 or not 0 < limit <= MAX_PAGE:
        raise ValueError(f"since must be >= 0 and limit 1..{MAX_PAGE}")
    c = tables.change_log.c
    with reading(engine) as conn:
        rows = conn.execute(select(c.cursor, c.payload, c.company_id).where(
            c.entity == "result", c.cursor > since).order_by(c.cursor).limit(limit + 1)).all()
    page = rows[:limit]
    records = [record(changelog.unpack(r.payload), r.company_id or "") for r in page]
    cursor = page[-1].cursor if page else since
    return ExportPage(records, int(cursor), len(rows) > limit)


def record(result: dict[str, Any], company_id: str = "") -> dict[str, Any]:
    """One order's result as a ``MeterServiceWork`` with its ``MeterReadings``."""
    return {"MeterServiceWork": service_work(result, company_id), "MeterReadings": meter_readings(result)}


def service_work(result: dict[str, Any], company_id: str = "") -> dict[str, Any]:
    readings = list(result.get("readings") or [])
    old, new = result.get("old_meter") or {}, result.get("new_meter") or {}
    work: dict[str, Any] = {
        "mRID": result.get("order_no", ""), "kind": result.get("kind", ""),
        # an order ended on site with a reason goes back to the marketing system as not done
        "status": "notCompleted" if result.get("outcome") == UNFINISHED else "completed",
        "completedDateTime": result.get("completed_at", ""),
        "organisation": {"mRID": company_id},
        "customer": {"mRID": result.get("customer_no", "")},
        "technician": {"mRID": result.get("technician", "")},
        "seals": [{"sealNumber": s.get("seal_no", ""), "kind": s.get("position", ""),
                   "meter": s.get("meter_asset_no", ""), "appliedDateTime": s.get("scanned_at", ""),
                   "source": s.get("source", "")} for s in result.get("seals") or []],
        "attachments": list(result.get("attachments") or []),
    }
    if old:
        work["removedMeter"] = {"mRID": old.get("asset_no", ""), "amrSystemAddress": old.get("address", ""),
                                "finalReading": _register(readings, "old")}
    if new:
        work["installedMeter"] = {"mRID": new.get("asset_no", ""),
                                  "amrSystemAddress": new.get("address", ""),
                                  "fromStock": bool(new.get("from_stock", False)),
                                  "installedDateTime": new.get("installed_at", ""),
                                  "initialReading": _register(readings, "new")}
    if result.get("outcome") == UNFINISHED:
        work["reason"] = result.get("reason", "")
    if result.get("findings") is not None:  # an inspection: what the comparison found (may be none)
        work["findings"] = [{"rule": f.get("rule", ""), "severity": f.get("severity", ""),
                             "expected": f.get("expected", ""), "found": f.get("found", ""),
                             "correctable": bool(f.get("correctable"))}
                            for f in result.get("findings") or [] if isinstance(f, dict)]
    purchase, payment = result.get("purchase"), result.get("payment")
    if isinstance(purchase, dict):  # a prepaid purchase: what the card holds after it, and how it was paid
        paid = payment if isinstance(payment, dict) else {}
        work["prepaidPurchase"] = {
            "amountFen": purchase.get("amount_fen"), "cardSerial": purchase.get("card_serial", ""),
            "purchaseCount": purchase.get("count_after"),
            "balanceAfterFen": purchase.get("balance_after_fen"),
            "paymentMethod": paid.get("method", ""), "paymentReference": paid.get("reference", "")}
    tariff = result.get("tariff")
    if isinstance(tariff, dict):
        work["tariff"] = {"code": tariff.get("code", ""), "prices": list(tariff.get("prices") or [])}
    return work


def meter_readings(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The readings grouped by meter, in the order they were read."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    assets = {"old": (result.get("old_meter") or {}).get("asset_no", ""),
              "new": (result.get("new_meter") or {}).get("asset_no", "")}
    for r in result.get("readings") or []:
        role = str(r.get("role", ""))
        key = (role, str(r.get("meter_address", "")))
        group = groups.setdefault(key, {"meter": {"mRID": assets.get(role, ""), "amrSystemAddress": key[1]},
                                        "role": ROLES.get(role, role), "readings": []})
        group["readings"].append({"readingType": {"dlt645DataId": r.get("di", "")},
                                  "value": r.get("value", ""), "unit": r.get("unit", ""),
                                  "timeStamp": r.get("read_at", ""), "source": r.get("source", "")})
    return list(groups.values())


def _register(readings: list[dict[str, Any]], role: str) -> dict[str, Any] | None:
    """The forward active energy total of the ``role`` meter (kWh), as read."""
    for r in readings:
        if r.get("role") == role and r.get("di") == TOTAL:
            return {"readingType": {"dlt645DataId": TOTAL}, "value": r.get("value", ""),
                    "unit": r.get("unit", ""), "timeStamp": r.get("read_at", "")}
    return None
