"""The card's file codecs: round trips, known bytes, and fuzzed parsers."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from device_drivers.card.errors import ApduFormatError
from device_drivers.card.files import (
    CardParameters,
    CardType,
    Purse,
    ReturnWrite,
    TariffSet,
    encode_fci,
    frame,
    serial_from_fci,
)

digits = st.text("0123456789", min_size=1, max_size=1)
u32 = st.integers(0, 0xFFFFFFFF)


def test_known_parameter_file() -> None:
    raw = CardParameters("3100000001", "202107072529", CardType.OPEN_ACCOUNT, 1, 2, 2000, 500).encode()
    assert raw.hex() == ("6801" "17" "01" "0001" "02" "000007d0" "000001f4" "202107072529"
                         "3100000001" "1f" "16")
    assert sum(raw[:-2]) % 256 == raw[-2]
    assert CardParameters.decode(raw.ljust(48, b"\x00")) is not None


@given(customer=st.text("0123456789", min_size=10, max_size=10),
       meter=st.text("0123456789", min_size=12, max_size=12), ctype=st.sampled_from(CardType),
       version=st.integers(0, 0xFFFF), count=st.integers(1, 4), a1=u32, a2=u32)
def test_parameters_round_trip(*, customer: str, meter: str, ctype: CardType, version: int, count: int,
                               a1: int, a2: int) -> None:
    params = CardParameters(customer, meter, ctype, version, count, a1, a2)
    assert CardParameters.decode(params.encode().ljust(48, b"\x00")) == params


@given(st.integers(0, 0xFFFF), st.lists(u32, min_size=1, max_size=4))
def test_tariffs_round_trip(version: int, prices: list[int]) -> None:
    tariffs = TariffSet(version, tuple(prices))
    assert TariffSet.decode(tariffs.encode().ljust(32, b"\x00")) == tariffs


def test_blank_and_damaged_files() -> None:
    assert CardParameters.decode(bytes(48)) is None
    raw = bytearray(CardParameters("3100000001", "202107072529").encode())
    raw[10] ^= 0xFF
    with pytest.raises(ApduFormatError, match="checksum"):
        CardParameters.decode(bytes(raw))
    with pytest.raises(ApduFormatError, match="digits"):
        CardParameters("31000000AB", "202107072529").encode()
    rw = ReturnWrite("202107072529", "3100000001", -150, 3, 0, 1, "261124103000")
    assert ReturnWrite.decode(rw.encode()) == rw
    assert Purse.decode(Purse(12345, 6).encode()) == Purse(12345, 6)


@given(st.binary(max_size=64))
def test_file_parsers_raise_only_their_error(raw: bytes) -> None:
    for parse in (CardParameters.decode, TariffSet.decode, ReturnWrite.decode, Purse.decode,
                  serial_from_fci):
        with contextlib.suppress(ApduFormatError):
            parse(raw)


@given(st.integers(1, 0x16), st.binary(max_size=40))
def test_framed_garbage_raises_only_format_errors(cmd: int, body: bytes) -> None:
    for parse in (CardParameters.decode, TariffSet.decode, ReturnWrite.decode):
        with contextlib.suppress(ApduFormatError):
            parse(frame(cmd, body))


def test_fci_carries_the_serial() -> None:
    serial = bytes.fromhex("4D46000000000001")
    assert serial_from_fci(encode_fci(serial)) == serial
    with pytest.raises(ApduFormatError, match="not a customer card"):
        serial_from_fci(bytes.fromhex("6F04840201 02".replace(" ", "")))
