"""The review's findings: schema check, body length, archive update, result and seal checks."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import select

from app.domain.work_orders import WorkOrder
from server import changelog
from server.app import create_app
from server.authorisations import DEMO_KEYS
from server.config import ServerConfig
from server.db import tables
from server.run import DEMO_CODES_FILE, NO_METER_KEYS
from sync import protocol
from sync.protocol import (
    PATH_SYNC,
    PATH_TASK_REQUEST,
    PROTOCOL_VERSION,
    SCHEMA_VERSION,
    Mutation,
    SyncRequest,
    TaskRequest,
    TaskResponse,
)
from tests.server.client import Device, error_of, mutation
from tests.server.conftest import Running
from tests.support.services import ManagedProcess, free_tcp_port, tcp_listening, wait_until

ROOT = Path(__file__).resolve().parents[2]


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
    done = subprocess.run(_server_argv(tmp_path, free_tcp_port()), check=False, capture_output=True,
                          text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
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


def _replacement(running: Running, tech_id: str, index: int) -> WorkOrder:
    found = sorted((o for o in running.demo.orders_of(tech_id) if o.new_meter_asset_no),
                   key=lambda o: o.order_no)
    return found[index]


def _result(order: WorkOrder, asset_no: str, address: str) -> dict[str, Any]:
    return {"order_no": order.order_no, "kind": order.kind.value, "technician": order.tech_id,
            "customer_no": order.archive.customer.customer_no,
            "new_meter": {"order_no": order.order_no, "asset_no": asset_no, "address": address,
                          "from_stock": asset_no != order.new_meter_asset_no,
                          "installed_at": "2026-11-24T10:00:00+08:00", "source": "barcode"}}


def _archive_meter(running: Running, customer_no: str) -> tuple[str, str, dict[str, Any]]:
    a = tables.archives.c
    with running.engine.connect() as conn:
        row = conn.execute(select(a.asset_no, a.meter_address, a.payload)
                           .where(a.customer_no == customer_no)).one()
    return row.asset_no, row.meter_address, changelog.unpack(row.payload)["meter"]


def _flags(running: Running, device: Device) -> list[str]:
    f = tables.flags.c
    with running.engine.connect() as conn:
        return list(conn.execute(select(f.code).where(f.device_id == device.device_id)).scalars())


def test_a_result_moves_the_archive_and_the_next_recharge_onto_the_new_meter(running: Running) -> None:
    tech = running.device("CD101")
    tech.pull_all()
    order = _replacement(running, "CD101", 0)
    customer = order.archive.customer.customer_no
    before = _archive_meter(running, customer)[2]
    answer = tech.sync([mutation(1, "work_result", order.order_no,
                                 _result(order, order.new_meter_asset_no, order.new_meter_address))])
    assert answer.rejections == []
    asset_no, address, meter = _archive_meter(running, customer)
    assert (asset_no, address) == (order.new_meter_asset_no, order.new_meter_address)
    assert meter == {**before, "asset_no": order.new_meter_asset_no, "address": order.new_meter_address}
    body = protocol.encode(TaskRequest(1, "after-replace", "recharge", customer, 5000, 1,
                                       card_serial="0123456789ABCDEF"))
    resp = tech.request("POST", PATH_TASK_REQUEST, body)
    assert resp.status_code == 200, error_of(resp)
    task = protocol.decode(resp.content, TaskResponse)
    assert task.order["archive"]["meter"]["asset_no"] == order.new_meter_asset_no
    assert task.order["archive"]["meter"]["address"] == order.new_meter_address


def test_a_result_naming_a_foreign_meter_is_refused_and_a_stock_meter_accepted(running: Running) -> None:
    tech = running.device("CD101")
    tech.pull_all()
    order = _replacement(running, "CD101", 1)
    customer = order.archive.customer.customer_no
    before = _archive_meter(running, customer)
    foreign = running.demo.stock["CD102"][0]
    answer = tech.sync([mutation(1, "work_result", order.order_no,
                                 _result(order, foreign.asset_no, foreign.address))])
    assert [r.code for r in answer.rejections] == ["wrong_meter"]
    assert _flags(running, tech) == ["wrong_meter"]
    assert _archive_meter(running, customer) == before
    own = running.demo.stock["CD101"][0]
    result = _result(order, own.asset_no, own.address)
    answer = tech.sync([mutation(2, "work_result", order.order_no, result)])
    assert answer.rejections == []
    assert _archive_meter(running, customer)[:2] == (own.asset_no, own.address)


def _seal(order_no: str, seal_no: str) -> Mutation:
    return mutation(1, "seal", f"{order_no}:seal:{seal_no}",
                    {"order_no": order_no, "seal_no": seal_no, "position": "terminal_cover",
                     "meter_asset_no": "", "scanned_at": "2026-11-24T10:00:00+08:00", "source": "barcode"})


def test_a_seal_used_on_one_order_is_refused_on_another_terminals_order(running: Running) -> None:
    seal_no = "SC4773730001"
    first, second = running.device("CD101"), running.device("CD102")
    own = _replacement(running, "CD101", 2).order_no
    assert first.sync([_seal(own, seal_no)]).rejections == []
    other = _replacement(running, "CD102", 0).order_no
    answer = second.sync([_seal(other, seal_no)])
    assert [(r.code, r.message) for r in answer.rejections] == [
        ("seal_reused", f"seal {seal_no} was already used on order {own}")]
    assert _flags(running, second) == ["seal_reused"]
    again = running.device("CD101")  # the same seal on the same order (a resend from a new terminal)
    assert again.sync([_seal(own, seal_no)]).rejections == []
