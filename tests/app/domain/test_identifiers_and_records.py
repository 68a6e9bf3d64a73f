"""Validation a technician understands, and records that round-trip through the wire form."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import identifiers
from app.domain.demo_data import generate
from app.domain.errors import ValidationError
from app.domain.records import GpsFix, OperationEvent, Reading, Seal, SealPosition
from app.domain.serialize import from_record, to_record
from app.domain.work_orders import Event, Status, WorkOrder


def test_asset_number_rules_with_helpful_hints() -> None:
    assert identifiers.asset_no(" 5102309418876227931535 ") == "5102309418876227931535"
    with pytest.raises(ValidationError, match="looks like a meter address"):
        identifiers.asset_no("962626691299")
    with pytest.raises(ValidationError, match="digits only"):
        identifiers.asset_no("51023094188762279315A5")
    with pytest.raises(ValidationError, match="looks like the asset barcode"):
        identifiers.meter_address("5102309418876227931535")


def test_seal_and_card_numbers() -> None:
    assert identifiers.seal_no("sc4773731081") == "SC4773731081"
    with pytest.raises(ValidationError, match="seal number"):
        identifiers.seal_no("4773731081")
    with pytest.raises(ValidationError):
        identifiers.card_serial("XYZ")


@pytest.mark.parametrize("typed", [
    "SC7589474527", "sc7589474527", " SC7589474527\r\n", "SC 7589 474527", "SC-7589-474527",
    "sc_7589474527", "SC\u200b7589474527", "ＳＣ７５８９４７４５２７", "SC\u2212758947\u20134527",
    "SC\u0667\u0665\u0668\u0669\u0664\u0667\u0664\u0665\u0662\u0667", "\ufeffSC7589474527\t"])
def test_one_seal_has_one_canonical_form_however_it_was_scanned_or_typed(typed: str) -> None:
    assert identifiers.seal_no(typed) == "SC7589474527"
    assert identifiers.canonical(typed) == "SC7589474527"


def test_look_alike_letters_and_foreign_punctuation_are_not_a_seal_number() -> None:
    for typed in ("\u0421C7589474527", "SC7589474527X", "SC.7589474527", "SC758947452"):
        with pytest.raises(ValidationError, match="seal number"):
            identifiers.seal_no(typed)


def test_asset_numbers_and_card_serials_are_canonical_too() -> None:
    assert identifiers.asset_no("5102 3094 1887 6227 9315 35") == "5102309418876227931535"
    assert identifiers.asset_no("５１０２３０９４１８８７６２２７９３１５３５") == "5102309418876227931535"
    assert identifiers.meter_address("2021-0707-2529") == "202107072529"
    assert identifiers.card_serial("0123 4567 89ab cdef") == "0123456789ABCDEF"


@given(st.text(max_size=30))
def test_canonical_is_idempotent_and_the_checkers_return_canonical_forms(text: str) -> None:
    once = identifiers.canonical(text)
    assert identifiers.canonical(once) == once
    for check in (identifiers.asset_no, identifiers.seal_no, identifiers.card_serial):
        with contextlib.suppress(ValidationError):
            assert check(text) == once


@given(st.text(max_size=30))
def test_validators_only_raise_validation_error(text: str) -> None:
    for check in (identifiers.asset_no, identifiers.meter_address, identifiers.seal_no,
                  identifiers.customer_no, identifiers.card_serial):
        try:
            check(text)
        except ValidationError as exc:
            assert str(exc)


def test_records_reject_impossible_values() -> None:
    now = datetime.now(UTC)
    with pytest.raises(ValidationError):
        Reading("WO1", "202107072529", "0000XYZ0", "1.00", "kWh", now)
    with pytest.raises(ValidationError):
        GpsFix(lat=95.0, lon=104.0, accuracy_m=5, satellites=7, fixed_at=now)
    with pytest.raises(ValidationError):
        Seal("WO1", "BAD", SealPosition.METER_COVER, "5102309418876227931535", now)


def test_every_record_round_trips_through_its_wire_form() -> None:
    now = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
    fix = GpsFix(30.65, 104.06, 4.5, 9, now)
    samples = [
        Reading("WO1", "202107072529", "00000000", "317.76", "kWh", now),
        Seal("WO1", "SC4773731081", SealPosition.TERMINAL_COVER, "5102309418876227931535", now),
        OperationEvent("E1", "WO1", "read_old", now, now, "ok", "DEV1", "CD101", "offline", fix,
                       {"meter": "202107072529"}),
    ]
    for record in samples:
        assert from_record(type(record), to_record(record)) == record
    assert from_record(Reading, to_record(samples[0])).numeric() == Decimal("317.76")


def test_demo_utility_is_deterministic_and_realistic() -> None:
    demo = generate()
    assert demo == generate()
    assert {c.city for c in demo.companies} == {"成都", "德阳", "内江", "绵阳"}
    assert len(demo.archives) >= 4000
    assert len({a.meter.asset_no for a in demo.archives}) == len(demo.archives)
    for tech in demo.technicians():
        assert demo.orders_of(tech.user_id), f"{tech.user_id} has no work today"
    order = demo.orders[0]
    assert from_record(WorkOrder, to_record(order)) == order
    assert order.status is Status.ASSIGNED
    assert order.apply(Event.DOWNLOAD).status is Status.DOWNLOADED
    assert order.matches(order.archive.meter.asset_no[-6:])
    assert order.matches(order.archive.customer.name)
    assert not order.matches("不存在的地址")


def test_check_digits_match_the_published_examples() -> None:
    assert identifiers.check_digit("7992739871", "luhn") == "3"  # ISO/IEC 7812's worked example
    assert identifiers.check_digit("400638133393", "gs1") == "1"  # GTIN-13 4006381333931
    body = "990000000000000000001"
    for rule in ("luhn", "gs1"):
        good = body + identifiers.check_digit(body, rule)
        assert identifiers.asset_no_checked(good, rule) == good
        bad = good[:-1] + str((int(good[-1]) + 1) % 10)
        with pytest.raises(ValidationError, match="check digit"):
            identifiers.asset_no_checked(bad, rule)
    assert identifiers.asset_no_checked(body + "0", "none") == body + "0"
    with pytest.raises(ValueError, match="unknown check-digit rule"):
        identifiers.asset_no_checked(body + "0", "crc")
