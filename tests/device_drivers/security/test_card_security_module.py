"""The card security module: keys sealed at rest, MACs, and INCREASE only for authorised credits."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from device_drivers.security import card_ops
from device_drivers.security.card_ops import (
    SoftwareCardSecurityModule,
    demo_master_keys,
    demo_sealed_keys,
    seal_keys,
    unseal_keys,
)
from device_drivers.security.errors import SecurityError
from signed_commands import cipher
from signed_commands.credit_token import CreditToken, Purpose, sm_auth_mac

ROOT = Path(__file__).resolve().parents[3]
SERIAL = bytes.fromhex("4D46000000000001")
MASTERS = demo_master_keys()
CARD = MASTERS.for_card(SERIAL)
SM = SoftwareCardSecurityModule(MASTERS)


def test_demo_key_file_is_the_generated_one() -> None:
    on_disk = json.loads((ROOT / "resources/keys/demo_card_keys.json").read_text())
    assert on_disk == demo_sealed_keys() and "DEMO ONLY" in str(on_disk["warning"])
    assert unseal_keys(on_disk, card_ops.DEMO_PASSPHRASE) == MASTERS


def test_keys_are_sealed_at_rest_and_never_shown() -> None:
    sealed = seal_keys(MASTERS, "pass phrase", b"salt-16-bytes!!!")
    text = json.dumps(sealed)
    for key in dataclasses.astuple(MASTERS):
        assert key.hex() not in text
    with pytest.raises(SecurityError, match="passphrase"):
        unseal_keys(sealed, "wrong")
    with pytest.raises(SecurityError, match="damaged"):
        unseal_keys({"salt": "zz"}, "pass phrase")
    assert MASTERS.external_auth.hex() not in repr(SM)
    public = [name for name in dir(SM) if not name.startswith("_")]
    assert public == ["check_read_mac", "external_auth", "from_file", "from_sealed", "increase_mac",
                      "update_mac"]  # operations only: no way to read a key out


def test_macs_match_the_cards_keys() -> None:
    challenge = bytes(range(8))
    assert SM.external_auth(SERIAL, challenge) == card_ops.external_auth_response(
        CARD.external_auth, challenge)
    tag = card_ops.read_mac(CARD.read_mac, b"rand", b"purse data")
    assert SM.check_read_mac(SERIAL, b"rand", b"purse data", tag)
    assert not SM.check_read_mac(SERIAL, b"rand", b"purse dat4", tag)
    assert not SM.check_read_mac(bytes(8), b"rand", b"purse data", tag)
    header = bytes.fromhex("04D68100")
    assert SM.update_mac(SERIAL, b"chal", header, b"x") == cipher.mac(CARD.update, header + b"x",
                                                                      iv=b"chal")


def test_increase_mac_only_for_a_server_authorised_credit() -> None:
    token = CreditToken("T1", Purpose.RECHARGE, "3100000001", "202107072529", SERIAL, 2550, 2)
    authorised = dataclasses.replace(token, sm_auth=sm_auth_mac(MASTERS.recharge_auth, token))
    mac = SM.increase_mac(authorised, b"chal")
    assert mac == card_ops.increase_mac(CARD.purchase, b"chal", 2550, 2)
    more = dataclasses.replace(authorised, amount_fen=255000)  # same authorisation, more money
    with pytest.raises(SecurityError, match="not authorised"):
        SM.increase_mac(more, b"chal")
    with pytest.raises(SecurityError, match="not authorised"):
        SM.increase_mac(dataclasses.replace(authorised, card_serial=bytes(8)), b"chal")
