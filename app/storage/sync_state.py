"""The device's sync bookkeeping: identity (after enrolment), cursor, last success and error.

The identity holds the HMAC secret that signs every request as this handheld, so it is
kept *sealed* by the store's key store (:mod:`app.storage.keystore`): row ``identity`` of
``sync_state`` is ``{"v": 1, "device_id": ..., "command_key": base64, "sealed": base64}``,
the sealed JSON of the whole :class:`DeviceIdentity`, bound to its device id and to the
server's command key, which stays readable beside it (a public key: the sync transaction
verifies revocations with it, :func:`command_key_of`; changing it breaks the seal). A copy of
the database opens
nothing without this handheld's key store: :meth:`SyncState.identity` raises
:class:`~app.storage.keystore.KeystoreError` (code ``keystore``), the handheld shows it and
must be enrolled again. An identity an earlier version stored in plain (``"secret"`` in
the row) is sealed when the store opens (:meth:`SyncState.seal_stored`); the old bytes are
zeroed (``secure_delete=FAST``) and checkpointed out of the WAL.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from dataclasses import asdict, dataclass

import sqlite_utils

from app.storage.db import Store
from app.storage.keystore import KeystoreError

log = logging.getLogger(__name__)
SEALED_VERSION = 1


@dataclass(frozen=True, slots=True)
class DeviceIdentity:
    """What enrolment gave this terminal. The secret never leaves the device again."""

    device_id: str
    secret: bytes
    user_id: str
    role: str
    command_key: bytes  # the server's Ed25519 public key for signed commands
    server_url: str
    server_fingerprint: str  # the TLS pin of the enrolment link (sync.tls_trust: a key, or a certificate)
    # Who the terminal belongs to (the enrolling user; "" in identities saved before this existed)
    user_name: str = ""
    team_id: str = ""  # this handheld's team: whose members may sign in on it
    team_name: str = ""
    company_id: str = ""
    server_pins: tuple[str, ...] = ()  # the TLS pins the server announced last (replace the link's)

    def to_json(self) -> str:
        data = asdict(self)
        data["secret"] = base64.b64encode(self.secret).decode()
        data["command_key"] = base64.b64encode(self.command_key).decode()
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str) -> DeviceIdentity:
        data = json.loads(text)
        data["secret"] = base64.b64decode(data["secret"])
        data["command_key"] = base64.b64decode(data["command_key"])
        data["server_pins"] = tuple(data.get("server_pins", ()))
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


class SyncState:
    def __init__(self, store: Store) -> None:
        self.store = store

    def _get(self, key: str) -> str | None:
        row = self.store.reader().execute("SELECT value FROM sync_state WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def _set(self, **values: str) -> None:
        with self.store.transaction() as db:
            for key, value in values.items():
                db.table("sync_state").upsert({"key": key, "value": value}, pk="key")

    def cursor(self) -> int:
        return int(self._get("cursor") or 0)

    def identity(self) -> DeviceIdentity | None:
        """This handheld's identity (None before enrolment); raises :class:`KeystoreError` when the
        key store that sealed it is missing or another one."""
        text = self._get("identity")
        if text is None:
            return None
        row = json.loads(text)
        if "sealed" not in row:  # stored in plain by an earlier version (sealed at the next open)
            return DeviceIdentity.from_json(text)
        plain = self.store.keystore.open(_sealed_bytes(row), _context(row))
        return DeviceIdentity.from_json(plain.decode())

    def save_identity(self, identity: DeviceIdentity) -> None:
        """Keep the identity; a new device (enrolled again) starts its chain of monitoring events anew,
        under its new key (sync.event_chain)."""
        previous = self._get("identity")
        try:
            old_device = json.loads(previous).get("device_id") if previous else None
        except (ValueError, AttributeError):
            old_device = None
        with self.store.transaction() as db:
            self._set(identity=self._sealed(identity))
            if old_device != identity.device_id:
                db.execute("DELETE FROM event_chain")

    def _sealed(self, identity: DeviceIdentity) -> str:
        row: dict[str, object] = {"v": SEALED_VERSION, "device_id": identity.device_id,
                                  "command_key": base64.b64encode(identity.command_key).decode()}
        sealed = self.store.keystore.seal(identity.to_json().encode(), _context(row))
        return json.dumps({**row, "sealed": base64.b64encode(sealed).decode()})

    def seal_stored(self) -> bool:
        """Seal an identity kept in plain (or re-seal one the key store would now seal differently,
        e.g. bound to a newly configured security module). True if the row was rewritten."""
        text = self._get("identity")
        if text is None:
            return False
        row = json.loads(text)
        if "sealed" in row and self.store.keystore.is_current(_sealed_bytes(row)):
            return False
        identity = self.identity()
        assert identity is not None
        self.save_identity(identity)
        if not self.store.checkpoint():  # so no WAL page keeps the old value
            log.warning("the WAL of %s could not be emptied now (a reader is active)", self.store.path)
        log.info("sealed this handheld's identity %s (%s)", identity.device_id,
                 "it was kept in plain" if "sealed" not in row else "now bound to the security module")
        return True

    def forget_identity(self) -> None:
        with self.store.transaction() as db:
            db.execute("DELETE FROM sync_state WHERE key = 'identity'")

    def mark_revoked(self) -> None:
        """The centre refused this handheld as revoked: no one signs in on it any more."""
        self._set(revoked="1")

    def revoked(self) -> bool:
        return self._get("revoked") == "1"

    def clear_revoked(self) -> None:
        """A new enrolment (a new identity) starts unlocked."""
        self._set(revoked="0")

    def reset_cursor(self) -> None:
        """Start the change feed over (a new identity sees another scope)."""
        self._set(cursor="0")

    def record_success(self, at: str) -> None:
        self._set(last_success=at, last_error="")

    def record_error(self, message: str) -> None:
        self._set(last_error=message)

    def last_success(self) -> str:
        return self._get("last_success") or ""

    def last_error(self) -> str:
        return self._get("last_error") or ""


def command_key_of(db: sqlite_utils.Database) -> bytes | None:
    """The server's command-signing public key this handheld got at enrolment (None: not enrolled),
    readable without the key store (inside the sync transaction, on the writer ``db``)."""
    found = db.execute("SELECT value FROM sync_state WHERE key = 'identity'").fetchone()
    if found is None:
        return None
    row = json.loads(str(found[0]))
    if "sealed" not in row:
        return DeviceIdentity.from_json(str(found[0])).command_key
    return base64.b64decode(str(row.get("command_key", "")))


def _context(row: dict[str, object]) -> bytes:
    """What a sealed identity is bound to: its device id and the server key kept beside it."""
    return f"meterfield/sync_state/identity/{row.get('device_id', '')}/{row.get('command_key', '')}".encode()


def _sealed_bytes(row: dict[str, object]) -> bytes:
    try:
        return base64.b64decode(str(row["sealed"]), validate=True)
    except (KeyError, binascii.Error):
        raise KeystoreError("this handheld's sealed identity is damaged: ask the administrator to "
                            "enrol it again") from None
