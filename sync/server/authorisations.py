"""Per-task meter authorisations: the keys a technician needs to set a new meter's tariff.

For a replacement order the centre issues a signed ``meter-authorisation``
(:mod:`device_drivers.security.authorisation`) for the meter the order assigns:
IR and identity authentication, secure reads, class-1 and class-2 writes, with
that meter's keys diversified from the master keys and wrapped for the
terminals' security module. It is issued when the order is assigned (so a
technician can work offline) and again, fresh, whenever the technician starts
or resumes the order, so an expired one is replaced by the next sync.

Master keys come from the key system; the demo reads them from
``resources/keys/demo_meter_keys.json`` (DEMO ONLY).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection

from app.domain.work_orders import Family
from device_drivers.security.authorisation import (
    IDENTITY_AUTH,
    IR_AUTH,
    KIND,
    READ_SECURE,
    WRITE_CLASS1,
    WRITE_CLASS2,
    issue_meter_authorisation,
)
from sync.server import orders
from sync.server.commands import CommandSigner, queue_command

DEMO_KEYS = Path(__file__).resolve().parents[2] / "resources" / "keys" / "demo_meter_keys.json"
OPERATIONS = (IR_AUTH, IDENTITY_AUTH, READ_SECURE, WRITE_CLASS1, WRITE_CLASS2)  # the new meter
OLD_METER_OPERATIONS = (IR_AUTH, READ_SECURE)  # the old meter: its status words for the final reading
ASSIGNED_TTL_S = 36 * 3600
STARTED_TTL_S = 8 * 3600
RENEWING_EVENTS = frozenset({"start", "resume", "rework"})


@dataclass(frozen=True, slots=True)
class MeterKeys:
    master_keys: dict[str, bytes]
    transport_key: bytes  # the terminals' security-module transport key

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
    """Queue fresh authorisations for ``order_no``: its new meter (set the tariff) and its old
    meter (read its status for the final reading); False if it needs none."""
    stored = orders.load(conn, order_no)
    if stored is None:
        return False
    order = stored.order
    if order.family is not Family.REPLACEMENT or not order.new_meter_address or not order.is_open:
        return False
    for address, operations in ((order.new_meter_address, OPERATIONS),
                                (order.archive.meter.address, OLD_METER_OPERATIONS)):
        data = issue_meter_authorisation(
            signer.private_key, keys.transport_key, master_keys=keys.master_keys, task_id=order_no,
            meter_address=address, meter_number=address, operations=operations, issued_at=now,
            expires_at=now + ttl_s, key_id=signer.key_id)
        queue_command(conn, KIND, order_no, data, now=now)
    return True
