"""Meter replacement through the service, against the real meter, camera and printer simulators."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.domain.errors import ValidationError
from app.domain.inspection import expected_prices
from app.domain.records import SealPosition
from app.domain.steps import ReplacementStep
from app.domain.work_orders import Status
from app.services.errors import SealReusedError, StepOrderError, WrongMeterError
from app.storage.outbox import Outbox
from device_drivers.errors import DeviceError
from device_drivers.meter.simulator import keys as demo_keys
from device_drivers.meter.simulator.state import MeterState
from device_drivers.security.errors import ExpiredError
from tests.app.services.conftest import Site, authorise, signature_png


def walk_to(site: Site, step: ReplacementStep) -> None:
    """Carry the order forward, step by step, until it stands at ``step``."""
    flow, order = site.flow, site.order
    actions = {
        ReplacementStep.IDENTIFY_OLD: lambda: flow.identify_old(order.archive.meter.asset_no),
        ReplacementStep.READ_OLD: flow.read_old,
        ReplacementStep.CONFIRM: lambda: flow.confirm(signature_png()),
        ReplacementStep.INSTALL_NEW: lambda: (site.meters.probe(order.new_meter_address),
                                              flow.install_new(order.new_meter_asset_no)),
        ReplacementStep.SEAL: lambda: (flow.add_seal("SC1000000001", SealPosition.TERMINAL_COVER),
                                       flow.add_seal("SC1000000002", SealPosition.METER_COVER),
                                       flow.finish_sealing()),
        ReplacementStep.SET_TARIFF: flow.set_tariff,
        ReplacementStep.UPLOAD: flow.complete,
    }
    flow.begin()
    while flow.step() is not step:
        actions[flow.step()]()


def test_the_whole_replacement_stores_one_complete_record(site: Site) -> None:
    walk_to(site, ReplacementStep.DONE)
    order = site.flow.order()
    assert order.status is Status.COMPLETED and order.step == "done"
    result = site.flow.records.for_order(order.order_no, "work_result")[0]
    assert result["old_meter"]["asset_no"] == site.order.archive.meter.asset_no
    assert result["new_meter"]["asset_no"] == site.order.new_meter_asset_no
    assert result["new_meter"]["address"] == site.order.new_meter_address
    assert not result["new_meter"]["from_stock"]
    roles = {(r["role"], r["di"]) for r in result["readings"]}
    assert ("old", "00010000") in roles and ("old", "04000503") in roles and ("new", "04050101") in roles
    written = [r["value"] for r in result["readings"] if r["role"] == "new" and r["di"].startswith("040501")]
    assert [Decimal(v) for v in written] == list(expected_prices(site.order.archive.tariff))
    assert [s["seal_no"] for s in result["seals"]] == ["SC1000000001", "SC1000000002"]
    assert sorted(a["kind"] for a in result["attachments"]) == ["photo", "signature"]
    steps = [s["step"] for s in result["steps"] if s["result"] == "ok"]
    assert steps[:2] == ["identify_old", "read_old"] and "set_tariff" in steps
    entities = {row.entity for row in Outbox(site.store).pending(1000)}
    assert {"order_event", "reading", "seal", "attachment", "meter_install", "operation_event",
            "work_result"} <= entities

    site.flow.print_receipt()
    printed = site.printer.wait_for_receipts(1, timeout=10)
    assert len(printed) == 1 and printed[0].png_path is not None and printed[0].png_path.exists()
    text = "\n".join(printed[0].page.text_lines)
    assert site.order.new_meter_asset_no in text


def test_a_wrong_old_meter_stops_at_identification(site: Site) -> None:
    site.flow.begin()
    other = site.order.new_meter_asset_no
    with pytest.raises(WrongMeterError, match="not the one on this work order"):
        site.flow.identify_old(other)
    with pytest.raises(ValidationError, match="22 digits"):
        site.flow.identify_old(site.order.archive.meter.address)  # the address, scanned by mistake
    site.meters.probe(site.order.new_meter_address)  # right barcode, probe on another meter
    with pytest.raises(WrongMeterError, match="answers as"):
        site.flow.identify_old(site.order.archive.meter.asset_no)
    assert site.flow.step() is ReplacementStep.IDENTIFY_OLD
    failures = [e for e in site.flow.records.for_order(site.order.order_no, "operation_event")
                if e["result"] == "failed"]
    assert len(failures) == 3 and all(e["detail"] for e in failures)


def test_a_meter_that_does_not_answer_stops_the_step(site: Site) -> None:
    walk_to(site, ReplacementStep.READ_OLD)
    site.meters.inject("no-reply", 20)
    with pytest.raises(DeviceError, match="IR window"):
        site.flow.read_old()
    assert site.flow.step() is ReplacementStep.READ_OLD
    site.meters.faults.clear()
    site.flow.read_old()
    assert site.flow.step() is ReplacementStep.CONFIRM


def test_a_seal_is_used_once_only(site: Site) -> None:
    walk_to(site, ReplacementStep.SEAL)
    site.flow.add_seal("SC1000000001", SealPosition.TERMINAL_COVER)
    with pytest.raises(SealReusedError, match="already used on this order"):
        site.flow.add_seal("sc1000000001", SealPosition.METER_COVER)
    with pytest.raises(StepOrderError, match="at least"):
        site.flow.finish_sealing()


def test_an_expired_authorisation_stops_the_tariff_before_the_meter_is_touched(site: Site) -> None:
    walk_to(site, ReplacementStep.SET_TARIFF)
    authorise(site.store, site.order, expires_in=-10)  # the newest authorisation has expired
    site.meters.received.clear()
    with pytest.raises(ExpiredError, match="sync to get a new one"):
        site.flow.set_tariff()
    assert not site.meters.received, "a frame reached the meter with an expired authorisation"
    assert site.flow.step() is ReplacementStep.SET_TARIFF


def test_a_refused_tariff_write_blocks_completion(site: Site) -> None:
    walk_to(site, ReplacementStep.SET_TARIFF)
    site.meters.inject("abnormal", 1, 4)  # the meter answers the first request with ERR b2
    with pytest.raises(DeviceError):
        site.flow.set_tariff()
    assert site.flow.step() is ReplacementStep.SET_TARIFF
    with pytest.raises(StepOrderError):
        site.flow.complete()


def test_confirmation_evidence_and_step_are_kept_together(site: Site,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    walk_to(site, ReplacementStep.CONFIRM)
    flow = site.flow

    def power_cut(event: object) -> None:
        raise RuntimeError("battery died between the evidence and the step")

    monkeypatch.setattr(flow, "_advance", power_cut)
    with pytest.raises(RuntimeError):
        flow.confirm(signature_png())
    assert flow.evidence.attachments.hashes_of(site.order.order_no) == []
    assert not [r for r in Outbox(site.store).pending(1000) if r.entity == "attachment"]
    monkeypatch.undo()
    flow.confirm(signature_png())
    kinds = sorted(a["kind"] for a in flow.evidence.attachments.hashes_of(site.order.order_no))
    assert kinds == ["photo", "signature"]  # one of each: nothing left over from the failed try


def test_a_meter_from_the_van_leaves_the_van_when_installed(site: Site) -> None:
    tech = site.order.tech_id
    row = site.store.reader().execute("SELECT asset_no, address FROM stock_meters WHERE tech_id = ?",
                                      [tech]).fetchone()
    assert row is not None, "the demo seed gives every technician a van stock"
    asset_no, address = str(row[0]), str(row[1])
    site.meters.add([MeterState.create(address, demo_keys.load())])
    walk_to(site, ReplacementStep.INSTALL_NEW)
    site.meters.probe(address)
    site.flow.install_new(asset_no)
    assert site.flow.new_meter().from_stock
    assert site.flow.orders.stock_address(asset_no, tech) is None  # not offered for another order
    with pytest.raises(WrongMeterError):  # and refused there, offline, before the centre says so
        site.flow._new_meter_address(site.order, asset_no)


def test_a_new_installation_installs_seals_sets_the_tariff_then_the_customer_signs(
        new_install_site: Site) -> None:
    """No old meter: the steps start at the new meter and the result names no old meter."""
    site, flow, order = new_install_site, new_install_site.flow, new_install_site.order
    assert flow.begin() is ReplacementStep.INSTALL_NEW
    site.meters.probe(order.new_meter_address)
    site.look_at(order.new_meter_asset_no)
    walk_to(site, ReplacementStep.CONFIRM)
    with pytest.raises(StepOrderError):
        flow.read_old()  # not a step of a new installation
    flow.confirm(signature_png())
    result = flow.complete()
    assert result["old_meter"] is None and result["fault"] is None
    assert result["new_meter"]["asset_no"] == order.new_meter_asset_no  # type: ignore[index]
    assert {r["role"] for r in result["readings"]} == {"new"}  # type: ignore[union-attr]
    events = flow.records.for_order(order.order_no, "operation_event")
    confirm = next(e for e in events if e["step"] == "confirm")
    assert order.new_meter_asset_no in str(confirm)  # the photo is of the new meter
    receipt = flow.receipt()
    assert receipt.title == "新装回执" and receipt.old_meter_asset_no == ""
    assert site.flow.order().status is Status.COMPLETED


def test_a_fault_repair_records_a_faulty_meter_that_does_not_answer(fault_site: Site) -> None:
    """The faulty meter is identified by its label alone; a failed read stays a failure until the
    technician records that it does not answer; the centre gets the diagnosis, no final reading."""
    site, flow, order = fault_site, fault_site.flow, fault_site.order
    assert flow.begin() is ReplacementStep.IDENTIFY_OLD
    site.meters.inject("no-reply", count=1000)
    assert flow.identify_old(order.archive.meter.asset_no) == ""
    assert flow.step() is ReplacementStep.DIAGNOSE
    with pytest.raises(DeviceError):
        flow.diagnose()  # a read that fails is not a diagnosis: the technician may retry
    assert flow.step() is ReplacementStep.DIAGNOSE
    assert flow.diagnose(dead=True) == []
    site.meters.faults.clear()
    walk_to(site, ReplacementStep.UPLOAD)
    result = flow.complete()
    assert result["fault"]["answers"] is False  # type: ignore[index]
    assert result["old_meter"]["asset_no"] == order.archive.meter.asset_no  # type: ignore[index]
    assert {r["role"] for r in result["readings"]} == {"new"}  # type: ignore[union-attr]
    receipt = flow.receipt()
    assert receipt.title == "故障换表回执" and receipt.old_final_reading_kwh is None


def test_a_fault_repair_reads_a_faulty_meter_that_still_answers(fault_site: Site) -> None:
    site, flow = fault_site, fault_site.flow
    walk_to(site, ReplacementStep.DIAGNOSE)
    readings = flow.diagnose()
    assert readings and {r["role"] for r in readings} == {"old"}
    walk_to(site, ReplacementStep.UPLOAD)
    assert flow.complete()["fault"]["answers"] is True  # type: ignore[index]


def test_a_wrong_meter_is_refused_on_a_fault_repair_too(fault_site: Site) -> None:
    """Only silence is tolerated: a meter answering with another address is the wrong meter."""
    site, flow, order = fault_site, fault_site.flow, fault_site.order
    flow.begin()
    site.meters.probe(order.new_meter_address)
    with pytest.raises(WrongMeterError):
        flow.identify_old(order.archive.meter.asset_no)
