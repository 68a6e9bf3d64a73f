"""Each technician's stock over REST (JSON, signed headers): team leaders for their team,
administrators for everyone. The rules live in :mod:`server.stock`; each issue and return is
audited with the signed caller as actor, and reaches the technician's handheld at its next sync.
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from server import stock
from server.audit import Actor
from server.auth import Caller
from server.db import reading
from server.errors import bad_request
from server.http import authenticated, json_body, state
from server.openapi_doc import AUTH_PARAMETERS

router = APIRouter(tags=["stock"])
_AUTH = {"parameters": AUTH_PARAMETERS}
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "unauthenticated, tampered or replayed"},
    403: {"description": "revoked, not a team leader or administrator, or a technician outside the "
                         "caller's team or region"}}
_ACT_ERRORS: dict[int | str, dict[str, Any]] = {
    **_ERRORS,
    400: {"description": "a malformed body, an unreadable number or address, not a technician"},
    404: {"description": "an item never issued (return)"},
    409: {"description": "issued to another technician, already used on an order, or installed"}}


def _text(data: dict[str, Any], name: str, *, required: bool = True) -> str:
    value = data.get(name, "")
    if not isinstance(value, str) or (required and not value):
        raise bad_request(f"'{name}' is required (text)")
    return value


@router.get("/v1/stock", summary="The meters and seals each technician holds (team leaders, administrators)",
            description="A team leader sees their team's technicians, a regional supervisor their "
                        "company's, an administrator everyone's. Query: `tech_id`, `team_id`, optional. "
                        "`items`: kind (`meter`/`seal`), item_no, tech_id, team_id, address and model "
                        "(meters), issued_at.",
            responses=_ERRORS, openapi_extra=_AUTH)
async def list_stock(request: Request) -> dict[str, Any]:
    caller = await authenticated(request, b"", *stock.MANAGERS)
    q = request.query_params

    def read(engine: Engine) -> list[dict[str, Any]]:
        with reading(engine) as conn:
            return stock.list_items(conn, caller, tech_id=q.get("tech_id", ""), team_id=q.get("team_id", ""))

    return {"items": await run_in_threadpool(read, state(request).engine)}


@router.post("/v1/stock/issue",
             summary="Issue a meter or a seal to a technician (team leaders, administrators)",
             description='Body: `{"tech_id": "CD101", "kind": "meter", "item_no": "5102...", "address": '
                         '"000000123456", "model": "DDZY1080C-Z"}` (a seal: `kind` `seal` and its number '
                         "only). Issuing it again to the same technician changes nothing.",
             responses=_ACT_ERRORS, openapi_extra=_AUTH)
async def issue(request: Request) -> dict[str, Any]:
    body = await request.body()
    caller = await authenticated(request, body, *stock.MANAGERS)
    data = json_body(body)
    tech_id, kind = _text(data, "tech_id"), _text(data, "kind")
    it = stock.item(kind, _text(data, "item_no"), _text(data, "address", required=False),
                    _text(data, "model", required=False))

    def act(engine: Engine) -> bool:
        with engine.begin() as conn:
            stock.check_manager(conn, caller, tech_id)
            return stock.issue(conn, Actor.of(caller), tech_id, it, now=int(time.time()))

    new = await run_in_threadpool(act, state(request).engine)
    return {"kind": it.kind, "item_no": it.item_no, "tech_id": tech_id, "issued": new}


@router.post("/v1/stock/return", summary="Take an issued item back to the warehouse (team leaders, "
                                         "administrators)",
             description='Body: `{"kind": "seal", "item_no": "SC8800000001"}`. The technician\'s handheld '
                         "drops it at its next sync.",
             responses=_ACT_ERRORS, openapi_extra=_AUTH)
async def give_back(request: Request) -> dict[str, Any]:
    body = await request.body()
    caller: Caller = await authenticated(request, body, *stock.MANAGERS)
    data = json_body(body)
    kind = _text(data, "kind")
    item_no = stock.number(kind, _text(data, "item_no"))

    def act(engine: Engine) -> dict[str, Any]:
        with engine.begin() as conn:
            holder = stock.holder(conn, kind, item_no)
            if holder:
                stock.check_manager(conn, caller, holder)
            return stock.return_item(conn, Actor.of(caller), kind, item_no, now=int(time.time()))

    return await run_in_threadpool(act, state(request).engine)
