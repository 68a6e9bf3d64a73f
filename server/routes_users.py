"""Administration of users, teams, service areas, PINs and the audit log (administrators; JSON,
signed headers).

The rules live in :mod:`server.users` (the same functions ``main.py server`` calls); each act
is audited with the signed caller as its actor.
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from app.domain.entities import Role
from server import audit, service_areas, users
from server.audit import Actor
from server.errors import bad_request
from server.http import authenticated, int_query, json_body, state
from server.openapi_doc import AUTH_PARAMETERS

router = APIRouter(tags=["administration"])
_AUTH = {"parameters": AUTH_PARAMETERS}
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "unauthenticated, tampered or replayed"},
    403: {"description": "revoked, or not an administrator"}}
_INPUT: dict[int | str, dict[str, Any]] = {
    400: {"description": "a missing, unknown or malformed field, an unknown role or team, a team of another "
                         "company"}}
_USER_DOC = ('Body: `{"user_id": "CD201", "name": "...", "role": "technician", "team_id": "CD-T1", '
             '"company_id"?: "CD"}`. Roles: ' + users.ROLES + ". A technician needs a team, a supervisor "
             "a team or a company, an administrator and the metering centre have none; the company is "
             "the team's. No PIN: give one with reset-pin, enrol the device with an enrolment code.")


async def _admin(request: Request, body: bytes = b"") -> Actor:
    return Actor.of(await authenticated(request, body, Role.ADMINISTRATOR))


@router.post("/v1/admin/users", summary="Create a user (administrators)", description=_USER_DOC,
             responses={**_ERRORS, **_INPUT, 409: {"description": "the user id is taken"}},
             openapi_extra=_AUTH)
async def create_user(request: Request) -> dict[str, Any]:
    body = await request.body()
    actor = await _admin(request, body)
    data = json_body(body)
    return await run_in_threadpool(users.create_user, state(request).engine, data, actor=actor,
                                   now=int(time.time()))


@router.post("/v1/admin/users/{user_id}",
             summary="Change a user's name, role, team or company (administrators)",
             description="Body: any of `name`, `role`, `team_id`, `company_id` (the rules as for a new "
                         "user). The user's team gets the new record at its next sync.",
             responses={**_ERRORS, **_INPUT, 404: {"description": "no such user"}}, openapi_extra=_AUTH)
async def update_user(user_id: str, request: Request) -> dict[str, Any]:
    body = await request.body()
    actor = await _admin(request, body)
    data = json_body(body)
    return await run_in_threadpool(users.update_user, state(request).engine, user_id, data, actor=actor,
                                   now=int(time.time()))


@router.get("/v1/admin/users", summary="List users, without their hashes (administrators)",
            responses=_ERRORS, openapi_extra=_AUTH)
async def list_users(request: Request) -> dict[str, Any]:
    await _admin(request)
    return {"users": await run_in_threadpool(users.list_users, state(request).engine)}


@router.post("/v1/admin/users/{user_id}/reset-pin",
             summary="Clear a user's PIN or set a new one (administrators)",
             description='Body: `{}` clears the PIN (the user cannot sign in until given one), '
                         '`{"pin": "4821"}` sets it (4-8 digits). The user\'s team gets it at its next sync.',
             responses={**_ERRORS, 400: {"description": "a malformed PIN"},
                        404: {"description": "no such user"}},
             openapi_extra=_AUTH)
async def reset_pin(user_id: str, request: Request) -> dict[str, Any]:
    body = await request.body()
    actor = await _admin(request, body)
    data = json_body(body)
    pin = data.get("pin")
    if set(data) - {"pin"} or (pin is not None and not isinstance(pin, str)):
        raise bad_request('the body is {} (clear the PIN) or {"pin": "DIGITS"}')
    await run_in_threadpool(users.reset_pin, state(request).engine, user_id, pin=pin, actor=actor,
                            now=int(time.time()))
    return {"user_id": user_id, "pin": "set" if pin is not None else "cleared"}


@router.post("/v1/admin/teams", summary="Create a team (administrators)",
             description='Body: `{"team_id": "CD-T3", "company_id": "CD", "name": "..."}`.',
             responses={**_ERRORS, **_INPUT, 409: {"description": "the team id is taken"}},
             openapi_extra=_AUTH)
async def create_team(request: Request) -> dict[str, Any]:
    body = await request.body()
    actor = await _admin(request, body)
    data = json_body(body)
    return await run_in_threadpool(users.create_team, state(request).engine, data, actor=actor,
                                   now=int(time.time()))


@router.get("/v1/admin/teams", summary="List teams (administrators)", responses=_ERRORS, openapi_extra=_AUTH)
async def list_teams(request: Request) -> dict[str, Any]:
    await _admin(request)
    return {"teams": await run_in_threadpool(users.list_teams, state(request).engine)}


@router.post("/v1/admin/service-areas", summary="Give a team its service area (administrators)",
             description='Body: `{"team_id": "CD-T1", "name": "成华片区", "transformers": ["成华1号台区"]}`: '
                         "the transformer districts (the archive's `transformer`) the team serves; it "
                         "replaces the team's list. An imported order without a `team_id` goes to the team "
                         "whose area covers its customer's district.",
             responses={**_ERRORS, **_INPUT, 404: {"description": "no such team"},
                        409: {"description": "a district is in another team's area"}},
             openapi_extra=_AUTH)
async def set_service_area(request: Request) -> dict[str, Any]:
    body = await request.body()
    actor = await _admin(request, body)
    data = json_body(body)
    return await run_in_threadpool(service_areas.set_area, state(request).engine, data, actor=actor,
                                   now=int(time.time()))


@router.get("/v1/admin/service-areas", summary="List the teams' service areas (administrators)",
            responses=_ERRORS, openapi_extra=_AUTH)
async def list_service_areas(request: Request) -> dict[str, Any]:
    await _admin(request)
    return {"areas": await run_in_threadpool(service_areas.list_areas, state(request).engine)}


@router.get("/v1/admin/audit", summary="Read the audit log of administrative acts (administrators)",
            description="Entries after `?since=ID` (default 0), oldest first, at most `?limit=` "
                        f"(default and most {audit.MAX_PAGE}); `next` is the `since` of the next page.",
            responses=_ERRORS, openapi_extra=_AUTH)
async def audit_log(request: Request) -> dict[str, Any]:
    await _admin(request)
    since = int_query(request, "since", 0)
    limit = int_query(request, "limit", audit.MAX_PAGE)
    entries = await run_in_threadpool(audit.entries, state(request).engine, since, limit)
    return {"entries": entries, "next": entries[-1]["id"] if entries else since}
