"""The data-identifier table: every DL/T 645 data item the driver knows, in one place.

Each :class:`DataItem` gives the item's name, value format, unit, whether a
meter serves it over IR without IR authentication, and its write class (1:
plaintext + MAC, password level 99H; 2: ciphertext + MAC, 98H). Unknown DIs are
not refused: :func:`lookup` returns a raw-bytes item for them.

:data:`COMPOSITES` lists items that carry several others (``0001FF00`` = total
+ tariffs, ``0400010C`` = date + time): a session reads one frame instead of
several when two or more members are asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

from device_drivers.meter.errors import ValueFormatError
from device_drivers.meter.timeformats import DateTimeFormat
from device_drivers.meter.values import (
    Ascii,
    BcdNumber,
    Block,
    Count,
    DayTable,
    Digits,
    Format,
    Raw,
    Record,
    Word,
)

ENERGY = BcdNumber(4, 2)
MONEY = BcdNumber(4, 2)
PRICE = BcdNumber(4, 4)
STAMP = DateTimeFormat("YYMMDDhhmmss")
TARIFFS = 4  # a single-phase prepaid meter: sharp, peak, flat, valley
DAY_SEGMENTS = 14  # switching points in a day table (04000203 says how many are used; 14 at most)


@dataclass(frozen=True, slots=True)
class DataItem:
    """One data identifier and how to read it."""

    di: int
    name: str
    fmt: Format
    unit: str = ""
    ir_free: bool = False  # readable over IR without IR authentication
    write_class: int | None = None  # 1 (99H, MAC) or 2 (98H, encrypted); None: not writable

    @property
    def code(self) -> str:
        return f"{self.di:08X}"


def parse_di(text: str) -> int:
    """``"0001FF00"`` to an int; raises ValueFormatError for anything else."""
    clean = text.strip().upper()
    if len(clean) != 8 or any(c not in "0123456789ABCDEF" for c in clean):
        raise ValueFormatError(f"a data identifier is 8 hex digits (e.g. 00010000), got {text!r}")
    return int(clean, 16)


def di_bytes(di: int) -> bytes:
    """The 4 DI bytes as sent (DI0 first)."""
    return di.to_bytes(4, "little")


_TABLE: dict[int, DataItem] = {}


def _add(di: int, name: str, fmt: Format, unit: str = "", *, ir_free: bool = False,
         write_class: int | None = None) -> None:
    _TABLE[di] = DataItem(di, name, fmt, unit, ir_free, write_class)


def _energy() -> None:
    kinds = {0x00: "combined", 0x01: "forward", 0x02: "reverse"}
    for code, kind in kinds.items():
        for period in range(0x0D):
            when = "" if period == 0 else f", settlement {period} ago"
            base = (code << 16) | period
            for tariff in range(TARIFFS + 1):
                label = "total" if tariff == 0 else f"tariff {tariff}"
                _add(base | tariff << 8, f"{kind} active energy {label}{when}", ENERGY, "kWh",
                     ir_free=period == 0 and tariff == 0)
            _add(base | 0xFF00, f"{kind} active energy, total and tariffs{when}", Block(ENERGY), "kWh",
                 ir_free=period == 0)
    for di, name in ((0x000B0000, "combined"), (0x000C0000, "forward"), (0x000D0000, "reverse")):
        _add(di, f"{name} active energy this billing cycle", ENERGY, "kWh", ir_free=True)


def _instant() -> None:
    _add(0x02010100, "voltage", BcdNumber(2, 1), "V")
    _add(0x0201FF00, "voltages", Block(BcdNumber(2, 1)), "V")
    _add(0x02020100, "current", BcdNumber(3, 3, signed=True), "A")
    _add(0x0202FF00, "currents", Block(BcdNumber(3, 3, signed=True)), "A")
    _add(0x02030000, "active power total", BcdNumber(3, 4, signed=True), "kW")
    _add(0x02030100, "active power", BcdNumber(3, 4, signed=True), "kW")
    _add(0x0203FF00, "active powers", Block(BcdNumber(3, 4, signed=True)), "kW")
    _add(0x02060000, "power factor total", BcdNumber(2, 3, signed=True))
    _add(0x02060100, "power factor", BcdNumber(2, 3, signed=True))
    _add(0x0206FF00, "power factors", Block(BcdNumber(2, 3, signed=True)))
    _add(0x02800002, "frequency", BcdNumber(2, 2), "Hz")


def _parameters() -> None:
    _add(0x04000101, "date", DateTimeFormat("YYMMDDWW"), ir_free=True, write_class=2)
    _add(0x04000102, "time", DateTimeFormat("hhmmss"), ir_free=True, write_class=2)
    _add(0x0400010C, "date and time", DateTimeFormat("YYMMDDWWhhmmss"), ir_free=True, write_class=2)
    _add(0x04000401, "communication address", Digits(6), ir_free=True)
    _add(0x04000402, "meter number", Digits(6), ir_free=True, write_class=1)
    _add(0x04000403, "asset number", Ascii(32))
    _add(0x0400040E, "customer number", Digits(6), write_class=1)
    _add(0x04000701, "IR port baud feature", Word(1))
    _add(0x04000702, "contact IR port baud feature", Word(1))
    for n in range(1, 8):
        _add(0x04000500 | n, f"status word {n}", Word(2))
    _add(0x040005FF, "status words 1-7", Block(Word(2), 7))
    for table, label in ((1, "current"), (2, "standby")):
        for t in range(1, TARIFFS + 1):
            _add(0x04050000 | table << 8 | t, f"tariff {t} price ({label} table)", PRICE, "yuan/kWh",
                 write_class=1)
        _add(0x040500FF | table << 8, f"tariff prices ({label} table)", Block(PRICE), "yuan/kWh")
    _add(0x04010001, "day switching table 1 (first set)", DayTable(DAY_SEGMENTS), write_class=2)
    _add(0x04001001, "alarm amount 1", MONEY, "yuan", write_class=1)
    _add(0x04001002, "alarm amount 2", MONEY, "yuan", write_class=1)


def _prepaid() -> None:
    _add(0x00900200, "remaining money", MONEY, "yuan", ir_free=True)
    _add(0x00900201, "overdraft", MONEY, "yuan", ir_free=True)
    _add(0x03330101, "last purchase time", DateTimeFormat("YYMMDDhhmm"))
    _add(0x03330201, "purchase count", Count(2))
    _add(0x03330301, "last purchase amount", MONEY, "yuan")
    _add(0x03330401, "money before last purchase", MONEY, "yuan")
    _add(0x03330501, "money after last purchase", MONEY, "yuan")
    _add(0x03330601, "cumulative purchase", MONEY, "yuan")


_COVER = Record((("start", STAMP), ("end", STAMP), ("forward_kwh", ENERGY), ("reverse_kwh", ENERGY)))
_SWITCH = Record((("time", STAMP), ("operator", Digits(4)), ("forward_kwh", ENERGY),
                  ("reverse_kwh", ENERGY)))


def _events() -> None:
    _add(0x03300D00, "cover-open count", Count(3))
    _add(0x03110000, "power-down count", Count(3))
    _add(0x1D000001, "trip count", Count(3))
    _add(0x1E000001, "close count", Count(3))
    for n in range(1, 11):
        ago = "last" if n == 1 else f"{n}th last"
        _add(0x03300D00 | n, f"{ago} cover-open record", _COVER)
        _add(0x1D000100 | n, f"{ago} trip record", _SWITCH)
        _add(0x1E000100 | n, f"{ago} close record", _SWITCH)


for _fill in (_energy, _instant, _parameters, _prepaid, _events):
    _fill()


def lookup(di: int) -> DataItem:
    """The item for ``di``; an unknown DI is read as raw bytes, not refused."""
    item = _TABLE.get(di)
    return item if item is not None else DataItem(di, f"data item {di:08X}", Raw())


def known(di: int) -> bool:
    return di in _TABLE


def all_items() -> list[DataItem]:
    return list(_TABLE.values())


@dataclass(frozen=True, slots=True)
class Member:
    """A data item carried inside a composite one, at a byte slice of its data."""

    di: int
    offset: int
    length: int


def _composites() -> dict[int, tuple[Member, ...]]:
    out: dict[int, tuple[Member, ...]] = {}
    for kind in (0x00, 0x01, 0x02):
        for period in range(0x0D):
            base = kind << 16 | period
            out[base | 0xFF00] = tuple(Member(base | t << 8, 4 * t, 4) for t in range(TARIFFS + 1))
    out[0x040005FF] = tuple(Member(0x04000500 | n, 2 * (n - 1), 2) for n in range(1, 8))
    for table in (1, 2):
        out[0x040500FF | table << 8] = tuple(
            Member(0x04050000 | table << 8 | t, 4 * (t - 1), 4) for t in range(1, TARIFFS + 1))
    # 0400010C on the wire: ss mm hh WW DD MM YY -> time = first 3 bytes, date = last 4.
    out[0x0400010C] = (Member(0x04000102, 0, 3), Member(0x04000101, 3, 4))
    return out


COMPOSITES: dict[int, tuple[Member, ...]] = _composites()

# Status word 3 (relay and account state) bits, as prepaid meters use them (uncertain mapping).
STATUS3_BITS = {4: "relay open", 6: "relay trip commanded", 12: "keep power", 13: "identity auth valid",
                14: "account opened locally", 15: "account opened remotely"}


def describe_status3(word: int) -> list[str]:
    return [name for bit, name in STATUS3_BITS.items() if word >> bit & 1]
