"""Administrator and supervisor endpoints (JSON bodies, same signed headers as every device call)."""

from __future__ import annotations

import time
from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from app.domain.entities import UTILITY_TZ, Role
from server import admin, analytics, inspections, kpi_export, ledger, monitor
from server.audit import Actor
from server.errors import ServerError, bad_request
from server.http import authenticated, json_body, state
from server.openapi_doc import AUTH_PARAMETERS

router = APIRouter(tags=["administration"])
_AUTH = {"parameters": AUTH_PARAMETERS}
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "unauthenticated, tampered or replayed"},
    403: {"description": "revoked, or not an administrator / supervisor"}}


@router.post("/v1/admin/enrol-codes", summary="Issue a one-time enrolment code for a user (administrators)",
             description='Body: `{"user_id": "CD101", "ttl_s": 86400}`. The code is shown once.',
             responses=_ERRORS, openapi_extra=_AUTH)
async def issue_code(request: Request) -> dict[str, Any]:
    body = await request.body()
    caller = await authenticated(request, body, Role.ADMINISTRATOR)
    data = json_body(body)
    user_id = data.get("user_id")
    if not isinstance(user_id, str) or not user_id:
        raise bad_request("user_id is required")
    st = state(request)
    ttl = _ttl(data, st.config.enrol_code_ttl_s)
    now = int(time.time())
    code = await run_in_threadpool(admin.issue_code, st.engine, user_id, now=now, ttl_s=ttl,
                                  actor=Actor.of(caller))
    return {"code": code, "user_id": user_id, "expires_at": now + ttl}


@router.post("/v1/admin/devices/{device_id}/revoke",
             summary="Lock a device out at its next contact (administrators)",
             responses={**_ERRORS, 404: {"description": "no such device"}}, openapi_extra=_AUTH)
async def revoke(device_id: str, request: Request) -> dict[str, Any]:
    body = await request.body()
    caller = await authenticated(request, body, Role.ADMINISTRATOR)
    st = state(request)
    await run_in_threadpool(admin.revoke_device, st.engine, device_id, now=int(time.time()),
                            actor=Actor.of(caller))
    return {"device_id": device_id, "revoked": True}


@router.get("/v1/admin/devices", summary="List enrolled devices (administrators)", responses=_ERRORS,
            openapi_extra=_AUTH)
async def devices(request: Request) -> dict[str, Any]:
    await authenticated(request, b"", Role.ADMINISTRATOR)
    st = state(request)
    return {"devices": await run_in_threadpool(admin.devices, st.engine)}


@router.post("/v1/commands", summary="Sign and send a correction for an order (supervisors in scope, admins)",
             description='Body: `{"order_no", "kind", "body_hex", "ttl_s"?}`. Only the kinds of '
                         "`signed_commands.kinds.SUPERVISOR_KINDS` (a `correction`, valid "
                         "at most 12 h, at most 4 KiB) are signed, with the server's Ed25519 key, and "
                         "queued for the order's technician only; meter authorisations, credit tokens "
                         "and revocations come only from the centre's own issuers (403 `issuer_only`). "
                         "Answer: the signed command's wire form in hex.",
             responses={**_ERRORS, 400: {"description": "unknown kind, body or ttl_s too large"},
                        404: {"description": "no such order"}, 409: {"description": "the order is closed"}},
             openapi_extra=_AUTH, tags=["monitoring"])
