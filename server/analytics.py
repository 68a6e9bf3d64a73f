"""Analytical data at the centre: each order's figures, and the KPIs of technicians, teams and areas.

**Order facts** (``order_facts``) are computed from what the handheld uploaded for the order, as
it arrives (:func:`refresh`, called in the sync's transaction for every order a batch touched), on
the device's own clock, so work done offline and synced hours later counts when it was done:

- when the work started and ended (the first step's start, the last step's end), its day;
- ``work_s``: the steps' own durations; ``elapsed_s``: first start to last end;
- steps, failed steps, rework (a supervisor sent it back and it was worked again);
- the outcome (``done``, ``unfinished``, ``open``) and ``first_time``: done with no failed step and no
  rework;
- anomalies: each failed step's error (``wrong_meter``, ``seal_refused``, ``tariff_refused``, ...),
  each flag the centre raised on the order (a refused record, a seal not in stock, a broken event
  chain, ...), each inspection finding (``cover_opened``, ``reading_below_last``...);
- ``sync_delay_s``: how long after the work ended its result reached the centre;
- the first and last GPS position of the order (travel between orders is their distance).

**KPIs** (:func:`kpis`) aggregate the facts of a period per technician, team, area or day, in the
caller's scope, with the evaluation score (the rules in ``docs/monitoring.md``, :func:`score`).
"""

from __future__ import annotations

import itertools
import json
import logging
import math
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select
from sqlalchemy.exc import SQLAlchemyError

from app.domain.entities import UTILITY_TZ
from server import changelog, orders
from server.auth import Caller
from server.db import reading, tables
from server.scope import order_visible

_log = logging.getLogger("meterfield.server")
GROUPS = ("technician", "team", "area", "day")
# A failed step's error (app.services.monitoring.error_code) as the anomaly it is.
ERROR_ANOMALIES = {"WrongMeterError": "wrong_meter", "SealReusedError": "seal_refused",
                   "TariffMismatchError": "tariff_refused", "no_authorisation": "no_authorisation",
                   "authorisation_withdrawn": "no_authorisation", "NoTagError": "no_tag"}
WEIGHTS = {"first_time": 0.5, "completion": 0.3, "clean": 0.2}  # the evaluation score (docs/monitoring.md)


def _when(text: Any) -> datetime | None:
    try:
        when = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return when if when.tzinfo is not None else None  # a device time without its zone is not a time


def _fix(payload: dict[str, Any]) -> tuple[str, str] | None:
    """(time, "lat,lon") of a GPS fix record or an event's place."""
    fix = payload.get("fix") if "fix" in payload else payload
    if not isinstance(fix, dict):
        return None
    lat, lon = fix.get("lat"), fix.get("lon")
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lat, lon)):
        return None
    if not (-90 <= float(lat) <= 90 and -180 <= float(lon) <= 180):  # type: ignore[arg-type]
        return None
    return str(fix.get("fixed_at", "")), f"{float(lat):.6f},{float(lon):.6f}"  # type: ignore[arg-type]


def _facts(conn: Connection, order_no: str, now: int) -> dict[str, Any] | None:
    stored = orders.load(conn, order_no)
    if stored is None:
        return None
    rm = tables.received_mutations.c
    rows = conn.execute(select(rm.entity, rm.payload, rm.outcome, rm.code, rm.received_at)
                        .where(rm.order_no == order_no).order_by(rm.received_at, rm.seq)).all()
    events, fixes, anomalies = [], [], []
    rework, outcome, done_at, result_at = False, "open", None, None
    for r in rows:
        payload = changelog.unpack(r.payload)
        if r.outcome == "rejected":  # its flag (raised with every refusal) is the anomaly
            continue
        if r.entity == "operation_event":
            events.append(payload)
            if payload.get("result") == "failed":
                error = str(payload.get("error", ""))
                anomalies.append(ERROR_ANOMALIES.get(error, "step_failed"))
            if (place := _fix(payload)) is not None:
                fixes.append(place)
        elif r.entity == "gps_fix" and (place := _fix(payload)) is not None:
            fixes.append(place)
        elif r.entity == "order_event" and payload.get("event") == "rework":
            rework = True
        elif r.entity == "work_result":
            outcome = "unfinished" if payload.get("outcome") == "unfinished" else "done"
            done_at, result_at = _when(payload.get("completed_at")), r.received_at
    f, i = tables.flags.c, tables.inspection_findings.c
    anomalies += [str(c) for c in conn.execute(select(f.code).where(f.order_no == order_no)).scalars()]
    anomalies += [str(c) for c in conn.execute(select(i.rule).where(i.order_no == order_no)).scalars()]
    spans = [(s, e) for s, e in ((_when(ev.get("started_at")), _when(ev.get("ended_at"))) for ev in events)
             if s is not None and e is not None]
    if not spans and outcome == "open":
        return None  # nothing done on it yet
    started = min((s for s, _ in spans), default=done_at)
    ended = max([e for _, e in spans] + ([done_at] if done_at else []), default=started)
    failed = sum(1 for ev in events if ev.get("result") == "failed")
    fixes.sort()
    order = stored.order
    return {
        "order_no": order_no, "company_id": stored.company_id, "team_id": stored.team_id,
        "tech_id": order.tech_id, "area": (order.archive.customer.transformer or "")[:64],
        "kind": order.kind.value,
        "day": started.astimezone(UTILITY_TZ).date().isoformat() if started else "",
        "outcome": outcome, "started_at": started.isoformat() if started else "",
        "ended_at": ended.isoformat() if ended else "",
        "work_s": sum((e - s).total_seconds() for s, e in spans),
        "elapsed_s": (ended - started).total_seconds() if started and ended else 0.0,
        "steps": len(events), "failed_steps": failed, "rework": rework,
        "first_time": outcome == "done" and failed == 0 and not rework,
        "anomalies": json.dumps(anomalies),
        "sync_delay_s": (result_at - ended.timestamp()) if result_at is not None and ended else None,
        "first_fix": fixes[0][1] if fixes else "", "last_fix": fixes[-1][1] if fixes else "",
        "updated_at": now,
    }


