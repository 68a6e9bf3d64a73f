"""Replayed or tampered credits, wrong cards and exhausted authentication: refused, nothing changes.

All through pyscard and the real pcscd; "nothing changes" is checked on the card's
state file (its EEPROM) byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from device_drivers.card import operations as ops
from device_drivers.card.errors import (
    AuthenticationBlockedError,
    AuthenticationFailedError,
    CardStateError,
    WrongCardError,
)
from device_drivers.card.files import CardParameters, CardType
from device_drivers.card.user_card import UserCard
from device_drivers.security.card_ops import CardKeys, SoftwareCardSecurityModule
from device_drivers.security.errors import ExpiredError, SecurityError, SignatureError
from signed_commands.credit_token import Purpose
from tests.device_drivers.card.kit import (
    NOW,
    OTHER_SERIAL,
    Server,
    blank_state,
    insert_card,
    opened_state,
)

pytestmark = pytest.mark.usefixtures("pcscd")


def _tamper(raw: bytes, offset_from_end: int) -> bytes:
    out = bytearray(raw)
    out[-offset_from_end] ^= 0x01
    return bytes(out)


def test_replayed_and_tampered_credits_are_refused(logs: Path, server: Server,
                                                   verifier: ops.TokenVerifier,
                                                   security: SoftwareCardSecurityModule) -> None:
    state = opened_state(logs / "card.json", balance_fen=5000, count=1)
    token = server.token(2, 2000)
    other_server = Server()
    with insert_card(state, logs) as inserted, inserted.connect() as conn:
        card = UserCard(conn, security)
        ops.recharge(card, token, verifier)
        before = state.read_bytes()
        with pytest.raises(ops.ReplayedCreditError, match="already applied"):
            ops.recharge(card, token, verifier)
        amount_at = 64 + 4 + 4 + 4  # signature, sm_auth, count, then the amount (its first byte)
        with pytest.raises(SignatureError, match="altered"):
            ops.recharge(card, _tamper(server.token(3, 100), amount_at), verifier)
        with pytest.raises(SignatureError):
            ops.recharge(card, other_server.token(3, 100), verifier)
        with pytest.raises(ExpiredError):
            ops.recharge(card, server.token(3, 100, expires_at=NOW - 1), verifier)
        with pytest.raises(SecurityError, match="damaged"):
            ops.recharge(card, b"MFS1garbage", verifier)
        with pytest.raises(CardStateError, match="missing"):
            ops.recharge(card, server.token(4, 100), verifier)  # purchase 3 never reached the card
        after = card.info().purse
    assert after.balance_fen == 7000 and after.count == 2
    assert state.read_bytes() == before


@pytest.mark.parametrize(("field", "message"), [
    ("customer", "customer 3100000001"), ("meter", "meter 202107072529"), ("serial", "not the card")])
def test_wrong_card_is_refused(*, field: str, message: str, logs: Path, server: Server,
                               verifier: ops.TokenVerifier,
                               security: SoftwareCardSecurityModule) -> None:
    state = opened_state(logs / "card.json")
    kwargs = {"customer": {"customer": "3100000002"}, "meter": {"meter": "202107079999"},
              "serial": {"serial": OTHER_SERIAL}}[field]
    token = server.token(2, 2000, **kwargs)  # type: ignore[arg-type]
    before = state.read_bytes()
    with insert_card(state, logs) as inserted, inserted.connect() as conn, \
            pytest.raises(WrongCardError, match=message):
        ops.recharge(UserCard(conn, security), token, verifier)
    assert state.read_bytes() == before


def test_open_refuses_a_card_of_another_customer(logs: Path, server: Server,
                                                 verifier: ops.TokenVerifier,
                                                 security: SoftwareCardSecurityModule) -> None:
    other = CardParameters("3100000009", "202107070001", CardType.PURCHASE)
    state = opened_state(logs / "card.json", params=other)
    before = state.read_bytes()
    with insert_card(state, logs) as inserted, inserted.connect() as conn:
        card = UserCard(conn, security)
        with pytest.raises(WrongCardError, match="customer 3100000009"):
            ops.open_card(card, server.token(1, 100, purpose=Purpose.OPEN_CARD), verifier,
                          server.parameters())
        with pytest.raises(WrongCardError, match="belongs to customer 3100000009"):
            ops.write_card(card, server.parameters(), verifier)
    assert state.read_bytes() == before


def test_exhausted_authentication_blocks_the_card(logs: Path, server: Server,
                                                  verifier: ops.TokenVerifier,
                                                  security: SoftwareCardSecurityModule) -> None:
    state = opened_state(logs / "card.json", balance_fen=5000, count=1)
    wrong_keys = SoftwareCardSecurityModule(CardKeys(*(bytes([i]) * 16 for i in range(5))))
    with insert_card(state, logs) as inserted, inserted.connect() as conn:
        card = UserCard(conn, wrong_keys)
        card.select()
        for left in (2, 1):
            with pytest.raises(AuthenticationFailedError, match=f"{left} tries left") as failed:
                card.authenticate()
            assert failed.value.tries_left == left
        with pytest.raises(AuthenticationBlockedError, match="blocked"):
            card.authenticate()
        good = UserCard(conn, security)  # even the right keys are refused now
        with pytest.raises(AuthenticationBlockedError, match="6983"):
            ops.recharge(good, server.token(2, 2000), verifier)
        with pytest.raises(AuthenticationBlockedError):
            ops.write_card(good, server.parameters(), verifier)
        purse = good.info().purse
    assert (purse.balance_fen, purse.count) == (5000, 1)


def test_open_card_twice_credits_once(logs: Path, server: Server, verifier: ops.TokenVerifier,
                                      security: SoftwareCardSecurityModule) -> None:
    state = blank_state(logs / "card.json")
    token = server.token(1, 3000, purpose=Purpose.OPEN_CARD)
    with insert_card(state, logs) as inserted, inserted.connect() as conn:
        card = UserCard(conn, security)
        first = ops.open_card(card, token, verifier, server.parameters())
        second = ops.open_card(card, token, verifier, server.parameters())
        with pytest.raises(CardStateError, match="opening a card"):
            ops.recharge(card, token, verifier)
    assert first.outcome is ops.Outcome.CREDITED and second.outcome is ops.Outcome.ALREADY_APPLIED
    assert second.purse.balance_fen == 3000


def test_card_parameters_for_another_card_or_tampered_write_nothing(
        logs: Path, server: Server, verifier: ops.TokenVerifier,
        security: SoftwareCardSecurityModule) -> None:
    state = opened_state(logs / "card.json")
    before = state.read_bytes()
    tampered = bytearray(server.parameters())
    tampered[-80] ^= 1
    with insert_card(state, logs) as inserted, inserted.connect() as conn:
        card = UserCard(conn, security)
        with pytest.raises(WrongCardError, match="not the card in the reader"):
            ops.write_card(card, server.parameters(serial=OTHER_SERIAL), verifier)
        with pytest.raises(SignatureError):
            ops.write_card(card, bytes(tampered), verifier)
    assert state.read_bytes() == before
