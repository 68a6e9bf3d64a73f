"""The device's sync bookkeeping: identity (after enrolment), cursor, last success and error."""

from __future__ import annotations

import base64
import json
from dataclasses import asdict, dataclass

from app.storage.db import Store


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
        text = self._get("identity")
        return None if text is None else DeviceIdentity.from_json(text)

    def save_identity(self, identity: DeviceIdentity) -> None:
        self._set(identity=identity.to_json())

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
