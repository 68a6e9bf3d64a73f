"""Inspection at the centre: what the meter held on site, what the records say, and the findings.

Pure data, shared by the terminal and the central server. The rules that compare a
:class:`MeterSnapshot` with an :class:`ArchiveExpectation` live in
:mod:`app.domain.inspection_rules`.

Values in a :class:`Finding` are canonical, language-neutral text: times in ISO 8601 (UTC,
to the second), money and prices with fixed places (2 for kWh and yuan, 4 for prices, as the
meter holds them: DL/T 645 ``XXXXXX.XX`` and ``XXXX.XXXX``), identifiers in their canonical form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum

from app.domain import identifiers
from app.domain.entities import Archive, Tariff, TouPoint
from app.domain.errors import ValidationError
from app.domain.records import SealPosition

TARIFFS = 4  # sharp, peak, flat, valley: a single-phase prepaid meter's price slots
ENERGY_ITEMS = TARIFFS + 1  # total + the 4 tariffs
PRICE_PLACES = Decimal("0.0001")  # DL/T 645 price XXXX.XXXX
MONEY_PLACES = Decimal("0.01")  # DL/T 645 energy XXXXXX.XX kWh and money XXXXXX.XX yuan
_HHMM = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")

SealSeen = tuple[SealPosition, str]  # (position, seal number)


def iso(moment: datetime) -> str:
    """``moment`` in UTC, ISO 8601 to the second: the form a finding carries."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def fixed(value: Decimal, places: Decimal) -> str:
    """``value`` with exactly the places of ``places`` (``Decimal("0.01")``: two)."""
    return str(value.quantize(places))


def _aware(name: str, moment: datetime | None) -> None:
    if moment is not None and moment.utcoffset() is None:
        raise ValidationError(name, f"{name} must carry its time zone (an aware datetime)")


def _non_negative(name: str, *values: Decimal | int | None) -> None:
    if any(v is not None and v < 0 for v in values):
        raise ValidationError(name, f"{name} cannot be negative (a meter register counts up from zero)")


def _tou_table(name: str, table: tuple[TouPoint, ...]) -> None:
    for hhmm, tariff in table:
        if not _HHMM.fullmatch(hhmm) or not 1 <= tariff <= TARIFFS:
            raise ValidationError(name, f"switching point ({hhmm!r}, {tariff}) is not HH:MM and tariff 1-4")


def _seals(name: str, seals: tuple[SealSeen, ...]) -> tuple[SealSeen, ...]:
    """The seals with canonical numbers; raises ValidationError for a number that is not a seal's."""
    return tuple((SealPosition(position), identifiers.seal_no(number)) for position, number in seals)


@dataclass(frozen=True, slots=True)
class MeterSnapshot:
    """What the handheld read from the meter on site (DL/T 645 inspection set), and the seals seen.

    ``read_at`` is the handheld's own time, corrected by GPS or NTP; ``meter_clock`` is the
    meter's date and time (04000101/04000102) read at that moment. ``forward_kwh`` is forward
    active energy total then tariffs 1-4 (0001FF00); ``tariff_prices`` the current price table
    (040501FF), empty when not read; ``tou_table`` the day's switching points, empty when not read.
    """

    read_at: datetime
    meter_clock: datetime
    address: str
    asset_no: str
    forward_kwh: tuple[Decimal, ...]
    tariff_prices: tuple[Decimal, ...] = ()
    tou_table: tuple[TouPoint, ...] = ()
    status_words: tuple[int, ...] = ()
    cover_open_count: int = 0
    last_cover_open: datetime | None = None
    power_down_count: int | None = None
    remaining_money: Decimal | None = None
    purchase_count: int | None = None
    total_purchased: Decimal | None = None
    seals_seen: tuple[SealSeen, ...] = ()

    def __post_init__(self) -> None:
        for name in ("read_at", "meter_clock", "last_cover_open"):
            _aware(name, getattr(self, name))
        object.__setattr__(self, "address", identifiers.meter_address(self.address))
        if len(self.forward_kwh) != ENERGY_ITEMS:
            raise ValidationError("forward_kwh", f"forward energy is total + {TARIFFS} tariffs "
                                                 f"({ENERGY_ITEMS} values), got {len(self.forward_kwh)}")
        if self.tariff_prices and len(self.tariff_prices) != TARIFFS:
            raise ValidationError("tariff_prices",
                                  f"a meter holds {TARIFFS} prices, got {len(self.tariff_prices)}")
        _non_negative("forward_kwh", *self.forward_kwh)
        _non_negative("tariff_prices", *self.tariff_prices)
        _non_negative("cover_open_count", self.cover_open_count, self.power_down_count)
        _non_negative("purchases", self.purchase_count, self.total_purchased)
        if any(not 0 <= w <= 0xFFFF for w in self.status_words):
            raise ValidationError("status_words", "a status word is 16 bits")
        _tou_table("tou_table", self.tou_table)
        object.__setattr__(self, "seals_seen", _seals("seals_seen", self.seals_seen))


