"""One sync cycle: store and apply the pushed mutations exactly once, then pull changes.

Exactly-once, in ONE transaction per request: each mutation is looked up by
``(device_id, seq)``; a duplicate is acked again and its stored outcome
returned, never re-applied. A new one is applied inside a savepoint (so a bad
payload cannot poison the batch), stored in ``received_mutations`` with its
outcome, and flagged for the supervisor if it was refused. ``acked_through``
(the highest contiguous stored seq) is advanced in the same transaction and
only answered after commit. If the process dies before commit, nothing was
stored and the device's resend applies it; if it dies after, the resend is
recognised as a duplicate.
"""

from __future__ import annotations

import logging
import time

from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from server import analytics, changelog, event_chains, flags, orders
from server.apply import apply_mutation, order_no_of
from server.auth import Caller
from server.authorisations import STARTED_TTL_S, TaskAuthority
from server.config import ServerConfig
from server.db import lock_change_log, lock_device, reading, tables
from server.errors import RefusedError, ServerError, bad_request, forbidden
from sync.protocol import (
    MAX_BATCH,
    MAX_PAYLOAD_BYTES,
    PROTOCOL_VERSION,
    SCHEMA_VERSION,
    Mutation,
    Rejection,
    SyncRequest,
    SyncResponse,
    mutation_problem,
)

_log = logging.getLogger("meterfield.server")


def handle_sync(engine: Engine, config: ServerConfig, caller: Caller, request: SyncRequest, *,
                now: int, authority: TaskAuthority | None = None) -> SyncResponse:
    """One cycle. ``authority`` issues and withdraws task authorisations (renewed when an order
    is started or resumed, withdrawn when it is reassigned or cancelled)."""
    if request.schema != SCHEMA_VERSION:
        raise ServerError(426, "schema_version", f"this server speaks data schema {SCHEMA_VERSION}, the "
                                                 f"terminal sent {request.schema}: update the app")
    if request.device_id != caller.device_id:
        raise forbidden("device_mismatch", "the request names another terminal than the one that signed it")
    if len(request.mutations) > MAX_BATCH:
        raise bad_request(f"at most {MAX_BATCH} mutations per request")
    if any(m.seq < 1 for m in request.mutations):
        raise bad_request("mutation sequence numbers start at 1")
    with engine.begin() as conn:
        if request.mutations:
            lock_change_log(conn)  # first, so every writer takes its locks in the same order
        lock_device(conn, caller.device_id)
        rejections = push(conn, caller, request.mutations, now=now, authority=authority)
        if authority is not None:
            for order_no in _started_orders(request.mutations, rejections):
                authority.issue(conn, order_no, now=now, ttl_s=STARTED_TTL_S)
        acked = advance_ack(conn, caller.device_id)
        _pause(config.fault_pause("before_commit"), "before_commit")
    _pause(config.fault_pause("after_commit"), "after_commit")
    with reading(engine) as conn:
        page = changelog.select_changes(conn, caller, request.cursor, request.max_changes)
    return SyncResponse(PROTOCOL_VERSION, SCHEMA_VERSION, acked, rejections, page.changes, page.cursor,
                        page.more, int(time.time()))


def _started_orders(mutations: list[Mutation], rejections: list[Rejection]) -> list[str]:
    """Orders this batch started or resumed (their task authorisations are renewed)."""
    refused = {r.seq for r in rejections}
    return sorted({str(m.payload.get("order_no", m.entity_id)) for m in mutations
                   if m.entity == "order_event" and m.seq not in refused
                   and m.payload.get("event") in ("start", "resume", "rework")})


def _pause(seconds: float, point: str) -> None:
    """Fault injection for the crash tests (``ServerConfig.fault``); never set in production."""
    if seconds > 0:
        _log.warning("fault injection: pausing %.0f s at %s", seconds, point)
        time.sleep(seconds)