async def command(request: Request) -> dict[str, Any]:
    body = await request.body()
    caller = await authenticated(request, body, Role.SUPERVISOR, Role.ADMINISTRATOR)
    data = json_body(body)
    order_no, kind, body_hex = data.get("order_no"), data.get("kind"), data.get("body_hex", "")
    if not isinstance(order_no, str) or not isinstance(kind, str) or not kind.isascii() or not kind \
            or len(kind) > 64 or not isinstance(body_hex, str):
        raise bad_request("order_no, kind (ASCII) and body_hex are required")
    try:
        payload = bytes.fromhex(body_hex)
    except ValueError:
        raise bad_request("body_hex must be hexadecimal") from None
    ttl = data.get("ttl_s")
    if ttl is not None and (not isinstance(ttl, int) or isinstance(ttl, bool)):
        raise bad_request("ttl_s must be a whole number of seconds")
    st = state(request)
    signed = await run_in_threadpool(admin.send_command, st.engine, st.signer, caller, order_no, kind=kind,
                                     body=payload, now=int(time.time()), ttl_s=ttl)
    return {"order_no": order_no, "kind": kind, "command_hex": signed.hex()}


@router.get("/v1/monitor", summary="Orders, uploaded results and flags of the caller's team or region",
            description="Supervisors see their team (or company when they lead a region), administrators "
                        "everything. Optional `?order_no=`.",
            responses=_ERRORS, openapi_extra=_AUTH, tags=["monitoring"])
async def overview(request: Request) -> dict[str, Any]:
    caller = await authenticated(request, b"", Role.SUPERVISOR, Role.ADMINISTRATOR)
    st = state(request)
    order_no = request.query_params.get("order_no", "")
    return await run_in_threadpool(monitor.overview, st.engine, caller, order_no)


@router.get("/v1/monitor/findings",
            summary="What inspections found, in the caller's team or region (supervisors, administrators)",
            description="Newest first; optional `?status=open`. Each finding: order, meter, rule (e.g. "
                        "`clock_drift`, `cover_opened`), severity, expected and found values, whether it "
                        "can be corrected on site, status. The rules: docs/inspection.md.",
            responses={**_ERRORS, 400: {"description": "an unknown status"}}, openapi_extra=_AUTH,
            tags=["monitoring"])
async def findings(request: Request) -> dict[str, Any]:
    caller = await authenticated(request, b"", Role.SUPERVISOR, Role.ADMINISTRATOR)
    status = request.query_params.get("status", "")
    if status not in ("", *inspections.STATUSES):
        raise bad_request(f"status is one of {', '.join(inspections.STATUSES)}")
    found = await run_in_threadpool(inspections.list_findings, state(request).engine, caller, status=status)
    return {"findings": found}


@router.get("/v1/monitor/reconciliation",
            summary="The day's prepaid account per technician, in the caller's team or region",
            description="`?day=YYYY-MM-DD` (the utility's day; default today). Per technician: cash and "
                        "QR collected (fen), tokens issued, credits the cards confirmed, the purchases "
                        "issued that no card has confirmed yet, and any confirmation that did not match.",
            responses={**_ERRORS, 400: {"description": "a malformed day"}}, openapi_extra=_AUTH,
            tags=["monitoring"])
async def reconciliation(request: Request) -> dict[str, Any]:
    caller = await authenticated(request, b"", Role.SUPERVISOR, Role.ADMINISTRATOR)
    text = request.query_params.get("day", "")
    try:
        day = date.fromisoformat(text) if text else datetime.now(UTILITY_TZ).date()
    except ValueError:
        raise bad_request("day is YYYY-MM-DD") from None
    return await run_in_threadpool(ledger.reconciliation, state(request).engine, caller, day)


def _period(request: Request) -> tuple[date, date]:
    today = datetime.now(UTILITY_TZ).date()
    try:
        start = date.fromisoformat(request.query_params.get("from", "") or today.isoformat())
        end = date.fromisoformat(request.query_params.get("to", "") or start.isoformat())
    except ValueError:
        raise bad_request("from and to are YYYY-MM-DD") from None
    if end < start or (end - start).days > 366:
        raise bad_request("the period runs forward, at most a year")
    return start, end


async def _kpis(request: Request) -> dict[str, Any]:
    caller = await authenticated(request, b"", Role.SUPERVISOR, Role.ADMINISTRATOR)
    start, end = _period(request)
    by = request.query_params.get("by", "technician")
    if by not in analytics.GROUPS:
        raise bad_request(f"by is one of {', '.join(analytics.GROUPS)}")
    return await run_in_threadpool(analytics.kpis, state(request).engine, caller, start, end, by)


