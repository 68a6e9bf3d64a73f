"""Who is calling: request verification, enrolment with one-time codes, revocation.

A request is accepted only if, in this order: the four authentication headers
are present and well formed; the device is enrolled; the HMAC over method,
path, time, nonce and body hash verifies with the device's secret (else it was
tampered with or signed by someone else); the device is not revoked (403); the
time is within the clock window (else 401 with the server's time in
``X-MF-Server-Time`` so the terminal can correct its offset); and the nonce
was never seen for this device (else it is a replay). Nonces are stored in the
database with their time and pruned once they fall out of the window, so a
replay is refused across restarts too.

Device secrets are stored wrapped (:mod:`server.device_secrets`): enrolment
stores the wrapped form, authentication unwraps it in memory for one check.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from app.domain.entities import Role
from server.db import reading, tables
from server.device_secrets import DeviceSecrets, UnwrapError
from server.errors import REVOKED_MESSAGE, ServerError, forbidden, unauthenticated
from sync.auth_headers import HeaderError, parse_headers, verify_signature, within_clock_window
from sync.enrolment_link import CODE_ALPHABET, CODE_LENGTH
from sync.event_chain import chain_key

H_SERVER_TIME = "X-MF-Server-Time"
_log = logging.getLogger("meterfield.server")


@dataclass(frozen=True, slots=True)
class Caller:
    """An authenticated device and the user it belongs to."""

    device_id: str
    user_id: str
    role: Role
    team_id: str
    company_id: str
    event_key: bytes = field(default=b"", repr=False)  # the device's event-chain key (sync.event_chain)


def authenticate(engine: Engine, method: str, path: str, headers: Mapping[str, str], body: bytes,
                 *, now: int, window_s: int, device_secrets: DeviceSecrets) -> Caller:
    """Verify one request; raises :class:`ServerError` (401 or 403) when it must be refused."""
    try:
        signed = parse_headers(headers)
    except HeaderError as exc:
        raise unauthenticated("unauthenticated", str(exc)) from None
    with reading(engine) as conn:
        row = conn.execute(select(tables.devices, tables.users.c.role, tables.users.c.team_id,
                                  tables.users.c.company_id)
                           .join(tables.users, tables.users.c.user_id == tables.devices.c.user_id)
                           .where(tables.devices.c.device_id == signed.device_id)).first()
    if row is None:
        raise unauthenticated("unknown_device", "this terminal is not enrolled; enrol it with a code "
                                                "from your administrator")
    secret = _secret_of(device_secrets, row.device_id, row.secret)
    if secret is None or not verify_signature(secret, method, path, body, signed):
        raise unauthenticated("bad_signature", "the request's signature does not match: it was altered "
                                               "in transit or the terminal's key is wrong")
    if row.revoked_at is not None:
        raise forbidden("revoked", REVOKED_MESSAGE)
    if not within_clock_window(signed.time, now, window_s):
        raise ServerError(401, "clock", "the terminal's clock is too far from the server's; "
                                        "set the date and time and sync again",
                          {H_SERVER_TIME: str(now)})
    _remember_nonce(engine, signed.device_id, signed.nonce, now, window_s)
    return Caller(row.device_id, row.user_id, Role(row.role), row.team_id, row.company_id,
                  event_key=chain_key(secret))


def _secret_of(device_secrets: DeviceSecrets, device_id: str, stored: bytes) -> bytes | None:
    try:
        return device_secrets.unwrap(device_id, stored)
    except UnwrapError as exc:  # start-up checked the key: this one row is damaged
        _log.error("%s: refusing the device until it is enrolled again", exc)
        return None


def _remember_nonce(engine: Engine, device_id: str, nonce: str, now: int, window_s: int) -> None:
    try:
        with engine.begin() as conn:
            conn.execute(delete(tables.nonces).where(tables.nonces.c.device_id == device_id,
                                                     tables.nonces.c.seen_at < now - 2 * window_s))
            conn.execute(insert(tables.nonces).values(device_id=device_id, nonce=nonce, seen_at=now))
            conn.execute(update(tables.devices).where(tables.devices.c.device_id == device_id)
                         .values(last_seen=now))
    except IntegrityError:
        raise unauthenticated("replay", "this request was already received (replayed); "
                                        "each request needs a fresh nonce") from None


def normalise_code(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def _code_hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def issue_enrol_code(engine: Engine, user_id: str, *, now: int, ttl_s: int) -> str:
    """A new one-time enrolment code for ``user_id`` (shown once; only its hash is stored)."""
    with engine.begin() as conn:
        return new_enrol_code(conn, user_id, now=now, ttl_s=ttl_s)


def new_enrol_code(conn: Connection, user_id: str, *, now: int, ttl_s: int) -> str:
    """:func:`issue_enrol_code` inside the caller's transaction."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    if conn.execute(select(tables.users.c.user_id).where(tables.users.c.user_id == user_id)).first() is None:
        raise ServerError(404, "unknown_user", f"there is no user {user_id}")
    conn.execute(insert(tables.enrol_codes).values(code_hash=_code_hash(raw), user_id=user_id,
                                                   issued_at=now, expires_at=now + ttl_s))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