def refresh(conn: Connection, order_nos: Iterable[str], *, now: int) -> None:
    """Inside the sync's transaction: recompute the facts of the orders a batch touched. A record the
    figures cannot be read from leaves that order's figures as they were: it never fails the sync."""
    t = tables.order_facts.c
    for order_no in sorted({o for o in order_nos if o}):
        savepoint = conn.begin_nested()  # an order whose figures fail leaves the sync and the others alone
        try:
            facts = _facts(conn, order_no, now)
            conn.execute(delete(tables.order_facts).where(t.order_no == order_no))
            if facts is not None:
                conn.execute(insert(tables.order_facts).values(**facts))
            savepoint.commit()
        except (ValueError, TypeError, KeyError, AttributeError, ArithmeticError, SQLAlchemyError) as exc:
            savepoint.rollback()
            _log.warning("order %s: its figures could not be computed (%s); kept as they were", order_no, exc)


def _km(a: str, b: str) -> float:
    """The great-circle distance between two "lat,lon" places, in km (0 when one is unknown)."""
    if not a or not b:
        return 0.0
    (la1, lo1), (la2, lo2) = ((math.radians(float(x)) for x in p.split(",")) for p in (a, b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def score(first_time_rate: float, completion_rate: float, anomaly_rate: float) -> float:
    """The evaluation score, 0-100: half the first-time rate, 30 % completion, 20 % clean work."""
    clean = 1.0 - min(1.0, anomaly_rate)
    return round(100 * (WEIGHTS["first_time"] * first_time_rate + WEIGHTS["completion"] * completion_rate
                        + WEIGHTS["clean"] * clean), 1)


def facts(engine: Engine, caller: Caller, start: date, end: date) -> list[dict[str, Any]]:
    """The orders' facts of the days ``start`` to ``end`` (inclusive) in ``caller``'s scope."""
    t, o = tables.order_facts.c, tables.orders.c
    visible = select(o.order_no).where(order_visible(caller))
    with reading(engine) as conn:
        rows = conn.execute(select(tables.order_facts).where(
            t.order_no.in_(visible), t.day >= start.isoformat(), t.day <= end.isoformat())
            .order_by(t.tech_id, t.started_at)).all()
    out = []
    for r in rows:
        row = dict(r._mapping)
        row["anomalies"] = json.loads(row["anomalies"])
        out.append(row)
    return out


def _travel(rows: list[dict[str, Any]]) -> dict[str, float]:
    """Each order's travel from the technician's previous order of the day (km)."""
    travel: dict[str, float] = {}
    last: dict[tuple[str, str], str] = {}
    for r in sorted(rows, key=lambda r: (r["tech_id"], r["day"], r["started_at"])):
        key = (r["tech_id"], r["day"])
        travel[r["order_no"]] = _km(last.get(key, ""), r["first_fix"])
        if r["last_fix"]:
            last[key] = r["last_fix"]
    return travel


def kpis(engine: Engine, caller: Caller, start: date, end: date, by: str) -> dict[str, Any]:
    """The period's KPIs per technician, team, area or day, and the evaluation score of each."""
    if by not in GROUPS:
        raise ValueError(f"by is one of {', '.join(GROUPS)}")
    rows = facts(engine, caller, start, end)
    travel = _travel(rows)
    key = {"technician": "tech_id", "team": "team_id", "area": "area", "day": "day"}[by]
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(str(r[key]), []).append(r)
    return {"from": start.isoformat(), "to": end.isoformat(), "by": by,
            "rows": [_kpi_row(name, members, travel) for name, members in sorted(groups.items())]}


def _kpi_row(name: str, rows: list[dict[str, Any]], travel: dict[str, float]) -> dict[str, Any]:
    done = [r for r in rows if r["outcome"] == "done"]
    unfinished = sum(1 for r in rows if r["outcome"] == "unfinished")
    ended = len(done) + unfinished
    anomalies = sum(len(r["anomalies"]) for r in rows)
    delays = [r["sync_delay_s"] for r in rows if r["sync_delay_s"] is not None]
    first_time = sum(1 for r in done if r["first_time"])
    rate = first_time / len(done) if done else 0.0
    completion = len(done) / ended if ended else 0.0
    return {
        "name": name, "orders": len(rows), "done": len(done), "unfinished": unfinished,
        "open": len(rows) - ended, "first_time": first_time, "first_time_rate": round(rate, 4),
        "rework": sum(1 for r in rows if r["rework"]), "failed_steps": sum(r["failed_steps"] for r in rows),
        "anomalies": anomalies,
        "work_min_avg": round(sum(r["work_s"] for r in done) / len(done) / 60, 2) if done else 0.0,
        "elapsed_min_avg": round(sum(r["elapsed_s"] for r in done) / len(done) / 60, 2) if done else 0.0,
        "sync_delay_min_avg": round(sum(delays) / len(delays) / 60, 2) if delays else None,
        "travel_km": round(sum(travel.get(r["order_no"], 0.0) for r in rows), 3),
        "score": score(rate, completion, anomalies / len(rows) if rows else 0.0),
    }


def anomalies(engine: Engine, caller: Caller, start: date, end: date) -> list[dict[str, Any]]:
    """Every anomaly of the period, one row each, newest work first (for the drill-down list)."""
    out = [{"order_no": r["order_no"], "tech_id": r["tech_id"], "team_id": r["team_id"], "day": r["day"],
            "kind": r["kind"], "code": code, "started_at": r["started_at"]}
           for r in facts(engine, caller, start, end) for code in r["anomalies"]]
    return sorted(out, key=lambda a: (a["started_at"], a["order_no"]), reverse=True)


def order_detail(engine: Engine, caller: Caller, order_no: str) -> dict[str, Any] | None:
    """The drill-down of one order in ``caller``'s scope: its figures, each step with its time and
    result, the readings, the photos and signature, the GPS trail and the flags; None out of scope."""
    o, rm, f = tables.orders.c, tables.received_mutations.c, tables.flags.c
    with reading(engine) as conn:
        visible = conn.execute(select(o.order_no)
                               .where(o.order_no == order_no, order_visible(caller))).first()
        if visible is None:
            return None
        rows = conn.execute(select(rm.entity, rm.payload, rm.outcome, rm.code)
                            .where(rm.order_no == order_no).order_by(rm.received_at, rm.seq)).all()
        found = conn.execute(select(tables.order_facts)
                             .where(tables.order_facts.c.order_no == order_no)).first()
        raised = conn.execute(select(f.code, f.message).where(f.order_no == order_no)
                              .order_by(f.flag_id)).all()
    steps, readings, attachments, trail = [], [], [], []
    for r in rows:
        p = changelog.unpack(r.payload)
        if r.entity == "operation_event":
            start, end = _when(p.get("started_at")), _when(p.get("ended_at"))
            steps.append({"step": p.get("step", ""), "started_at": p.get("started_at", ""),
                          "duration_s": (end - start).total_seconds() if start and end else None,
                          "result": p.get("result", ""), "error": p.get("error", ""),
                          "refused": r.outcome == "rejected"})
        elif r.entity == "reading":
            readings.append({"role": p.get("role", ""), "di": p.get("di", ""), "value": p.get("value", ""),
                             "unit": p.get("unit", "")})
        elif r.entity == "attachment":
            attachments.append({"sha256": p.get("sha256", ""), "kind": p.get("kind", ""),
                                "caption": p.get("caption", ""), "mime": p.get("mime", "")})
        if r.entity in ("gps_fix", "operation_event") and (place := _fix(p)) is not None:
            trail.append(place)
    facts_row = dict(found._mapping) if found is not None else {}
    if facts_row:
        facts_row["anomalies"] = json.loads(facts_row["anomalies"])
    ordered = sorted(trail)
    points = [{"at": at, "lat": float(p.split(",")[0]), "lon": float(p.split(",")[1])} for at, p in ordered]
    km = sum(_km(a[1], b[1]) for a, b in itertools.pairwise(ordered))
    return {"order_no": order_no, "facts": facts_row, "steps": steps, "readings": readings,
            "attachments": attachments, "trail": points, "trail_km": round(km, 3),
            "flags": [{"code": c, "message": m} for c, m in raised]}
