"""Service areas: the transformer districts (台区) each team serves, so that an order the marketing
system sends without a team is dispatched to the team whose area covers its customer.

An area is a team's named set of transformer districts of its company; a district is in at most
one team's area. Setting a team's area replaces its list. Audited like every administrative act.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select

from server import audit
from server.audit import Actor
from server.db import reading, tables
from server.errors import ServerError

_FIELDS = ("team_id", "name", "transformers")
MAX_TRANSFORMERS = 2000


def set_area(engine: Engine, data: dict[str, Any], *, actor: Actor, now: int) -> dict[str, Any]:
    """Give a team its service area (400 for bad input, 404 ``unknown_team``, 409
    ``transformer_taken`` when a district is in another team's area); the area as stored."""
    team_id, name, transformers = _parsed(data)
    sa = tables.service_areas.c
    with engine.begin() as conn:
        team = conn.execute(select(tables.teams).where(tables.teams.c.team_id == team_id)).first()
        if team is None:
            raise ServerError(404, "unknown_team", f"there is no team {team_id}")
        taken = conn.execute(select(sa.transformer, sa.team_id).where(
            sa.company_id == team.company_id, sa.transformer.in_(transformers),
            sa.team_id != team_id)).all()
        if taken:
            raise ServerError(409, "transformer_taken", "; ".join(
                f"{t.transformer} is in the area of team {t.team_id}" for t in taken))
        conn.execute(delete(tables.service_areas).where(sa.team_id == team_id))
        if transformers:
            conn.execute(insert(tables.service_areas), [
                {"company_id": team.company_id, "transformer": t, "team_id": team_id, "area_name": name}
                for t in transformers])
        area = {"team_id": team_id, "company_id": team.company_id, "name": name, "transformers": transformers}
        audit.record(conn, actor, "area.set", team_id, area, now=now)
    return area


def list_areas(engine: Engine) -> list[dict[str, Any]]:
    """Every team's area, by company and team."""
    sa = tables.service_areas.c
    with reading(engine) as conn:
        rows = conn.execute(select(tables.service_areas)
                            .order_by(sa.company_id, sa.team_id, sa.transformer)).all()
    areas: dict[str, dict[str, Any]] = {}
    for r in rows:
        area = areas.setdefault(r.team_id, {"team_id": r.team_id, "company_id": r.company_id,
                                            "name": r.area_name, "transformers": []})
        area["transformers"].append(r.transformer)
    return list(areas.values())


def team_of_district(conn: Connection) -> dict[tuple[str, str], str]:
    """(company_id, transformer district) -> the team whose area covers it."""
    sa = tables.service_areas.c
    return {(r.company_id, r.transformer): r.team_id
            for r in conn.execute(select(sa.company_id, sa.transformer, sa.team_id))}


def _parsed(data: dict[str, Any]) -> tuple[str, str, list[str]]:
    unknown = set(data) - set(_FIELDS)
    if unknown:
        raise ServerError(400, "unknown_field",
                          f"unknown field(s) for a service area: {', '.join(sorted(unknown))}")
    team_id, name, transformers = data.get("team_id"), data.get("name", ""), data.get("transformers")
    if not isinstance(team_id, str) or not team_id:
        raise ServerError(400, "missing_field", "team_id is required")
    if not isinstance(name, str) or len(name) > 100:
        raise ServerError(400, "bad_field", "name must be text of at most 100 characters")
    if (not isinstance(transformers, list) or len(transformers) > MAX_TRANSFORMERS
            or not all(isinstance(t, str) and 0 < len(t.strip()) <= 100 for t in transformers)):
        raise ServerError(400, "bad_field", f"transformers must be a list of at most {MAX_TRANSFORMERS} "
                                            "district names (1-100 characters each)")
    return team_id, name.strip(), sorted({t.strip() for t in transformers})
