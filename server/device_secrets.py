"""Device secrets at rest: wrapped under a key the database does not hold.

Every device's HMAC secret is stored wrapped, AES-256-GCM under the server's
*device-secret key* with the device id as associated data (a wrapped secret moved
onto another device's row does not open). A copy of the database (a backup, a
dump, a stolen disk image of the database volume) therefore holds nothing that
signs a request. The key lives outside the database: a file, by default
``<home>/device-secrets.key`` (0600, created on the first start), or wherever the
deployment keeps it (``ServerConfig.device_key_file``: another volume, a file a
secrets manager or systemd's ``LoadCredential=`` writes).

Stored form (65 bytes): version ``0x01`` | key id (4) | nonce (12) | ciphertext of
the 32-byte secret + GCM tag (48). A 32-byte value is a secret stored in plain by an
earlier version: :meth:`DeviceSecrets.open` wraps those at start-up.

Start-up refuses, with a message that says what to restore, when the database holds
wrapped secrets and the key file is missing, or when none of them opens with the key
found: creating a fresh key there would silently lock out every handheld.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Engine, select, update

from server.db import checkpoint, private_dir, private_file, reading, tables

VERSION = 0x01
SECRET_LEN = 32  # what enrolment hands out (and what a legacy row holds in plain)
WRAPPED_LEN = 1 + 4 + 12 + SECRET_LEN + 16
_AAD = b"meterfield/device-secret/v1/"
_log = logging.getLogger("meterfield.server")


class DeviceKeyError(Exception):
    """The device-secret key is missing, unreadable or not the one the database's secrets need.

    Raised at start-up: the server does not start rather than refuse every device."""


class UnwrapError(Exception):
    """One stored secret does not open (damaged row, or wrapped under another key)."""


def key_id(key: bytes) -> bytes:
    """4 bytes naming a key (in every wrapped secret): says *which* key a database needs."""
    return hashlib.sha256(b"meterfield device-secret key id\0" + key).digest()[:4]


def is_legacy(stored: bytes) -> bool:
    return len(stored) == SECRET_LEN


@dataclass(frozen=True, slots=True)
class DeviceSecrets:
    """Wraps and unwraps device secrets under one key (loaded once, at start-up)."""

    key: bytes
    source: str  # where the key came from, for messages (never the key itself)

    def __repr__(self) -> str:
        return f"DeviceSecrets(key_id={self.key_id.hex()}, source={self.source!r})"

    @property
    def key_id(self) -> bytes:
        return key_id(self.key)

    def wrap(self, device_id: str, secret: bytes) -> bytes:
        if len(secret) != SECRET_LEN:
            raise ValueError(f"a device secret is {SECRET_LEN} bytes")
        nonce = os.urandom(12)
        sealed = AESGCM(self.key).encrypt(nonce, secret, _AAD + device_id.encode())
        return bytes([VERSION]) + self.key_id + nonce + sealed

    def unwrap(self, device_id: str, stored: bytes) -> bytes:
        """The secret of ``device_id`` from its stored form; raises :class:`UnwrapError`."""
        stored = bytes(stored)
        if len(stored) != WRAPPED_LEN or stored[0] != VERSION:
            raise UnwrapError(f"the stored secret of {device_id} is not in the wrapped form")
        if stored[1:5] != self.key_id:
            raise UnwrapError(f"the secret of {device_id} is wrapped under key {stored[1:5].hex()}, "
                              f"not under this server's key {self.key_id.hex()}")
        try:
            return AESGCM(self.key).decrypt(stored[5:17], stored[17:], _AAD + device_id.encode())
        except InvalidTag:
            raise UnwrapError(f"the stored secret of {device_id} is damaged") from None

    @classmethod
    def open(cls, engine: Engine, key_file: Path) -> DeviceSecrets:
        """The key for this database (created on a first start), after wrapping any legacy rows.

        Raises :class:`DeviceKeyError` when the key is missing or wrong for the stored secrets."""
        legacy, wrapped = _stored(engine)
        box = cls(_load_or_create_key(key_file, wrapped), str(key_file))
        box.check(wrapped)
        if legacy:
            box._wrap_legacy(engine, legacy)
            box.check(_stored(engine)[1])
        return box

    def check(self, wrapped: dict[str, bytes]) -> None:
        """Every wrapped secret opens with this key: refuse to start if none does, log those that do not."""
        failed = []
        for device_id, stored in wrapped.items():
            try:
                self.unwrap(device_id, stored)
            except UnwrapError as exc:
                failed.append(str(exc))
        if failed and len(failed) == len(wrapped):
            ids = sorted({s[1:5].hex() for s in wrapped.values()})
            raise DeviceKeyError(
                f"none of the {len(wrapped)} device secrets in the database opens with the key in "
                f"{self.source} (key id {self.key_id.hex()}; the database needs key id {', '.join(ids)}): "
                f"restore the right key file, or point device_key_file at it; with another key every "
                f"handheld would have to be enrolled again")
        for problem in failed:
            _log.error("%s: that device cannot sync until it is enrolled again", problem)

    def _wrap_legacy(self, engine: Engine, legacy: dict[str, bytes]) -> None:
        """Wrap secrets an earlier version stored in plain, scrubbing the plain bytes from the file."""
        d = tables.devices.c
        with engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                # zero the old cells in the pages rewritten anyway (what a build without
                # SQLITE_SECURE_DELETE leaves in free space), at no extra I/O
                conn.exec_driver_sql("PRAGMA secure_delete=FAST")
            for device_id, plain in legacy.items():
                conn.execute(update(tables.devices)
                             .where(d.device_id == device_id, d.secret == plain)
                             .values(secret=self.wrap(device_id, plain)))
        checkpoint(engine)
        _log.warning("wrapped %d device secret(s) stored in plain by an earlier version under key %s; "
                     "older backups of the database still hold them in plain", len(legacy),
                     self.key_id.hex())


def _stored(engine: Engine) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The stored secrets by device: (plain legacy ones, wrapped ones); damaged ones are logged."""
    d = tables.devices.c
    legacy: dict[str, bytes] = {}
    wrapped: dict[str, bytes] = {}
    with reading(engine) as conn:
        for device_id, raw in conn.execute(select(d.device_id, d.secret)):
            stored = bytes(raw)
            if is_legacy(stored):
                legacy[device_id] = stored
            elif len(stored) == WRAPPED_LEN and stored[0] == VERSION:
                wrapped[device_id] = stored
            else:
                _log.error("the stored secret of %s is damaged: that device cannot sync until it is "
                           "enrolled again", device_id)
    return legacy, wrapped


