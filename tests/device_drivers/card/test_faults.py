"""Pull the card at every APDU of open, write, recharge and repair; kill the app mid-recharge.

After each fault the card is put back and the app resumes from its journal: the
final balance must equal the sum of confirmed purchases, each exactly once.
Everything goes through pyscard, the real pcscd and the virtual card's state file.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from device_drivers.card import operations as ops
from device_drivers.card.errors import CardError, CardRemovedError
from device_drivers.card.files import CardParameters, CardType
from device_drivers.card.user_card import UserCard
from device_drivers.card.virtual_card.state import CardState
from device_drivers.security.card_ops import SoftwareCardSecurityModule
from signed_commands.credit_token import Purpose
from tests.device_drivers.card.kit import (
    PARAMS,
    ROOT,
    SERVER,
    TAG_READER,
    TARIFFS,
    CountingChannel,
    FileJournal,
    LocalCard,
    Server,
    blank_state,
    insert_card,
    opened_state,
    read_state,
)

pytestmark = pytest.mark.usefixtures("pcscd")

NEW_PARAMS = CardParameters(PARAMS.customer_number, PARAMS.meter_number, CardType.PURCHASE,
                            tariff_version=2, tariff_count=2)


@dataclass(frozen=True)
class Scenario:
    """One operation, the card before it, and what the card must hold in the end."""

    name: str
    make_state: Callable[[Path], Path]
    purpose: Purpose | None  # the confirmed purchase the journal holds (None: no money moves)
    count: int
    amount: int
    balance: int  # the sum of confirmed purchases
    params: CardParameters


SCENARIOS = {
    "open": Scenario("open", blank_state, Purpose.OPEN_CARD, 1, 10000, 10000, PARAMS),
    "write": Scenario("write", lambda p: opened_state(p, 5000, 1), None, 1, 0, 5000, NEW_PARAMS),
    "recharge": Scenario("recharge", lambda p: opened_state(p, 5000, 1), Purpose.RECHARGE, 2, 2550,
                         7550, PARAMS),
    "repair": Scenario("repair", lambda p: opened_state(p, 5000, 1), Purpose.RECHARGE, 2, 2550,
                       7550, PARAMS),
}


def operate(s: Scenario, card: UserCard, token: bytes, verifier: ops.TokenVerifier) -> None:
    """The app's first attempt at the operation."""
    if s.name == "open":
        ops.open_card(card, token, verifier, SERVER.parameters(PARAMS, TARIFFS))
    elif s.name == "write":
        ops.write_card(card, SERVER.parameters(NEW_PARAMS, TARIFFS[::-1]), verifier)
    elif s.name == "recharge":
        ops.recharge(card, token, verifier)
    else:
        ops.repair(card, token, verifier)


def resume(s: Scenario, card: UserCard, journal: FileJournal, verifier: ops.TokenVerifier) -> None:
    """What the app does with the card back in: finish every pending journal entry."""
    if s.name == "write":
        ops.write_card(card, SERVER.parameters(NEW_PARAMS, TARIFFS[::-1]), verifier)
        return
    for txn, raw in journal.pending():
        if s.name == "open":
            ops.open_card(card, raw, verifier, SERVER.parameters(PARAMS, TARIFFS))
        else:
            ops.repair(card, raw, verifier)
        journal.record_applied(txn)


def apdus_of(s: Scenario, tmp: Path, server: Server, verifier: ops.TokenVerifier,
             security: SoftwareCardSecurityModule) -> int:
    """How many APDUs the operation sends, counted on the card's OS in-process."""
    from device_drivers.card.virtual_card.state import load_state

    channel = CountingChannel(LocalCard(load_state(s.make_state(tmp / "count.json"))))
    operate(s, UserCard(channel, security), token_for(s, server), verifier)
    return channel.count


def token_for(s: Scenario, server: Server) -> bytes:
    return server.token(s.count, s.amount, purpose=s.purpose or Purpose.RECHARGE)


