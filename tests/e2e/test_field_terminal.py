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

from app.domain.meter_items import MeterItem
from app.domain.work_orders import WorkOrder
from server import changelog
from server.db import tables
from tests.e2e.field_rig import TECH, Centre, Devices, operator, replacement_order, terminal

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
    assert_exported_as_read(centre, order, record)


def assert_exported_as_read(centre: Centre, order: WorkOrder, record: dict[str, Any]) -> None:
    """The operator's export for the marketing system says what the meters answered and the
    terminal recorded, field by field; asked again from its cursor, it says nothing new."""
    engine = create_engine(centre.db_url)
    rm = tables.received_mutations.c
    with engine.connect() as conn:
        read = [changelog.unpack(p) for p in conn.execute(select(rm.payload).where(
            rm.order_no == order.order_no, rm.entity == "reading", rm.outcome == "applied")).scalars()]
    engine.dispose()
    done = operator(centre.home, "export", "--since", "0")
    assert done.returncode == 0, done.stderr
    exported = json.loads(done.stdout)
    [item] = [r for r in exported["records"] if r["MeterServiceWork"]["mRID"] == order.order_no]
    work, readings = item["MeterServiceWork"], item["MeterReadings"]
    assert work["customer"]["mRID"] == order.archive.customer.customer_no
    assert work["technician"]["mRID"] == TECH and work["completedDateTime"] == record["completed_at"]
    assert (work["removedMeter"]["mRID"], work["removedMeter"]["amrSystemAddress"]) == (
        order.archive.meter.asset_no, order.archive.meter.address)
    assert (work["installedMeter"]["mRID"], work["installedMeter"]["amrSystemAddress"]) == (
        order.new_meter_asset_no, order.new_meter_address)
    assert [(s["sealNumber"], s["kind"]) for s in work["seals"]] == [
        (s["seal_no"], s["position"]) for s in record["seals"]] and work["seals"]
    final = next(r for r in read if r["role"] == "old" and r["di"] == MeterItem.FORWARD_TOTAL.code)
    assert work["removedMeter"]["finalReading"]["value"] == final["value"]
    assert work["tariff"]["code"] == order.archive.tariff.code
    as_read = sorted((r["meter_address"], r["di"], r["value"], r["unit"]) for r in read)
    as_exported = sorted((g["meter"]["amrSystemAddress"], x["readingType"]["dlt645DataId"], x["value"],
                          x["unit"]) for g in readings for x in g["readings"])
    assert as_exported == as_read and as_read
    again = operator(centre.home, "export", "--since", str(exported["cursor"]))
    assert again.returncode == 0 and json.loads(again.stdout)["records"] == []
