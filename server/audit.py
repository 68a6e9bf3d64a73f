"""The audit log: who did which administrative act, when, to what.

Every act (a user or team created or changed, a PIN reset, an enrolment code issued, a
device revoked) writes its entry with :func:`record` inside the act's own transaction, so
the log holds an act exactly when the act happened. The actor is the signed caller (user
and device) or :data:`CLI` for ``main.py server`` on the server machine. Details never hold
a secret: no PIN, no hash, no enrolment code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from server.auth import Caller
from server.db import reading, tables

MAX_PAGE = 1000


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: str
    device_id: str = ""

    @classmethod
    def of(cls, caller: Caller) -> Actor:
        return cls(caller.user_id, caller.device_id)


CLI = Actor("cli")  # main.py server on the server machine


def record(conn: Connection, actor: Actor, action: str, target: str, detail: dict[str, Any] | None = None,
           *, now: int) -> None:
    """Append one entry inside the caller's transaction."""
    conn.execute(insert(tables.audit_log).values(at=now, actor_user_id=actor.user_id,
                                                 actor_device_id=actor.device_id, action=action,
                                                 target=target, detail=detail or {}))


def entries(engine: Engine, since: int = 0, limit: int = MAX_PAGE) -> list[dict[str, Any]]:
    """The entries after id ``since``, oldest first (at most ``limit``, at most :data:`MAX_PAGE`)."""
    a = tables.audit_log.c
    with reading(engine) as conn:
        rows = conn.execute(select(a.id, a.at, a.actor_user_id, a.actor_device_id, a.action, a.target,
                                   a.detail).where(a.id > since).order_by(a.id)
                            .limit(max(1, min(limit, MAX_PAGE)))).all()
    return [dict(r._mapping) for r in rows]
