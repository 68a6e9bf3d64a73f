"""Administration used by both the HTTP admin endpoints and the ``main.py server`` subcommands."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from server import audit, auth, orders
from server.audit import CLI, Actor
from server.auth import Caller
from server.commands import CommandSigner, issue_command
from server.db import reading, tables
from server.errors import ServerError, bad_request, conflict, forbidden
from server.scope import may_act_on_order
from signed_commands.kinds import (
    ISSUER_KINDS,
    LIFETIMES,
    MAX_SUPERVISOR_BODY,
    SUPERVISOR_KINDS,
)


def issue_code(engine: Engine, user_id: str, *, now: int, ttl_s: int, actor: Actor = CLI) -> str:
    """A one-time enrolment code for ``user_id`` (404 ``unknown_user``), audited (never the code)."""
    with engine.begin() as conn:
        code = auth.new_enrol_code(conn, user_id, now=now, ttl_s=ttl_s)
        audit.record(conn, actor, "enrol_code.issue", user_id, {"expires_at": now + ttl_s}, now=now)
    return code


def revoke_device(engine: Engine, device_id: str, *, now: int, actor: Actor = CLI) -> None:
    with engine.begin() as conn:
        if not auth.revoke(conn, device_id, now=now):
            raise ServerError(404, "unknown_device", f"there is no device {device_id}")
        audit.record(conn, actor, "device.revoke", device_id, now=now)


def devices(engine: Engine) -> list[dict[str, Any]]:
    with reading(engine) as conn:
        return auth.list_devices(conn)


def user_ids(engine: Engine) -> list[str]:
    with reading(engine) as conn:
        return list(conn.execute(select(tables.users.c.user_id)).scalars())


def send_command(engine: Engine, signer: CommandSigner, caller: Caller, order_no: str, *, kind: str,
                 body: bytes, now: int, ttl_s: int | None = None) -> bytes:
    """Sign ``body`` as a ``kind`` command for an open order in ``caller``'s scope and queue it.

    Only the kinds of :data:`~signed_commands.kinds.SUPERVISOR_KINDS` are signed,
    each within its lifetime (``ttl_s`` None: the kind's default); meter authorisations, credit
    tokens and revocations come only from their issuers (403 ``issuer_only``)."""
    ttl = _supervisor_ttl(kind, body, ttl_s)
    with engine.begin() as conn:
        stored = orders.load(conn, order_no)
        if stored is None:
            raise ServerError(404, "unknown_order", f"order {order_no} does not exist")
        if not may_act_on_order(caller, "", stored.team_id, stored.company_id):
            raise forbidden("out_of_scope", f"order {order_no} is outside {caller.user_id}'s team or region")
        if not stored.order.is_open:
            raise conflict("order_closed", f"order {order_no} is {stored.order.status.value}: "
                                           "a command for it would never be used")
        return issue_command(conn, signer, kind, order_no, body, now=now, ttl_s=ttl)


def _supervisor_ttl(kind: str, body: bytes, ttl_s: int | None) -> int:
    """The lifetime of a supervisor's ``kind`` command, or the refusal that says why not."""
    allowed = ", ".join(sorted(SUPERVISOR_KINDS))
    if kind in ISSUER_KINDS:
        raise forbidden("issuer_only", f"a {kind} is issued only by the centre itself, for the order's "
                                       f"technician when the order needs it; supervisors may send: {allowed}")
    if kind not in SUPERVISOR_KINDS:
        raise ServerError(400, "unknown_kind", f"the server signs no '{kind}' for supervisors; "
                                               f"supervisors may send: {allowed}")
    if len(body) > MAX_SUPERVISOR_BODY:
        raise ServerError(400, "too_large", f"a {kind} holds at most {MAX_SUPERVISOR_BODY} bytes")
    longest = LIFETIMES[kind]
    ttl = SUPERVISOR_KINDS[kind] if ttl_s is None else ttl_s
    if ttl <= 0:
        raise bad_request("ttl_s must be a positive number of seconds")
    if ttl > longest:
        raise ServerError(400, "ttl_too_long", f"a {kind} is valid at most {longest // 3600} h "
                                               f"(ttl_s 1..{longest}), not {ttl} s")
    return ttl
