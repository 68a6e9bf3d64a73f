"""Both ends of a recharge from one definition: the credit token the real server issues for a
technician's request is accepted by the real card driver (pyscard -> pcscd -> vpcd -> the virtual
card) and credits the card once; the same token again, or one for another card, writes nothing."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from device_drivers.card import operations as ops
from device_drivers.card.errors import CardError
from device_drivers.card.files import CardParameters, CardType
from device_drivers.card.user_card import UserCard
from device_drivers.security.card_ops import SoftwareCardSecurityModule, demo_sealed_keys
from sync import protocol
from sync.protocol import PATH_TASK_REQUEST, TaskRequest, TaskResponse
from tests.device_drivers.card.kit import SERIAL, insert_card, opened_state, read_state
from tests.server.client import error_of
from tests.server.conftest import Running

SECURITY = SoftwareCardSecurityModule.from_sealed(demo_sealed_keys(), "meterfield-demo-only")


def a_recharge(running: Running, card: Path, request_id: str, serial: str) -> tuple[bytes, ops.TokenVerifier]:
    """A technician's recharge request for the customer whose card is ``card`` (opened, 50.00 yuan,
    purchase 3), as the handheld sends it; the token the real server answers, and the verifier of the
    handheld that holds the server's key."""
    tech = running.device("CD102")
    tech.pull_all()
    archive = next(a for a in running.demo.archives if a.customer.company_id == "C-CD" and a.meter.prepaid)
    params = CardParameters(archive.customer.customer_no, archive.meter.address, CardType.PURCHASE,
                            tariff_version=1, tariff_count=2)
    opened_state(card, balance_fen=5000, count=3, params=params)
    request = protocol.encode(TaskRequest(1, request_id, "recharge", archive.customer.customer_no, 2550, 3,
                                          card_serial=serial))
    resp = tech.request("POST", PATH_TASK_REQUEST, request)
    assert resp.status_code == 200, error_of(resp)
    token = protocol.decode(resp.content, TaskResponse).command
    assert token is not None
    return token, ops.TokenVerifier(Ed25519PublicKey.from_public_bytes(tech.command_key), clock=time.time)


@pytest.mark.parametrize("running", ["sqlite"], indirect=True)
@pytest.mark.usefixtures("pcscd")
def test_the_servers_credit_token_credits_the_card_through_the_card_driver(running: Running,
                                                                          tmp_path: Path) -> None:
    state = tmp_path / "card.json"
    token, verifier = a_recharge(running, state, "req-card-1", SERIAL.hex().upper())
    with insert_card(state, tmp_path) as inserted, inserted.connect() as conn:
        card = UserCard(conn, SECURITY)
        credited = ops.recharge(card, token, verifier)
        assert credited.outcome is ops.Outcome.CREDITED
        assert (credited.purse.balance_fen, credited.purse.count) == (7550, 4)
        with pytest.raises(CardError, match="already applied"):  # the same token twice: refused
            ops.recharge(card, token, verifier)
        assert ops.repair(card, token, verifier).outcome is ops.Outcome.ALREADY_APPLIED
    on_card = read_state(state)
    assert (on_card.balance_fen, on_card.count) == (7550, 4)  # credited exactly once


@pytest.mark.parametrize("running", ["sqlite"], indirect=True)
@pytest.mark.usefixtures("pcscd")
def test_a_token_for_another_card_writes_nothing(running: Running, tmp_path: Path) -> None:
    state = tmp_path / "card.json"
    token, verifier = a_recharge(running, state, "req-card-2", "4D46000000000099")
    with insert_card(state, tmp_path) as inserted, inserted.connect() as conn, \
            pytest.raises(CardError, match="wrong card"):
        ops.recharge(UserCard(conn, SECURITY), token, verifier)
    on_card = read_state(state)
    assert (on_card.balance_fen, on_card.count) == (5000, 3)
