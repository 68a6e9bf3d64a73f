"""The append-only change log: what devices and supervisors must learn, in cursor order.

Rows are only ever inserted. A device pulls the rows after its cursor that its
scope allows (:func:`server.scope.change_visible`), minus the rows its own
mutations caused (it already has that state). Within one page only the newest
row per entity is sent, so an order changed ten times costs one payload.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec
from sqlalchemy import Connection, func, insert, or_, select

from server.auth import Caller
from server.db import lock_change_log, tables
from server.scope import AUDIENCE_ALL, change_visible, redact
from sync.protocol import Change

MAX_PAGE = 5000


@dataclass(frozen=True, slots=True)
class Scope:
    """Who a change is for (``None`` = any)."""

    tech_id: str | None = None
    team_id: str | None = None
    company_id: str | None = None
    audience: str = AUDIENCE_ALL


def pack(payload: dict[str, Any]) -> bytes:
    return msgspec.msgpack.encode(payload)


def unpack(data: bytes) -> dict[str, Any]:
    value = msgspec.msgpack.decode(data)
    return value if isinstance(value, dict) else {}


def append(conn: Connection, entity: str, entity_id: str, payload: dict[str, Any], scope: Scope, *,
           now: int, op: str = "upsert", origin_device: str | None = None) -> None:
    """Append one change inside the caller's transaction."""
    lock_change_log(conn)
    conn.execute(insert(tables.change_log).values(
        entity=entity, entity_id=entity_id, op=op, payload=pack(payload), tech_id=scope.tech_id,
        team_id=scope.team_id, company_id=scope.company_id, audience=scope.audience,
        origin_device=origin_device, created_at=now))


def append_many(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Bulk append (seeding): each row has the columns of ``change_log`` except ``cursor``."""
    if rows:
        lock_change_log(conn)
        conn.execute(insert(tables.change_log), rows)


@dataclass(frozen=True, slots=True)
class Page:
    changes: list[Change]
    cursor: int
    more: bool


def head(conn: Connection) -> int:
    return int(conn.execute(select(func.max(tables.change_log.c.cursor))).scalar() or 0)


def select_changes(conn: Connection, caller: Caller, cursor: int, limit: int) -> Page:
    """The next page of changes for ``caller`` after ``cursor``."""
    c = tables.change_log.c
    limit = max(1, min(limit, MAX_PAGE))
    top = head(conn)  # read first: rows at or below it are all committed (appends are serialised)
    if cursor > top:
        cursor = 0  # the server was restored from an older backup: send the device everything again
    rows = conn.execute(
        select(c.cursor, c.entity, c.entity_id, c.op, c.payload)
        .where(c.cursor > cursor, c.cursor <= top, change_visible(caller),
               or_(c.origin_device.is_(None), c.origin_device != caller.device_id))
        .order_by(c.cursor).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    latest: dict[tuple[str, str], Any] = {}
    for row in rows:
        latest.pop((row.entity, row.entity_id), None)
        latest[(row.entity, row.entity_id)] = row  # re-inserted: keeps cursor order of the newest
    changes = [Change(r.cursor, r.entity, r.entity_id, r.op, redact(caller, r.entity, unpack(r.payload)))
               for r in latest.values()]
    return Page(changes, rows[-1].cursor if more else top, more)
