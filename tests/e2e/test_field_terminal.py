"""The field terminal end to end, every part its own process: the central server started as an
operator starts it, an enrolment QR code issued from its command line, and the terminal started
without --demo on a settings file that points at the devices' addresses. Driven through its
window: it enrols by scanning the QR code with the camera, a technician signs in with a PIN, does
a meter replacement, and the result reaches the centre with no manual sync, GPS trail and all."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select

from server import changelog
from server.db import tables
from tests.e2e.field_rig import TECH, Centre, Devices, replacement_order, terminal

UPLOAD_DEADLINE_S = 5.0


def result_of(done: Any) -> dict[str, Any]:
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")]
    assert done.returncode == 0 and lines, \
        f"terminal failed ({done.returncode}):\n{done.stdout}\n{done.stderr[-4000:]}"
    return dict(json.loads(lines[-1][len("RESULT "):]))


@pytest.fixture
def centre(tmp_path: Path) -> Iterator[Centre]:
    c = Centre.start(tmp_path / "centre")
    yield c
    c.stop()


def test_enrol_sign_in_replace_and_upload_in_the_field_configuration(centre: Centre, tmp_path: Path) -> None:
    order = replacement_order()
    devices = Devices.start(tmp_path / "field", order)
    try:
        home = tmp_path / "handheld"
        devices.configure(home)
        qr = tmp_path / "enrol-CD101.png"
        centre.enrol_code(TECH, qr)
        shutil.copy(qr, devices.camera_dir / "qr.png")  # the administrator holds it before the camera
        seen = result_of(terminal(home, "replace", order.order_no, str(devices.control)))
    finally:
        devices.stop()
    assert seen["enrol_error"] == "" and seen["pin_error"] == ""
    assert "成都" in seen["belongs_to"] and TECH in seen["team"] and "CD100" in seen["team"]
    assert all(seen["devices"][d] == "ok" for d in ("meter", "printer", "camera", "gps")), seen["devices"]
    assert seen["pending_at_completion"] > 0 and seen["upload_s"] <= UPLOAD_DEADLINE_S, seen
    engine = create_engine(centre.db_url)
    rm = tables.received_mutations.c
    with engine.connect() as conn:
        rows = conn.execute(select(rm.payload, rm.outcome).where(
            rm.order_no == order.order_no, rm.entity == "work_result")).all()
        status = conn.execute(select(tables.orders.c.status)
                              .where(tables.orders.c.order_no == order.order_no)).scalar_one()
    engine.dispose()
    assert len(rows) == 1 and rows[0].outcome == "applied"
    record = changelog.unpack(rows[0].payload)
    assert record["gps_trail"], "the order's GPS trail is empty at the centre"
    assert all(30.0 < p["lat"] < 31.5 and 103.5 < p["lon"] < 104.5 for p in record["gps_trail"])  # Chengdu
    assert record["new_meter"]["asset_no"] == order.new_meter_asset_no and status == "uploaded"
