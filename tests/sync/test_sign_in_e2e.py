"""A terminal enrolled and synced against the real server signs its team in offline with the
demo PIN; a PIN set on the server reaches it at the next sync; other teams cannot sign in."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from app.domain.credentials import DEMO_PIN
from app.services import sign_in
from server import pins
from server.app import open_store as open_server_store
from server.run import EmbeddedServer
from tests.sync.conftest import TECH, Terminal

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def sync_once(terminal: Terminal) -> None:
    runner = terminal.runner()
    runner.start()
    try:
        assert runner.wait_settled(30).phase == "idle"
    finally:
        runner.stop()


def test_the_team_signs_in_offline_and_a_new_pin_arrives_by_sync(server: EmbeddedServer,
                                                                 terminal: Terminal) -> None:
    terminal.enrol(server.url, server.codes[TECH])
    identity = terminal.local.identity()
    assert identity is not None and identity.team_id
    sync_once(terminal)
    members = sign_in.team_members(terminal.store)
    supervisors = [u for u in members if u.role.value == "supervisor"]
    assert TECH in {u.user_id for u in members} and len(supervisors) == 1  # the team's supervisor too
    assert all(u.team_id == identity.team_id for u in members)
    for member in members:
        assert sign_in.verify(terminal.store, member.user_id, DEMO_PIN, now=NOW) == member
    other_tech = next(u for u in members if u.role.value == "technician" and u.user_id != TECH)
    for _ in range(sign_in.MAX_FAILURES):
        with pytest.raises((sign_in.WrongPinError, sign_in.LockedOutError)):
            sign_in.verify(terminal.store, other_tech.user_id, "0000", now=NOW)

    engine = open_server_store(server.config)
    try:
        pins.set_credentials(engine, other_tech.user_id, pin="24680", now=int(time.time()))
    finally:
        engine.dispose()
    with pytest.raises(sign_in.LockedOutError):  # offline, nothing has changed yet
        sign_in.verify(terminal.store, other_tech.user_id, "24680", now=NOW)
    sync_once(terminal)
    # the new PIN unlocks
    assert sign_in.verify(terminal.store, other_tech.user_id, "24680", now=NOW) == other_tech
    with pytest.raises(sign_in.WrongPinError):
        sign_in.verify(terminal.store, other_tech.user_id, DEMO_PIN, now=NOW)
    rows = terminal.store.reader().execute("SELECT user_id, team_id, pin_hash FROM users").fetchall()
    assert all(team == identity.team_id for _, team, h in rows if h)  # no other team's hash is stored
