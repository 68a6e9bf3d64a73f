"""The pure recharge decision, and every interruption of every operation on the card's OS.

The in-process card (the same OS the virtual card runs) lets us pull the card at
every APDU in both ways (before or after its answer) and interrupt repeatedly in
random places, fast; test_faults.py does the same through pcscd.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from device_drivers.card import operations as ops
from device_drivers.card.errors import CardRemovedError
from device_drivers.card.files import Purse, ReturnWrite
from device_drivers.card.repair import Action, decide, meter_status
from device_drivers.card.user_card import UserCard
from device_drivers.card.virtual_card.machine import UserCardMachine
from device_drivers.card.virtual_card.state import CardState, load_state
from device_drivers.security.card_ops import SoftwareCardSecurityModule
from tests.device_drivers.card.kit import NOW, Server
from tests.device_drivers.card.test_faults import SCENARIOS, Scenario, check_final, operate, token_for


@pytest.mark.parametrize(("card_count", "action"), [
    (4, Action.WRITE), (5, Action.ALREADY_APPLIED), (6, Action.REFUSE), (3, Action.REFUSE),
    (0, Action.REFUSE)])
def test_decision_table(card_count: int, action: Action) -> None:
    assert decide(5, 1000, Purse(12345, card_count)).action is action


@given(st.integers(1, 1000), st.integers(0, 1000), st.integers(0, 10**6))
def test_decision_never_writes_a_purchase_the_card_has(n: int, c: int, balance: int) -> None:
    decision = decide(n, 100, Purse(balance, c))
    assert (decision.action is Action.WRITE) == (c == n - 1)
    assert (decision.action is Action.ALREADY_APPLIED) == (c == n)


def test_meter_status_from_the_return_write_file() -> None:
    rw = ReturnWrite("202107072529", "3100000001", 900, 2, 0, 0, "261124103000")
    assert "not been inserted" in meter_status(Purse(100, 3), None)
    assert "transfer purchase 3" in meter_status(Purse(100, 3), rw)
    assert "every purchase" in meter_status(Purse(100, 2), rw)


class PullingChannel:
    """The card's OS in-process; pulled at APDU ``after`` (executed, answer lost or not)."""

    def __init__(self, state: CardState, after: int, answered: bool) -> None:
        self.machine = UserCardMachine(state, os.urandom)
        self.after, self.answered, self.sent = after, answered, 0

    def transmit(self, apdu: bytes) -> bytes:
        self.sent += 1
        if self.sent > self.after:
            raise CardRemovedError("pulled")
        response = self.machine.process(apdu)
        if self.sent == self.after and not self.answered:
            raise CardRemovedError("pulled before the answer")
        return response


def _attempt(s: Scenario, card: UserCard, token: bytes, verifier: ops.TokenVerifier,
             first: bool) -> None:
    """The first attempt is the operation; after an interruption the app resumes it."""
    if first:
        operate(s, card, token, verifier)
    elif s.name == "open":
        ops.open_card(card, token, verifier, _open_args())
    elif s.name == "write":
        operate(s, card, token, verifier)
    else:
        ops.repair(card, token, verifier)


def _run(s: Scenario, state: CardState, *, after: int, answered: bool, token: bytes,
         verifier: ops.TokenVerifier, security: SoftwareCardSecurityModule,
         first: bool = True) -> CardState:
    channel = PullingChannel(state, after, answered)
    with contextlib.suppress(CardRemovedError):
        _attempt(s, UserCard(channel, security), token, verifier, first)
    return channel.machine.state


def _resume(s: Scenario, state: CardState, token: bytes, *, verifier: ops.TokenVerifier,
            security: SoftwareCardSecurityModule) -> CardState:
    channel = PullingChannel(state, 10**6, True)
    _attempt(s, UserCard(channel, security), token, verifier, first=False)
    return channel.machine.state


def _open_args() -> bytes:
    from tests.device_drivers.card.kit import SERVER

    return SERVER.parameters()


@pytest.mark.parametrize("name", list(SCENARIOS))
@pytest.mark.parametrize("answered", [True, False])
def test_every_pull_in_both_ways_then_resume(*, name: str, answered: bool, tmp_path: Path,
                                             server: Server, verifier: ops.TokenVerifier,
                                             security: SoftwareCardSecurityModule) -> None:
    s = SCENARIOS[name]
    start = load_state(s.make_state(tmp_path / "start.json"))
    token = token_for(s, server)
    total = PullingChannel(start, 10**6, True)
    operate(s, UserCard(total, security), token, verifier)
    for k in range(1, total.sent + 1):
        state = _run(s, start, after=k, answered=answered, token=token, verifier=verifier,
                     security=security)
        check_final(s, _resume(s, state, token, verifier=verifier, security=security))


@settings(max_examples=25, deadline=None)
@given(pulls=st.lists(st.tuples(st.integers(1, 20), st.booleans()), min_size=1, max_size=6),
       name=st.sampled_from(["open", "recharge", "write"]))
def test_repeated_interruptions_still_credit_exactly_once(
        *, pulls: list[tuple[int, bool]], name: str, server: Server, verifier: ops.TokenVerifier,
        security: SoftwareCardSecurityModule, tmp_path_factory: pytest.TempPathFactory) -> None:
    s = SCENARIOS[name]
    state = load_state(s.make_state(tmp_path_factory.mktemp("h") / "start.json"))
    token = token_for(s, server)
    for i, (after, answered) in enumerate(pulls):  # pulled again and again while resuming
        state = _run(s, state, after=after, answered=answered, token=token, verifier=verifier,
                     security=security, first=i == 0)
    check_final(s, _resume(s, state, token, verifier=verifier, security=security))


def test_link_down_after_confirmation_the_server_reissues(server: Server, verifier: ops.TokenVerifier,
                                                           security: SoftwareCardSecurityModule,
                                                           tmp_path: Path) -> None:
    """The terminal never got the token: the server re-issues the same purchase (same count)."""
    s = SCENARIOS["recharge"]
    first = token_for(s, server)
    reissued = server.token(s.count, s.amount, expires_at=NOW + 7200)
    assert first != reissued  # a new signature and window, the same purchase
    card = UserCard(PullingChannel(load_state(s.make_state(tmp_path / "c.json")), 10**6, True),
                    security)
    assert ops.repair(card, reissued, verifier).outcome is ops.Outcome.CREDITED
    assert ops.repair(card, first, verifier).outcome is ops.Outcome.ALREADY_APPLIED
    assert card.info().purse.balance_fen == s.balance
