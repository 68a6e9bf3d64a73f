"""Value formats and the data-identifier table."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from device_drivers.meter.di_table import COMPOSITES, all_items, lookup, parse_di
from device_drivers.meter.errors import MeterError, ValueFormatError
from device_drivers.meter.plan import PlannedRead, cut, plan_reads
from device_drivers.meter.timeformats import DateTimeFormat
from device_drivers.meter.values import Ascii, BcdNumber, Block, Count, DayTable, Digits, Raw, Value, Word

REQUIRED = {
    "00000000": "kWh", "00010000": "kWh", "00020000": "kWh", "00010100": "kWh", "0001FF00": "kWh",
    "00020400": "kWh", "02010100": "V", "02020100": "A", "02030000": "kW", "02060000": "",
    "02800002": "Hz", "04000101": "", "04000102": "", "04000401": "", "04000402": "", "04000403": "",
    "0400040E": "", "04000501": "", "04000507": "", "04050101": "yuan/kWh", "00900200": "yuan",
    "00900201": "yuan", "03330201": "", "03330601": "yuan", "03300D01": "", "1D000101": "",
    "1E000101": "", "04010001": "", "03110000": "",
}


def test_table_covers_the_issue_items_with_units() -> None:
    for code, unit in REQUIRED.items():
        item = lookup(parse_di(code))
        assert not isinstance(item.fmt, Raw), code
        assert item.unit == unit, code


def test_unknown_items_are_raw_not_refused() -> None:
    item = lookup(0x12345678)
    assert isinstance(item.fmt, Raw) and item.fmt.decode(b"\x01\x02") == b"\x01\x02"


def test_parse_di_refuses_garbage() -> None:
    with pytest.raises(ValueFormatError):
        parse_di("0001FF0")
    with pytest.raises(ValueFormatError):
        parse_di("0001FG00")


def test_bcd_examples() -> None:
    assert BcdNumber(4, 2).decode(bytes.fromhex("76170300")) == Decimal("317.76")
    assert BcdNumber(3, 4, signed=True).decode(bytes.fromhex("002081")) == Decimal("-1.2000")
    assert BcdNumber(2, 1).encode(Decimal("220.4")) == bytes.fromhex("0422")
    with pytest.raises(ValueFormatError):
        BcdNumber(4, 2).decode(bytes.fromhex("7A170300"))
    with pytest.raises(ValueFormatError):
        BcdNumber(2, 1).encode(Decimal("1000.0"))
    with pytest.raises(ValueFormatError):
        BcdNumber(2, 1).encode(Decimal("1.25"))


def test_date_time_layouts() -> None:
    moment = dt.datetime(2026, 11, 24, 3, 30, 15)  # a Tuesday: WW = 02
    assert DateTimeFormat("YYMMDDWWhhmmss").encode(moment) == bytes.fromhex("15300302241126")
    assert DateTimeFormat("YYMMDDWW").decode(bytes.fromhex("02241126")) == moment.date()
    assert DateTimeFormat("hhmmss").decode(bytes.fromhex("153003")) == moment.time()
    with pytest.raises(ValueFormatError):
        DateTimeFormat("YYMMDDWW").decode(bytes.fromhex("02321326"))  # month 13


def test_composites_cut_members_at_the_right_place() -> None:
    plan = plan_reads([0x04000101, 0x04000102, 0x00010000, 0x00010100, 0x00900200])
    assert [p.di for p in plan] == [0x0400010C, 0x0001FF00, 0x00900200]
    moment = dt.datetime(2026, 11, 24, 3, 30, 15)
    parts = cut(plan[0], DateTimeFormat("YYMMDDWWhhmmss").encode(moment))
    assert parts is not None
    assert lookup(0x04000101).fmt.decode(parts[0x04000101]) == moment.date()
    assert lookup(0x04000102).fmt.decode(parts[0x04000102]) == moment.time()
    assert cut(PlannedRead(0x0001FF00, COMPOSITES[0x0001FF00]), bytes(8)) is None  # too short
    assert plan_reads([0x00010000]) == [PlannedRead(0x00010000)]  # one member: no composite


numbers = st.sampled_from([BcdNumber(4, 2), BcdNumber(2, 1), BcdNumber(3, 3, signed=True),
                           BcdNumber(3, 4, signed=True), BcdNumber(4, 4)])


@settings(deadline=None)  # a busy CI machine must not fail a correct codec
@given(numbers, st.data())
def test_bcd_numbers_round_trip(fmt: BcdNumber, data: st.DataObject) -> None:
    digits = 2 * fmt.nbytes - (1 if fmt.signed else 0)
    n = data.draw(st.integers(-(10 ** digits) + 1 if fmt.signed else 0, 10 ** digits - 1))
    value = Decimal(n).scaleb(-fmt.decimals)
    raw = fmt.encode(value)
    assert len(raw) == fmt.nbytes and fmt.decode(raw) == value


@settings(deadline=None)  # a busy CI machine must not fail a correct codec
@given(st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2099, 12, 31)))
def test_datetimes_round_trip(moment: dt.datetime) -> None:
    moment = moment.replace(microsecond=0)
    for layout in ("YYMMDDWWhhmmss", "YYMMDDhhmmss"):
        fmt = DateTimeFormat(layout)
        assert fmt.decode(fmt.encode(moment)) == moment
    assert DateTimeFormat("YYMMDDhhmm").decode(DateTimeFormat("YYMMDDhhmm").encode(moment)) == \
        moment.replace(second=0)


@settings(deadline=None)  # a busy CI machine must not fail a correct codec
@given(st.text(alphabet="0123456789", min_size=12, max_size=12), st.integers(0, 9999),
       st.integers(0, 0xFFFF), st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126),
                                       max_size=32))
def test_other_formats_round_trip(digits: str, count: int, word: int, text: str) -> None:
    assert Digits(6).decode(Digits(6).encode(digits)) == digits
    assert Count(2).decode(Count(2).encode(count)) == count
    assert Word(2).decode(Word(2).encode(word)) == word
    assert Ascii(32).decode(Ascii(32).encode(text)) == text.rstrip("\x00")
    block = Block(BcdNumber(4, 2))
    values = (Decimal(count).scaleb(-2),) * 5
    assert block.decode(block.encode(values)) == values


@settings(deadline=None)  # a busy CI machine must not fail a correct codec
@given(st.binary(max_size=64))
def test_every_table_format_decodes_or_raises_a_meter_error(raw: bytes) -> None:
    for item in all_items()[::7]:
        with contextlib.suppress(MeterError):
            item.fmt.decode(raw)


def test_records_round_trip() -> None:
    item = lookup(0x03300D01)
    value: dict[str, Value] = {
        "start": dt.datetime(2026, 3, 2, 10, 15), "end": dt.datetime(2026, 3, 2, 10, 21, 30),
        "forward_kwh": Decimal("512.30"), "reverse_kwh": Decimal("0.00")}
    assert item.fmt.decode(item.fmt.encode(value)) == value


def test_day_switching_table_layout() -> None:
    """04010001 as DL/T 645-2007 lays it out: 14 segments of hhmmNN (3 BCD bytes, low byte first:
    NN, mm, hh), segment 1 first, the unused ones repeating the last (bytes before the +33H)."""
    wire = bytes.fromhex("040000" "033007" "020008" "010019") + bytes.fromhex("010019") * 10
    table = lookup(0x04010001)
    assert table.write_class == 2 and table.fmt.length == 42
    assert table.fmt.decode(wire) == ("00:00=4", "07:30=3", "08:00=2", "19:00=1")
    assert table.fmt.encode(("00:00=4", "07:30=3", "08:00=2", "19:00=1")) == wire
    with pytest.raises(ValueFormatError):  # hour 25 is not a time
        DayTable(14).decode(bytes.fromhex("040025") * 14)
    with pytest.raises(ValueFormatError):  # a short table
        DayTable(14).decode(wire[:-3])
    for bad in (("7:30=3",), ("07:30=0",), ("07:30",), ()):
        with pytest.raises(ValueFormatError):
            DayTable(14).encode(bad)
