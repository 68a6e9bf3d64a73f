"""The pure APDU codec, the status-word check chain and T=0 GET RESPONSE handling."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from device_drivers.card import status
from device_drivers.card.apdu import CommandApdu, parse_command, parse_response, transmit_apdu
from device_drivers.card.errors import (
    ApduFormatError,
    AuthenticationBlockedError,
    AuthenticationFailedError,
    CardMacError,
    CardStatusError,
    FileNotFoundOnCardError,
    PurchaseCountError,
    RepeatedRechargeError,
    SecurityStatusError,
)

byte = st.integers(0, 255)


def test_known_apdus() -> None:
    # SELECT DF01 as the meter's firmware sends it [FW13]; INCREASE header from Q/GDW 365
    assert CommandApdu(0x00, 0xA4, 0x00, 0x00, b"\xDF\x01").encode().hex() == "00a4000002df01"
    inc = parse_command(bytes.fromhex("8432010c0c" + "00002710" + "00000002" + "a1b2c3d4"))
    assert (inc.cla, inc.ins, inc.p1, inc.p2, len(inc.data), inc.le) == (0x84, 0x32, 1, 0x0C, 12, None)
    assert parse_command(bytes.fromhex("0084000008")).le == 8
    assert parse_response(bytes.fromhex("6110")).sw == 0x6110


@given(cla=byte, ins=byte, p1=byte, p2=byte, data=st.binary(max_size=255), le=st.none() | byte)
def test_command_round_trip(*, cla: int, ins: int, p1: int, p2: int, data: bytes, le: int | None) -> None:
    cmd = CommandApdu(cla, ins, p1, p2, data, le)
    assert parse_command(cmd.encode()) == cmd


@given(st.binary(max_size=300))
def test_parsers_raise_only_their_error(raw: bytes) -> None:
    for parse in (parse_command, parse_response):
        with contextlib.suppress(ApduFormatError):
            parse(raw)


@pytest.mark.parametrize(("sw", "error"), [
    (0x63C2, AuthenticationFailedError), (0x6983, AuthenticationBlockedError),
    (0x6988, CardMacError), (0x6982, SecurityStatusError), (0x6A82, FileNotFoundOnCardError),
    (0x9410, RepeatedRechargeError), (0x9411, PurchaseCountError), (0x6F00, CardStatusError)])
def test_check_chain_names_errors(sw: int, error: type[Exception]) -> None:
    with pytest.raises(error) as raised:
        status.check(sw)
    assert f"{sw:04X}" in str(raised.value)


def test_check_chain_accepts_only_success() -> None:
    status.check(0x9000)
    assert status.describe(0x63C1) == "authentication failed, 1 tries left"
    assert "GET RESPONSE" in status.describe(0x610C)


class ScriptedCard:
    """A card channel that answers from a script and records what it was sent."""

    def __init__(self, *answers: str) -> None:
        self.answers = [bytes.fromhex(a) for a in answers]
        self.sent: list[str] = []

    def transmit(self, apdu: bytes) -> bytes:
        self.sent.append(apdu.hex())
        return self.answers.pop(0)


def test_t0_get_response_and_wrong_length() -> None:
    card = ScriptedCard("6104", "6C04", "0102030490 00".replace(" ", ""))
    data = transmit_apdu(card, CommandApdu(0x00, 0xA4, 0, 0, b"\xDF\x01", le=0))
    assert data == bytes.fromhex("01020304")
    assert card.sent == ["00a4000002df0100", "00c0000004", "00c0000004"]
    card = ScriptedCard("6C30", "00" * 0x30 + "9000")
    assert len(transmit_apdu(card, CommandApdu(0x00, 0xB0, 0x81, 0, le=0))) == 0x30
    assert card.sent[1] == "00b0810030"


def test_t0_loops_and_errors_after_get_response_are_caught() -> None:
    with pytest.raises(ApduFormatError, match="GET RESPONSE"):
        transmit_apdu(ScriptedCard(*["6101"] * 20), CommandApdu(0, 0xA4, 0, 0))
    with pytest.raises(CardMacError):
        transmit_apdu(ScriptedCard("6988"), CommandApdu(0x04, 0xD6, 0x81, 0, b"\x00" * 8))
