"""The server as its own process (``python main.py server``): killed mid-request and restarted,
it loses nothing and applies nothing twice; TLS with a pinned key; the admin CLI."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from cryptography import x509
from sqlalchemy import create_engine, func, select

from server.config import ServerConfig
from server.db import tables
from server.tls import server_tls
from sync import protocol
from sync.tls_trust import spki_pin
from tests.server.client import Device, enrol, error_of, mutation
from tests.support.services import ManagedProcess, free_tcp_port, tcp_listening, wait_until

ROOT = Path(__file__).resolve().parents[2]
READING = {"meter_address": "000000000001", "di": "00010000", "value": "1.00", "unit": "kWh",
           "read_at": "2026-11-24T10:00:00+08:00"}


class ServerProcess:
    def __init__(self, home: Path, *, tls: bool = False) -> None:
        self.home, self.tls, self.port = home, tls, free_tcp_port()
        self.proc: ManagedProcess | None = None

    @property
    def base(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self, fault: str = "") -> ServerProcess:
        argv = [sys.executable, str(ROOT / "main.py"), "--home", str(self.home), "server",
                "--port", str(self.port), "--seed-demo", "--tls" if self.tls else "--no-tls"]
        self.proc = ManagedProcess(argv, self.home / "server.log",
                                   env={"METERFIELD_SERVER_FAULT": fault, "PYTHONPATH": str(ROOT)})
        self.proc.start()
        try:
            wait_until(tcp_listening(self.port), 30, "server process")
        except TimeoutError:
            raise AssertionError(self.proc.log_tail()) from None
        return self

    def kill(self) -> None:
        assert self.proc is not None and self.proc.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.stop()

    def codes(self) -> dict[str, str]:
        codes: dict[str, str] = json.loads((self.home / "server" / "demo_enrol_codes.json").read_text())
        return codes

    def stored(self, device_id: str) -> int:
        engine = create_engine(f"sqlite:///{self.home / 'server' / 'server.sqlite3'}")
        try:
            with engine.connect() as conn:
                rm = tables.received_mutations.c
                return int(conn.execute(select(func.count()).where(rm.device_id == device_id)).scalar_one())
        finally:
            engine.dispose()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    proc = ServerProcess(tmp_path)
    yield proc
    proc.stop()


def _own_order(device: Device) -> str:
    orders = sorted(c.entity_id for c in device.pull_all() if c.entity == "work_order")
    return orders[0]


def _send_in_background(device: Device, batch: list) -> threading.Thread:  # type: ignore[type-arg]
    def run() -> None:
        with contextlib.suppress(requests.RequestException, AssertionError):
            device.sync(batch)  # the server dies under this request: that is the point

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("point", ["before_commit", "after_commit"])
def test_killed_mid_request_loses_nothing_and_applies_once(server: ServerProcess, point: str) -> None:
    server.start()
    device = enrol(server.base, server.codes()["CD101"])
    order_no = _own_order(device)
    server.stop()
    server.start(fault=f"{point}:60")
    batch = [mutation(1, "order_event", "a", {"order_no": order_no, "event": "download"}),
             mutation(2, "reading", "b", {"order_no": order_no, **READING}),
             mutation(3, "order_event", "c", {"order_no": order_no, "event": "start"})]
    thread = _send_in_background(device, batch)
    assert server.proc is not None
    wait_until(lambda: f"at {point}" in server.proc.log_tail(), 20, "the fault point")  # type: ignore[union-attr]
    server.kill()  # the process dies between receiving and answering
    thread.join(timeout=10)
    assert server.stored(device.device_id) == (3 if point == "after_commit" else 0)
    server.start()
    answer = device.sync(batch)  # the device never saw an answer: it resends the same batch
    assert answer.acked_through == 3 and answer.rejections == []
    assert server.stored(device.device_id) == 3
    monitor = enrol(server.base, server.codes()["CD100"])
    results = monitor.json("GET", f"/v1/monitor?order_no={order_no}").json()
    assert results["orders"][0]["status"] == "in_progress"  # applied exactly once: a second
    assert [r["outcome"] for r in results["results"]] == ["applied"] * 3  # 'download' would be refused


def test_tls_pinned_certificate_and_cli_revocation(tmp_path: Path) -> None:
    proc = ServerProcess(tmp_path, tls=True).start()
    try:
        ca = tmp_path / "server" / "tls" / "ca.pem"
        pinned = server_tls(ServerConfig(home=tmp_path / "server")).primary_pin
        cli_print = subprocess.run([sys.executable, "main.py", "--home", str(tmp_path), "server",
                                    "fingerprint"], cwd=ROOT, capture_output=True, text=True, check=True)
        assert cli_print.stdout.strip() == pinned
        der = ssl.PEM_cert_to_DER_cert(ssl.get_server_certificate(("127.0.0.1", proc.port)))
        assert spki_pin(x509.load_der_x509_certificate(der)) == pinned  # what the terminal pins: its key
        assert requests.get(proc.base + "/health", verify=str(ca), timeout=10).ok
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(proc.base + "/health", timeout=10)  # not trusted without the demo CA
        code = subprocess.run([sys.executable, "main.py", "--home", str(tmp_path), "server", "enrol-code",
                               "--user", "CD102"], cwd=ROOT, capture_output=True, text=True, check=True)
        device = enrol(proc.base, code.stdout.strip().rsplit(" ", 1)[-1], verify=str(ca))
        device.sync()
        subprocess.run([sys.executable, "main.py", "--home", str(tmp_path), "server", "revoke",
                        device.device_id], cwd=ROOT, check=True, capture_output=True)
        body = b""
        resp = device.request("GET", "/v1/monitor", body)
        assert resp.status_code == 403
        locked = device.request("POST", protocol.PATH_SYNC, protocol.encode(protocol.SyncRequest(
            1, 1, device.device_id, 0, [])))
        assert locked.status_code == 403 and "locked by an administrator" in error_of(locked)[1]
        listing = subprocess.run([sys.executable, "main.py", "--home", str(tmp_path), "server", "devices"],
                                 cwd=ROOT, capture_output=True, text=True, check=True).stdout
        assert device.device_id in listing and "REVOKED" in listing
    finally:
        proc.stop()


def test_embedded_demo_server_with_tls(tmp_path: Path) -> None:
    """What demo mode does: the server in a thread, TLS, demo data, codes for the demo users."""
    from server.run import start_embedded

    embedded = start_embedded(tmp_path / "server", port=free_tcp_port(), tls=True)
    try:
        assert set(embedded.codes) == {"CD101", "CD100", "ADMIN"}
        ca = str(tmp_path / "server" / "tls" / "ca.pem")
        device = enrol(embedded.url, embedded.codes["CD101"], verify=ca)
        der = ssl.PEM_cert_to_DER_cert(ssl.get_server_certificate(("127.0.0.1", embedded.config.port)))
        assert spki_pin(x509.load_der_x509_certificate(der)) == embedded.fingerprint
        orders = [c for c in device.pull_all() if c.entity == "work_order"]
        assert orders and all(c.payload["tech_id"] == "CD101" for c in orders)
    finally:
        embedded.stop()
    again = start_embedded(tmp_path / "server", port=free_tcp_port(), tls=True)  # restart: same data
    try:
        assert again.codes == {} and again.fingerprint == embedded.fingerprint
        device.base = again.url
        assert device.sync(cursor=0).changes  # the enrolment survived the restart
    finally:
        again.stop()
