"""What each caller may see: the one place that turns a role into a WHERE clause.

- a technician: their own orders (with the archives embedded), commands for
  them, their stock, and reference rows of their team and company;
- a supervisor: everything of their team (or of their company when they lead a
  region and have no team) except commands, which only the technician gets;
- an administrator: everything except commands.

Change-log rows carry ``tech_id`` / ``team_id`` / ``company_id`` (NULL = any)
and an ``audience`` ("all", "tech" = the technician only, "supervisor" =
supervisors and administrators only).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, true

from app.domain.entities import Role
from server.auth import Caller
from server.db import tables

AUDIENCE_ALL = "all"
AUDIENCE_TECH = "tech"
AUDIENCE_SUPERVISOR = "supervisor"
SECRET_FIELDS = ("pin_hash", "badge_hash")  # of a "user" payload: for the user's own team only


def change_visible(caller: Caller) -> ColumnElement[bool]:
    """The change-log rows ``caller`` may receive."""
    c = tables.change_log.c
    company_wide = and_(c.tech_id.is_(None), c.team_id.is_(None),
                        or_(c.company_id.is_(None), c.company_id == caller.company_id))
    if caller.role is Role.TECHNICIAN:
        team_wide = and_(c.tech_id.is_(None), c.team_id == caller.team_id)
        return and_(c.audience != AUDIENCE_SUPERVISOR,
                    or_(c.tech_id == caller.user_id, team_wide, company_wide))
    not_tech_only = c.audience != AUDIENCE_TECH
    if caller.role is Role.SUPERVISOR:
        if caller.team_id:
            return and_(not_tech_only, or_(c.team_id == caller.team_id, company_wide))
        return and_(not_tech_only, or_(c.company_id == caller.company_id, c.company_id.is_(None)))
    if caller.role is Role.ADMINISTRATOR:
        return not_tech_only
    return false()


def order_visible(caller: Caller) -> ColumnElement[bool]:
    """The orders ``caller`` may read (monitoring, attachments)."""
    o = tables.orders.c
    if caller.role is Role.TECHNICIAN:
        return o.tech_id == caller.user_id
    if caller.role is Role.SUPERVISOR:
        return o.team_id == caller.team_id if caller.team_id else o.company_id == caller.company_id
    return true() if caller.role is Role.ADMINISTRATOR else false()


def may_act_on_order(caller: Caller, tech_id: str, team_id: str, company_id: str) -> bool:
    """May ``caller`` record work or decisions on an order with this assignment?"""
    if caller.role is Role.TECHNICIAN:
        return tech_id == caller.user_id
    if caller.role is Role.SUPERVISOR:
        return team_id == caller.team_id if caller.team_id else company_id == caller.company_id
    return caller.role is Role.ADMINISTRATOR


def may_see_team(caller: Caller, user_id: str, team_id: str, company_id: str) -> bool:
    """May ``caller`` see something a user of this team/company produced (an attachment)?"""
    if caller.role is Role.TECHNICIAN:
        return user_id == caller.user_id
    return may_act_on_order(caller, "", team_id, company_id) or caller.user_id == user_id


def redact(caller: Caller, entity: str, payload: dict[str, Any]) -> dict[str, Any]:
    """``payload`` as ``caller`` may receive it: a user's PIN and badge hashes go only to
    devices of the user's own team (never to another team, a region or an administrator), and a
    teamless person's (an administrator's) own hashes to their own terminal, where they sign in."""
    if entity != "user" or not any(k in payload for k in SECRET_FIELDS):
        return payload
    if caller.team_id and payload.get("team_id") == caller.team_id:
        return payload
    if not caller.team_id and payload.get("user_id") == caller.user_id:
        return payload
    return {k: v for k, v in payload.items() if k not in SECRET_FIELDS}
