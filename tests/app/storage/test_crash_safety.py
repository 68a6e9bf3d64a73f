"""A process killed in the middle of writing never leaves a half-written record.

A child process writes readings as fast as it can (each one a record row plus its
outbox row, in one transaction) and is killed with SIGKILL at a random moment;
the database must then be consistent: every record has its outbox row and no
outbox row lacks its record.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

WRITER = textwrap.dedent("""
    import sys
    from datetime import UTC, datetime
    from pathlib import Path
    from app.domain.records import Reading
    from app.storage.db import open_store
    from app.storage.records import RecordRepo

    store = open_store(Path(sys.argv[1]))
    repo = RecordRepo(store)
    print("ready", flush=True)
    i = 0
    while True:
        batch = [Reading("WO1", "202107072529", f"{i:08X}", f"{i}.00", "kWh", datetime.now(UTC)),
                 Reading("WO1", "202107072529", f"{i + 1:08X}", "x" * 3000, "kWh", datetime.now(UTC))]
        repo.save(batch)
        i += 2
""")


@pytest.mark.parametrize("attempt", range(4))
def test_sigkill_mid_write_leaves_whole_records_only(tmp_path: Path, attempt: int) -> None:
    db_path = tmp_path / "terminal.sqlite3"
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path)], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    time.sleep(random.Random(attempt).uniform(0.2, 0.8))
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)

    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    records = {r[0] for r in conn.execute("SELECT record_id FROM records WHERE entity = 'reading'")}
    queued = {r[0] for r in conn.execute("SELECT entity_id FROM outbox WHERE entity = 'reading'")}
    assert records, "the writer was killed before it wrote anything: the test proved nothing"
    assert records == queued
    assert len(records) % 2 == 0, "a two-record transaction was half applied"
    conn.close()
