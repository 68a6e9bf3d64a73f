"""Users and teams: the one place for their rules, used by the REST routes and ``main.py server``.

Each act runs in one transaction that also appends the record to the change log (so the
team's handhelds receive it at their next sync; :func:`server.scope.redact` keeps PIN hashes
within the team) and writes its audit entry (:mod:`server.audit`).

Rules: identifiers are 1-32 characters of letters, digits, ``_``, ``-`` and ``.``; names are
1-100 printable characters; a technician belongs to a team; a supervisor leads a team or a
whole company (a region); an administrator and the metering centre belong to no team. A user's
company is their team's (a company given with the team must be the same one). A new user has
no PIN: ``set-pin`` / ``reset-pin`` gives them one, and their device enrols with a one-time code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from app.domain.entities import Role, Team
from app.domain.serialize import to_record
from server import audit, auth, changelog, pins
from server.audit import Actor
from server.db import reading, tables
from server.errors import ServerError, conflict

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")
MAX_NAME = 100
RESERVED_IDS = frozenset({"cli"})  # the audit log's actor for the server's own command line
ROLES = ", ".join(r.value for r in Role)
_USER_FIELDS = ("user_id", "name", "role", "team_id", "company_id")
_TEAM_FIELDS = ("team_id", "company_id", "name")
_NO_TEAM = (Role.ADMINISTRATOR, Role.METERING_CENTRE)


def invalid(code: str, message: str) -> ServerError:
    return ServerError(400, code, message)


@dataclass(frozen=True, slots=True)
class FirstStart:
    """What ``server init`` did: created ``user_id`` with ``code``, or found administrators."""

    user_id: str
    code: str = ""
    existing: tuple[str, ...] = ()


def create_user(engine: Engine, data: dict[str, Any], *, actor: Actor, now: int) -> dict[str, Any]:
    """Create the user ``data`` describes (400 for bad input, 409 ``duplicate_user``); their record."""
    with engine.begin() as conn:
        return _create_user(conn, data, actor=actor, now=now)


def _create_user(conn: Connection, data: dict[str, Any], *, actor: Actor, now: int) -> dict[str, Any]:
    _only(data, _USER_FIELDS, "user")
    user_id = _identifier(data, "user_id")
    if user_id.lower() in RESERVED_IDS:
        raise invalid("reserved_id", f"the user id '{user_id}' is reserved")
    fields = {"name": _name(data), "role": _role(data.get("role")),
              "team_id": _optional_id(data, "team_id"), "company_id": _optional_id(data, "company_id")}
    if _user_row(conn, user_id) is not None:
        raise conflict("duplicate_user", f"there is already a user {user_id}")
    row = {"user_id": user_id, **_placed(conn, fields)}
    conn.execute(insert(tables.users).values(**row, pin_hash="", badge_hash=""))
    pins.publish_user(conn, user_id, now=now)
    audit.record(conn, actor, "user.create", user_id, _public(row), now=now)
    return _public(row)


def update_user(engine: Engine, user_id: str, data: dict[str, Any], *, actor: Actor, now: int
                ) -> dict[str, Any]:
    """Change the given fields of ``user_id`` (404 ``unknown_user``; the rules as for a new user)."""
    _only(data, _USER_FIELDS[1:], "user update")
    if not data:
        raise invalid("missing_field", f"give at least one of: {', '.join(_USER_FIELDS[1:])}")
    given: dict[str, str] = {}
    if "name" in data:
        given["name"] = _name(data)
    if "role" in data:
        given["role"] = _role(data["role"])
    for key in ("team_id", "company_id"):
        if key in data:
            given[key] = _optional_id(data, key)
    with engine.begin() as conn:
        current = _user_row(conn, user_id)
        if current is None:
            raise ServerError(404, "unknown_user", f"there is no user {user_id}")
        merged = {k: getattr(current, k) for k in _USER_FIELDS[1:]} | given
        if "team_id" in given and "company_id" not in given:
            merged["company_id"] = ""  # taken from the new team (or cleared with it)
        row = {"user_id": user_id, **_placed(conn, merged)}
        conn.execute(update(tables.users).where(tables.users.c.user_id == user_id).values(**row))
        old_scope = pins.user_scope(current.role, current.team_id, current.company_id)
        if old_scope != pins.user_scope(row["role"], row["team_id"], row["company_id"]):
            # The old team's handhelds forget the user (and their PIN hash) before the new ones learn it.
            changelog.append(conn, "user", user_id, {"user_id": user_id}, old_scope, now=now, op="delete")
        pins.publish_user(conn, user_id, now=now)
        changed = {k: v for k, v in row.items() if k != "user_id" and getattr(current, k) != v}
        audit.record(conn, actor, "user.update", user_id, changed, now=now)
    return _public(row)


def list_users(engine: Engine) -> list[dict[str, Any]]:
    """Every user, without hashes (``has_pin`` / ``has_badge`` say whether they have them)."""
    u = tables.users.c
    with reading(engine) as conn:
        rows = conn.execute(select(tables.users).order_by(u.user_id)).all()
    return [{**_public(r._mapping), "has_pin": bool(r.pin_hash), "has_badge": bool(r.badge_hash)}
            for r in rows]


def reset_pin(engine: Engine, user_id: str, *, pin: str | None, actor: Actor, now: int) -> None:
    """Clear ``user_id``'s PIN (``pin`` None: they cannot sign in until given one) or set a new one."""
    try:
        pin_hash = "" if pin is None else pins.hash_pin(pin)
    except ValueError as exc:
        raise invalid("bad_pin", str(exc)) from None
    with engine.begin() as conn:
        if conn.execute(update(tables.users).where(tables.users.c.user_id == user_id)
                        .values(pin_hash=pin_hash)).rowcount != 1:
            raise ServerError(404, "unknown_user", f"there is no user {user_id}")
        pins.publish_user(conn, user_id, now=now)
        audit.record(conn, actor, "user.reset_pin", user_id, {"cleared": pin is None}, now=now)


