"""What a supervisor can make the server sign: only a short-lived correction for an open order of
their team, for its technician only; never a meter authorisation, a credit token or a revocation.
And what the server signs by itself when an order is reassigned or cancelled: a revocation for
the previous technician only, and fresh authorisations for the new one. Real server, SQLite and
PostgreSQL, signed devices."""

from __future__ import annotations

import time

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from server.errors import ServerError
from signed_commands import envelope
from signed_commands.authorisation import KIND as AUTHORISATION
from signed_commands.authorisation import verify_authorisation
from signed_commands.kinds import AUTHORISATION_REVOCATION, TLS_PINS, open_revocation
from sync.protocol import Change
from tests.server.client import Device, error_of, mutation
from tests.server.conftest import Running

TECH, TEAMMATE, SUPERVISOR = "MY201", "MY202", "MY200"


def _commands(changes: list[Change], kind: str | None = None) -> list[bytes]:
    return [c.payload["data"] for c in changes
            if c.entity == "command" and (kind is None or c.payload["kind"] == kind)]


def _order(running: Running, tech_id: str, index: int = 0) -> str:
    mine = sorted(o.order_no for o in running.demo.orders_of(tech_id) if o.new_meter_address)
    return mine[index]


def _ask(supervisor: Device, order_no: str, kind: str, body: bytes = b"tariff=0101",
         ttl_s: int | None = None) -> tuple[int, str, str]:
    request: dict[str, object] = {"order_no": order_no, "kind": kind, "body_hex": body.hex()}
    if ttl_s is not None:
        request["ttl_s"] = ttl_s
    resp = supervisor.json("POST", "/v1/commands", request)
    code, message = error_of(resp) if resp.status_code != 200 else ("", "")
    return resp.status_code, code, message


def test_the_supervisor_cannot_have_keys_credit_or_revocations_signed(running: Running) -> None:
    tech, supervisor = running.device(TECH), running.device(SUPERVISOR)
    tech.pull_all()
    order_no = _order(running, TECH)
    for kind in (AUTHORISATION, "credit-token", AUTHORISATION_REVOCATION, TLS_PINS):
        status, code, message = _ask(supervisor, order_no, kind)
        assert (status, code) == (403, "issuer_only"), (kind, status, code)
        assert "issued only by the centre" in message and "correction" in message
    status, code, message = _ask(supervisor, order_no, "firmware-update")
    assert (status, code) == (400, "unknown_kind") and "correction" in message
    for ttl in (12 * 3600 + 1, 366 * 24 * 3600):  # a correction lives hours, not days
        status, code, message = _ask(supervisor, order_no, "correction", ttl_s=ttl)
        assert (status, code) == (400, "ttl_too_long") and "12 h" in message
    assert _ask(supervisor, order_no, "correction", body=bytes(4097))[:2] == (400, "too_large")
    admin = running.device("ADMIN")  # an administrator is held to the same list
    assert _ask(admin, order_no, AUTHORISATION)[:2] == (403, "issuer_only")
    assert _commands(tech.sync().changes) == [], "a refused command reached the technician"


def test_a_correction_within_bounds_reaches_only_the_orders_technician(running: Running) -> None:
    tech, teammate, supervisor = (running.device(u) for u in (TECH, TEAMMATE, SUPERVISOR))
    for d in (tech, teammate, supervisor):
        d.pull_all()
    order_no = _order(running, TECH, 1)
    resp = supervisor.json("POST", "/v1/commands", {"order_no": order_no, "kind": "correction",
                                                     "body_hex": b"tariff=0101".hex(), "ttl_s": 3600})
    assert resp.status_code == 200, resp.text
    wire = bytes.fromhex(resp.json()["command_hex"])
    command = envelope.decode(wire)
    assert (command.kind, command.expires_at - command.issued_at) == ("correction", 3600)
    assert command.verify(Ed25519PublicKey.from_public_bytes(tech.command_key), time.time(),
                          "correction") == b"tariff=0101"
    assert _commands(tech.sync().changes) == [wire]
    assert _commands(teammate.sync().changes) == []
    assert _commands(supervisor.sync().changes) == []
    default = supervisor.json("POST", "/v1/commands", {"order_no": order_no, "kind": "correction",
                                                        "body_hex": ""})
    made = envelope.decode(bytes.fromhex(default.json()["command_hex"]))
    assert made.expires_at - made.issued_at == 8 * 3600  # the default: a working day


def test_the_signer_itself_refuses_unknown_kinds_and_long_lifetimes(running: Running) -> None:
    signer = running.server.app.state.server.signer
    now = int(time.time())
    for kind, ttl in (("anything", 60), (AUTHORISATION, 366 * 24 * 3600), ("credit-token", 25 * 3600)):
        with pytest.raises(ServerError) as refused:
            signer.sign(kind, b"", now=now, ttl_s=ttl)
        assert refused.value.code == "unsigned_kind"


def test_reassigning_revokes_for_the_old_technician_and_authorises_the_new_one(running: Running) -> None:
    old, new, supervisor = (running.device(u) for u in ("MY101", "MY102", "MY100"))
    for d in (old, new, supervisor):
        d.pull_all()
    order_no = _order(running, "MY101")
    key = Ed25519PublicKey.from_public_bytes(old.command_key)
    moved = supervisor.sync([mutation(1, "order_event", "r1", {"order_no": order_no, "event": "reassign",
                                                               "tech_id": "MY102"})])
    assert moved.rejections == []
    revocations = _commands(old.sync().changes, AUTHORISATION_REVOCATION)
    assert len(revocations) == 1
    revocation = open_revocation(revocations[0], key)
    assert (revocation.task_id, revocation.reason) == (order_no, "reassigned")
    fresh = _commands(new.sync().changes, AUTHORISATION)
    assert len(fresh) == 2  # the new meter's and the old meter's, for offline work
    assert {verify_authorisation(d, key, time.time()).task_id for d in fresh} == {order_no}
    assert not any(revocation.covers(envelope.decode(d).issued_at) for d in fresh)
    assert _commands(supervisor.sync().changes) == []  # commands never go to supervisors
    # cancelled in the new technician's hands: the revocation goes to them, not to the old one
    cancelled = supervisor.sync([mutation(2, "order_event", "c1", {"order_no": order_no, "event": "cancel"})])
    assert cancelled.rejections == []
    to_new = [open_revocation(d, key) for d in _commands(new.sync().changes, AUTHORISATION_REVOCATION)]
    assert [(r.task_id, r.reason) for r in to_new] == [(order_no, "cancelled")]
    assert to_new[0].issued_at > revocation.issued_at  # each covers exactly what came before it
    assert _commands(old.sync().changes) == []
