"""Kills: the terminal process mid-commit, the server process mid-request. Nothing lost, nothing twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from sqlalchemy import Engine

from server.app import open_store as open_server_store
from server.run import EmbeddedServer
from tests.support.services import wait_until
from tests.sync.conftest import ROOT, TECH, ServerProcess, Terminal, assert_exactly_once, server_orders
from tests.sync.test_e2e_sync import settle_clean


@pytest.mark.parametrize("mode", ["ack", "between", "apply"])
def test_terminal_killed_mid_commit_recovers_without_loss_or_duplicates(
        mode: str, server: EmbeddedServer, server_db: Engine, terminal: Terminal) -> None:
    terminal.enrol(server.url, server.codes[TECH])
    orders = server_orders(server_db)
    terminal.capture(20, orders=orders)  # the first cycle both uploads and downloads
    terminal.store.close()
    child = subprocess.run([sys.executable, "-m", "tests.sync.crash_child", str(terminal.home), mode],
                           cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60,
                           capture_output=True, check=False)
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()[-2000:]

    terminal.reopen()
    runner = terminal.runner()
    runner.start()
    try:
        settle_clean(runner)
    finally:
        runner.stop()
    identity = terminal.local.identity()
    assert identity is not None
    assert terminal.local.pending_count() == 0
    assert_exactly_once(server_db, identity.device_id, 20)
    assert sorted(terminal.orders()) == sorted(orders)


@pytest.mark.parametrize("fault", ["before_commit", "after_commit"])
def test_server_process_killed_mid_request_then_restarted(
        fault: str, server_process: ServerProcess, tmp_path: object) -> None:
    server_process.start(seed=True)
    url = f"http://127.0.0.1:{server_process.port}"
    terminal = Terminal(server_process.home.parent / "term")
    runner = None
    try:
        terminal.enrol(url, server_process.codes()[TECH])
        runner = terminal.runner()
        runner.start()
        settle_clean(runner)
        terminal.capture(15)
        server_process.kill()
        server_process.start(fault=f"{fault}:30")  # the next sync request hangs at that point
        runner.sync_now()
        assert server_process.proc is not None
        proc = server_process.proc
        # not a fixed sleep: on a loaded machine the request can take longer than that to get there
        wait_until(lambda: f"pausing 30 s at {fault}" in proc.log_tail(200), 30,
                   f"the sync request hanging at {fault} inside the server")
        assert runner.status().phase == "sending", "the request should hang inside the server"
        os.kill(server_process.proc.pid, signal.SIGKILL)  # mid-request
        server_process.proc.proc.wait(5)  # type: ignore[union-attr]
        server_process.start()
        settle_clean(runner)
        identity = terminal.local.identity()
        assert identity is not None
        engine = open_server_store(server_process.config)
        try:
            assert terminal.local.pending_count() == 0
            assert_exactly_once(engine, identity.device_id, 15)
        finally:
            engine.dispose()
    finally:
        if runner is not None:
            runner.stop()
        terminal.close()
