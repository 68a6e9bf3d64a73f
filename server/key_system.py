"""The key-system interface: meter (and card) master keys, wrapped under a KEK, versioned.

The key system hands the centre a key-transfer file (``meterfield-keys/1``, see
docs/interfaces.md "Key system"): every master key AES-256-GCM-wrapped under a
key-encryption key (KEK) that the operator receives out of band, as a separate file
(64 hex digits, 0600). ``main.py server keys import`` checks the file (format, KEK id,
every key opens, lengths) and stores the entries *still wrapped* in ``key_sets``; the
server unwraps the active version in memory at start (``--kek``). Neither the database
nor a log line ever holds a key in clear: a copy of the database without the KEK
gives nothing.

Why AES-GCM rather than AES key wrap (RFC 3394/5649): GCM takes associated data, so each
wrapped key is bound to its format, version, kind and name (a wrapped ``control`` key
moved into the ``identity`` slot, or into another version, does not open); RFC 3394 only
checks its fixed IV. GCM is also what :mod:`server.device_secrets` already uses.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Engine, insert, select, update

from server.authorisations import MeterKeys
from server.db import private_file, reading, tables
from server.device_secrets import key_from_hex

FORMAT = "meterfield-keys/1"
ALGORITHM = "A256GCM"
METER_MASTER = "meter-master"  # the meters' master keys, by name (identity, parameter, control)
TRANSPORT = "terminal-transport"  # the terminals' security-module transport key (name "terminal")
CARD_MASTER = "card-master"  # the prepayment cards' master keys (stored; the handheld side loads them)
KIND_LENGTHS = {METER_MASTER: (16,), TRANSPORT: (16,), CARD_MASTER: (16, 24, 32)}
GROUP = {METER_MASTER: "meter", TRANSPORT: "meter", CARD_MASTER: "card"}  # key_sets.kind
_KEK_ID_LABEL = b"meterfield key-system kek id\0"
_log = logging.getLogger("meterfield.server")


class KeySystemError(Exception):
    """A key file, a KEK or a stored key set that cannot be used; says what is wrong, never a key."""


@dataclass(frozen=True, slots=True)
class Kek:
    """The key-encryption key (loaded from its file; never printed)."""

    key: bytes
    source: str

    def __repr__(self) -> str:
        return f"Kek(kek_id={self.kek_id}, source={self.source!r})"

    @property
    def kek_id(self) -> str:
        return hashlib.sha256(_KEK_ID_LABEL + self.key).digest()[:8].hex()


@dataclass(frozen=True, slots=True)
class KeySet:
    """One imported version, as listed (nothing secret)."""

    version: int
    kek_id: str
    kinds: tuple[str, ...]
    names: tuple[str, ...]
    imported_at: int
    active: bool


def load_kek(path: Path) -> Kek:
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise KeySystemError(f"the KEK file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KeySystemError(f"the KEK file {path} cannot be read: {exc}") from None
    key = key_from_hex(text)
    if key is None:
        raise KeySystemError(f"the KEK file {path} must hold 64 hexadecimal digits (a 256-bit key)")
    private_file(path)  # tightened (and logged) if it was open to others
    return Kek(key, str(path))


def create_kek(path: Path) -> Kek:
    """A new random KEK in ``path`` (0600; refuses to overwrite): the key system's side."""
    key = secrets.token_bytes(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise KeySystemError(f"the KEK file {path} cannot be created: {exc}") from None
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.hex() + "\n")
    return Kek(key, str(path))


def _aad(version: int, kind: str, name: str) -> bytes:
    return f"{FORMAT}\0{version}\0{kind}\0{name}".encode()


def _seal(kek: Kek, version: int, kind: str, name: str, key: bytes) -> str:
    nonce = os.urandom(12)
    return base64.b64encode(nonce + AESGCM(kek.key).encrypt(nonce, key, _aad(version, kind, name))).decode()


