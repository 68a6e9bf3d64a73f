"""Per-task meter authorisations: the keys a technician needs to set a new meter's tariff.

For a replacement order the centre issues a signed ``meter-authorisation``
(:mod:`signed_commands.authorisation`) for the meter the order assigns:
IR and identity authentication, secure reads, class-1 and class-2 writes, with
that meter's keys diversified from the master keys and wrapped for the
terminals' security module. It is issued when the order is assigned or reassigned
(so a technician can work offline) and again, fresh, whenever the technician starts
or resumes the order, so an expired one is replaced by the next sync.

When an order is reassigned or cancelled, the previous technician's authorisations
are withdrawn: a signed ``authorisation-revocation``
(:mod:`signed_commands.kinds`) goes to that technician's terminals,
which then refuse every authorisation of the order issued before it. The order's
authorisations and revocations are issued at strictly increasing times (the
``authorisation_clock`` table), so a revocation covers exactly what came before it
and an order given back gets fresh authorisations that work again.

Master keys come from the key system, imported wrapped and unwrapped at start with the KEK
(:mod:`server.key_system`); a plain JSON file (``--meter-keys``) is legacy, and the demo reads
``resources/keys/demo_meter_keys.json`` (DEMO ONLY).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, insert, select, update

from app.domain.work_orders import Family, WorkOrder
from server import orders
from server.commands import CommandSigner, queue_command
from server.db import lock_order, tables
from server.orders import StoredOrder
from signed_commands import kinds
from signed_commands.authorisation import (
    IDENTITY_AUTH,
    IR_AUTH,
    KIND,
    READ_SECURE,
    WRITE_CLASS1,
    WRITE_CLASS2,
    issue_meter_authorisation,
)

DEMO_KEYS = Path(__file__).resolve().parents[1] / "resources" / "keys" / "demo_meter_keys.json"
OPERATIONS = (IR_AUTH, IDENTITY_AUTH, READ_SECURE, WRITE_CLASS1, WRITE_CLASS2)  # the new meter
OLD_METER_OPERATIONS = (IR_AUTH, READ_SECURE)  # the old meter: its status words for the final reading
ASSIGNED_TTL_S = kinds.LIFETIMES[KIND]  # 36 h: a day's offline work and the night before
STARTED_TTL_S = 8 * 3600
RENEWING_EVENTS = frozenset({"start", "resume", "rework"})


@dataclass(frozen=True, slots=True)
class MeterKeys:
    master_keys: dict[str, bytes]
    transport_key: bytes  # the terminals' security-module transport key

    def __repr__(self) -> str:  # never the keys themselves (a log line, a traceback)
        return f"MeterKeys(names={sorted(self.master_keys)})"

    @classmethod
    def load(cls, path: Path) -> MeterKeys:
        doc = json.loads(path.read_text())
        return cls({k: bytes.fromhex(v) for k, v in doc["master_keys"].items()},
                   bytes.fromhex(doc["terminal_transport_key"]))

    @classmethod
    def load_demo(cls) -> MeterKeys:
        """DEMO ONLY: the public demo master keys (a demo database, tests)."""
        return cls.load(DEMO_KEYS)


def issue_for_order(conn: Connection, signer: CommandSigner, keys: MeterKeys, order_no: str, *,
                    now: int, ttl_s: int) -> bool:
    """Queue fresh authorisations for ``order_no``: a replacement's new meter (set the tariff) and
    old meter (read its status for the final reading), an inspection's meter (read the inspection
    set); False if it needs none."""
    stored = orders.load(conn, order_no)
    if stored is None:
        return False
    order = stored.order
    meters = _meters_to_authorise(order)
    if not meters or not order.is_open:
        return False
    issued_at = _next_issue_time(conn, order_no, now)
    for address, operations in meters:
        data = issue_meter_authorisation(
            signer.private_key, keys.transport_key, master_keys=keys.master_keys, task_id=order_no,
            meter_address=address, meter_number=address, operations=operations, issued_at=issued_at,
            expires_at=issued_at + ttl_s, key_id=signer.key_id)
        queue_command(conn, KIND, order_no, data, now=now)
    return True


def issue_write_authorisation(conn: Connection, signer: CommandSigner, keys: MeterKeys, order_no: str,
                              address: str, *, now: int, ttl_s: int) -> None:
    """Queue an authorisation to write one meter's parameters for ``order_no`` (a correction)."""
    issued_at = _next_issue_time(conn, order_no, now)
    data = issue_meter_authorisation(
        signer.private_key, keys.transport_key, master_keys=keys.master_keys, task_id=order_no,
        meter_address=address, meter_number=address, operations=OPERATIONS, issued_at=issued_at,
        expires_at=issued_at + ttl_s, key_id=signer.key_id)
    queue_command(conn, KIND, order_no, data, now=now)


def _meters_to_authorise(order: WorkOrder) -> list[tuple[str, tuple[str, ...]]]:
    if order.family is Family.REPLACEMENT and order.new_meter_address:
        return [(order.new_meter_address, OPERATIONS), (order.archive.meter.address, OLD_METER_OPERATIONS)]
    if order.family is Family.INSPECTION:
        return [(order.archive.meter.address, OLD_METER_OPERATIONS)]
    return []


def revoke_for_order(conn: Connection, signer: CommandSigner, previous: StoredOrder, *, reason: str,
                     now: int) -> bool:
    """Withdraw the authorisations ``previous`` (the order as it was) gave its technician: a signed
    revocation for that technician's terminals only; False if the order never carries any."""
    if not _meters_to_authorise(previous.order):
        return False
    order_no = previous.order.order_no
    data = kinds.issue_revocation(signer.private_key, key_id=signer.key_id, task_id=order_no,
                                          reason=reason, issued_at=_next_issue_time(conn, order_no, now))
    queue_command(conn, kinds.AUTHORISATION_REVOCATION, order_no, data, now=now, recipient=previous)
    return True


def _next_issue_time(conn: Connection, order_no: str, now: int) -> int:
    """``now``, or one second after the order's last authorisation or revocation if that is later:
    a revocation covers exactly what was issued before it, never what comes after."""
    lock_order(conn, order_no)
    c = tables.authorisation_clock.c
    last = conn.execute(select(c.issued_at).where(c.order_no == order_no)).scalar()
    at = now if last is None else max(now, int(last) + 1)
    if last is None:
        conn.execute(insert(tables.authorisation_clock).values(order_no=order_no, issued_at=at))
    else:
        conn.execute(update(tables.authorisation_clock).where(c.order_no == order_no).values(issued_at=at))
    return at


@dataclass(frozen=True, slots=True)
class TaskAuthority:
    """The centre's issuer of task authorisations and their revocations (the command key and the
    meter master keys), handed to whatever assigns, reassigns, starts or cancels an order."""

    signer: CommandSigner
    keys: MeterKeys

    def issue(self, conn: Connection, order_no: str, *, now: int, ttl_s: int) -> bool:
        return issue_for_order(conn, self.signer, self.keys, order_no, now=now, ttl_s=ttl_s)

    def withdraw(self, conn: Connection, previous: StoredOrder, *, reason: str, now: int) -> bool:
        return revoke_for_order(conn, self.signer, previous, reason=reason, now=now)