def push(conn: Connection, caller: Caller, mutations: list[Mutation], *, now: int,
         authority: TaskAuthority | None = None) -> list[Rejection]:
    """Store and apply ``mutations`` (duplicates skipped); the rejections of the whole batch."""
    rm = tables.received_mutations.c
    seqs = sorted({m.seq for m in mutations})
    seen = {r.seq: r for r in conn.execute(
        select(rm.seq, rm.outcome, rm.code, rm.message)
        .where(rm.device_id == caller.device_id, rm.seq.in_(seqs)))} if seqs else {}
    rejections: list[Rejection] = []
    done: set[int] = set()
    for m in sorted(mutations, key=lambda x: x.seq):
        if m.seq in done:
            continue
        done.add(m.seq)
        if m.seq in seen:  # a resend: ack again, report the stored outcome, do not re-apply
            row = seen[m.seq]
            if row.outcome == "rejected":
                rejections.append(Rejection(m.seq, row.code, row.message))
            continue
        rejection = _apply_one(conn, caller, m, now=now, authority=authority)
        if rejection is not None:
            rejections.append(rejection)
    analytics.refresh(conn, (order_no_of(m) for m in mutations if m.seq not in seen), now=now)
    return rejections


def _apply_one(conn: Connection, caller: Caller, m: Mutation, *, now: int,
               authority: TaskAuthority | None) -> Rejection | None:
    refused: RefusedError | None = None
    payload = b""
    event_chains.receive(conn, caller, m, now=now)  # before the savepoint: the chain moves on regardless
    savepoint = conn.begin_nested()
    try:
        payload = changelog.pack(m.payload)
        _within_limits(m, len(payload))
        apply_mutation(conn, caller, m, now=now, authority=authority)
        savepoint.commit()
    except RefusedError as exc:
        savepoint.rollback()
        refused = exc
    except SQLAlchemyError:
        raise  # the database failed, not the payload: the whole request fails and is retried
    except Exception as exc:  # any unreadable payload is stored as invalid, never a wedged queue
        savepoint.rollback()
        refused = RefusedError("invalid", f"the {m.entity} could not be applied: {exc}")
    conn.execute(insert(tables.received_mutations).values(
        device_id=caller.device_id, seq=m.seq, user_id=caller.user_id, entity=m.entity[:40],
        entity_id=m.entity_id[:100], op=m.op[:20], order_no=order_no_of(m)[:40],
        payload=payload if 0 < len(payload) <= MAX_PAYLOAD_BYTES else changelog.pack({}),
        at=m.at[:40], received_at=now,
        outcome="rejected" if refused else "applied", code=refused.code if refused else "",
        message=refused.message if refused else ""))
    if refused is None:
        return None
    _flag(conn, caller, m, refused, now=now)
    return Rejection(m.seq, refused.code, refused.message)


def _within_limits(m: Mutation, payload_bytes: int) -> None:
    """Refuse (as ``invalid``, kept and flagged) a mutation whose strings or payload exceed the
    wire's per-mutation limits: only such a mutation is stored with its strings cut to the columns."""
    problem = mutation_problem(m, payload_bytes)
    if problem is not None:
        raise RefusedError("invalid", problem)


def _flag(conn: Connection, caller: Caller, m: Mutation, refused: RefusedError, *, now: int) -> None:
    """Keep the refused work visible to the supervisor of the order (or of the device's team)."""
    stored = flags.raise_flag(conn, caller, m, refused.code, refused.message, now=now)
    if stored is not None and stored.order.tech_id == caller.user_id and refused.code != "invalid":
        orders.publish(conn, stored, now=now)  # put the device back on the server's state


def advance_ack(conn: Connection, device_id: str) -> int:
    """Move ``acked_through`` over every contiguous stored seq; the new value."""
    d, rm = tables.devices.c, tables.received_mutations.c
    acked = int(conn.execute(select(d.acked_through).where(d.device_id == device_id)).scalar_one())
    following = conn.execute(select(rm.seq).where(rm.device_id == device_id, rm.seq > acked)
                             .order_by(rm.seq).limit(10 * MAX_BATCH)).scalars()
    start = acked
    for seq in following:
        if seq != acked + 1:
            break
        acked = seq
    if acked != start:
        conn.execute(update(tables.devices).where(d.device_id == device_id).values(acked_through=acked))
    return acked