def _load_or_create_key(path: Path, wrapped: dict[str, bytes]) -> bytes:
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        if wrapped:
            raise DeviceKeyError(
                f"the device-secret key file {path} is missing, but the database holds "
                f"{len(wrapped)} wrapped device secret(s): restore the key file (kept apart from the "
                f"database's backups), or point device_key_file at it; a new key would lock out every "
                f"handheld") from None
        return _create_key(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise DeviceKeyError(f"the device-secret key file {path} cannot be read: {exc}") from None
    key = key_from_hex(text)
    if key is None:
        raise DeviceKeyError(f"the device-secret key file {path} must hold 64 hexadecimal digits "
                             f"(a 256-bit key)")
    private_file(path)  # tightened (and logged) if it was open to others
    return key


def _create_key(path: Path) -> bytes:
    key = secrets.token_bytes(32)
    private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise DeviceKeyError(f"the device-secret key file {path} cannot be created: {exc}") from None
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.hex() + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    _log.warning("created the device-secret key %s (key id %s): back it up apart from the database",
                 path, key_id(key).hex())
    return key



def key_from_hex(text: str) -> bytes | None:
    """The 256-bit key a key file holds as 64 hexadecimal digits, or None if it holds anything else
    (the device-secret key here, the key system's KEK in :mod:`server.key_system`)."""
    try:
        key = bytes.fromhex(text)
    except ValueError:
        return None
    return key if len(key) == 32 else None
