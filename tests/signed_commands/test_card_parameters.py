"""The centre's signed card parameters: one layout, read back exactly; anything else refused."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from signed_commands.card_parameters import (
    CardParametersCommand,
    decode_body,
    issue_card_parameters,
    open_card_parameters,
)
from signed_commands.credit_token import KIND as CREDIT_TOKEN
from signed_commands.envelope import sign
from signed_commands.errors import CommandError, ExpiredError, SignatureError

KEY = Ed25519PrivateKey.generate()
SERIAL = bytes.fromhex("4D46000000000001")
PARAMS = CardParametersCommand("RQ1", SERIAL, "3100000001", "202107072529", 2, 2000, 500,
                               ((3, (5880, 3880, 4880, 2880)), (2, (5880,))))


def signed(p: CardParametersCommand = PARAMS, *, expires_at: int = 2000) -> bytes:
    return issue_card_parameters(KEY, p, key_id="k", issued_at=1000, expires_at=expires_at).encode()


def test_the_signed_parameters_read_back_exactly() -> None:
    assert open_card_parameters(signed(), KEY.public_key(), 1500) == PARAMS
    assert decode_body(PARAMS.encode()) == PARAMS


def test_a_tampered_expired_foreign_or_other_kind_command_is_refused() -> None:
    raw = bytearray(signed())
    raw[-70] ^= 1  # a byte of the body
    with pytest.raises(SignatureError):
        open_card_parameters(bytes(raw), KEY.public_key(), 1500)
    with pytest.raises(ExpiredError):
        open_card_parameters(signed(), KEY.public_key(), 2500)
    with pytest.raises(SignatureError):
        open_card_parameters(signed(), Ed25519PrivateKey.generate().public_key(), 1500)
    other = sign(KEY, CREDIT_TOKEN, key_id="k", body=PARAMS.encode(), issued_at=1000, expires_at=2000)
    with pytest.raises(CommandError):
        open_card_parameters(other.encode(), KEY.public_key(), 1500)


@pytest.mark.parametrize("body", [b"", b"CP1", PARAMS.encode()[:-1], PARAMS.encode() + b"\x00",
                                  b"XX1" + PARAMS.encode()[3:]])
def test_a_damaged_body_is_a_command_error(body: bytes) -> None:
    with pytest.raises(CommandError, match="damaged"):
        decode_body(body)


@pytest.mark.parametrize("change", [
    {"customer_number": "31000001"}, {"meter_number": "20210707252X"}, {"card_serial": b"\x01"},
    {"card_type": 9}, {"alarm1_fen": 100, "alarm2_fen": 500}, {"tariffs": ()},
    {"tariffs": ((1, (1, 2, 3, 4, 5)),)}, {"tariffs": ((1, (0,)),)}, {"transaction_id": ""},
])
def test_parameters_no_card_could_hold_are_not_made(change: dict[str, object]) -> None:
    from dataclasses import replace

    with pytest.raises(CommandError):
        replace(PARAMS, **change).encode()  # type: ignore[arg-type]


def test_mismatch_names_what_differs() -> None:
    assert PARAMS.mismatch(SERIAL, "3100000001", "202107072529") is None
    assert "not the card in the reader" in str(PARAMS.mismatch(bytes(8)))
    assert "customer 3100000001" in str(PARAMS.mismatch(SERIAL, "3100000002"))
    assert "meter 202107072529" in str(PARAMS.mismatch(SERIAL, "", "202107070001"))
