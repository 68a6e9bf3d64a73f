"""Inspections at the centre: the meter as read on site compared with the records, the findings kept.

When an inspection's work result arrives (:mod:`server.apply`), its :class:`MeterSnapshot` is
compared (:func:`app.domain.inspection_rules.compare`, the rules both ends share) with what the
centre knows of that metering point: the archive (meter, tariff), the previous inspection of
the same meter (last reading, last visit, cover-open count then) and the seals last applied
to it (``meter_seals``, from replacement results). Each finding is a row of
``inspection_findings`` (listed for the team leader, ``GET /v1/inspections``) and rides in the
published result, so the supervisors' terminals and the export to the marketing system carry
it too. A replacement's result records the seals it applied, the record the next inspection
checks.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select

from app.domain import identifiers
from app.domain.errors import DomainError
from app.domain.inspection import ArchiveExpectation, Finding, MeterSnapshot, SealSeen
from app.domain.inspection_rules import compare
from app.domain.records import SealPosition
from app.domain.serialize import from_record, to_record
from server import changelog
from server.auth import Caller
from server.db import reading, tables
from server.errors import RefusedError
from server.orders import StoredOrder
from server.scope import order_visible

OPEN = "open"
STATUSES = (OPEN, "corrected", "correction_failed")


def snapshot_of(payload: dict[str, Any]) -> MeterSnapshot:
    """The result's snapshot; a missing or unreadable one is refused (kept and flagged)."""
    raw = payload.get("snapshot")
    if not isinstance(raw, dict):
        raise RefusedError("invalid", "an inspection's result must carry the meter snapshot read on site")
    try:
        return from_record(MeterSnapshot, raw)
    except (DomainError, ArithmeticError, ValueError, TypeError, KeyError) as exc:
        raise RefusedError("invalid", f"the inspection's meter snapshot could not be read: {exc}") from None


def record_inspection(conn: Connection, stored: StoredOrder, payload: dict[str, Any], *,
                      now: int) -> list[Finding]:
    """Compare the inspection with the records, keep it and its findings (the caller's transaction)."""
    snapshot = snapshot_of(payload)
    archive = stored.order.archive
    meter = identifiers.canonical(archive.meter.asset_no)
    previous = _previous(conn, meter, stored.order.order_no)
    expected = ArchiveExpectation.from_archive(
        archive, last_reading_kwh=previous[0] if previous else None,
        last_visit=previous[1] if previous else None,
        cover_open_count_at_last_visit=previous[2] if previous else None,
        seals_on_record=seals_on_record(conn, meter))
    findings = compare(snapshot, expected)
    i, f = tables.inspections.c, tables.inspection_findings.c
    conn.execute(delete(tables.inspection_findings).where(f.order_no == stored.order.order_no))
    conn.execute(delete(tables.inspections).where(i.order_no == stored.order.order_no))
    conn.execute(insert(tables.inspections).values(
        order_no=stored.order.order_no, meter_asset_no=meter, customer_no=archive.customer.customer_no,
        team_id=stored.team_id, company_id=stored.company_id,
        inspected_at=int(snapshot.read_at.timestamp()), forward_total=str(snapshot.forward_kwh[0]),
        cover_open_count=snapshot.cover_open_count, findings=len(findings),
        snapshot=changelog.pack(to_record(snapshot)), received_at=now))
    if findings:
        conn.execute(insert(tables.inspection_findings), [
            {"order_no": stored.order.order_no, "meter_asset_no": meter, "team_id": stored.team_id,
             "company_id": stored.company_id, "rule": x.rule, "severity": x.severity.value,
             "expected": x.expected[:300], "found": x.found[:300], "correctable": x.correctable,
             "correction": changelog.pack(to_record(x.correction) if x.correction else {}),
             "status": OPEN, "created_at": now} for x in findings])
    return findings


def _previous(conn: Connection, meter: str, order_no: str) -> tuple[Decimal, datetime, int] | None:
    """The meter's latest earlier inspection: its total reading, when, and the cover-open count then."""
    i = tables.inspections.c
    row = conn.execute(select(i.forward_total, i.inspected_at, i.cover_open_count)
                       .where(i.meter_asset_no == meter, i.order_no != order_no)
                       .order_by(i.inspected_at.desc()).limit(1)).first()
    if row is None:
        return None
    try:
        total = Decimal(row.forward_total)
    except InvalidOperation:
        return None
    return total, datetime.fromtimestamp(row.inspected_at, UTC), int(row.cover_open_count)


def seals_on_record(conn: Connection, meter: str) -> tuple[SealSeen, ...]:
    s = tables.meter_seals.c
    rows = conn.execute(select(s.position, s.seal_no).where(s.meter_asset_no == meter)
                        .order_by(s.position)).all()
    return tuple((SealPosition(r.position), r.seal_no) for r in rows)


def record_seals(conn: Connection, stored: StoredOrder, payload: dict[str, Any], *, now: int) -> None:
    """A replacement's seals become its new meter's seals on record (the ones it replaces go)."""
    new = payload.get("new_meter")
    if not isinstance(new, dict) or not isinstance(new.get("asset_no"), str):
        return
    meter = identifiers.canonical(new["asset_no"])
    applied: dict[str, str] = {}
    for seal in payload.get("seals") or []:
        if not isinstance(seal, dict):
            continue
        try:
            position = SealPosition(str(seal.get("position"))).value
            applied[position] = identifiers.seal_no(str(seal.get("seal_no")))
        except (ValueError, DomainError):
            continue  # the seal itself was validated (and flagged) as its own record
    if not applied:
        return
    s = tables.meter_seals.c
    conn.execute(delete(tables.meter_seals).where(s.meter_asset_no == meter))
    conn.execute(insert(tables.meter_seals), [
        {"meter_asset_no": meter, "position": p, "seal_no": n, "order_no": stored.order.order_no,
         "recorded_at": now} for p, n in applied.items()])


def list_findings(engine: Engine, caller: Caller, *, status: str = "") -> list[dict[str, Any]]:
    """The findings in ``caller``'s scope (a team leader's team, a region, everything for an
    administrator), newest first, optionally of one ``status``."""
    f, o = tables.inspection_findings.c, tables.orders.c
    visible = select(o.order_no).where(order_visible(caller))
    query = select(tables.inspection_findings).where(f.order_no.in_(visible))
    if status:
        query = query.where(f.status == status)
    with reading(engine) as conn:
        rows = conn.execute(query.order_by(f.created_at.desc(), f.finding_id)).all()
    return [{"finding_id": r.finding_id, "order_no": r.order_no, "meter_asset_no": r.meter_asset_no,
             "team_id": r.team_id, "rule": r.rule, "severity": r.severity, "expected": r.expected,
             "found": r.found, "correctable": bool(r.correctable), "status": r.status,
             "created_at": r.created_at} for r in rows]


def finding_records(findings: list[Finding]) -> list[dict[str, Any]]:
    """The findings as they ride in the published result (terminals, export)."""
    return [to_record(x) for x in findings]
