"""The inspection comparison rules: each a name, a severity and a check, run by :func:`compare`.

A check returns one :class:`~app.domain.inspection.Finding` or ``None``. It returns ``None``
when the meter agrees with the records, and also when an input it needs is missing (no last
reading on record, the price table not read on site): a missing record is not a finding
about the meter, and saying nothing is better than accusing a customer on no evidence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from app.domain import identifiers
from app.domain.entities import TouPoint
from app.domain.inspection import (
    MONEY_PLACES,
    PRICE_PLACES,
    ArchiveExpectation,
    Correction,
    CorrectionKind,
    Finding,
    MeterSnapshot,
    SealSeen,
    Severity,
    fixed,
    iso,
)
from app.domain.meter_items import MeterItem

# The data items a correction writes (DL/T 645-2007): date and time; the current price table;
# the first day time-period table of the first set (hhmmNN switching points).
CLOCK_DI = MeterItem.CLOCK.code
PRICES_DI = MeterItem.PRICE_TABLE.code
TOU_TABLE_DI = MeterItem.TOU_DAY.code


@dataclass(frozen=True, slots=True)
class RuleLimits:
    """The thresholds of the rules, as data (a deployment may set its own).

    ``clock_drift_s``: 300 s (5 minutes) is a common utility threshold for a meter clock to be
    corrected; it is not in our reference set (../shared/reference), so treat it as a setting.
    """

    clock_drift_s: int = 300
    balance_tolerance: Decimal = Decimal("0.01")  # yuan: one fen of rounding
    reading_tolerance_kwh: Decimal = Decimal("0.00")  # registers only count up


Check = Callable[[MeterSnapshot, ArchiveExpectation, RuleLimits], "Finding | None"]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    correctable: bool
    description: str
    check: Check


_W, _C = Severity.WARNING, Severity.CRITICAL
# code -> (severity, correctable on site, description): the rules table, in the order they run.
_META: dict[str, tuple[Severity, bool, str]] = {
    "clock_drift": (_W, True, "the meter clock differs from true time by more than the limit"),
    "tariff_differs": (_W, True, "the meter's 4 prices differ from the archive tariff's"),
    "tou_table_differs": (_W, True, "the meter's time-of-use switching points differ from the expected"),
    "address_differs": (_C, False, "the meter's communication address is not the archive's"),
    "asset_no_differs": (_C, False, "the meter's asset number is not the archive's"),
    "reading_below_last": (_C, False, "total forward energy is below the last known reading"),
    "cover_opened": (_C, False, "the meter cover was opened since the last visit"),
    "seal_missing": (_C, False, "a seal on record has no seal seen at its position"),
    "seal_mismatch": (_C, False, "a seal seen at a position is not the one on record"),
    "balance_inconsistent": (_W, False, "the prepaid balance or purchases disagree with the centre's sales"),
}


def _finding(code: str, expected: str, found: str, detail: str,
             correction: Correction | None = None) -> Finding:
    severity, correctable, _ = _META[code]
    return Finding(code, severity, expected, found, correctable, correction, detail)


def clock_drift(snap: MeterSnapshot, exp: ArchiveExpectation, limits: RuleLimits) -> Finding | None:
    drift = (snap.meter_clock - snap.read_at).total_seconds()
    if abs(drift) <= limits.clock_drift_s:
        return None
    return _finding("clock_drift", iso(snap.read_at), iso(snap.meter_clock),
                    f"meter clock {drift:+.0f} s off (limit {limits.clock_drift_s} s)",
                    Correction(CorrectionKind.CLOCK, CLOCK_DI))


def _prices(prices: tuple[Decimal, ...]) -> tuple[str, ...]:
    return tuple(fixed(p, PRICE_PLACES) for p in prices)


def tariff_differs(snap: MeterSnapshot, exp: ArchiveExpectation, limits: RuleLimits) -> Finding | None:
    if not snap.tariff_prices:
        return None
    wanted, held = _prices(exp.tariff_prices), _prices(snap.tariff_prices)
    if wanted == held:
        return None
    return _finding("tariff_differs", ",".join(wanted), ",".join(held),
                    f"meter prices {held} are not tariff {exp.tariff_code}'s {wanted}",
                    Correction(CorrectionKind.TARIFF_PRICES, PRICES_DI, wanted))


def _tou(table: tuple[TouPoint, ...]) -> tuple[str, ...]:
    return tuple(f"{hhmm}={tariff}" for hhmm, tariff in sorted(table))


def tou_table_differs(snap: MeterSnapshot, exp: ArchiveExpectation, limits: RuleLimits) -> Finding | None:
    if not snap.tou_table or not exp.tou_table:
        return None
    wanted, held = _tou(exp.tou_table), _tou(snap.tou_table)
    if wanted == held:
        return None
    return _finding("tou_table_differs", ",".join(wanted), ",".join(held),
                    f"time-of-use table differs: {len(held)} points on the meter, {len(wanted)} expected",
                    Correction(CorrectionKind.TOU_TABLE, TOU_TABLE_DI, wanted))


def address_differs(snap: MeterSnapshot, exp: ArchiveExpectation, limits: RuleLimits) -> Finding | None:
    if snap.address == exp.address:
        return None
    return _finding("address_differs", exp.address, snap.address,
                    "the meter answered with another address: another meter, or a reprogrammed one")


def asset_no_differs(snap: MeterSnapshot, exp: ArchiveExpectation, limits: RuleLimits) -> Finding | None:
    found = identifiers.canonical(snap.asset_no)
    if not found or found == exp.asset_no:
        return None
    return _finding("asset_no_differs", exp.asset_no, found, "the meter holds another asset number")


def reading_below_last(snap: MeterSnapshot, exp: ArchiveExpectation, limits: RuleLimits) -> Finding | None:
    last, total = exp.last_reading_kwh, snap.forward_kwh[0]
    if last is None or total >= last - limits.reading_tolerance_kwh:
        return None
    return _finding("reading_below_last", fixed(last, MONEY_PLACES), fixed(total, MONEY_PLACES),
                    f"forward total {total} kWh is below the last known {last} kWh: "
                    "possible tampering or a swapped meter")


def cover_opened(snap: MeterSnapshot, exp: ArchiveExpectation, limits: RuleLimits) -> Finding | None:
    before = exp.cover_open_count_at_last_visit
    by_count = before is not None and snap.cover_open_count > before
    by_time = (snap.last_cover_open is not None and exp.last_visit is not None
               and snap.last_cover_open > exp.last_visit)
    if not (by_count or by_time):
        return None
    since = iso(exp.last_visit) if exp.last_visit is not None else ""
    last = iso(snap.last_cover_open) if snap.last_cover_open is not None else ""
    expected = f"count={'' if before is None else before},since={since}"
    return _finding("cover_opened", expected, f"count={snap.cover_open_count},last={last}",
                    f"cover-open count {before} -> {snap.cover_open_count}, last opened {last or 'unknown'}")


def _seal_text(seals: list[SealSeen]) -> str:
    return ",".join(f"{position}={number}" for position, number in sorted(seals))


def seal_missing(snap: MeterSnapshot, exp: ArchiveExpectation, limits: RuleLimits) -> Finding | None:
    seen = {position for position, _ in snap.seals_seen}
    missing = [(p, n) for p, n in exp.seals_on_record if p not in seen]
    if not missing:
        return None
    return _finding("seal_missing", _seal_text(missing), "",
                    f"no seal seen at {', '.join(sorted(p for p, _ in missing))}")


def seal_mismatch(snap: MeterSnapshot, exp: ArchiveExpectation, limits: RuleLimits) -> Finding | None:
    record: dict[str, set[str]] = {}
    for position, number in exp.seals_on_record:
        record.setdefault(position, set()).add(number)
    wrong = [(p, n) for p, n in snap.seals_seen if p in record and n not in record[p]]
    if not wrong:
        return None
    on_record = [(p, n) for p, n in exp.seals_on_record if p in {w for w, _ in wrong}]
    return _finding("seal_mismatch", _seal_text(on_record), _seal_text(wrong),
                    f"seal not the one on record at {', '.join(sorted({p for p, _ in wrong}))}")


def balance_inconsistent(snap: MeterSnapshot, exp: ArchiveExpectation, limits: RuleLimits) -> Finding | None:
    tol = limits.balance_tolerance
    problems: list[str] = []
    if (snap.remaining_money is not None and snap.total_purchased is not None
            and snap.remaining_money > snap.total_purchased + tol):
        problems.append(f"remaining {snap.remaining_money} yuan exceeds all purchases {snap.total_purchased}")
    sold = exp.purchases
    if sold is not None and snap.purchase_count is not None and snap.purchase_count != sold.count:
        problems.append(f"meter counts {snap.purchase_count} purchases, the centre sold {sold.count}")
    if sold is not None and snap.total_purchased is not None and abs(snap.total_purchased - sold.total) > tol:
        problems.append(f"meter totals {snap.total_purchased} yuan bought, the centre sold {sold.total}")
    if not problems:
        return None
    expected = f"count={sold.count},total={fixed(sold.total, MONEY_PLACES)}" if sold is not None else ""
    count = "" if snap.purchase_count is None else str(snap.purchase_count)
    total = "" if snap.total_purchased is None else fixed(snap.total_purchased, MONEY_PLACES)
    remaining = "" if snap.remaining_money is None else fixed(snap.remaining_money, MONEY_PLACES)
    return _finding("balance_inconsistent", expected, f"count={count},total={total},remaining={remaining}",
                    "; ".join(problems))


_CHECKS: tuple[Check, ...] = (clock_drift, tariff_differs, tou_table_differs, address_differs,
                              asset_no_differs, reading_below_last, cover_opened, seal_missing,
                              seal_mismatch, balance_inconsistent)

RULES: tuple[Rule, ...] = tuple(Rule(check.__name__, *_META[check.__name__], check) for check in _CHECKS)


def compare(snapshot: MeterSnapshot, expected: ArchiveExpectation,
            limits: RuleLimits | None = None) -> list[Finding]:
    """Every rule of :data:`RULES`, in order, on one inspection: the findings, at most one a rule.

    An empty list means the meter agrees with the records on everything that was known.
    """
    limits = limits if limits is not None else RuleLimits()
    return [f for rule in RULES if (f := rule.check(snapshot, expected, limits)) is not None]
