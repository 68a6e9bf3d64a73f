"""The supervisor's read model: orders, their uploaded results and the flags, within scope (JSON)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from server import changelog
from server.auth import Caller
from server.db import reading, tables
from server.scope import order_visible

MAX_RESULTS = 2000


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def overview(engine: Engine, caller: Caller, order_no: str = "") -> dict[str, Any]:
    """Orders in scope with their status, the results uploaded for them, and the flags raised."""
    o, rm, f = tables.orders.c, tables.received_mutations.c, tables.flags.c
    where = [order_visible(caller)]
    if order_no:
        where.append(o.order_no == order_no)
    with reading(engine) as conn:
        order_rows = conn.execute(select(o.order_no, o.kind, o.tech_id, o.team_id, o.status, o.step,
                                         o.version, o.window_start).where(*where)
                                  .order_by(o.window_start, o.order_no)).all()
        visible = select(o.order_no).where(*where)
        results = conn.execute(select(rm.device_id, rm.seq, rm.user_id, rm.entity, rm.entity_id, rm.op,
                                      rm.order_no, rm.payload, rm.at, rm.outcome, rm.code)
                               .where(rm.order_no.in_(visible))
                               .order_by(rm.received_at.desc(), rm.seq.desc()).limit(MAX_RESULTS)).all()
        flags = conn.execute(select(f.flag_id, f.order_no, f.device_id, f.user_id, f.seq, f.code, f.message,
                                    f.created_at, f.resolved)
                             .where(f.order_no.in_(visible)).order_by(f.flag_id)).all()
    return {
        "orders": [dict(r._mapping) for r in order_rows],
        "results": [{**{k: v for k, v in r._mapping.items() if k != "payload"},
                     "payload": _jsonable(changelog.unpack(r.payload))} for r in results],
        "flags": [dict(r._mapping) for r in flags],
    }
