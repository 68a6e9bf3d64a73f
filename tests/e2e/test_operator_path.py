"""The operator's path from an empty machine, every part its own process: the key system's file
imported under a KEK, ``server init`` and its first administrator, the server started on the
utility's certificate (no demo seed, no demo certificate), the administrator creating the team,
its leader and a technician over REST, the simulated marketing system dropping a day's XLSX into
the file drop and the operator's cron importing it, the team leader dispatching the order, the
technician's terminal enrolled from a QR code and doing the replacement, and the result exported
back to the marketing system, field by field as the meter and the terminal gave it."""

from __future__ import annotations

import base64
import json
import re
import shutil
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, select

from app.domain.credentials import DEMO_PIN
from device_drivers.meter.simulator import keys as meter_keys
from server import changelog
from server.db import tables
from server.marketing_sim import day_batch, drop
from tests.e2e.field_rig import TECH, Centre, Devices, operator, replacement_order, terminal
from tests.e2e.test_field_terminal import UPLOAD_DEADLINE_S, assert_exported_as_read, result_of
from tests.server.client import Device, enrol, error_of
from tests.support.services import free_tcp_port, wait_until
from tests.sync.pki import Ca, install, new_key, pem

LEADER, TEAM = "CD100", "CD-T1"


def code_in(output: str) -> str:
    found = re.search(r"works once\): (\S+)", output)
    assert found, output
    return found.group(1)


def ok(device: Device, target: str, payload: dict[str, object]) -> dict[str, object]:
    resp = device.json("POST", target, payload)
    assert resp.status_code == 200, (target, resp.status_code, error_of(resp))
    return dict(resp.json())


