"""Enrolment names the terminal's user and team; refusals carry distinct codes; PIN and badge
hashes reach the terminals of the user's team only, and a new PIN reaches them at the next sync.

Through the real server on loopback, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import time

import pytest
from argon2 import PasswordHasher
from argon2.exceptions import VerifyMismatchError
from sqlalchemy import select

from app.domain.credentials import DEMO_PIN
from server import pins
from server.db import tables
from server.errors import ServerError
from sync import client_http
from sync.errors import MESSAGES_ZH, EnrolmentError
from tests.server.client import Device
from tests.server.conftest import Running

VERIFY = PasswordHasher()


def users_seen(device: Device) -> dict[str, dict[str, object]]:
    """The newest "user" payload per user id in everything the device pulls from cursor 0."""
    return {c.entity_id: c.payload for c in device.pull_all() if c.entity == "user"}


def verifies(phc: object, secret: str) -> bool:
    try:
        return isinstance(phc, str) and VERIFY.verify(phc, secret)
    except VerifyMismatchError:
        return False


def test_enrolment_says_whose_terminal_it_is(running: Running) -> None:
    tech = next(u for u in running.demo.users if u.user_id == "CD101")
    team = next(t for t in running.demo.teams if t.team_id == tech.team_id)
    reply = client_http.enrol(running.base, running.code("CD101"), "field terminal")
    assert (reply.user_id, reply.role, reply.user_name, reply.team_id, reply.team_name, reply.company_id) == (
        "CD101", "technician", tech.name, team.team_id, team.name, tech.company_id)
    admin = client_http.enrol(running.base, running.code("ADMIN"), "desk")
    assert (admin.role, admin.team_id, admin.team_name) == ("administrator", "", "")


def test_each_refused_code_has_its_own_typed_error(running: Running) -> None:
    code = running.code("CD101")
    client_http.enrol(running.base, code, "first")
    cases = {"code_used": code, "code_expired": running.code("CD101", ttl_s=0),
             "bad_code": "AAAA-BBBB-CCCC"}
    for expected, attempt in cases.items():
        with pytest.raises(EnrolmentError) as caught:
            client_http.enrol(running.base, attempt, "again")
        assert caught.value.code == expected
        assert caught.value.message_zh == MESSAGES_ZH[expected] and "administrator" in str(caught.value)


def test_team_members_hashes_come_down_to_the_team_only(running: Running) -> None:
    tech, supervisor, other_team, admin = (running.device(u) for u in ("CD101", "CD100", "CD201", "ADMIN"))
    team = {u.user_id for u in running.demo.users if u.team_id == "CD-T1"}
    assert {"CD100", "CD101", "CD102"} <= team
    seen = users_seen(tech)
    assert team <= set(seen)  # every member, the team's supervisor included
    for user_id in team:
        assert verifies(seen[user_id]["pin_hash"], DEMO_PIN), user_id
        assert not verifies(seen[user_id]["pin_hash"], "0000")
    assert all(p["team_id"] == "CD-T1" or not p.get("pin_hash") for p in seen.values())
    sup_seen = users_seen(supervisor)
    assert {u for u, p in sup_seen.items() if p.get("pin_hash")} == team
    assert "CD101" not in users_seen(other_team)
    admin_seen = users_seen(admin)
    assert team <= set(admin_seen)  # an administrator sees the users...
    others = [p for u, p in admin_seen.items() if u != "ADMIN"]
    assert not any(p.get("pin_hash") or p.get("badge_hash") for p in others)  # ...not their hashes
    assert verifies(admin_seen["ADMIN"]["pin_hash"], DEMO_PIN)  # only their own, to sign in on their desk


def test_a_new_pin_reaches_the_team_at_the_next_sync(running: Running) -> None:
    tech, other_team = running.device("CD101"), running.device("CD201")
    tech.pull_all()
    other_team.pull_all()
    pins.set_credentials(running.engine, "CD102", pin="864209", badge=" BADGE-CD102-0001\n",
                         now=int(time.time()))
    fresh = [c for c in tech.pull_all(tech.cursor) if c.entity == "user"]
    assert [c.entity_id for c in fresh] == ["CD102"]
    payload = fresh[0].payload
    assert verifies(payload["pin_hash"], "864209") and not verifies(payload["pin_hash"], DEMO_PIN)
    assert verifies(payload["badge_hash"], "BADGE-CD102-0001")
    assert payload["pin_hash"].startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert not [c for c in other_team.pull_all(other_team.cursor) if c.entity == "user"]
    with running.engine.connect() as conn:
        stored = conn.execute(select(tables.users.c.pin_hash).where(tables.users.c.user_id == "CD102")
                              ).scalar_one()
    assert stored == payload["pin_hash"]


@pytest.mark.parametrize(("pin", "badge", "code"), [
    ("123", None, "bad_pin"), ("123456789", None, "bad_pin"), ("12a4", None, "bad_pin"),
    ("١٢٣٤", None, "bad_pin"), (None, "   ", "bad_badge"), (None, None, "malformed")])
def test_bad_pins_and_badges_are_refused(running: Running, pin: str | None, badge: str | None,
                                         code: str) -> None:
    with pytest.raises(ServerError) as caught:
        pins.set_credentials(running.engine, "CD101", pin=pin, badge=badge, now=int(time.time()))
    assert (caught.value.status, caught.value.code) == (400, code)


def test_a_pin_for_an_unknown_user_is_refused(running: Running) -> None:
    with pytest.raises(ServerError) as caught:
        pins.set_credentials(running.engine, "NOBODY", pin="1234", now=int(time.time()))
    assert (caught.value.status, caught.value.code) == (404, "unknown_user")
