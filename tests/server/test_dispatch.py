"""Dispatch over REST: a team leader assigns an unassigned order, reassigns and cancels it; the
handhelds learn of each at their next sync (order, meter authorisations, delete, revocation), the
audit log holds each act with the leader as actor, and every refusal changes nothing. Real
server, SQLite and PostgreSQL, signed devices."""

from __future__ import annotations

import itertools
import time
from dataclasses import replace
from typing import Any

import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import func, select

from app.domain.work_orders import Family, Status
from server import orders
from server.db import tables
from server.orders import StoredOrder
from signed_commands.authorisation import KIND as AUTHORISATION
from signed_commands.authorisation import verify_authorisation
from signed_commands.kinds import AUTHORISATION_REVOCATION, open_revocation
from sync.protocol import Change
from tests.server.client import Device, error_of, mutation
from tests.server.conftest import Running

LEADER, TECH1, TECH2 = "CD100", "CD101", "CD102"  # team CD-T1
OTHER_LEADER, OTHER_TECH = "CD200", "CD201"  # team CD-T2, same company
_numbers = itertools.count(1)
ROUTES = [("get", "/v1/dispatch/orders")] + [("post", f"/v1/dispatch/orders/{{order_no}}/{act}")
                                             for act in ("assign", "reassign", "cancel")]


def _unassigned(running: Running, *, replacement: bool = True) -> str:
    """A new order of team CD-T1 as the importer stores one with a team but no technician."""
    candidates = running.demo.orders_of(TECH1) + running.demo.orders_of(TECH2) + running.demo.orders
    template = next(o for o in candidates if (o.family is Family.REPLACEMENT) == replacement)
    order_no = f"DSP-{running.backend}-{next(_numbers)}"
    order = replace(template, order_no=order_no, tech_id="", status=Status.REQUESTED, step="", version=1)
    with running.engine.begin() as conn:
        orders.insert_order(conn, StoredOrder(order, "CD-T1", "C-CD"), now=int(time.time()))
    return order_no


def _act(device: Device, order_no: str, act: str, body: dict[str, Any]) -> requests.Response:
    return device.json("POST", f"/v1/dispatch/orders/{order_no}/{act}", body)


def _commands(changes: list[Change], kind: str, order_no: str) -> list[bytes]:
    return [c.payload["data"] for c in changes
            if c.entity == "command" and c.payload["kind"] == kind and c.payload["order_no"] == order_no]


def _order_changes(changes: list[Change], order_no: str) -> list[Change]:
    return [c for c in changes if c.entity == "work_order" and c.entity_id == order_no]


def _audit(running: Running, order_no: str) -> list[tuple[str, str]]:
    a = tables.audit_log.c
    with running.engine.connect() as conn:
        rows = conn.execute(select(a.action, a.actor_user_id).where(a.target == order_no).order_by(a.id))
        return [(r.action, r.actor_user_id) for r in rows]


def _state(running: Running, order_no: str) -> tuple[Any, ...]:
    """The order's row, the audit log's and the change log's sizes, the queued commands."""
    o, a, c = tables.orders.c, tables.audit_log.c, tables.change_log.c
    with running.engine.connect() as conn:
        row = conn.execute(select(o.status, o.tech_id, o.version).where(o.order_no == order_no)).first()
        return (tuple(row) if row else None, conn.execute(select(func.count(a.id))).scalar_one(),
                conn.execute(select(func.max(c.cursor))).scalar_one())


def test_a_team_leader_assigns_reassigns_and_cancels(running: Running) -> None:
    leader, first, second = (running.device(u) for u in (LEADER, TECH1, TECH2))
    for d in (leader, first, second):
        d.pull_all()
    order_no = _unassigned(running)
    key = Ed25519PublicKey.from_public_bytes(first.command_key)

    listed = leader.json("GET", "/v1/dispatch/orders?status=requested").json()["orders"]
    mine = [o for o in listed if o["order_no"] == order_no]
    assert len(mine) == 1 and mine[0]["tech_id"] == "" and mine[0]["team_id"] == "CD-T1"
    assert mine[0]["customer"] and mine[0]["address"] and mine[0]["window_start"] and mine[0]["kind"]
    assert all(o["status"] == "requested" for o in listed)

    assigned = _act(leader, order_no, "assign", {"tech_id": TECH1})
    assert assigned.status_code == 200, error_of(assigned)
    assert (assigned.json()["status"], assigned.json()["tech_id"]) == ("assigned", TECH1)
    got = first.sync().changes
    assert [c.payload["tech_id"] for c in _order_changes(got, order_no)] == [TECH1]
    authorisations = _commands(got, AUTHORISATION, order_no)
    assert len(authorisations) == 2  # the new meter's and the old meter's
    assert {verify_authorisation(d, key, time.time()).task_id for d in authorisations} == {order_no}
    assert not _order_changes(second.sync().changes, order_no)

    moved = _act(leader, order_no, "reassign", {"tech_id": TECH2})
    assert moved.status_code == 200, error_of(moved)
    assert moved.json()["tech_id"] == TECH2
    got = first.sync().changes
    assert [c.op for c in _order_changes(got, order_no)] == ["delete"]
    revocations = [open_revocation(d, key) for d in _commands(got, AUTHORISATION_REVOCATION, order_no)]
    assert [(r.task_id, r.reason) for r in revocations] == [(order_no, "reassigned")]
    late = first.sync([mutation(1, "order_event", "late", {"order_no": order_no, "event": "start"})])
    assert [(r.seq, r.code) for r in late.rejections] == [(1, "reassigned")]  # kept and flagged
    assert any(c.entity == "flag" and c.payload["order_no"] == order_no and c.payload["code"] == "reassigned"
               for c in leader.sync().changes)
    got = second.sync().changes
    assert [(c.op, c.payload["tech_id"]) for c in _order_changes(got, order_no)] == [("upsert", TECH2)]
    assert len(_commands(got, AUTHORISATION, order_no)) == 2

    cancelled = _act(leader, order_no, "cancel", {"reason": "customer moved out"})
    assert cancelled.status_code == 200, error_of(cancelled)
    got = second.sync().changes
    assert [c.payload["status"] for c in _order_changes(got, order_no)] == ["cancelled"]
    revocations = [open_revocation(d, key) for d in _commands(got, AUTHORISATION_REVOCATION, order_no)]
    assert [r.reason for r in revocations] == ["cancelled"]
    assert not _order_changes(first.sync().changes, order_no)

    assert _audit(running, order_no) == [("order.assign", LEADER), ("order.reassign", LEADER),
                                         ("order.cancel", LEADER)]
    admin = running.device("ADMIN")
    entries = admin.json("GET", "/v1/admin/audit").json()["entries"]
    cancel_entry = next(e for e in entries if e["target"] == order_no and e["action"] == "order.cancel")
    assert cancel_entry["detail"]["reason"] == "customer moved out"
    assert cancel_entry["actor_device_id"] == leader.device_id


