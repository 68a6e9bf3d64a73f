"""Offline sign-in with real argon2id hashes on a fresh migrated store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from app.services import sign_in
from app.services.sign_in import (
    MAX_FAILURES,
    LockedOutError,
    NoPinError,
    NotEnrolledError,
    NotSupervisorError,
    NotThisTeamError,
    SignInError,
    UnknownBadgeError,
    UnknownUserError,
    WrongPinError,
)
from app.storage.changes import ChangeRow, apply_changes
from app.storage.db import Store, open_store
from app.storage.sync_state import DeviceIdentity, SyncState

NOW = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)
# The server's parameters (server.pins.HASHER): verification reads them from the hash.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
PINS = {"CD100": "2468", "CD101": "1357", "CD102": "86420", "CD201": "1111"}
TEAMS = {"CD100": ("CD-T1", "supervisor"), "CD101": ("CD-T1", "technician"),
         "CD102": ("CD-T1", "technician"), "CD103": ("CD-T1", "technician"),
         "CD201": ("CD-T2", "technician")}


@pytest.fixture(scope="module")
def hashes() -> dict[str, str]:
    return {uid: HASHER.hash(pin) for uid, pin in PINS.items()}


def users(hashes: dict[str, str]) -> list[ChangeRow]:
    return [ChangeRow("user", uid, "upsert", {
        "user_id": uid, "name": f"name {uid}", "role": role, "team_id": team, "company_id": "CD",
        "pin_hash": hashes.get(uid, ""), "badge_hash": HASHER.hash(f"BADGE-{uid}") if uid == "CD102" else ""})
        for uid, (team, role) in TEAMS.items()]


def identity(team_id: str) -> DeviceIdentity:
    return DeviceIdentity("D1", b"s" * 32, "CD101", "technician", b"k" * 32, "https://centre:8443", "00" * 32,
                          "name CD101", team_id, "成都装表接电1班", "CD")


@pytest.fixture
def store(tmp_path: Path, hashes: dict[str, str]) -> Iterator[Store]:
    s = open_store(tmp_path / "terminal.sqlite3")
    SyncState(s).save_identity(identity("CD-T1"))
    apply_changes(s, users(hashes), 10)
    yield s
    s.close()


def test_the_right_pin_signs_in_a_team_member(store: Store) -> None:
    user = sign_in.verify(store, "CD101", "1357", now=NOW)
    assert (user.user_id, user.team_id) == ("CD101", "CD-T1")
    assert sign_in.verify(store, "CD100", "2468", now=NOW).role.value == "supervisor"
    assert [u.user_id for u in sign_in.team_members(store)] == ["CD100", "CD101", "CD102", "CD103"]


def test_wrong_pins_count_down_then_lock_until_a_supervisor_resets(tmp_path: Path, store: Store) -> None:
    for left in range(MAX_FAILURES - 1, 0, -1):
        with pytest.raises(WrongPinError) as wrong:
            sign_in.verify(store, "CD101", "9999", now=NOW)
        assert wrong.value.attempts_left == left and wrong.value.code == "wrong_pin"
        assert f"{left}" in wrong.value.message_zh and f"{left} attempt" in str(wrong.value)
    with pytest.raises(LockedOutError) as locked:
        sign_in.verify(store, "CD101", "9999", now=NOW)
    assert locked.value.locked_at == NOW.isoformat() and locked.value.code == "locked_out"
    store.close()
    store = open_store(tmp_path / "terminal.sqlite3")  # a restart does not unlock
    with pytest.raises(LockedOutError):
        sign_in.verify(store, "CD101", "1357", now=NOW)  # not even with the right PIN
    assert sign_in.attempts_left(store, "CD101") == 0
    with pytest.raises(NotSupervisorError):
        sign_in.reset_lockout(store, "CD102", "86420", "CD101", now=NOW)
    with pytest.raises(WrongPinError):
        sign_in.reset_lockout(store, "CD100", "0000", "CD101", now=NOW)
    sign_in.reset_lockout(store, "CD100", "2468", "CD101", now=NOW)
    assert sign_in.verify(store, "CD101", "1357", now=NOW).user_id == "CD101"
    assert sign_in.attempts_left(store, "CD101") == MAX_FAILURES
    store.close()


def test_a_success_before_the_limit_starts_the_count_again(store: Store) -> None:
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(WrongPinError):
            sign_in.verify(store, "CD102", "00000", now=NOW)
    sign_in.verify(store, "CD102", "86420", now=NOW)
    with pytest.raises(WrongPinError) as wrong:
        sign_in.verify(store, "CD102", "00000", now=NOW)
    assert wrong.value.attempts_left == MAX_FAILURES - 1


def test_a_malformed_pin_is_wrong_but_not_counted(store: Store) -> None:
    for pin in ("", "12", "abcd", "123456789"):
        with pytest.raises(WrongPinError):
            sign_in.verify(store, "CD101", pin, now=NOW)
    assert sign_in.attempts_left(store, "CD101") == MAX_FAILURES


@pytest.mark.parametrize(("user_id", "pin", "error", "code"), [
    ("CD201", "1111", NotThisTeamError, "not_this_team"),
    ("CD999", "1234", UnknownUserError, "unknown_user"),
    ("CD103", "1234", NoPinError, "no_pin"),
])
def test_who_may_not_sign_in_here(store: Store, user_id: str, pin: str, error: type[SignInError],
                                  code: str) -> None:
    with pytest.raises(error) as caught:
        sign_in.verify(store, user_id, pin, now=NOW)
    assert caught.value.code == code and str(caught.value) and caught.value.message_zh


def test_a_supervisor_cannot_unlock_another_team(store: Store) -> None:
    with pytest.raises(NotThisTeamError):
        sign_in.reset_lockout(store, "CD100", "2468", "CD201", now=NOW)


def test_no_identity_refuses_everyone_and_a_teamless_terminal_is_its_owners(tmp_path: Path,
                                                                             hashes: dict[str, str]) -> None:
    s = open_store(tmp_path / "fresh.sqlite3")
    apply_changes(s, users(hashes), 10)
    with pytest.raises(NotEnrolledError):
        sign_in.verify(s, "CD101", "1357", now=NOW)
    SyncState(s).save_identity(identity(""))  # enrolled by CD101, of no team (an administrator's desk)
    assert [u.user_id for u in sign_in.team_members(s)] == ["CD101"]
    assert sign_in.verify(s, "CD101", "1357", now=NOW).user_id == "CD101"
    for other in ("CD102", "CD201"):
        with pytest.raises(NotThisTeamError):
            sign_in.verify(s, other, PINS[other], now=NOW)
    s.close()


def test_a_badge_signs_in_its_owner(store: Store) -> None:
    assert sign_in.verify_badge(store, " BADGE-CD102\r\n", now=NOW).user_id == "CD102"
    for wrong in ("BADGE-CD101", "", "BADGE-CD201"):
        with pytest.raises(UnknownBadgeError) as caught:
            sign_in.verify_badge(store, wrong, now=NOW)
        assert caught.value.code == "unknown_badge"
    for _ in range(MAX_FAILURES):
        with pytest.raises((WrongPinError, LockedOutError)):
            sign_in.verify(store, "CD102", "00000", now=NOW)
    with pytest.raises(LockedOutError):
        sign_in.verify_badge(store, "BADGE-CD102", now=NOW)