def create_team(engine: Engine, data: dict[str, Any], *, actor: Actor, now: int) -> dict[str, Any]:
    """Create a team (400 for bad input, 409 ``duplicate_team``) and publish it to its members."""
    _only(data, _TEAM_FIELDS, "team")
    team = Team(_identifier(data, "team_id"), _identifier(data, "company_id"), _name(data))
    record: dict[str, Any] = to_record(team)
    with engine.begin() as conn:
        if _team_row(conn, team.team_id) is not None:
            raise conflict("duplicate_team", f"there is already a team {team.team_id}")
        conn.execute(insert(tables.teams).values(**record))
        changelog.append(conn, "team", team.team_id, record,
                         changelog.Scope(team_id=team.team_id, company_id=team.company_id), now=now)
        audit.record(conn, actor, "team.create", team.team_id, record, now=now)
    return record


def list_teams(engine: Engine) -> list[dict[str, Any]]:
    t = tables.teams.c
    with reading(engine) as conn:
        rows = conn.execute(select(tables.teams).order_by(t.company_id, t.team_id)).all()
    return [dict(r._mapping) for r in rows]


def first_administrator(engine: Engine, user_id: str, name: str, *, now: int, ttl_s: int) -> FirstStart:
    """Create the first administrator and an enrolment code for their device, unless the database
    already has an administrator (then nothing is created). One transaction, audited as the CLI."""
    u = tables.users.c
    with engine.begin() as conn:
        existing = tuple(conn.execute(select(u.user_id).where(u.role == Role.ADMINISTRATOR.value)
                                      .order_by(u.user_id)).scalars())
        if existing:
            return FirstStart(existing[0], existing=existing)
        _create_user(conn, {"user_id": user_id, "name": name, "role": Role.ADMINISTRATOR.value},
                     actor=audit.CLI, now=now)
        code = auth.new_enrol_code(conn, user_id, now=now, ttl_s=ttl_s)
        audit.record(conn, audit.CLI, "enrol_code.issue", user_id, {"expires_at": now + ttl_s}, now=now)
    return FirstStart(user_id, code)


def _placed(conn: Connection, fields: dict[str, str]) -> dict[str, str]:
    """``fields`` with the team/company rules of the role checked and the company completed."""
    role, team_id, company_id = Role(fields["role"]), fields["team_id"], fields["company_id"]
    if role in _NO_TEAM and team_id:
        raise invalid("team_not_allowed", f"a user with the role {role.value} belongs to no team")
    if role is Role.TECHNICIAN and not team_id:
        raise invalid("missing_field", "a technician needs a team_id")
    if role is Role.SUPERVISOR and not (team_id or company_id):
        raise invalid("missing_field", "a supervisor needs a team_id (team leader) or a company_id (region)")
    if team_id:
        team = _team_row(conn, team_id)
        if team is None:
            raise invalid("unknown_team", f"there is no team {team_id}")
        if company_id and company_id != team.company_id:
            raise invalid("team_of_other_company",
                          f"team {team_id} belongs to company {team.company_id}, not {company_id}")
        company_id = team.company_id
    return {**fields, "team_id": team_id, "company_id": company_id}


def _user_row(conn: Connection, user_id: str) -> Any:
    return conn.execute(select(tables.users).where(tables.users.c.user_id == user_id)).first()


def _team_row(conn: Connection, team_id: str) -> Any:
    return conn.execute(select(tables.teams).where(tables.teams.c.team_id == team_id)).first()


def _public(row: Any) -> dict[str, Any]:
    return {k: row[k] for k in _USER_FIELDS}


def _only(data: dict[str, Any], allowed: tuple[str, ...], what: str) -> None:
    unknown = sorted(str(k) for k in data if k not in allowed)
    if unknown:
        raise invalid("unknown_field", f"a {what} has no field {', '.join(unknown)} "
                                       f"(fields: {', '.join(allowed)})")


def _identifier(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if value is None or value == "":
        raise invalid("missing_field", f"{key} is required")
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        raise invalid("bad_id", f"{key} must be 1-32 letters, digits, '_', '-' or '.' "
                                "(starting with a letter or digit)")
    return value


def _optional_id(data: dict[str, Any], key: str) -> str:
    return "" if data.get(key) in (None, "") else _identifier(data, key)


def _name(data: dict[str, Any]) -> str:
    value = data.get("name")
    if not isinstance(value, str) or not value.strip():
        raise invalid("missing_field", "name is required (text)")
    value = value.strip()
    if len(value) > MAX_NAME:
        raise invalid("too_long", f"name holds at most {MAX_NAME} characters, not {len(value)}")
    if not value.isprintable():
        raise invalid("bad_name", "name may not hold control characters")
    return value


def _role(value: Any) -> str:
    if value is None or value == "":
        raise invalid("missing_field", f"role is required (one of: {ROLES})")
    try:
        return Role(value).value
    except ValueError:
        raise invalid("unknown_role", f"unknown role {str(value)[:40]!r}: one of {ROLES}") from None