def test_an_order_without_a_new_meter_is_assigned_without_authorisations(running: Running) -> None:
    leader, tech = running.device(LEADER), running.device(TECH1)
    tech.pull_all()
    order_no = _unassigned(running, replacement=False)
    assert _act(leader, order_no, "assign", {"tech_id": TECH1}).status_code == 200
    got = tech.sync().changes
    assert [c.payload["status"] for c in _order_changes(got, order_no)] == ["assigned"]
    assert not _commands(got, AUTHORISATION, order_no)


def test_refusals_change_nothing(running: Running) -> None:
    leader, other_leader, tech = (running.device(u) for u in (LEADER, OTHER_LEADER, TECH1))
    admin = running.device("ADMIN")
    order_no = _unassigned(running)
    before = _state(running, order_no)

    def refused(device: Device, act: str, body: dict[str, Any], status: int, code: str,
                target: str = order_no) -> None:
        answer = _act(device, target, act, body)
        assert (answer.status_code, error_of(answer)[0]) == (status, code), error_of(answer)
        assert _state(running, order_no) == before

    refused(leader, "assign", {"tech_id": TECH1}, 404, "unknown_order", target="NO-SUCH-ORDER")
    refused(other_leader, "assign", {"tech_id": OTHER_TECH}, 403, "out_of_scope")
    refused(tech, "assign", {"tech_id": TECH1}, 403, "forbidden")
    refused(leader, "assign", {"tech_id": OTHER_TECH}, 403, "forbidden")  # outside the leader's team
    refused(admin, "assign", {"tech_id": OTHER_TECH}, 400, "wrong_team")  # not the order's team
    refused(leader, "assign", {"tech_id": LEADER}, 400, "invalid")  # not a technician
    refused(leader, "assign", {"tech": TECH1}, 400, "malformed")
    refused(leader, "reassign", {"tech_id": TECH2}, 409, "illegal_transition")  # nobody has it yet
    refused(leader, "cancel", {"reason": ""}, 400, "malformed")
    unsigned = requests.post(f"{running.base}/v1/dispatch/orders/{order_no}/assign", json={"tech_id": TECH1},
                             timeout=10)
    assert unsigned.status_code == 401 and _state(running, order_no) == before
    assert tech.json("GET", "/v1/dispatch/orders").status_code == 403
    theirs = other_leader.json("GET", "/v1/dispatch/orders").json()["orders"]
    assert theirs and order_no not in {o["order_no"] for o in theirs}
    assert order_no in {o["order_no"] for o in admin.json("GET", "/v1/dispatch/orders?team_id=CD-T1")
                        .json()["orders"]}
    assert leader.json("GET", "/v1/dispatch/orders?status=nonsense").status_code == 400

    assert _act(leader, order_no, "assign", {"tech_id": TECH1}).status_code == 200
    before = _state(running, order_no)
    refused(leader, "assign", {"tech_id": TECH2}, 409, "already_assigned")
    refused(leader, "reassign", {"tech_id": OTHER_TECH}, 403, "forbidden")  # another team's technician
    refused(other_leader, "reassign", {"tech_id": OTHER_TECH}, 403, "out_of_scope")
    refused(other_leader, "cancel", {"reason": "not mine"}, 403, "out_of_scope")
    assert _act(leader, order_no, "cancel", {"reason": "duplicate"}).status_code == 200
    before = _state(running, order_no)
    refused(leader, "cancel", {"reason": "again"}, 409, "illegal_transition")
    refused(leader, "reassign", {"tech_id": TECH2}, 409, "illegal_transition")
    assert _audit(running, order_no) == [("order.assign", LEADER), ("order.cancel", LEADER)]


def test_the_dispatch_routes_are_documented(running: Running) -> None:
    spec = requests.get(running.base + "/openapi.json", timeout=10).json()
    for method, path in ROUTES:
        operation = spec["paths"][path][method]
        assert operation["summary"] and "403" in operation["responses"] and "401" in operation["responses"]
