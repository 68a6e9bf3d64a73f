"""The meter data item catalogue agrees with the drivers' DL/T 645-2007 data table."""

from __future__ import annotations

from app.domain import meter_items
from app.domain.meter_items import PRICES, MeterItem, codes
from device_drivers.meter import di_table
from device_drivers.meter.inspection import INSPECTION_SET
from device_drivers.meter.plan import plan_reads


def test_every_item_is_in_the_drivers_table_with_its_code() -> None:
    for item in MeterItem:
        assert di_table.known(item) or item in di_table.COMPOSITES, item.name
        assert item.code == f"{int(item):08X}" and len(item.code) == 8


def test_what_a_correction_writes_is_writable() -> None:
    for item in (MeterItem.CLOCK, MeterItem.TOU_DAY):  # encrypted (98H)
        assert di_table.lookup(item).write_class == 2, item.name
    for item in PRICES:  # with a MAC (99H)
        assert di_table.lookup(item).write_class == 1, item.name


def test_the_inspection_set_reads_every_item_the_snapshot_needs() -> None:
    planned = set(INSPECTION_SET)
    needed = {*meter_items.FORWARD, *PRICES, *meter_items.STATUS_WORDS, MeterItem.DATE, MeterItem.TIME,
              MeterItem.TOU_DAY, MeterItem.ASSET_NUMBER, MeterItem.COVER_OPEN_COUNT,
              MeterItem.LAST_COVER_OPEN, MeterItem.POWER_DOWN_COUNT, MeterItem.REMAINING_MONEY,
              MeterItem.PURCHASE_COUNT, MeterItem.TOTAL_PURCHASED}
    assert needed <= planned, sorted(MeterItem(i).name for i in needed - planned)
    assert plan_reads(list(INSPECTION_SET))  # the set folds into reads the client can send


def test_codes_are_what_readings_carry() -> None:
    assert codes(meter_items.FORWARD) == ("00010000", "00010100", "00010200", "00010300", "00010400")
    assert codes(PRICES) == ("04050101", "04050102", "04050103", "04050104")
    assert MeterItem.PRICE_TABLE.code == "040501FF" and MeterItem.CLOCK.code == "0400010C"
