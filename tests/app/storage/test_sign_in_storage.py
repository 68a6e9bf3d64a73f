"""Sign-in storage on a fresh migrated store: hashes arrive in user changes, failures persist."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.storage import sign_in as repo
from app.storage.changes import ChangeRow, apply_changes
from app.storage.db import Store, open_store


def user(user_id: str, pin_hash: str = "", team: str = "CD-T1", role: str = "technician") -> ChangeRow:
    return ChangeRow("user", user_id, "upsert", {"user_id": user_id, "name": f"name {user_id}", "role": role,
                                                 "team_id": team, "company_id": "CD", "pin_hash": pin_hash,
                                                 "badge_hash": ""})


def test_the_migration_adds_hash_columns_and_the_failures_table(tmp_path: Path) -> None:
    path = tmp_path / "t.sqlite3"
    open_store(path).close()
    conn = sqlite3.connect(path)
    columns = {r[1] for r in conn.execute("PRAGMA table_info(users)")}
    assert {"pin_hash", "badge_hash"} <= columns
    assert {r[1] for r in conn.execute("PRAGMA table_info(sign_in_failures)")} == {
        "user_id", "failures", "last_failure_at", "locked_at"}
    conn.close()


def test_a_user_change_from_an_older_server_without_hashes_still_applies(store: Store) -> None:
    row = user("CD101")
    del row.payload["pin_hash"], row.payload["badge_hash"]
    apply_changes(store, [row], 1)
    found = repo.credentials(store, "CD101")
    assert found is not None and found.pin_hash == "" and found.user.team_id == "CD-T1"


def test_failures_lock_at_the_limit_and_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "t.sqlite3"
    store = open_store(path)
    apply_changes(store, [user("CD101", "$argon2id$old")], 1)
    for n in range(1, 3):
        assert repo.record_failure(store, "CD101", at=f"t{n}", limit=3) == repo.Failures(n, "")
    assert repo.record_failure(store, "CD101", at="t3", limit=3) == repo.Failures(3, "t3")
    store.close()
    store = open_store(path)  # as after a restart
    assert repo.failures(store, "CD101") == repo.Failures(3, "t3")
    assert repo.record_failure(store, "CD101", at="t4", limit=3).locked_at == "t3"  # stays locked
    repo.clear_failures(store, "CD101")
    assert repo.failures(store, "CD101") == repo.NO_FAILURES
    store.close()


def test_a_new_pin_from_the_centre_unlocks_the_user_an_unchanged_one_does_not(store: Store) -> None:
    apply_changes(store, [user("CD101", "$argon2id$old"), user("CD102", "$argon2id$old")], 1)
    for uid in ("CD101", "CD102"):
        repo.record_failure(store, uid, at="t", limit=1)
    apply_changes(store, [user("CD101", "$argon2id$new"), user("CD102", "$argon2id$old")], 2)
    assert repo.failures(store, "CD101") == repo.NO_FAILURES
    assert repo.failures(store, "CD102").locked
    assert [c.user.user_id for c in repo.team_credentials(store, "CD-T1")] == ["CD101", "CD102"]
