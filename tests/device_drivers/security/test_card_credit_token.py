"""Credit tokens: encoding, server issue, terminal verification, card binding."""

from __future__ import annotations

import contextlib
import dataclasses

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from device_drivers.security.card_ops import demo_master_keys
from signed_commands import envelope
from signed_commands.credit_token import (
    CreditToken,
    Purpose,
    decode_body,
    issue_credit_token,
    open_credit_token,
    sm_auth_mac,
)
from signed_commands.errors import CommandError, ExpiredError, SignatureError

SERIAL = bytes.fromhex("4D46000000000001")
TOKEN = CreditToken("T-0001", Purpose.RECHARGE, "3100000001", "202107072529", SERIAL, 2550, 2)
KEY = Ed25519PrivateKey.generate()
AUTH = demo_master_keys().recharge_auth


def _issue(token: CreditToken = TOKEN, **window: int) -> bytes:
    times = {"issued_at": 1000, "expires_at": 5000, **window}
    return issue_credit_token(KEY, AUTH, token, key_id="k1", **times).encode()


def test_issue_and_open() -> None:
    token = open_credit_token(_issue(), KEY.public_key(), now=2000)
    assert dataclasses.replace(token, sm_auth=b"") == TOKEN
    assert token.sm_auth == sm_auth_mac(AUTH, TOKEN)
    assert token.mismatch("3100000001", "202107072529", SERIAL) is None
    assert "customer 3100000001" in (token.mismatch("3100000002", "202107072529", SERIAL) or "")
    assert "meter 202107072529" in (token.mismatch("3100000001", "202107070000", SERIAL) or "")
    assert "not the card" in (token.mismatch("3100000001", "202107072529", bytes(8)) or "")


def test_refusals() -> None:
    raw = bytearray(_issue())
    raw[-70] ^= 1  # the purchase count
    with pytest.raises(SignatureError):
        open_credit_token(bytes(raw), KEY.public_key(), now=2000)
    with pytest.raises(ExpiredError):
        open_credit_token(_issue(), KEY.public_key(), now=5000)
    other = envelope.sign(KEY, "authorisation", key_id="k1", body=b"x", issued_at=1000, expires_at=5000)
    with pytest.raises(CommandError, match="expected a credit-token"):
        open_credit_token(other.encode(), KEY.public_key(), now=2000)


@pytest.mark.parametrize("change", [
    {"customer_number": "31000000"}, {"meter_number": "2021070725x9"}, {"card_serial": b"\x01"},
    {"amount_fen": -1}, {"purchase_count": 0}, {"transaction_id": ""}, {"amount_fen": 25.5}])
def test_bad_fields_are_refused(change: dict[str, object]) -> None:
    with pytest.raises(CommandError):
        _issue(dataclasses.replace(TOKEN, **change))  # type: ignore[arg-type]


@given(st.text("0123456789", min_size=10, max_size=10), st.integers(0, 2**32 - 1),
       st.integers(1, 2**32 - 1), st.text(st.characters(min_codepoint=33, max_codepoint=126),
                                          min_size=1, max_size=64))
def test_body_round_trip(customer: str, amount: int, count: int, txn: str) -> None:
    token = dataclasses.replace(TOKEN, customer_number=customer, amount_fen=amount,
                                purchase_count=count, transaction_id=txn, sm_auth=b"abcd")
    assert decode_body(token.encode()) == token


@given(st.binary(max_size=80))
def test_decoder_raises_only_security_errors(raw: bytes) -> None:
    with contextlib.suppress(CommandError):
        decode_body(raw)
