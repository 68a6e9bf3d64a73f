"""Each handheld's chain of operation events, checked as its events arrive (``sync.event_chain``).

Called for every operation event the sync receives, before the event is applied (an event refused
for another reason still moves the chain on). A problem is flagged for the team's supervisors with
the event's device and number, and the event is kept as it came: the evidence stays.
"""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update

from server import flags
from server.auth import Caller
from server.db import tables
from sync import event_chain
from sync.protocol import Mutation

MESSAGES = {
    event_chain.ALTERED: "this monitoring event was changed after the handheld recorded it",
    event_chain.FORGED: "this monitoring event is not signed by the handheld's key",
    event_chain.GAP: "monitoring events are missing before this one (deleted, or never sent)",
    event_chain.BROKEN: "this monitoring event does not follow the one before it (reordered or replaced)",
    event_chain.MISSING: "this monitoring event has no seal, although the handheld seals its events",
}


def receive(conn: Connection, caller: Caller, m: Mutation, *, now: int) -> str | None:
    """Check ``m`` (an operation event) against the device's chain, move the chain on, flag a problem."""
    if m.entity != "operation_event":
        return None
    c = tables.event_chains.c
    row = conn.execute(select(c.last_seq, c.last_hash, c.problems)
                       .where(c.device_id == caller.device_id)).first()
    head = (int(row.last_seq), str(row.last_hash)) if row is not None else (0, "")
    problem, (seq, digest) = event_chain.check(m.payload, head, caller.event_key)
    problems = (int(row.problems) if row is not None else 0) + (1 if problem else 0)
    if row is None:
        conn.execute(insert(tables.event_chains).values(device_id=caller.device_id, last_seq=seq,
                                                        last_hash=digest, problems=problems))
    else:
        conn.execute(update(tables.event_chains).where(c.device_id == caller.device_id)
                     .values(last_seq=seq, last_hash=digest, problems=problems))
    if problem is not None:
        chain = m.payload.get("chain")
        number = chain.get("seq", "?") if isinstance(chain, dict) else "?"
        flags.raise_flag(conn, caller, m, problem, f"{MESSAGES[problem]} (event {number} of device "
                                                   f"{caller.device_id}, expected {head[0] + 1})", now=now)
    return problem
