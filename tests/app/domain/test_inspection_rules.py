"""Inspection comparison rules: for every rule a meter that triggers it and one that does not."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from app.domain.demo_data import TARIFFS
from app.domain.entities import UTILITY_TZ, Archive, Customer, Meter
from app.domain.errors import ValidationError
from app.domain.inspection import (
    ArchiveExpectation,
    Correction,
    CorrectionKind,
    Finding,
    MeterSnapshot,
    Purchases,
    Severity,
    expected_prices,
    plan_correction,
)
from app.domain.inspection_rules import RULES, RuleLimits, compare
from app.domain.records import SealPosition

ADDRESS = "202107072529"
ASSET = "5102309418876227931535"
TOU_TARIFF = TARIFFS[1]  # 0102 residential time-of-use: 0.7836 / 0.6268 / 0.5224 / 0.2612
FLAT_TARIFF = TARIFFS[0]  # 0101 residential single rate 0.5224
READ_AT = datetime(2026, 12, 3, 10, 15, 0, tzinfo=UTILITY_TZ)
LAST_VISIT = datetime(2026, 3, 15, 9, 40, 0, tzinfo=UTILITY_TZ)
TOU = (("00:00", 4), ("08:00", 3), ("10:00", 2), ("12:00", 3), ("19:00", 1), ("21:00", 2), ("23:00", 4))
SEALS = ((SealPosition.METER_COVER, "SC4773731081"), (SealPosition.TERMINAL_COVER, "SC4773731082"))
ARCHIVE = Archive(
    customer=Customer("3102846675", "王伟", "四川省成都市锦江区红星路12号", "13800000000", "CD"),
    meter=Meter(asset_no=ASSET, address=ADDRESS, model="DDZY1080C-Z", manufacturer="威胜"),
    tariff=TOU_TARIFF)


def D(text: str) -> Decimal:
    return Decimal(text)


def clean_meter() -> MeterSnapshot:
    """A meter that agrees with the records on everything."""
    return MeterSnapshot(
        read_at=READ_AT, meter_clock=READ_AT + timedelta(seconds=42), address=ADDRESS, asset_no=ASSET,
        forward_kwh=(D("12345.67"), D("1234.50"), D("4567.80"), D("4321.07"), D("2222.30")),
        tariff_prices=TOU_TARIFF.tou_prices, tou_table=TOU, status_words=(0,) * 7,
        cover_open_count=2, last_cover_open=datetime(2025, 6, 1, 14, 2, 11, tzinfo=UTILITY_TZ),
        power_down_count=17, remaining_money=D("86.40"), purchase_count=12, total_purchased=D("1200.00"),
        seals_seen=SEALS)


def records() -> ArchiveExpectation:
    return ArchiveExpectation.from_archive(
        ARCHIVE, tou_table=TOU, last_reading_kwh=D("11890.12"), last_visit=LAST_VISIT,
        cover_open_count_at_last_visit=2, seals_on_record=SEALS, purchases=Purchases(12, D("1200.00")))


def codes(snapshot: MeterSnapshot, expected: ArchiveExpectation | None = None,
          limits: RuleLimits | None = None) -> list[str]:
    return [f.rule for f in compare(snapshot, expected or records(), limits)]


def only(code: str, snapshot: MeterSnapshot, expected: ArchiveExpectation | None = None) -> Finding:
    findings = compare(snapshot, expected or records())
    assert [f.rule for f in findings] == [code]
    return findings[0]


def test_a_clean_meter_gives_no_findings() -> None:
    assert compare(clean_meter(), records()) == []


def test_rules_are_data_in_a_fixed_order() -> None:
    assert [r.code for r in RULES] == [
        "clock_drift", "tariff_differs", "tou_table_differs", "address_differs", "asset_no_differs",
        "reading_below_last", "cover_opened", "seal_missing", "seal_mismatch", "balance_inconsistent"]
    correctable = {r.code for r in RULES if r.correctable}
    assert correctable == {"clock_drift", "tariff_differs", "tou_table_differs"}
    assert {r.code for r in RULES if r.severity is Severity.CRITICAL} == {
        "address_differs", "asset_no_differs", "reading_below_last", "cover_opened", "seal_missing",
        "seal_mismatch"}


# --- clock_drift -----------------------------------------------------------------------------

@pytest.mark.parametrize("seconds", [300, -300, 0])
def test_clock_at_the_limit_does_not_trigger(seconds: int) -> None:
    assert codes(replace(clean_meter(), meter_clock=READ_AT + timedelta(seconds=seconds))) == []


@pytest.mark.parametrize("seconds", [301, -301, 600])
def test_clock_one_second_over_the_limit_triggers(seconds: int) -> None:
    finding = only("clock_drift", replace(clean_meter(), meter_clock=READ_AT + timedelta(seconds=seconds)))
    assert finding.correctable and finding.severity is Severity.WARNING
    assert finding.correction == Correction(CorrectionKind.CLOCK, "0400010C")
    assert finding.expected == "2026-12-03T02:15:00+00:00"


def test_clock_limit_is_data() -> None:
    late = replace(clean_meter(), meter_clock=READ_AT + timedelta(seconds=120))
    assert codes(late, limits=RuleLimits(clock_drift_s=60)) == ["clock_drift"]
    assert codes(late) == []


# --- tariff_differs --------------------------------------------------------------------------

def test_old_prices_trigger_with_the_archive_prices_as_correction() -> None:
    old = (D("0.7536"), D("0.6068"), D("0.5024"), D("0.2512"))
    finding = only("tariff_differs", replace(clean_meter(), tariff_prices=old))
    assert finding.expected == "0.7836,0.6268,0.5224,0.2612"
    assert finding.found == "0.7536,0.6068,0.5024,0.2512"
    assert finding.correction == Correction(CorrectionKind.TARIFF_PRICES, "040501FF",
                                            ("0.7836", "0.6268", "0.5224", "0.2612"))


def test_prices_equal_to_four_decimals_do_not_trigger() -> None:
    same = (D("0.78360"), D("0.6268"), D("0.522400"), D("0.2612"))
    assert codes(replace(clean_meter(), tariff_prices=same)) == []


def test_one_price_off_by_a_tenth_of_a_fen_triggers() -> None:
    prices = (D("0.7836"), D("0.6268"), D("0.5225"), D("0.2612"))
    assert codes(replace(clean_meter(), tariff_prices=prices)) == ["tariff_differs"]


def test_single_rate_tariff_expects_its_price_in_every_slot() -> None:
    flat = ArchiveExpectation.from_archive(replace(ARCHIVE, tariff=FLAT_TARIFF))
    assert flat.tariff_prices == (D("0.5224"),) * 4 == expected_prices(FLAT_TARIFF)
    meter = replace(clean_meter(), tou_table=())
    assert codes(replace(meter, tariff_prices=(D("0.5224"),) * 4), flat) == []
    assert codes(meter, flat) == ["tariff_differs"]  # it still holds the time-of-use prices


# --- tou_table_differs -----------------------------------------------------------------------

def test_a_moved_switching_point_triggers() -> None:
    moved = (("00:00", 4), ("07:00", 3), *TOU[2:])
    finding = only("tou_table_differs", replace(clean_meter(), tou_table=moved))
    assert finding.correction is not None and finding.correction.kind is CorrectionKind.TOU_TABLE
    assert finding.correction.values[:2] == ("00:00=4", "08:00=3")
    assert "07:00=3" in finding.found


def test_the_same_table_in_another_order_does_not_trigger() -> None:
    assert codes(replace(clean_meter(), tou_table=tuple(reversed(TOU)))) == []


# --- address_differs / asset_no_differs ------------------------------------------------------

def test_another_address_is_critical_and_not_correctable() -> None:
    finding = only("address_differs", replace(clean_meter(), address="202107072530"))
    assert finding.severity is Severity.CRITICAL and not finding.correctable and finding.correction is None
    assert (finding.expected, finding.found) == (ADDRESS, "202107072530")


def test_another_asset_number_triggers() -> None:
    finding = only("asset_no_differs", replace(clean_meter(), asset_no="5102309418876227931536"))
    assert finding.severity is Severity.CRITICAL and finding.found == "5102309418876227931536"


def test_asset_number_compared_in_canonical_form() -> None:
    spaced = "51023 09418 87622 79315 35"
    full_width = "５１０２３０９４１８８７６２２７９３１５３５"
    assert codes(replace(clean_meter(), asset_no=spaced)) == []
    assert codes(replace(clean_meter(), asset_no=full_width)) == []


# --- reading_below_last ----------------------------------------------------------------------

def test_reading_below_the_last_known_triggers() -> None:
    low = (D("11890.11"), D("1234.50"), D("4567.80"), D("4321.07"), D("1766.74"))
    finding = only("reading_below_last", replace(clean_meter(), forward_kwh=low))
    assert (finding.expected, finding.found) == ("11890.12", "11890.11")
    assert finding.severity is Severity.CRITICAL


def test_reading_equal_to_the_last_known_does_not_trigger() -> None:
    same = (D("11890.12"), D("1234.50"), D("4567.80"), D("4321.07"), D("1766.75"))
    assert codes(replace(clean_meter(), forward_kwh=same)) == []


# --- cover_opened ----------------------------------------------------------------------------

def test_cover_count_up_since_last_visit_triggers() -> None:
    finding = only("cover_opened", replace(clean_meter(), cover_open_count=3))
    assert finding.expected == "count=2,since=2026-03-15T01:40:00+00:00"
    assert finding.found == "count=3,last=2025-06-01T06:02:11+00:00"


def test_cover_opened_after_last_visit_by_the_record_time_triggers() -> None:
    # the centre has no count for the last visit, but the meter's last cover-open record is newer
    expected = replace(records(), cover_open_count_at_last_visit=None)
    opened = replace(clean_meter(), last_cover_open=LAST_VISIT + timedelta(days=30))
    assert codes(opened, expected) == ["cover_opened"]


@pytest.mark.parametrize("before", [timedelta(0), timedelta(seconds=1), timedelta(days=200)])
def test_cover_opened_at_or_before_last_visit_does_not_trigger(before: timedelta) -> None:
    expected = replace(records(), cover_open_count_at_last_visit=None)
    assert codes(replace(clean_meter(), last_cover_open=LAST_VISIT - before), expected) == []


# --- seal_missing / seal_mismatch ------------------------------------------------------------

def test_a_seal_on_record_not_seen_triggers_missing() -> None:
    finding = only("seal_missing", replace(clean_meter(), seals_seen=SEALS[:1]))
    assert finding.expected == "terminal_cover=SC4773731082" and finding.found == ""


def test_an_extra_seal_seen_where_none_is_on_record_is_not_missing() -> None:
    extra = (*SEALS, (SealPosition.METER_BOX, "SC4773731090"))
    assert codes(replace(clean_meter(), seals_seen=extra)) == []


def test_another_seal_at_a_position_triggers_mismatch() -> None:
    swapped = (SEALS[0], (SealPosition.TERMINAL_COVER, "sc 4773-731099"))
    finding = only("seal_mismatch", replace(clean_meter(), seals_seen=swapped))
    assert finding.expected == "terminal_cover=SC4773731082"
    assert finding.found == "terminal_cover=SC4773731099"


def test_seal_numbers_compared_in_canonical_form() -> None:
    scanned = ((SealPosition.METER_COVER, "sc4773731081\r\n"), (SealPosition.TERMINAL_COVER, "SC 4773731082"))
    assert codes(replace(clean_meter(), seals_seen=scanned)) == []


# --- balance_inconsistent --------------------------------------------------------------------

def test_balance_above_everything_bought_triggers() -> None:
    finding = only("balance_inconsistent", replace(clean_meter(), remaining_money=D("1200.02")))
    assert finding.severity is Severity.WARNING and "remaining=1200.02" in finding.found


def test_balance_within_the_tolerance_does_not_trigger() -> None:
    assert codes(replace(clean_meter(), remaining_money=D("1200.01"))) == []


def test_purchase_count_differs_from_the_centre_triggers() -> None:
    finding = only("balance_inconsistent", replace(clean_meter(), purchase_count=13))
    assert finding.expected == "count=12,total=1200.00"
    assert finding.found == "count=13,total=1200.00,remaining=86.40"


def test_purchase_total_differs_from_the_centre_triggers() -> None:
    assert codes(replace(clean_meter(), total_purchased=D("1100.00"))) == ["balance_inconsistent"]
    assert codes(replace(clean_meter(), total_purchased=D("1200.01"))) == []


# --- missing inputs, the demo scenario, validation -------------------------------------------

def test_missing_inputs_give_no_finding() -> None:
    """A meter that would trip six rules, against records that know none of it."""
    suspicious = replace(clean_meter(), tariff_prices=(), tou_table=(), cover_open_count=9,
                         forward_kwh=(D("1.00"), D("0"), D("0"), D("1.00"), D("0")), seals_seen=(),
                         remaining_money=None, purchase_count=99, total_purchased=None)
    bare = ArchiveExpectation.from_archive(ARCHIVE)
    assert compare(suspicious, bare) == []
    assert codes(suspicious) == ["reading_below_last", "cover_opened", "seal_missing", "balance_inconsistent"]


def test_the_demo_scenario_clock_old_tariff_and_cover_open() -> None:
    meter = replace(clean_meter(), meter_clock=READ_AT - timedelta(minutes=10),
                    tariff_prices=(D("0.7536"), D("0.6068"), D("0.5024"), D("0.2512")),
                    cover_open_count=3, last_cover_open=datetime(2026, 11, 20, 2, 13, 5, tzinfo=UTILITY_TZ))
    findings = compare(meter, records())
    assert [f.rule for f in findings] == ["clock_drift", "tariff_differs", "cover_opened"]
    assert [f.correctable for f in findings] == [True, True, False]
    assert findings[0].found == "2026-12-03T02:05:00+00:00"


@pytest.mark.parametrize("change", [
    {"address": "5102309418876227931535"},
    {"meter_clock": datetime(2026, 12, 3, 10, 15)},
    {"forward_kwh": (D("1"), D("1"))},
    {"forward_kwh": (D("-1"), D("0"), D("0"), D("0"), D("0"))},
    {"tariff_prices": (D("0.5224"),)},
    {"cover_open_count": -1},
    {"tou_table": (("24:00", 1),)},
    {"tou_table": (("08:00", 5),)},
    {"status_words": (0x10000,)},
    {"seals_seen": ((SealPosition.METER_COVER, "4773731081"),)},
])
def test_impossible_snapshots_are_refused(change: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        replace(clean_meter(), **change)


def test_impossible_expectations_are_refused() -> None:
    with pytest.raises(ValidationError):
        replace(records(), tariff_prices=(D("0.5224"),))
    with pytest.raises(ValidationError):
        replace(records(), last_visit=datetime(2026, 3, 15))
    with pytest.raises(ValidationError):
        Purchases(-1, D("0"))


def test_the_centre_plans_one_correction_for_what_can_be_put_right_on_site() -> None:
    late = tuple((f"{(int(h[:2]) + 1) % 24:02d}{h[2:]}", n) for h, n in TOU)
    found = compare(replace(clean_meter(), meter_clock=READ_AT - timedelta(minutes=10),
                            tariff_prices=tuple(p - D("0.05") for p in TOU_TARIFF.tou_prices), tou_table=late,
                            address="202107072530"), records())
    assert {f.rule for f in found} == {"clock_drift", "tariff_differs", "tou_table_differs",
                                       "address_differs"}
    plan = plan_correction(found)
    assert plan is not None
    assert plan.rules == ("clock_drift", "tariff_differs", "tou_table_differs")  # not the wrong meter
    assert plan.prices == ("0.7836", "0.6268", "0.5224", "0.2612") and plan.set_clock
    assert plan.tou_table == tuple(f"{h}={n}" for h, n in TOU)


def test_nothing_to_write_plans_no_correction() -> None:
    assert plan_correction([]) is None
    wrong_meter = compare(replace(clean_meter(), address="202107072530"), records())
    assert [f.rule for f in wrong_meter] == ["address_differs"] and plan_correction(wrong_meter) is None
    price_only = plan_correction(compare(replace(clean_meter(), tariff_prices=(D("0.5"),) * 4), records()))
    assert price_only is not None and not price_only.set_clock and price_only.tou_table == ()
