"""Flags: problems with a terminal's work that the supervisor of the order must see.

A refused mutation raises one (:mod:`server.sync_service`); so does an applied one the server
accepts but doubts (a seal not in the technician's stock, :mod:`server.apply`). Each flag is a
``flags`` row, shown in ``/v1/monitor``, and a ``flag`` change for the supervisors' terminals.
"""

from __future__ import annotations

from sqlalchemy import Connection, insert

from server import changelog, orders
from server.auth import Caller
from server.changelog import Scope
from server.db import tables
from server.orders import StoredOrder
from server.scope import AUDIENCE_SUPERVISOR
from sync.protocol import Mutation


def raise_flag(conn: Connection, caller: Caller, m: Mutation, code: str, message: str, *,
               now: int) -> StoredOrder | None:
    """Flag ``m`` (sent by ``caller``) with ``code``; the order it names, if the server has it."""
    value = m.payload.get("order_no", "")
    order_no = value[:40] if isinstance(value, str) else ""  # the column's width: never fail on it
    stored = orders.load(conn, order_no) if order_no else None
    team_id = stored.team_id if stored else caller.team_id
    company_id = stored.company_id if stored else caller.company_id
    flag = {"order_no": order_no, "code": code, "message": message, "device_id": caller.device_id,
            "user_id": caller.user_id, "seq": m.seq, "entity": m.entity[:40]}
    conn.execute(insert(tables.flags).values(
        order_no=order_no, device_id=caller.device_id, user_id=caller.user_id, seq=m.seq, code=code,
        message=message, team_id=team_id, company_id=company_id, created_at=now, resolved=False))
    # one change per flag: a record can raise two (a broken event chain and a refusal)
    changelog.append(conn, "flag", f"{caller.device_id}:{m.seq}:{code}"[:100], flag,
                     Scope(team_id=team_id or None, company_id=company_id or None,
                           audience=AUDIENCE_SUPERVISOR), now=now)
    return stored
