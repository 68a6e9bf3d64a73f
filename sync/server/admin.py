"""Administration used by both the HTTP admin endpoints and the ``main.py server`` subcommands."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from sync.server import auth, orders
from sync.server.auth import Caller
from sync.server.commands import CommandSigner, issue_command
from sync.server.db import reading, tables
from sync.server.errors import ServerError, forbidden
from sync.server.scope import may_act_on_order


def issue_code(engine: Engine, user_id: str, *, now: int, ttl_s: int) -> str:
    return auth.issue_enrol_code(engine, user_id, now=now, ttl_s=ttl_s)


def revoke_device(engine: Engine, device_id: str, *, now: int) -> None:
    with engine.begin() as conn:
        if not auth.revoke(conn, device_id, now=now):
            raise ServerError(404, "unknown_device", f"there is no device {device_id}")


def devices(engine: Engine) -> list[dict[str, Any]]:
    with reading(engine) as conn:
        return auth.list_devices(conn)


def user_ids(engine: Engine) -> list[str]:
    with reading(engine) as conn:
        return list(conn.execute(select(tables.users.c.user_id)).scalars())


def send_command(engine: Engine, signer: CommandSigner, caller: Caller, order_no: str, *, kind: str,
                 body: bytes, now: int, ttl_s: int) -> bytes:
    """Sign ``body`` as a ``kind`` command for an order in ``caller``'s scope and queue it."""
    with engine.begin() as conn:
        stored = orders.load(conn, order_no)
        if stored is None:
            raise ServerError(404, "unknown_order", f"order {order_no} does not exist")
        if not may_act_on_order(caller, "", stored.team_id, stored.company_id):
            raise forbidden("out_of_scope", f"order {order_no} is outside {caller.user_id}'s team or region")
        return issue_command(conn, signer, kind, order_no, body, now=now, ttl_s=ttl_s)
