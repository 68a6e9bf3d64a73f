"""Inspection on site against the real meter simulator over its pty: identify, read the inspection
set, photograph and see the seals, upload; the work result carries the meter as read, and the
shared rules find what the simulated meter was seeded with. A kill after any step resumes at the
next one with nothing lost or twice; a wrong meter is refused at the door."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest

from app.domain.demo_data import TARIFFS, TOU_DAY
from app.domain.inspection import ArchiveExpectation, MeterSnapshot, expected_prices
from app.domain.inspection_rules import compare
from app.domain.records import SealPosition
from app.domain.serialize import from_record
from app.domain.steps import InspectionStep
from app.domain.work_orders import Status
from app.services.errors import StepOrderError, WrongMeterError
from app.storage.outbox import Outbox
from app.storage.records import RecordRepo
from app.storage.work_orders import WorkOrderRepo
from signed_commands.errors import CommandError
from tests.app.services.inspection_door import Door, correction_from_the_centre, inspect_to_done


def test_the_whole_inspection_with_a_restart_after_every_step(door: Door) -> None:
    order = door.order
    assert door.flow().begin() is InspectionStep.IDENTIFY
    door.flow().identify(order.archive.meter.asset_no)
    assert door.flow().step() is InspectionStep.READ
    snap = door.flow().read()
    assert door.flow().step() is InspectionStep.EVIDENCE
    assert snap.address == order.archive.meter.address
    assert snap.cover_open_count == len(door.meter.cover_open) and snap.last_cover_open is not None
    assert abs((snap.read_at - snap.meter_clock) - timedelta(minutes=10)) < timedelta(seconds=5)
    assert snap.tariff_prices == tuple(door.meter.prices)
    door.flow().photo()
    door.flow().see_seal("sc 4400-000001", SealPosition.METER_COVER)
    door.flow().see_seal("SC4400000002", SealPosition.TERMINAL_COVER)
    door.flow().see_seal("SC4400000003", SealPosition.METER_COVER)  # re-scanned: the last one counts
    door.flow().finish_evidence()
    result = door.flow().complete()
    assert WorkOrderRepo(door.store).get(order.order_no).status is Status.COMPLETED  # type: ignore[union-attr]
    stored = from_record(MeterSnapshot, result["snapshot"])  # type: ignore[arg-type]
    assert sorted(stored.seals_seen) == [(SealPosition.METER_COVER, "SC4400000003"),
                                         (SealPosition.TERMINAL_COVER, "SC4400000002")]
    readings = RecordRepo(door.store).for_order(order.order_no, "reading")
    assert len(readings) == len(result["readings"]) > 40  # type: ignore[arg-type]
    assert len({r["di"] for r in readings}) == len(readings)  # every value once, restarts or not
    found = {f.rule for f in compare(stored, ArchiveExpectation.from_archive(order.archive))}
    assert found == {"clock_drift", "tariff_differs"}  # no earlier visit on record: no cover baseline


def test_a_wrong_meter_is_refused_at_the_door(door: Door) -> None:
    flow = door.flow()
    flow.begin()
    with pytest.raises(WrongMeterError):
        flow.identify("5102300000000000000999")
    assert door.flow().step() is InspectionStep.IDENTIFY
    with pytest.raises(StepOrderError):
        door.flow().read()  # not before the meter is identified


def test_the_centres_correction_is_written_read_back_and_reported(door: Door) -> None:
    inspect_to_done(door)
    assert door.flow().correction() is None  # nothing from the centre yet
    correction_from_the_centre(door)
    flow = door.flow()
    found = flow.correction()
    assert found is not None and found.set_clock and len(found.prices) == 4
    report = flow.correct()
    assert report["ok"] and set(report["rules"]) == {"clock_drift", "tariff_differs"}
    assert [str(p) for p in door.meter.prices] == list(found.prices)  # the meter now holds the tariff
    assert abs(door.meter.clock_offset) < 5  # and the right time
    snap = flow.snapshot()  # the meter as first read, compared again after the write: all put right
    assert door.flow().correction() is None  # written once: not offered again
    pending = [r for r in Outbox(door.store).pending(1000) if r.entity == "correction_result"]
    assert len(pending) == 1 and snap.address == door.order.archive.meter.address


@pytest.mark.parametrize("change", [{"address": "000000999999"}, {"tamper": True}],
                         ids=["other meter", "tampered"])
def test_a_correction_for_another_meter_or_tampered_is_refused_before_any_byte(door: Door,
                                                                             change: dict[str, Any]) -> None:
    inspect_to_done(door)
    correction_from_the_centre(door, **change)
    frames = len(door.simulator.received)
    with pytest.raises(CommandError):
        door.flow().correct()
    assert len(door.simulator.received) == frames  # nothing went to the meter
    assert [str(p) for p in door.meter.prices] != [str(p) for p in expected_prices(door.order.archive.tariff)]


def test_the_time_of_use_table_is_read_compared_and_corrected(door: Door) -> None:
    """A meter switching at the wrong hours: the read carries its day table (04010001) and its
    power-down count, the centre's rule finds the table differs from the tariff's day, and the
    correction writes the tariff's day to the meter and reads it back."""
    shifted = ["00:00=4", "06:00=3", "09:00=2", "11:00=3", "18:00=2", "20:00=1", "22:00=2", "23:00=4"]
    door.meter.tou_table = list(shifted)
    door.meter.power_downs = 12
    inspect_to_done(door)
    snap = door.flow().snapshot()
    assert [f"{hhmm}={n}" for hhmm, n in snap.tou_table] == shifted and snap.power_down_count == 12
    tou_tariff = next(t for t in TARIFFS if t.time_of_use)
    archive = dataclasses.replace(door.order.archive, tariff=tou_tariff)
    found = {f.rule: f for f in compare(snap, ArchiveExpectation.from_archive(archive))}
    assert "tou_table_differs" in found
    wanted = found["tou_table_differs"].correction
    assert wanted is not None and wanted.values == tuple(f"{hhmm}={n}" for hhmm, n in TOU_DAY)
    correction_from_the_centre(door, tou_table=wanted.values)
    assert door.flow().correction().tou_table == wanted.values  # type: ignore[union-attr]
    report = door.flow().correct()
    assert report["ok"] and report["read_back"]["04010001"] == ";".join(wanted.values)
    assert door.meter.tou_table == list(wanted.values)  # the meter now switches at the tariff's hours
    assert "tou_table_differs" not in {f.rule for f in compare(  # read again: nothing left to find
        dataclasses.replace(snap, tou_table=tuple((p[:5], int(p[6:])) for p in door.meter.tou_table)),
        ArchiveExpectation.from_archive(archive))}
