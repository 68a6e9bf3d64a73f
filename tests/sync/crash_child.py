"""A terminal process that kills itself (SIGKILL) in the middle of committing a sync response.

    python -m tests.sync.crash_child HOME MODE     MODE: ack | between | apply
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from app.storage.changes import ChangeRow, apply_changes
from app.storage.db import open_store
from sync.engine import EngineConfig
from sync.local_store import LocalSyncStore
from sync.protocol import Change
from sync.runner import build_runner


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


class CrashingStore(LocalSyncStore):
    mode = "ack"

    def complete_through(self, seq: int) -> int:
        if self.mode == "ack":  # inside the transaction that drops the acked rows
            with self.store.transaction():
                self.outbox.complete_through(seq)
                die()
        left = super().complete_through(seq)
        if self.mode == "between":  # the ack is committed, the changes are not
            die()
        return left

    def apply_changes(self, changes: Sequence[Change], cursor: int) -> None:
        rows = [ChangeRow(c.entity, c.entity_id, c.op, c.payload) for c in changes]
        with self.store.transaction():  # inside the transaction, half the changes written
            apply_changes(self.store, rows[: len(rows) // 2], cursor)
            die()


def main(home: str, mode: str) -> int:
    root = Path(home)
    store = CrashingStore(open_store(root / "terminal.sqlite3"), root / "data")
    store.mode = mode
    identity = store.identity()
    assert identity is not None
    runner = build_runner(store, EngineConfig(identity.device_id))
    runner.start()
    runner.wait_settled(60)
    return 3  # not killed: the test fails on this exit code


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:3]))
