"""The centre's answer to an inspection: a signed correction for what can be put right on site.

When an inspection finds a meter's clock off, its prices not the tariff's or its time-of-use
switching points not the tariff's day (the correctable
findings of ``app.domain.inspection_rules``, planned by ``plan_correction``), the centre signs one
:class:`~signed_commands.correction.MeterCorrection` for that meter with the exact values, and a
meter authorisation that lets the inspecting technician's security module write them (both for
that technician's handheld only, valid for hours). The handheld shows what will change, writes,
reads back and reports (``correction_result``), which sets each finding ``corrected`` or
``correction_failed``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, update

from app.domain.inspection import Finding, plan_correction
from server.authorisations import TaskAuthority, issue_write_authorisation
from server.commands import queue_command
from server.db import tables
from server.errors import RefusedError
from server.orders import StoredOrder
from signed_commands.correction import KIND, MeterCorrection, issue_correction

TTL_S = 8 * 3600  # the technician is still at the door, or comes back the same day
CORRECTED, FAILED = "corrected", "correction_failed"


def send_corrections(conn: Connection, authority: TaskAuthority, stored: StoredOrder, findings: list[Finding],
                     *, now: int) -> MeterCorrection | None:
    """Sign and queue the correction for the findings that can be corrected on site (None: none)."""
    plan = plan_correction(findings)
    if plan is None:
        return None
    order = stored.order
    address = order.archive.meter.address
    correction = MeterCorrection(order.order_no, address, plan.rules, plan.prices, set_clock=plan.set_clock,
                                 tou_table=plan.tou_table)
    signer = authority.signer
    issue_write_authorisation(conn, signer, authority.keys, order.order_no, address, now=now, ttl_s=TTL_S)
    data = issue_correction(signer.private_key, correction, key_id=signer.key_id, issued_at=now,
                            expires_at=now + TTL_S)
    queue_command(conn, KIND, order.order_no, data, now=now)
    return correction


def record_result(conn: Connection, stored: StoredOrder, payload: dict[str, Any]) -> None:
    """The handheld's report of a correction: each finding it answered is corrected, or failed."""
    rules, ok = payload.get("rules"), payload.get("ok")
    if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules) or not isinstance(ok, bool):
        raise RefusedError("invalid", "a correction result names its rules and whether it held")
    f = tables.inspection_findings.c
    conn.execute(update(tables.inspection_findings)
                 .where(f.order_no == stored.order.order_no, f.rule.in_(rules))
                 .values(status=CORRECTED if ok else FAILED))
