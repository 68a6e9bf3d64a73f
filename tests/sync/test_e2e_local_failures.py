"""The handheld's own database failing during a sync cycle (a full disk, a broken table): the status
carries a code and a clean message, never the database's text, and nothing is lost or doubled."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.storage.sync_state import SyncState
from server.run import EmbeddedServer
from sync.runner import SyncStatus
from tests.support.full_disk import Disk, small_disk
from tests.sync.conftest import TECH, Terminal, assert_exactly_once

RAW_WORDS = ("sqlite", "database or disk is full", "no such table", "OperationalError")


@pytest.fixture
def disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Disk]:
    with small_disk(tmp_path / "disk", "24m", monkeypatch) as d:
        if not d.real:
            pytest.skip("needs a real full file system (tmpfs) under the terminal's database")
        yield d


def clean(status: SyncStatus) -> bool:
    return not any(word in status.last_error for word in RAW_WORDS)


def test_a_full_disk_during_the_commit_is_storage_full_and_loses_nothing(
        server: EmbeddedServer, server_db: Engine, disk: Disk) -> None:
    terminal = Terminal(disk.root / "terminal")
    try:
        terminal.enrol(server.url, server.codes[TECH])
        identity = terminal.local.identity()
        assert identity is not None
        runner = terminal.runner()
        seen: list[SyncStatus] = []
        runner.add_listener(seen.append)
        runner.start()
        try:
            runner.sync_now()
            runner.wait_settled(30)
            terminal.capture(20)
            last = terminal.local.read_batch(1000).mutations[-1].seq
            disk.fill()
            runner.sync_now()
            failed = runner.wait_settled(30)
            assert failed.error_code == "storage_full" and "storage is full" in failed.last_error
            assert all(clean(s) for s in seen), [s.last_error for s in seen if not clean(s)]
            assert terminal.local.pending_count() == 20  # the server has them; the ack could not be kept
            disk.free()
            runner.sync_now()
            status = runner.wait_settled(30)
            for _ in range(20):  # the backoff timer may have started a cycle of its own meanwhile
                if status.phase == "idle" and not status.last_error:
                    break
                runner.sync_now()
                status = runner.wait_settled(30)
        finally:
            runner.stop()
        assert status.pending == 0 and status.last_error == "" and status.error_code == ""
        assert_exactly_once(server_db, identity.device_id, last)
    finally:
        terminal.close()


def test_a_broken_outbox_table_is_a_coded_error_not_the_database_text(
        server: EmbeddedServer, terminal: Terminal) -> None:
    terminal.enrol(server.url, server.codes[TECH])
    conn = sqlite3.connect(terminal.store.path)
    with conn:
        conn.execute("ALTER TABLE outbox RENAME TO outbox_gone")
    conn.close()
    runner = terminal.runner()
    runner.start()
    try:
        runner.sync_now()
        status = runner.wait_settled(30)
    finally:
        runner.stop()
    assert status.phase == "backoff" and status.error_code == "local_storage"
    assert clean(status) and "database failed" in status.last_error
    assert clean(SyncStatus(False, False, "", 0, "", SyncState(terminal.store).last_error(), 0))
