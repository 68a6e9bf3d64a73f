"""Every card operation end to end: pyscard -> pcscd -> vpcd -> our virtual card."""

from __future__ import annotations

from pathlib import Path

import pytest

from device_drivers.card import operations as ops
from device_drivers.card.files import CardType
from device_drivers.card.user_card import UserCard
from device_drivers.security.card_ops import SoftwareCardSecurityModule
from signed_commands.credit_token import Purpose
from tests.device_drivers.card.kit import (
    PARAMS,
    SERIAL,
    TARIFFS,
    Server,
    blank_state,
    insert_card,
    opened_state,
    read_state,
)

pytestmark = pytest.mark.usefixtures("pcscd")


def test_open_write_recharge_repair_and_info(logs: Path, server: Server, verifier: ops.TokenVerifier,
                                             security: SoftwareCardSecurityModule) -> None:
    state = blank_state(logs / "card.json")
    with insert_card(state, logs) as inserted, inserted.connect() as conn:
        card = UserCard(conn, security)
        opened = ops.open_card(card, server.token(1, 10000, purpose=Purpose.OPEN_CARD), verifier,
                               server.parameters())
        assert opened.outcome is ops.Outcome.CREDITED and opened.purse.balance_fen == 10000
        new_params = PARAMS.__class__(PARAMS.customer_number, PARAMS.meter_number, CardType.PURCHASE,
                                      tariff_version=2, tariff_count=2)
        written = ops.write_card(card, server.parameters(new_params, TARIFFS[::-1]), verifier)
        assert written.outcome is ops.Outcome.WRITTEN
        credited = ops.recharge(card, server.token(2, 2550), verifier)
        assert credited.purse.balance_fen == 12550 and credited.purse.count == 2
        again = ops.repair(card, server.token(2, 2550), verifier)
        assert again.outcome is ops.Outcome.ALREADY_APPLIED and again.purse == credited.purse
        info = card.info()
    assert info.serial == SERIAL and info.parameters == new_params
    assert info.tariffs == TARIFFS[1] and info.purse.balance_fen == 12550
    on_disk = read_state(state)  # the card "in the drawer" keeps its purse
    assert (on_disk.balance_fen, on_disk.count) == (12550, 2)


def test_card_keeps_its_balance_between_insertions(logs: Path, server: Server,
                                                   verifier: ops.TokenVerifier,
                                                   security: SoftwareCardSecurityModule) -> None:
    state = opened_state(logs / "card.json", balance_fen=100, count=1)
    with insert_card(state, logs) as inserted, inserted.connect() as conn:
        ops.recharge(UserCard(conn, security), server.token(2, 900), verifier)
    with insert_card(state, logs) as inserted, inserted.connect() as conn:
        card = UserCard(conn, security)
        card.select()
        assert (card.read_purse().balance_fen, card.read_purse().count) == (1000, 2)