@dataclass(frozen=True, slots=True)
class Enrolment:
    device_id: str
    secret: bytes
    user_id: str
    role: Role
    user_name: str = ""
    team_id: str = ""
    team_name: str = ""
    company_id: str = ""


def enrol(engine: Engine, code: str, device_name: str, *, now: int,
          device_secrets: DeviceSecrets) -> Enrolment:
    """Spend a one-time code: create the device and its secret (stored wrapped); say whose it is now.

    Refusals (401, each with its code): ``bad_code`` (unknown), ``code_used``, ``code_expired``."""
    digest = _code_hash(code)
    device_id = "D" + secrets.token_hex(8).upper()
    secret = secrets.token_bytes(32)
    with engine.begin() as conn:
        row = conn.execute(select(tables.enrol_codes).where(tables.enrol_codes.c.code_hash == digest)
                           ).first()
        if row is None:
            raise unauthenticated("bad_code", "this enrolment code is not valid; ask your administrator "
                                              "for a new one")
        if row.used_at is not None:
            raise unauthenticated("code_used", "this enrolment code has already been used; ask your "
                                               "administrator for a new one")
        if now >= row.expires_at:
            raise unauthenticated("code_expired", "this enrolment code has expired; ask your "
                                                  "administrator for a new one")
        spent = conn.execute(update(tables.enrol_codes)
                             .where(tables.enrol_codes.c.code_hash == digest,
                                    tables.enrol_codes.c.used_at.is_(None))
                             .values(used_at=now, device_id=device_id))
        if spent.rowcount != 1:  # another request spent it at the same moment
            raise unauthenticated("code_used", "this enrolment code has already been used")
        conn.execute(insert(tables.devices).values(
            device_id=device_id, user_id=row.user_id, name=device_name[:100],
            secret=device_secrets.wrap(device_id, secret),
            enrolled_at=now, acked_through=0))
        user = conn.execute(select(tables.users).where(tables.users.c.user_id == row.user_id)).one()
        team_name = conn.execute(select(tables.teams.c.name).where(tables.teams.c.team_id == user.team_id)
                                 ).scalar() if user.team_id else ""
    return Enrolment(device_id, secret, row.user_id, Role(user.role), user.name, user.team_id,
                     team_name or "", user.company_id)


def revoke(conn: Connection, device_id: str, *, now: int) -> bool:
    """Lock a device out from its next request on. False if there is no such device."""
    result = conn.execute(update(tables.devices).where(tables.devices.c.device_id == device_id)
                          .values(revoked_at=now))
    return result.rowcount == 1


def list_devices(conn: Connection) -> list[dict[str, object]]:
    d = tables.devices.c
    rows = conn.execute(select(d.device_id, d.user_id, d.name, d.enrolled_at, d.revoked_at,
                               d.acked_through, d.last_seen).order_by(d.enrolled_at))
    return [dict(r._mapping) for r in rows]
