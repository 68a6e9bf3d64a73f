"""The virtual card's OS as a pure state machine (the card the end-to-end tests talk to)."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from device_drivers.card.files import CardParameters
from device_drivers.card.virtual_card.machine import UserCardMachine
from device_drivers.card.virtual_card.state import CardState, load_state, save_state
from device_drivers.card.virtual_card.tag import TagMachine
from device_drivers.security import card_ops
from tests.device_drivers.card.kit import PARAMS, SERIAL, opened_state


def _card(tmp_path: Path, **purse: int) -> UserCardMachine:
    state = load_state(opened_state(tmp_path / "c.json", **purse))
    return UserCardMachine(state, lambda n: bytes(range(1, n + 1)))


def _sw(resp: bytes) -> str:
    return resp[-2:].hex().upper()


def _auth(card: UserCardMachine) -> str:
    challenge = card.process(bytes.fromhex("0084000008"))[:-2]
    answer = card_ops.external_auth_response(card.state.keys.external_auth, challenge)
    return _sw(card.process(bytes.fromhex("0082000208") + answer))


def _increase(card: UserCardMachine, amount: int, count: int, *, key: bytes | None = None) -> str:
    challenge = card.process(bytes.fromhex("0084000004"))[:-2]
    mac = card_ops.increase_mac(key or card.state.keys.purchase, challenge, amount, count)
    data = amount.to_bytes(4, "big") + count.to_bytes(4, "big") + mac
    return _sw(card.process(bytes.fromhex("8432010C0C") + data))


def test_select_read_and_t0(tmp_path: Path) -> None:
    card = _card(tmp_path)
    assert _sw(card.process(bytes.fromhex("00B0810030"))) == "6A82"  # nothing selected yet
    assert _sw(card.process(bytes.fromhex("00A4000002DF01"))) == "6110"
    assert _sw(card.process(bytes.fromhex("00C0000008"))) == "6C10"
    fci = card.process(bytes.fromhex("00C0000010"))
    assert fci[-2:] == b"\x90\x00" and SERIAL in fci
    assert _sw(card.process(bytes.fromhex("00B0810000"))) == "6C30"  # Le=256 -> the file's size
    raw = card.process(bytes.fromhex("00B0810030"))
    assert CardParameters.decode(raw[:-2]) == PARAMS
    assert _sw(card.process(bytes.fromhex("00B0820008"))) == "6982"  # the purse only with MAC
    assert _sw(card.process(bytes.fromhex("00C0000010"))) == "6985"  # nothing waiting
    assert _sw(card.process(bytes.fromhex("00AA000000"))) == "6D00"
    assert _sw(card.process(bytes.fromhex("A0A4000002DF01"))) == "6E00"
    assert _sw(card.process(b"\x00")) == "6700"


def test_increase_count_rules(tmp_path: Path) -> None:
    card = _card(tmp_path, balance_fen=100, count=3)
    card.process(bytes.fromhex("00A4000002DF01"))
    assert _increase(card, 50, 4) == "6982"  # not authenticated
    assert _auth(card) == "9000"
    assert _increase(card, 50, 3) == "9410"  # repeated recharge
    assert _increase(card, 50, 5) == "9411"  # a purchase skipped
    assert _increase(card, 50, 4, key=bytes(16)) == "6988"  # MAC by someone without the key
    assert _sw(card.process(bytes.fromhex("8432010C0C") + bytes(12))) == "6984"  # no challenge
    assert (card.state.balance_fen, card.state.count) == (100, 3)
    assert _increase(card, 50, 4) == "9000"
    assert _increase(card, 50, 4) == "9410"
    assert _increase(card, 99_999_999, 5) == "9412"
    assert (card.state.balance_fen, card.state.count) == (150, 4)


def test_authentication_blocks_after_three_failures_and_persists(tmp_path: Path) -> None:
    card = _card(tmp_path)
    card.process(bytes.fromhex("00A4000002DF01"))
    results = []
    for _ in range(4):
        card.process(bytes.fromhex("0084000008"))
        results.append(_sw(card.process(bytes.fromhex("0082000208") + bytes(8))))
    assert results == ["63C2", "63C1", "6983", "6983"]
    save_state(tmp_path / "after.json", card.state)
    again = UserCardMachine(load_state(tmp_path / "after.json"), os.urandom)  # next insertion
    assert _auth(again) == "6983"


def test_a_good_authentication_resets_the_tries(tmp_path: Path) -> None:
    card = _card(tmp_path)
    card.process(bytes.fromhex("0084000008"))
    card.process(bytes.fromhex("0082000208") + bytes(8))
    assert card.state.auth_tries_left == 2
    assert _auth(card) == "9000" and card.state.auth_tries_left == 3
    card.power_on()  # a reset forgets the authentication
    assert _increase(card, 1, 2) == "6982"


def test_state_round_trips_through_json(tmp_path: Path) -> None:
    state = load_state(opened_state(tmp_path / "c.json", balance_fen=7, count=2))
    assert CardState.from_json(state.to_json()) == state
    assert CardState.from_json(replace(state, auth_tries_left=0).to_json()).auth_tries_left == 0


@given(st.binary(max_size=40))
def test_the_card_answers_anything_with_a_status(raw: bytes) -> None:
    card = UserCardMachine(load_state(Path(__file__).with_name("fixture_card.json")), os.urandom)
    before = card.state
    response = card.process(raw)
    assert len(response) >= 2
    assert card.state.purse == before.purse


def test_tag_answers_get_uid() -> None:
    tag = TagMachine(bytes.fromhex("04A1B2C3"))
    assert tag.process(bytes.fromhex("FFCA000000")).hex() == "04a1b2c39000"
    assert tag.process(bytes.fromhex("FFCA010000")).hex() == "6a81"
    assert tag.process(bytes.fromhex("00A4000002DF01")).hex() == "6e00"
