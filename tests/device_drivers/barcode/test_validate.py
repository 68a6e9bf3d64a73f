"""Identifier rules: what is accepted, and rejections that name what was expected."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from device_drivers.barcode.validate import (
    IdentifierError,
    IdentifierKind,
    check,
    check_asset_number,
    check_customer_number,
    check_meter_address,
    check_seal_number,
    classify,
)

ASSET = "5102309418876227931535"
ADDRESS = "962626691299"


def test_real_identifiers_are_accepted() -> None:
    assert check_asset_number(ASSET) == ASSET
    assert check_asset_number(f"  {ASSET}\r\n") == ASSET
    assert check_meter_address(ADDRESS) == ADDRESS
    assert check_seal_number("SC4773731081") == "SC4773731081"
    assert check_customer_number("1255609162") == "1255609162"


def test_meter_address_scanned_for_asset_number_says_so() -> None:
    with pytest.raises(IdentifierError) as err:
        check_asset_number(ADDRESS)
    assert str(err.value) == ("this is not a meter asset number: expected 22 digits, got 12 "
                              "(looks like a meter communication address)")
    assert err.value.expected is IdentifierKind.ASSET_NUMBER


def test_seal_scanned_for_asset_number_says_so() -> None:
    with pytest.raises(IdentifierError, match=r"expected 22 digits only.*looks like a seal number"):
        check_asset_number("SC4773731081")


def test_asset_number_scanned_for_seal_says_so() -> None:
    with pytest.raises(IdentifierError, match=r"seal number: expected 2 capital.*looks like a meter asset"):
        check_seal_number(ASSET)


@pytest.mark.parametrize("text, message", [
    ("", "got nothing"),
    ("510230941887622793153", "expected 22 digits, got 21"),
    ("51023094188762279315350", "expected 22 digits, got 23"),
    ("51023094188762279315X5", "digits only"),
    ("５１０２３０９４１８８７６２２７９３１５３５", "digits only"),  # full-width digits
])
def test_bad_asset_numbers(text: str, message: str) -> None:
    with pytest.raises(IdentifierError, match=message):
        check_asset_number(text)


@pytest.mark.parametrize("text, message", [
    ("sc4773731081", "must be capitals"),
    ("SC477373108", "2 capital letters and 10 digits"),
    ("S04773731081", "2 capital letters and 10 digits"),
    ("", "got nothing"),
])
def test_bad_seal_numbers(text: str, message: str) -> None:
    with pytest.raises(IdentifierError, match=message):
        check_seal_number(text)


def test_classify() -> None:
    assert classify(ASSET) is IdentifierKind.ASSET_NUMBER
    assert classify(ADDRESS) is IdentifierKind.METER_ADDRESS
    assert classify("SC4773731081") is IdentifierKind.SEAL_NUMBER
    assert classify("1255609162") is IdentifierKind.CUSTOMER_NUMBER
    assert classify("hello") is None


@given(st.from_regex(r"[0-9]{22}", fullmatch=True))
def test_any_22_digits_is_an_asset_number(text: str) -> None:
    assert check(IdentifierKind.ASSET_NUMBER, text) == text


@given(st.sampled_from(list(IdentifierKind)), st.text(max_size=40))
def test_checks_raise_only_identifier_error(kind: IdentifierKind, text: str) -> None:
    try:
        out = check(kind, text)
    except IdentifierError as exc:
        assert str(exc).startswith(f"this is not a {kind.value}: ")
    else:
        assert classify(out) is kind