@dataclass(frozen=True, slots=True)
class Purchases:
    """What the centre sold for this meter since the account opened: how many times, how much (yuan)."""

    count: int
    total: Decimal

    def __post_init__(self) -> None:
        _non_negative("purchases", self.count, self.total)


def expected_prices(tariff: Tariff) -> tuple[Decimal, ...]:
    """The 4 prices a meter on ``tariff`` should hold: the time-of-use prices, or for a single-rate
    tariff its unit price in every slot (a single-rate meter bills whichever tariff is current)."""
    if tariff.time_of_use and len(tariff.tou_prices) == TARIFFS:  # the import checks all four are given
        return tariff.tou_prices
    return (tariff.unit_price,) * TARIFFS


@dataclass(frozen=True, slots=True)
class ArchiveExpectation:
    """What the centre's records say about the metering point an inspection visited.

    Every optional field may be unknown (``None`` or empty): a rule that needs it then finds
    nothing, because a missing record is not a finding about the meter.
    """

    asset_no: str
    address: str
    tariff_code: str
    tariff_prices: tuple[Decimal, ...]
    tou_table: tuple[TouPoint, ...] = ()
    last_reading_kwh: Decimal | None = None
    last_visit: datetime | None = None
    cover_open_count_at_last_visit: int | None = None
    seals_on_record: tuple[SealSeen, ...] = ()
    purchases: Purchases | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "asset_no", identifiers.asset_no(self.asset_no))
        object.__setattr__(self, "address", identifiers.meter_address(self.address))
        if len(self.tariff_prices) != TARIFFS:
            raise ValidationError("tariff_prices",
                                  f"a tariff gives {TARIFFS} prices, got {len(self.tariff_prices)}")
        _aware("last_visit", self.last_visit)
        _non_negative("last_reading_kwh", self.last_reading_kwh, self.cover_open_count_at_last_visit)
        _tou_table("tou_table", self.tou_table)
        object.__setattr__(self, "seals_on_record", _seals("seals_on_record", self.seals_on_record))

    @classmethod
    def from_archive(cls, archive: Archive, *, tou_table: tuple[TouPoint, ...] | None = None,
                     last_reading_kwh: Decimal | None = None, last_visit: datetime | None = None,
                     cover_open_count_at_last_visit: int | None = None,
                     seals_on_record: tuple[SealSeen, ...] = (),
                     purchases: Purchases | None = None) -> ArchiveExpectation:
        """The expectation for ``archive``'s meter and tariff (its prices and, for a time-of-use
        tariff, its switching points), with what the centre knows besides."""
        return cls(asset_no=archive.meter.asset_no, address=archive.meter.address,
                   tariff_code=archive.tariff.code, tariff_prices=expected_prices(archive.tariff),
                   tou_table=archive.tariff.tou_table if tou_table is None else tou_table,
                   last_reading_kwh=last_reading_kwh, last_visit=last_visit,
                   cover_open_count_at_last_visit=cover_open_count_at_last_visit,
                   seals_on_record=seals_on_record, purchases=purchases)


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"  # a parameter to put right; no sign of tampering
    CRITICAL = "critical"  # wrong meter, or signs of tampering: the team leader acts


class CorrectionKind(StrEnum):
    CLOCK = "clock"
    TARIFF_PRICES = "tariff_prices"
    TOU_TABLE = "tou_table"


@dataclass(frozen=True, slots=True)
class Correction:
    """What a signed correction command writes: the data item and the exact values, as text.

    A clock correction carries no value: the right time is taken at the moment of writing.
    """

    kind: CorrectionKind
    di: str  # DL/T 645 data identifier, 8 hex digits
    values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """One difference between the meter and the records, as stored, listed and exported."""

    rule: str  # the rule's stable code, e.g. "clock_drift"
    severity: Severity
    expected: str
    found: str
    correctable: bool
    correction: Correction | None = None
    detail: str = field(default="", compare=False)  # English, for logs


ON_SITE = (CorrectionKind.CLOCK, CorrectionKind.TARIFF_PRICES, CorrectionKind.TOU_TABLE)


@dataclass(frozen=True, slots=True)
class CorrectionPlan:
    """What the centre corrects on site after an inspection: the rules it answers and the exact
    values (prices, switching points as "HH:MM=N"; the clock is set at the moment of writing)."""

    rules: tuple[str, ...]
    prices: tuple[str, ...] = ()
    set_clock: bool = False
    tou_table: tuple[str, ...] = ()


def plan_correction(findings: list[Finding]) -> CorrectionPlan | None:
    """The correction for the findings a technician can put right on site (None: nothing to write)."""
    answer = [f for f in findings
              if f.correctable and f.correction is not None and f.correction.kind in ON_SITE]
    if not answer:
        return None
    values = {f.correction.kind: f.correction.values for f in answer if f.correction is not None}
    return CorrectionPlan(tuple(f.rule for f in answer), tuple(values.get(CorrectionKind.TARIFF_PRICES, ())),
                          set_clock=CorrectionKind.CLOCK in values,
                          tou_table=tuple(values.get(CorrectionKind.TOU_TABLE, ())))
