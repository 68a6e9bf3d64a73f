"""Server-signed commands received by sync (authorisations, credit tokens, corrections, revocations).

Sync stores a command only if it is of a kind the centre signs and valid no longer than
that kind allows (:mod:`signed_commands.kinds`); the security module
verifies the rest (signature, window, meter) before any use. A revocation is verified
against the server's command key from enrolment when it arrives: it deletes the order's
meter authorisations issued before it and is kept, so one of those that arrives later
(a resend) is dropped too and :func:`~app.services.meter_authorisations.authorisation_for`
can say the order was withdrawn.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import sqlite_utils
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from app.storage.db import Store
from app.storage.sync_state import command_key_of
from signed_commands import envelope, kinds
from signed_commands.errors import CommandError
from signed_commands.kinds import AUTHORISATION_REVOCATION, METER_AUTHORISATION

log = logging.getLogger(__name__)


class CommandRepo:
    def __init__(self, store: Store) -> None:
        self.store = store

    def for_order(self, order_no: str, kind: str) -> list[bytes]:
        """The signed commands of ``kind`` for ``order_no``, newest first."""
        rows = self.store.reader().execute(
            "SELECT data FROM commands WHERE order_no = ? AND kind = ? ORDER BY received_at DESC, rowid DESC",
            [order_no, kind]).fetchall()
        return [bytes(r[0]) for r in rows]

    def revoked_before(self, order_no: str) -> int | None:
        """The centre withdrew the order's meter authorisations issued before this time (Unix
        seconds), or None if it never did."""
        return _revoked_before(self.store.reader(), order_no)


def receive(db: sqlite_utils.Database, command_id: str, kind: str, order_no: str, data: bytes) -> None:
    """Inside the sync transaction: store one command from the server, or drop it with a warning."""
    try:
        command = envelope.decode(data)
    except CommandError:
        command = None  # damaged: kept, so the security module refuses it with its own message
    if command is not None:
        try:
            if command.kind != kind:
                raise CommandError(f"the envelope says {command.kind}")
            kinds.check_lifetime(kind, command.issued_at, command.expires_at)
        except CommandError as exc:
            log.warning("dropped the server's command %s (%s): %s", command_id, kind, exc)
            return
    if kind == AUTHORISATION_REVOCATION and not _revoke(db, command_id, order_no, data):
        return
    if kind == METER_AUTHORISATION and command is not None:
        cutoff = _revoked_before(db, order_no)
        if cutoff is not None and command.issued_at < cutoff:
            return  # withdrawn by a revocation this terminal already holds
    db.table("commands").upsert({"command_id": command_id, "kind": kind, "order_no": order_no,
                                 "data": data, "received_at": datetime.now(UTC).isoformat()},
                                pk="command_id")


def _revoke(db: sqlite_utils.Database, command_id: str, order_no: str, data: bytes) -> bool:
    """Verify a revocation and delete the meter authorisations it covers; False if it is refused."""
    key = _command_key(db)
    try:
        if key is None:
            raise CommandError("this terminal holds no command key to verify it (not enrolled)")
        revocation = kinds.open_revocation(data, Ed25519PublicKey.from_public_bytes(key))
        if revocation.task_id != order_no:
            raise CommandError(f"it names task {revocation.task_id}, not order {order_no}")
    except (CommandError, ValueError) as exc:
        log.warning("ignored the server's revocation %s: %s", command_id, exc)
        return False
    rows = db.execute("SELECT command_id, data FROM commands WHERE order_no = ? AND kind = ?",
                      [order_no, METER_AUTHORISATION]).fetchall()
    for held_id, held in rows:
        issued = _issued_at(bytes(held))
        if issued is None or revocation.covers(issued):
            db.execute("DELETE FROM commands WHERE command_id = ?", [held_id])
    log.info("order %s was withdrawn by the centre (%s): its meter authorisations are deleted",
             order_no, revocation.reason)
    return True


def _revoked_before(db: sqlite_utils.Database, order_no: str) -> int | None:
    rows = db.execute("SELECT data FROM commands WHERE order_no = ? AND kind = ?",
                      [order_no, AUTHORISATION_REVOCATION]).fetchall()
    times = [t for t in (_issued_at(bytes(r[0])) for r in rows) if t is not None]
    return max(times) if times else None


def _issued_at(data: bytes) -> int | None:
    try:
        return envelope.decode(data).issued_at
    except CommandError:
        return None


def _command_key(db: sqlite_utils.Database) -> bytes | None:
    """The server's command-signing public key this terminal got at enrolment."""
    return command_key_of(db)
