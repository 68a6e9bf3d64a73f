"""The review's findings: schema check, body length, archive update, result and seal checks."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import requests

from sync import protocol
from sync.protocol import PATH_SYNC, PROTOCOL_VERSION, SCHEMA_VERSION, SyncRequest
from sync.server.app import create_app
from sync.server.authorisations import DEMO_KEYS
from sync.server.config import ServerConfig
from sync.server.run import DEMO_CODES_FILE, NO_METER_KEYS
from tests.support.services import ManagedProcess, free_tcp_port, tcp_listening, wait_until
from tests.sync.server.client import error_of
from tests.sync.server.conftest import Running

ROOT = Path(__file__).resolve().parents[3]


def test_another_schema_version_is_answered_426(running: Running) -> None:
    tech = running.device("CD101")
    body = protocol.encode(SyncRequest(PROTOCOL_VERSION, SCHEMA_VERSION + 1, tech.device_id, 0, []))
    resp = tech.request("POST", PATH_SYNC, body)
    assert resp.status_code == 426, (resp.status_code, error_of(resp))
    assert error_of(resp)[0] == "schema_version"
    tech.sync()  # the right schema still syncs


def test_demo_enrolment_codes_are_readable_by_the_owner_only(running: Running) -> None:
    path = running.server.config.home / DEMO_CODES_FILE
    assert json.loads(path.read_text())  # the demo codes were written
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_chunked_body_without_content_length_is_refused_411(running: Running) -> None:
    tech = running.device("CD101")
    body = protocol.encode(SyncRequest(PROTOCOL_VERSION, SCHEMA_VERSION, tech.device_id, 0, []))
    headers = {**tech.headers("POST", PATH_SYNC, body), "Content-Type": protocol.CONTENT_TYPE}
    resp = requests.post(running.base + PATH_SYNC, data=iter([body[:5], body[5:]]), headers=headers,
                         timeout=30)
    assert resp.request.headers.get("Transfer-Encoding") == "chunked"
    assert "Content-Length" not in resp.request.headers
    assert resp.status_code == 411, (resp.status_code, error_of(resp))
    assert error_of(resp)[0] == "length_required"
    admin = requests.post(running.base + "/v1/admin/enrol-codes", data=iter([b"{}"]), timeout=30)
    assert admin.status_code == 411 and admin.json()["code"] == "length_required"
    assert tech.request("POST", PATH_SYNC, body).status_code == 200  # with a length it goes through


def _server_argv(home: Path, port: int, *extra: str) -> list[str]:
    return [sys.executable, str(ROOT / "main.py"), "--home", str(home), "server", "--no-tls",
            "--port", str(port), *extra]


def test_a_production_server_refuses_to_start_without_meter_keys(tmp_path: Path) -> None:
    done = subprocess.run(_server_argv(tmp_path, free_tcp_port()), capture_output=True, text=True,
                          timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 2, done.stderr
    assert NO_METER_KEYS in done.stderr
    assert not (tmp_path / "server" / "server.sqlite3").exists()  # refused before touching the store


def test_meter_keys_flag_feeds_the_server_its_keys(tmp_path: Path) -> None:
    doc = json.loads(DEMO_KEYS.read_text())
    doc["master_keys"] = {name: "11" * 16 for name in doc["master_keys"]}
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps(doc))
    app = create_app(ServerConfig(home=tmp_path / "inproc", tls=False, meter_keys_file=str(keys)))
    assert set(app.state.server.meter_keys.master_keys.values()) == {bytes.fromhex("11" * 16)}
    app.state.server.engine.dispose()
    port = free_tcp_port()
    proc = ManagedProcess(_server_argv(tmp_path, port, "--meter-keys", str(keys)), tmp_path / "server.log",
                          env={"PYTHONPATH": str(ROOT)}).start()
    try:
        wait_until(tcp_listening(port), 30, "server process")
        assert requests.get(f"http://127.0.0.1:{port}/health", timeout=10).status_code == 200
    finally:
        proc.stop()