def test_from_an_empty_machine_to_the_result_back_at_the_marketing_system(tmp_path: Path) -> None:
    home, port = tmp_path / "centre", free_tcp_port()
    ca, key = Ca.root(), new_key()
    cert, key_file = install(tmp_path / "tls", key, ca.issue(key), ca.cert)
    ca_file = tmp_path / "tls" / "ca.pem"
    ca_file.write_bytes(pem(ca.cert))
    kek = tmp_path / "kek.hex"
    tls = ("--tls-cert", str(cert), "--tls-key", str(key_file))

    # The key system's transfer file (here: the simulated meters' keys, wrapped) and the first start.
    wrapped = tmp_path / "keys-v1.json"
    assert operator(home, "keys", "wrap", str(meter_keys.DEMO_KEYS_FILE), "--kek", str(kek), "--version", "1",
                    "--out", str(wrapped)).returncode == 0
    imported = operator(home, "keys", "import", str(wrapped), "--kek", str(kek))
    assert imported.returncode == 0, imported.stderr
    first = operator(home, *tls, "init", "--admin-id", "ADMIN", "--url", f"https://127.0.0.1:{port}")
    assert first.returncode == 0 and "administrator ADMIN created" in first.stdout, first.stderr
    again = operator(home, *tls, "init")
    assert again.returncode == 0 and "nothing was created" in again.stdout  # no second administrator
    centre = Centre.run(home, port, *tls, "--kek", str(kek))
    try:
        admin = enrol(centre.url, code_in(first.stdout), "administrator's desktop", verify=str(ca_file))
        assert admin.role == "administrator"

        # The administrator creates the team, its leader and a technician, and gives the PIN.
        order = replacement_order()
        company = order.archive.customer.company_id
        ok(admin, "/v1/admin/teams", {"team_id": TEAM, "company_id": company, "name": "成华一班"})
        ok(admin, "/v1/admin/users", {"user_id": LEADER, "name": "张班长", "role": "supervisor",
                                      "team_id": TEAM})
        ok(admin, "/v1/admin/users", {"user_id": TECH, "name": "李师傅", "role": "technician",
                                      "team_id": TEAM})
        ok(admin, f"/v1/admin/users/{TECH}/reset-pin", {"pin": DEMO_PIN})

        # The marketing system drops today's order; the operator's cron imports it.
        now = datetime.now(UTC)
        order = replace(order, window_start=now - timedelta(hours=1), window_end=now + timedelta(hours=3))
        drop_dir = tmp_path / "drop"
        drop(drop_dir, "SG186-day.xlsx", "SG186-day", day_batch([order], lambda _: TEAM))
        report_file = drop_dir / "done" / "SG186-day.xlsx.report.json"

        def cron() -> bool:  # every minute on the server; a file younger than 2 s waits for the next
            done = operator(home, "--kek", str(kek), "import-drop", str(drop_dir), "--once")
            assert done.returncode == 0 and "REJECTED" not in done.stdout, (done.stdout, done.stderr)
            return report_file.exists()

        wait_until(cron, 60, "the file drop's import", interval=0.5)
        report = json.loads(report_file.read_text())
        assert report["imported"] and report["errors"] == [] and report["archives"]["created"] == 1
        order_no = report["order_nos"][order.order_no.removeprefix("MS-")]
        order = replace(order, order_no=order_no)
        assert cron() and not list((drop_dir / "incoming").iterdir())  # nothing new: nothing done

        # The team leader, on the desktop build's device, sees it waiting and dispatches it.
        leader = enrol(centre.url, code_in(operator(home, *tls, "enrol-code", "--user", LEADER).stdout),
                       "team leader's desktop", verify=str(ca_file))
        waiting = leader.json("GET", "/v1/dispatch/orders")
        assert waiting.status_code == 200, error_of(waiting)
        assert order_no in json.dumps(waiting.json())
        ok(leader, f"/v1/dispatch/orders/{order_no}/assign", {"tech_id": TECH})

        # The technician's terminal, enrolled by the QR code before its camera, does the replacement.
        devices = Devices.start(tmp_path / "field", order)
        try:
            handheld = tmp_path / "handheld"
            devices.configure(handheld)
            qr = tmp_path / "enrol-CD101.png"
            centre.enrol_code(TECH, qr)
            shutil.copy(qr, devices.camera_dir / "qr.png")
            seen = result_of(terminal(handheld, "replace", order_no, str(devices.control)))
        finally:
            devices.stop()
        assert seen["enrol_error"] == "" and seen["pin_error"] == "", seen
        assert seen["upload_s"] <= UPLOAD_DEADLINE_S, seen

        engine = create_engine(centre.db_url)
        rm = tables.received_mutations.c
        with engine.connect() as conn:
            [payload] = conn.execute(select(rm.payload).where(
                rm.order_no == order_no, rm.entity == "work_result", rm.outcome == "applied")).scalars()
            status = conn.execute(select(tables.orders.c.status)
                                  .where(tables.orders.c.order_no == order_no)).scalar_one()
            actions = [a for (a,) in conn.execute(select(tables.audit_log.c.action))]
        engine.dispose()
        record = changelog.unpack(payload)
        assert status == "uploaded" and record["new_meter"]["asset_no"] == order.new_meter_asset_no
        assert {"team.create", "user.create", "user.reset_pin", "order.assign"} <= set(actions), actions
        assert_exported_as_read(centre, order, record)
    finally:
        centre.stop()
    assert leaks(home, [admin.secret, leader.secret]) == []


def leaks(home: Path, device_secrets: list[bytes]) -> list[str]:
    """The secrets a copy of the server's database and logs would give away: the meter master
    keys, the terminals' transport key and the devices' HMAC secrets, raw, hex or base64."""
    keys = meter_keys.load()
    secrets = {f"master key {k}": v for k, v in keys.master_keys.items()}
    secrets |= {"transport key": keys.transport_key} | {f"device secret {i}": s
                                                         for i, s in enumerate(device_secrets)}
    found = []
    copies = [p for p in home.rglob("*") if p.is_file() and (".sqlite3" in p.name or p.suffix == ".log")]
    assert any(p.suffix == ".log" for p in copies) and any(".sqlite3" in p.name for p in copies), copies
    for path in copies:
        blob = path.read_bytes()
        low = blob.lower()
        found += [f"{name} in {path.name}" for name, secret in secrets.items()
                  if secret in blob or secret.hex().encode() in low or base64.b64encode(secret) in blob]
    return found