def check_final(s: Scenario, state: CardState) -> None:
    from device_drivers.card.files import SFI_PARAMETERS

    assert (state.balance_fen, state.count) == (s.balance, s.count)
    assert CardParameters.decode(state.file(SFI_PARAMETERS)) == s.params


def pull_and_resume(s: Scenario, *, k: int, apdus: int, lose_reply: bool, tmp: Path, server: Server,
                    verifier: ops.TokenVerifier, security: SoftwareCardSecurityModule) -> None:
    state = s.make_state(tmp / f"{s.name}-{k}-{lose_reply}.json")
    journal = FileJournal(tmp / f"journal-{s.name}-{k}-{lose_reply}.json")
    token = token_for(s, server)
    if s.purpose is not None:
        journal.record_confirmed(f"T{s.count:04d}", token)  # the server confirmed: recorded first
    with insert_card(state, tmp, pull_after=k, lose_reply=lose_reply, wait_removed=False) as inserted, \
            inserted.connect() as conn:
        try:
            operate(s, UserCard(conn, security), token, verifier)
        except CardRemovedError:
            pass
        else:
            assert not lose_reply and k == apdus, "the operation went on without its card"
    # put back (into the other reader: pcscd's removal polling of the first overlaps)
    with insert_card(state, tmp, reader_name=TAG_READER, wait_removed=False) as inserted, \
            inserted.connect() as conn:
        resume(s, UserCard(conn, security), journal, verifier)
    assert journal.pending() == []
    check_final(s, read_state(state))


@pytest.mark.parametrize("name", ["open", "write", "recharge", "repair"])
def test_pull_the_card_at_every_apdu(name: str, tmp_path: Path, server: Server,
                                     verifier: ops.TokenVerifier,
                                     security: SoftwareCardSecurityModule) -> None:
    s = SCENARIOS[name]
    total = apdus_of(s, tmp_path, server, verifier, security)
    assert total >= 8
    # the harsher pull for every APDU: the card executed it, the answer never came back
    for k in range(1, total + 1):
        pull_and_resume(s, k=k, apdus=total, lose_reply=True, tmp=tmp_path, server=server,
                        verifier=verifier, security=security)
    # (pulls after the answer, for every APDU of every operation: test_repair_logic.py)


@pytest.mark.parametrize("stage", ["after-confirm", "after-increase"])
def test_kill_the_app_between_confirmation_and_card(stage: str, tmp_path: Path, server: Server,
                                                    verifier: ops.TokenVerifier,
                                                    security: SoftwareCardSecurityModule) -> None:
    s = SCENARIOS["recharge"]
    state = s.make_state(tmp_path / "card.json")
    journal_path = tmp_path / "journal.json"
    token_path = tmp_path / "token.bin"
    token_path.write_bytes(token_for(s, server))
    key_path = tmp_path / "server.pub"
    from cryptography.hazmat.primitives import serialization

    key_path.write_bytes(server.key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw))
    with insert_card(state, tmp_path) as inserted:
        app = subprocess.run([sys.executable, str(Path(__file__).with_name("killed_app.py")),
                              str(journal_path), str(token_path), str(key_path), stage],
                             cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
        assert app.returncode == -signal.SIGKILL, app.stderr
        journal = FileJournal(journal_path)
        assert [txn for txn, _ in journal.pending()] == ["T0002"]
        with inserted.connect() as conn:  # the card stayed in; the app restarts
            results = ops.complete_pending(UserCard(conn, security), journal, verifier)
    expected = ops.Outcome.CREDITED if stage == "after-confirm" else ops.Outcome.ALREADY_APPLIED
    assert [r.outcome for r in results] == [expected]
    assert journal.pending() == []
    check_final(s, read_state(state))


def test_a_removed_card_is_a_clear_error(tmp_path: Path, security: SoftwareCardSecurityModule) -> None:
    state = opened_state(tmp_path / "card.json")
    with insert_card(state, tmp_path, pull_after=1) as inserted, inserted.connect() as conn, \
            pytest.raises(CardError, match="removed"):
        UserCard(conn, security).info()
