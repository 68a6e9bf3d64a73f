"""Sign-in PINs and badge values: stored as argon2id hashes, sent down to the user's team.

Parameters (:data:`HASHER`): argon2id, time_cost=2, memory_cost=19 MiB, parallelism=1,
16-byte salt, 32-byte hash. That is OWASP's minimum recommendation for argon2id, chosen so
that a handheld (a few hundred MB of RAM, a slow ARM core) verifies one PIN offline in well
under a second while an offline guess of a 4-digit PIN from a stolen terminal still costs
19 MiB and two passes per guess. The parameters travel inside each PHC string
(``$argon2id$v=19$m=19456,t=2,p=1$...``), so the terminal verifies without knowing them and
a later change only affects hashes made afterwards.

Hashes reach terminals in the ordinary "user" change rows (scope: the user's team), and
:func:`server.scope.redact` strips them from a row for any caller outside that team (a
regional supervisor or an administrator sees the user, not the hash). Setting a PIN appends
a new "user" row so terminals get it at their next sync.
"""

from __future__ import annotations

from typing import Any

from argon2 import PasswordHasher, Type
from sqlalchemy import Connection, Engine, select, update

from app.domain.credentials import badge_problem, normalise_badge, pin_problem
from app.domain.entities import Role
from server import audit, changelog
from server.db import tables
from server.errors import ServerError
from server.scope import AUDIENCE_SUPERVISOR, SECRET_FIELDS

HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16,
                        type=Type.ID)
__all__ = ["HASHER", "SECRET_FIELDS", "hash_badge", "hash_pin", "publish_user", "set_credentials"]


def hash_pin(pin: str) -> str:
    """The argon2id PHC string of a valid PIN (raises :class:`ValueError` for an invalid one)."""
    problem = pin_problem(pin)
    if problem:
        raise ValueError(problem)
    return HASHER.hash(pin)


def hash_badge(value: str) -> str:
    problem = badge_problem(value)
    if problem:
        raise ValueError(problem)
    return HASHER.hash(normalise_badge(value))


def user_record(row: Any) -> dict[str, Any]:
    """The payload of a "user" change: the user and their hashes."""
    return {"user_id": row.user_id, "name": row.name, "role": row.role, "team_id": row.team_id,
            "company_id": row.company_id, "pin_hash": row.pin_hash, "badge_hash": row.badge_hash}


def user_scope(role: str, team_id: str, company_id: str) -> changelog.Scope:
    """Who receives a user's row (the seed writes the same scope)."""
    if role == Role.ADMINISTRATOR.value or not team_id:
        return changelog.Scope(company_id=company_id or None, audience=AUDIENCE_SUPERVISOR)
    return changelog.Scope(team_id=team_id, company_id=company_id)


def set_credentials(engine: Engine, user_id: str, *, pin: str | None = None, badge: str | None = None,
                    now: int, actor: audit.Actor = audit.CLI) -> None:
    """Store a new PIN and/or badge hash for ``user_id`` and publish the user to their team.

    Raises :class:`ServerError` 404 ``unknown_user`` or 400 ``bad_pin`` / ``bad_badge``."""
    values: dict[str, str] = {}
    try:
        if pin is not None:
            values["pin_hash"] = hash_pin(pin)
        if badge is not None:
            values["badge_hash"] = hash_badge(badge)
    except ValueError as exc:
        raise ServerError(400, "bad_pin" if pin is not None and pin_problem(pin) else "bad_badge",
                          str(exc)) from None
    if not values:
        raise ServerError(400, "malformed", "give a PIN, a badge value or both")
    with engine.begin() as conn:
        if conn.execute(update(tables.users).where(tables.users.c.user_id == user_id).values(**values)
                        ).rowcount != 1:
            raise ServerError(404, "unknown_user", f"there is no user {user_id}")
        publish_user(conn, user_id, now=now)
        audit.record(conn, actor, "user.set_credentials", user_id, {k: True for k in values}, now=now)


def publish_user(conn: Connection, user_id: str, *, now: int) -> None:
    """Append the user's current row to the change log (inside the caller's transaction)."""
    row = conn.execute(select(tables.users).where(tables.users.c.user_id == user_id)).one()
    changelog.append(conn, "user", user_id, user_record(row), user_scope(row.role, row.team_id,
                                                                         row.company_id), now=now)