def _open(kek: Kek, version: int, kind: str, name: str, wrapped: str) -> bytes:
    try:
        raw = base64.b64decode(wrapped, validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise KeySystemError(f"key {kind}/{name}: 'wrapped' is not base64") from None
    if len(raw) < 12 + 16:
        raise KeySystemError(f"key {kind}/{name}: the wrapped key is too short")
    try:
        key = AESGCM(kek.key).decrypt(raw[:12], raw[12:], _aad(version, kind, name))
    except InvalidTag:
        raise KeySystemError(f"key {kind}/{name} does not unwrap with the KEK {kek.kek_id}: "
                             f"it is damaged or was wrapped for another name or version") from None
    if len(key) not in KIND_LENGTHS[kind]:
        raise KeySystemError(f"key {kind}/{name} unwraps to {len(key)} bytes; a {kind} key is "
                             f"{' or '.join(map(str, KIND_LENGTHS[kind]))} bytes")
    return key


def wrap_plain(plain: dict[str, Any], kek: Kek, version: int) -> dict[str, Any]:
    """A ``meterfield-keys/1`` document from plain keys (the key system's side: tests, the demo).

    ``plain`` is the legacy JSON (``master_keys``, ``terminal_transport_key``, optional
    ``card_master_keys``), hex."""
    if version < 1:
        raise KeySystemError("key_version is a positive integer")
    entries: list[tuple[str, str, str]] = [(METER_MASTER, n, h) for n, h in plain["master_keys"].items()]
    entries.append((TRANSPORT, "terminal", plain["terminal_transport_key"]))
    entries += [(CARD_MASTER, n, h) for n, h in plain.get("card_master_keys", {}).items()]
    keys = []
    for kind, name, hexkey in entries:
        key = bytes.fromhex(hexkey)
        if len(key) not in KIND_LENGTHS[kind]:
            raise KeySystemError(f"key {kind}/{name} is {len(key)} bytes")
        keys.append({"kind": kind, "name": name, "wrapped": _seal(kek, version, kind, name, key)})
    return {"format": FORMAT, "key_version": version, "kek_id": kek.kek_id, "algorithm": ALGORITHM,
            "keys": keys}


def _entries(doc: Any, kek: Kek) -> tuple[int, list[dict[str, str]]]:
    """The version and entries of a key-transfer document, after checking every key opens."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise KeySystemError(f"not a key-transfer file: 'format' must be {FORMAT!r}")
    version = doc.get("key_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise KeySystemError("'key_version' must be a positive integer")
    if doc.get("algorithm", ALGORITHM) != ALGORITHM:
        raise KeySystemError(f"'algorithm' must be {ALGORITHM!r}")
    if doc.get("kek_id") != kek.kek_id:
        raise KeySystemError(f"the file is wrapped under KEK {doc.get('kek_id')!r}, the KEK given "
                             f"({kek.source}) is {kek.kek_id}")
    keys = doc.get("keys")
    if not isinstance(keys, list) or not keys:
        raise KeySystemError("'keys' must be a non-empty list")
    seen: set[tuple[str, str]] = set()
    entries = []
    for e in keys:
        if not isinstance(e, dict) or not all(isinstance(e.get(f), str) for f in ("kind", "name", "wrapped")):
            raise KeySystemError("each key is an object with 'kind', 'name' and 'wrapped' (strings)")
        if e["kind"] not in KIND_LENGTHS:
            raise KeySystemError(f"unknown key kind {e['kind']!r} (known: {', '.join(KIND_LENGTHS)})")
        if (e["kind"], e["name"]) in seen:
            raise KeySystemError(f"key {e['kind']}/{e['name']} appears twice")
        seen.add((e["kind"], e["name"]))
        _open(kek, version, e["kind"], e["name"], e["wrapped"])  # checked, then forgotten
        entries.append({"kind": e["kind"], "name": e["name"], "wrapped": e["wrapped"]})
    kinds = [k for k, _ in seen]
    if METER_MASTER not in kinds or kinds.count(TRANSPORT) != 1:
        raise KeySystemError(f"a key set holds at least one {METER_MASTER} key and exactly one "
                             f"{TRANSPORT} key")
    return version, entries


def import_file(engine: Engine, path: Path, kek: Kek, *, now: int) -> int:
    """Check and store the key-transfer file ``path`` (still wrapped), making it the active
    version; its version. Raises :class:`KeySystemError` (nothing stored)."""
    try:
        doc = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise KeySystemError(f"{path} is not a readable JSON key-transfer file: {exc}") from None
    version, entries = _entries(doc, kek)
    k = tables.key_sets.c
    with engine.begin() as conn:
        if conn.execute(select(k.version).where(k.version == version)).first() is not None:
            raise KeySystemError(f"key version {version} is already imported: the key system issues "
                                 f"a new version for new keys")
        conn.execute(update(tables.key_sets).values(active=False))
        for group in sorted({GROUP[e["kind"]] for e in entries}):
            payload = json.dumps([e for e in entries if GROUP[e["kind"]] == group]).encode()
            conn.execute(insert(tables.key_sets).values(version=version, kind=group, kek_id=kek.kek_id,
                                                        payload_wrapped=payload, imported_at=now,
                                                        active=True))
    _log.info("imported key version %d (KEK %s, %d keys: %s); it is now active", version, kek.kek_id,
              len(entries), ", ".join(f"{e['kind']}/{e['name']}" for e in entries))
    return version


def activate(engine: Engine, version: int) -> None:
    k = tables.key_sets.c
    with engine.begin() as conn:
        if conn.execute(select(k.version).where(k.version == version)).first() is None:
            raise KeySystemError(f"there is no key version {version} (see 'keys list')")
        conn.execute(update(tables.key_sets).values(active=k.version == version))
    _log.info("key version %d is now active", version)


def key_sets(engine: Engine) -> list[KeySet]:
    k = tables.key_sets.c
    by_version: dict[int, list[Any]] = {}
    with reading(engine) as conn:
        for row in conn.execute(select(tables.key_sets).order_by(k.version, k.kind)):
            by_version.setdefault(row.version, []).append(row)
    out = []
    for version, rows in by_version.items():
        names = tuple(f"{e['kind']}/{e['name']}" for r in rows for e in json.loads(r.payload_wrapped))
        out.append(KeySet(version, rows[0].kek_id, tuple(r.kind for r in rows), names,
                          int(rows[0].imported_at), bool(rows[0].active)))
    return out


def active_card_keys(engine: Engine, kek: Kek) -> dict[str, bytes]:
    """The active version's card master keys by name, unwrapped in memory ({}: the key system sent
    none). Raises :class:`KeySystemError` for a set under another KEK."""
    k = tables.key_sets.c
    with reading(engine) as conn:
        row = conn.execute(select(tables.key_sets).where(k.active.is_(True), k.kind == "card")).first()
    if row is None:
        return {}
    if row.kek_id != kek.kek_id:
        raise KeySystemError(f"card key version {row.version} is wrapped under KEK {row.kek_id}, the KEK "
                             f"given ({kek.source}) is {kek.kek_id}: pass the right --kek")
    return {e["name"]: _open(kek, int(row.version), e["kind"], e["name"], e["wrapped"])
            for e in json.loads(row.payload_wrapped)}


def active_meter_keys(engine: Engine, kek: Kek) -> tuple[int, MeterKeys]:
    """The active version's meter keys, unwrapped in memory. Raises :class:`KeySystemError`."""
    k = tables.key_sets.c
    with reading(engine) as conn:
        row = conn.execute(select(tables.key_sets)
                           .where(k.active.is_(True), k.kind == "meter")).first()
    if row is None:
        raise KeySystemError("the database holds no active meter key set: import the key system's "
                             "file with 'main.py server keys import FILE --kek KEK'")
    if row.kek_id != kek.kek_id:
        raise KeySystemError(f"key version {row.version} is wrapped under KEK {row.kek_id}, the KEK "
                             f"given ({kek.source}) is {kek.kek_id}: pass the right --kek")
    masters: dict[str, bytes] = {}
    transport = b""
    for e in json.loads(row.payload_wrapped):
        key = _open(kek, int(row.version), e["kind"], e["name"], e["wrapped"])
        if e["kind"] == TRANSPORT:
            transport = key
        else:
            masters[e["name"]] = key
    return int(row.version), MeterKeys(masters, transport)
