"""The handheld's key store and the sealed identity: what opens where, and the files' modes."""

from __future__ import annotations

import base64
import json
import logging
import os
import threading
from pathlib import Path

import pytest

from app.storage.db import open_store
from app.storage.keystore import KeystoreError, SoftwareKeystore
from app.storage.sync_state import DeviceIdentity, SyncState, command_key_of
from tests.support.file_modes import mode

CONTEXT = b"identity/D1"
IDENTITY = DeviceIdentity("D1", bytes(range(32)), "CD101", "technician", b"k" * 32,
                          "https://127.0.0.1:8443", "ab" * 32, "Li Wei", "CD-T1", "Team 1", "C-CD")


def test_sealed_opens_only_with_the_same_key_store_and_context(tmp_path: Path) -> None:
    keystore = SoftwareKeystore(tmp_path / "a" / "terminal.key")
    sealed = keystore.seal(b"the secret", CONTEXT)
    assert b"the secret" not in sealed
    assert keystore.open(sealed, CONTEXT) == b"the secret"
    assert SoftwareKeystore(tmp_path / "a" / "terminal.key").open(sealed, CONTEXT) == b"the secret"
    with pytest.raises(KeystoreError, match="another handheld"):
        keystore.open(sealed, b"identity/D2")
    another = SoftwareKeystore(tmp_path / "b" / "terminal.key")  # another handheld's key store
    another.seal(b"its own", CONTEXT)
    with pytest.raises(KeystoreError, match="not the one"):
        another.open(sealed, CONTEXT)
    with pytest.raises(KeystoreError, match="missing"):
        SoftwareKeystore(tmp_path / "c" / "terminal.key").open(sealed, CONTEXT)
    with pytest.raises(KeystoreError, match="damaged"):
        keystore.open(sealed[:-1] + bytes([sealed[-1] ^ 1]), CONTEXT)
    with pytest.raises(KeystoreError, match="damaged"):
        keystore.open(b"\x01\x00short", CONTEXT)


def test_the_key_file_is_created_owner_only(tmp_path: Path, permissive_umask: None) -> None:
    path = tmp_path / "keystore" / "terminal.key"
    SoftwareKeystore(path).seal(b"x", CONTEXT)
    assert (mode(path.parent), mode(path)) == (0o700, 0o600)
    assert len(bytes.fromhex(path.read_text())) == 32


def test_a_damaged_key_file_is_a_typed_error(tmp_path: Path) -> None:
    path = tmp_path / "terminal.key"
    path.write_text("not a key")
    with pytest.raises(KeystoreError, match="damaged") as caught:
        SoftwareKeystore(path).seal(b"x", CONTEXT)
    assert caught.value.code == "keystore" and "重新注册" in caught.value.message_zh


def test_threads_creating_the_key_at_once_share_one_key(tmp_path: Path) -> None:
    path = tmp_path / "keystore" / "terminal.key"
    sealed: list[bytes] = []
    start = threading.Barrier(8)

    def seal() -> None:
        start.wait()
        sealed.append(SoftwareKeystore(path).seal(b"x", CONTEXT))

    threads = [threading.Thread(target=seal) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [SoftwareKeystore(path).open(s, CONTEXT) for s in sealed] == [b"x"] * 8
    assert [p.name for p in path.parent.iterdir()] == ["terminal.key"]  # no temporary file left


def test_bound_to_the_security_module(tmp_path: Path) -> None:
    path = tmp_path / "terminal.key"
    alone, module, other = (SoftwareKeystore(path), SoftwareKeystore(path, b"m" * 32),
                            SoftwareKeystore(path, b"n" * 32))
    before = alone.seal(b"x", CONTEXT)
    assert module.open(before, CONTEXT) == b"x"  # sealed before the module was configured: still opens
    assert alone.is_current(before) and not module.is_current(before)  # ... and is sealed again
    bound = module.seal(b"x", CONTEXT)
    assert module.is_current(bound)
    with pytest.raises(KeystoreError, match="bound to a security module"):
        alone.open(bound, CONTEXT)
    with pytest.raises(KeystoreError, match="not the one"):
        other.open(bound, CONTEXT)


def test_the_identity_is_sealed_in_the_store(tmp_path: Path) -> None:
    store = open_store(tmp_path / "terminal.sqlite3")
    try:
        SyncState(store).save_identity(IDENTITY)
        assert SyncState(store).identity() == IDENTITY
        row = json.loads(store.reader().execute("SELECT value FROM sync_state WHERE key = 'identity'")
                         .fetchone()[0])
        assert set(row) == {"v", "device_id", "command_key", "sealed"} and row["device_id"] == "D1"
        assert command_key_of(store.db) == IDENTITY.command_key  # public, for the sync transaction
        forged = {**row, "command_key": base64.b64encode(b"f" * 32).decode()}
        with store.transaction() as db:  # someone swaps in a server key of their own
            db.execute("UPDATE sync_state SET value = ? WHERE key = 'identity'", [json.dumps(forged)])
        with pytest.raises(KeystoreError):
            SyncState(store).identity()
    finally:
        store.close()
    assert (tmp_path / "keystore" / "terminal.key").is_file()  # the default: beside, not inside data/


def test_a_plain_identity_is_sealed_when_the_store_opens(tmp_path: Path) -> None:
    path = tmp_path / "terminal.sqlite3"
    store = open_store(path)
    with store.transaction() as db:  # as an earlier version stored it
        db.table("sync_state").upsert({"key": "identity", "value": IDENTITY.to_json()}, pk="key")
    assert SyncState(store).identity() == IDENTITY  # read as it is until the store opens again
    store.close()
    store = open_store(path)
    try:
        row = json.loads(store.reader().execute("SELECT value FROM sync_state WHERE key = 'identity'")
                         .fetchone()[0])
        assert "sealed" in row and "secret" not in row
        assert SyncState(store).identity() == IDENTITY
    finally:
        store.close()


def test_a_store_whose_key_store_is_gone_still_opens(tmp_path: Path) -> None:
    path = tmp_path / "terminal.sqlite3"
    store = open_store(path, SoftwareKeystore(tmp_path / "first.key", b"m" * 32))
    SyncState(store).save_identity(IDENTITY)
    store.close()
    store = open_store(path, SoftwareKeystore(tmp_path / "first.key"))  # the module is gone
    try:
        with pytest.raises(KeystoreError):
            SyncState(store).identity()
        assert SyncState(store).cursor() == 0  # everything else works
    finally:
        store.close()


def test_database_files_left_open_to_others_are_tightened(tmp_path: Path,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "home" / "terminal.sqlite3"
    open_store(path).close()
    os.chmod(path.parent, 0o755)
    os.chmod(path, 0o644)
    with caplog.at_level(logging.WARNING):
        open_store(path).close()
    assert (mode(path.parent), mode(path)) == (0o700, 0o600)
    assert "made owner-only" in caplog.text
