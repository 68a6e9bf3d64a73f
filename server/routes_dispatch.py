"""Dispatch over REST (JSON, signed headers): team leaders, regional supervisors, administrators.

The rules live in :mod:`server.dispatch`; each act is audited with the signed caller as actor.
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from server import dispatch
from server.auth import Caller
from server.authorisations import TaskAuthority
from server.errors import bad_request
from server.http import authenticated, json_body, state
from server.openapi_doc import AUTH_PARAMETERS

router = APIRouter(tags=["dispatch"])
_AUTH = {"parameters": AUTH_PARAMETERS}
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "unauthenticated, tampered or replayed"},
    403: {"description": "revoked, not a team leader or administrator, or outside the caller's scope"}}
_ACT_ERRORS: dict[int | str, dict[str, Any]] = {
    **_ERRORS,
    400: {"description": "a malformed body, not a technician, or a technician of another team (assign)"},
    404: {"description": "no such order"},
    409: {"description": "the order's status does not allow this (illegal transition, already assigned)"}}


async def _dispatcher(request: Request, body: bytes = b"") -> Caller:
    return await authenticated(request, body, *dispatch.DISPATCHERS)


def _field(body: bytes, name: str) -> str:
    data = json_body(body)
    value = data.get(name)
    if set(data) != {name} or not isinstance(value, str) or not value:
        raise bad_request(f'the body is {{"{name}": "..."}}')
    return value


@router.get("/v1/dispatch/orders",
            summary="List the orders in the caller's scope (team leaders, administrators)",
            description="A team leader sees their team's orders, a regional supervisor their company's, an "
                        "administrator all. Query: `status` (e.g. `requested` for the unassigned ones) and "
                        "`team_id`, both optional. Each order: number, status, kind, technician, team, "
                        "window, customer, address.",
            responses={**_ERRORS, 400: {"description": "an unknown status"}}, openapi_extra=_AUTH)
async def list_orders(request: Request) -> dict[str, Any]:
    caller = await _dispatcher(request)
    status = request.query_params.get("status", "")
    team_id = request.query_params.get("team_id", "")
    found = await run_in_threadpool(dispatch.list_orders, state(request).engine, caller, status=status,
                                    team_id=team_id)
    return {"orders": found}


@router.post("/v1/dispatch/orders/{order_no}/assign",
             summary="Assign an unassigned order to a technician of its team (team leaders, administrators)",
             description='Body: `{"tech_id": "CD101"}`. The order must be `requested` with no technician. '
                         "A replacement's meter authorisations are issued; the technician's handheld gets "
                         "the order and them at its next sync.",
             responses=_ACT_ERRORS, openapi_extra=_AUTH)
async def assign(order_no: str, request: Request) -> dict[str, Any]:
    body = await request.body()
    caller = await _dispatcher(request, body)
    tech_id = _field(body, "tech_id")
    st = state(request)
    return await run_in_threadpool(dispatch.assign, st.engine, caller, order_no, tech_id,
                                   now=int(time.time()), authority=TaskAuthority(st.signer, st.meter_keys))


@router.post("/v1/dispatch/orders/{order_no}/reassign",
             summary="Give an open order to another technician (team leaders, administrators)",
             description='Body: `{"tech_id": "CD102"}`. The previous handheld gets the delete and the '
                         "revocation of the order's meter authorisations at its next sync; work it sends "
                         "later is kept and flagged `reassigned`. The new one gets the order.",
             responses=_ACT_ERRORS, openapi_extra=_AUTH)
async def reassign(order_no: str, request: Request) -> dict[str, Any]:
    body = await request.body()
    caller = await _dispatcher(request, body)
    tech_id = _field(body, "tech_id")
    st = state(request)
    return await run_in_threadpool(dispatch.reassign, st.engine, caller, order_no, tech_id,
                                   now=int(time.time()), authority=TaskAuthority(st.signer, st.meter_keys))


@router.post("/v1/dispatch/orders/{order_no}/cancel",
             summary="Cancel an open order (team leaders, administrators)",
             description='Body: `{"reason": "customer moved"}` (1-200 characters, kept in the audit log). '
                         "The technician's handheld gets the cancelled order and the revocation.",
             responses=_ACT_ERRORS, openapi_extra=_AUTH)
async def cancel(order_no: str, request: Request) -> dict[str, Any]:
    body = await request.body()
    caller = await _dispatcher(request, body)
    reason = _field(body, "reason")
    st = state(request)
    return await run_in_threadpool(dispatch.cancel, st.engine, caller, order_no, reason,
                                   now=int(time.time()), authority=TaskAuthority(st.signer, st.meter_keys))