_KPI_DOC = ("`?from=YYYY-MM-DD&to=YYYY-MM-DD&by=technician|team|area|day` (the utility's days, default "
            "today). Per group: orders, done, unfinished, open, first-time completions and rate, rework, "
            "failed steps, anomalies, average work and order time (minutes, on the devices' clocks), "
            "average upload delay, travel between orders (km) and the evaluation score (docs/monitoring.md).")


@router.get("/v1/monitor/kpis", summary="KPIs and evaluation per technician, team, area or day",
            description=_KPI_DOC, responses={**_ERRORS, 400: {"description": "a malformed period"}},
            openapi_extra=_AUTH, tags=["monitoring"])
async def kpis(request: Request) -> dict[str, Any]:
    return await _kpis(request)


@router.get("/v1/monitor/kpis.{fmt}", summary="The KPI table as XLSX or CSV, with the same filters",
            description=_KPI_DOC + " `fmt`: `xlsx` or `csv`; `?lang=zh_CN|en` for the headers.",
            responses={**_ERRORS, 400: {"description": "a malformed period or format"}},
            openapi_extra=_AUTH, tags=["monitoring"])
async def kpis_file(request: Request, fmt: str) -> Response:
    if fmt not in ("xlsx", "csv"):
        raise bad_request("the table comes as xlsx or csv")
    table = await _kpis(request)
    lang = request.query_params.get("lang", "zh_CN")
    name = f"kpi-{table['by']}-{table['from']}-{table['to']}.{fmt}"
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "xlsx":
        return Response(kpi_export.to_xlsx(table, lang), headers=disposition,
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return Response(kpi_export.to_csv(table, lang), media_type="text/csv; charset=utf-8", headers=disposition)


@router.get("/v1/monitor/anomalies", summary="Every anomaly of a period, newest first, for the drill-down",
            description="`?from=&to=` as for the KPIs. Each: order, technician, team, day, kind, the "
                        "anomaly's code (`wrong_meter`, `seal_refused`, `tariff_refused`, "
                        "`seal_not_in_stock`, `chain_gap`, an inspection rule such as `cover_opened`...).",
            responses={**_ERRORS, 400: {"description": "a malformed period"}}, openapi_extra=_AUTH,
            tags=["monitoring"])
async def anomalies(request: Request) -> dict[str, Any]:
    caller = await authenticated(request, b"", Role.SUPERVISOR, Role.ADMINISTRATOR)
    start, end = _period(request)
    found = await run_in_threadpool(analytics.anomalies, state(request).engine, caller, start, end)
    return {"anomalies": found}


@router.get("/v1/monitor/orders/{order_no}", summary="The drill-down of one order (supervisors, admins)",
            description="Its figures (server.analytics), each step with its start, duration and result, the "
                        "readings, the photos and signature (their `sha256`: `GET /v1/attachments/{sha256}`),"
                        " the GPS trail with its length and the flags raised on it.",
            responses={**_ERRORS, 404: {"description": "no such order in the caller's scope"}},
            openapi_extra=_AUTH, tags=["monitoring"])
async def order_drill_down(request: Request, order_no: str) -> dict[str, Any]:
    caller = await authenticated(request, b"", Role.SUPERVISOR, Role.ADMINISTRATOR)
    found = await run_in_threadpool(analytics.order_detail, state(request).engine, caller, order_no)
    if found is None:
        raise ServerError(404, "unknown_order", f"order {order_no} is not in your scope")
    return found


def _ttl(data: dict[str, Any], default: int) -> int:
    value = data.get("ttl_s") or default
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= 366 * 24 * 3600:
        raise bad_request("ttl_s must be a number of seconds (at most a year)")
    return value
