"""The technician's card operations: open, write, recharge, repair.

Each one reads the card first and checks, before any APDU that changes it, that
the credit token verifies (signature, window) and is for this card (serial,
customer, meter). Every operation can be run again after an interruption: files
are rewritten whole, and credits follow :func:`~device_drivers.card.repair.decide`,
so running it twice never credits twice. Each ends with a read-back.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from device_drivers.card.errors import (
    CardStateError,
    CardVerificationError,
    RepeatedRechargeError,
    WrongCardError,
)
from device_drivers.card.files import (
    SFI_PARAMETERS,
    SFI_TARIFFS,
    SFI_TARIFFS_STANDBY,
    CardParameters,
    CardType,
    Purse,
    TariffSet,
)
from device_drivers.card.repair import Action, RechargeJournal, decide
from device_drivers.card.user_card import UserCard
from device_drivers.security.errors import refusing_commands
from signed_commands.card_parameters import CardParametersCommand, open_card_parameters
from signed_commands.credit_token import CreditToken, Purpose, open_credit_token


class Outcome(Enum):
    CREDITED = "credited"
    ALREADY_APPLIED = "already-applied"
    WRITTEN = "written"


@dataclass(frozen=True, slots=True)
class OperationResult:
    outcome: Outcome
    purse: Purse
    message: str


class ReplayedCreditError(CardStateError):
    """A credit token that is already on the card was presented again as a new recharge."""


@dataclass(frozen=True, slots=True)
class TokenVerifier:
    """Verifies credit tokens with the server's public key against the terminal's clock."""

    public_key: Ed25519PublicKey
    clock: Callable[[], float] = time.time

    def verify(self, raw: bytes) -> CreditToken:
        with refusing_commands():
            return open_credit_token(raw, self.public_key, self.clock())

    def verify_parameters(self, raw: bytes) -> CardParametersCommand:
        with refusing_commands():
            return open_card_parameters(raw, self.public_key, self.clock())


def card_files(command: CardParametersCommand) -> tuple[CardParameters, tuple[TariffSet, ...]]:
    """The parameter file and the tariff files the centre's signed parameters stand for."""
    version, prices = command.tariffs[0]
    params = CardParameters(command.customer_number, command.meter_number, CardType(command.card_type),
                            tariff_version=version, tariff_count=len(prices), alarm1_fen=command.alarm1_fen,
                            alarm2_fen=command.alarm2_fen)
    return params, tuple(TariffSet(v, p) for v, p in command.tariffs)


def _signed_files(raw_parameters: bytes, verifier: TokenVerifier,
                  card: UserCard) -> tuple[CardParameters, tuple[TariffSet, ...]]:
    """The centre's parameters for the card in the reader (checked before any APDU that changes it)."""
    command = verifier.verify_parameters(raw_parameters)
    why = command.mismatch(card.serial)
    if why is not None:
        raise WrongCardError(f"wrong card: {why}; nothing was written")
    return card_files(command)


def _bound_parameters(card: UserCard) -> CardParameters:
    params = card.read_parameters()
    if params is None:
        raise CardStateError("this card is blank: open it for the customer first")
    return params


def _check_token_for_card(token: CreditToken, card: UserCard, params: CardParameters) -> None:
    why = token.mismatch(params.customer_number, params.meter_number, card.serial)
    if why is not None:
        raise WrongCardError(f"wrong card: {why}; nothing was written")


def _credit(card: UserCard, token: CreditToken, before: Purse, *, replay_is_error: bool,
            authenticated: bool = False) -> OperationResult:
    decision = decide(token.purchase_count, token.amount_fen, before)
    if decision.action is Action.REFUSE:
        raise CardStateError(f"{decision.reason}; nothing was written")
    if decision.action is Action.ALREADY_APPLIED:
        if replay_is_error:
            raise ReplayedCreditError(f"this credit ({token.transaction_id}) was already applied "
                                      f"to the card as purchase {token.purchase_count}: refused, "
                                      "nothing was written")
        return OperationResult(Outcome.ALREADY_APPLIED, before, decision.reason)
    if not authenticated:
        card.authenticate()
    try:
        card.increase(token)
    except RepeatedRechargeError:
        if replay_is_error:
            raise
    after = card.read_purse()
    if after != Purse(before.balance_fen + token.amount_fen, token.purchase_count):
        raise CardVerificationError(f"after the credit the card shows {after}, expected purchase "
                                    f"{token.purchase_count} on top of {before}: run the repair")
    return OperationResult(Outcome.CREDITED, after,
                           f"credited {token.amount_fen / 100:.2f} yuan as purchase "
                           f"{token.purchase_count}; balance {after.balance_fen / 100:.2f} yuan")


def recharge(card: UserCard, raw_token: bytes, verifier: TokenVerifier) -> OperationResult:
    """Credit one server-confirmed purchase; a token already on the card is refused."""
    token = verifier.verify(raw_token)
    if token.purpose is not Purpose.RECHARGE:
        raise CardStateError("this credit is for opening a card, not a recharge")
    card.select()
    _check_token_for_card(token, card, _bound_parameters(card))
    return _credit(card, token, card.read_purse(), replay_is_error=True)


def repair(card: UserCard, raw_token: bytes, verifier: TokenVerifier) -> OperationResult:
    """Make sure the card holds this confirmed purchase, exactly once (recharge or open)."""
    token = verifier.verify(raw_token)
    card.select()
    params = card.read_parameters()
    if params is None and token.purpose is Purpose.OPEN_CARD:
        raise CardStateError("this card was never bound to the customer: run open card again")
    _check_token_for_card(token, card, _bound_parameters(card))
    return _credit(card, token, card.read_purse(), replay_is_error=False)


def _write_files(card: UserCard, params: CardParameters, tariffs: Sequence[TariffSet]) -> None:
    """Tariffs first, the parameter file (which names the tariff version) last."""
    for sfi, tariff in zip((SFI_TARIFFS, SFI_TARIFFS_STANDBY), tariffs, strict=False):
        card.update_file(sfi, tariff.encode())
    card.update_file(SFI_PARAMETERS, params.encode())


def _verify_files(card: UserCard, params: CardParameters, tariffs: Sequence[TariffSet]) -> None:
    if card.read_parameters() != params:
        raise CardVerificationError("the card's parameters differ from what was written: write again")
    for sfi, tariff in zip((SFI_TARIFFS, SFI_TARIFFS_STANDBY), tariffs, strict=False):
        if card.read_tariffs(sfi) != tariff:
            raise CardVerificationError("the card's tariffs differ from what was written: write again")


def open_card(card: UserCard, raw_token: bytes, verifier: TokenVerifier,
              raw_parameters: bytes) -> OperationResult:
    """Bind a blank card to the customer and meter with the centre's signed parameters, write its
    tariffs, credit purchase 1 (the opening's payment, possibly 0)."""
    token = verifier.verify(raw_token)
    if token.purpose is not Purpose.OPEN_CARD or token.purchase_count != 1:
        raise CardStateError("this credit is not for opening a card")
    card.select()
    params, tariffs = _signed_files(raw_parameters, verifier, card)
    if (params.customer_number, params.meter_number) != (token.customer_number, token.meter_number):
        raise WrongCardError("the card parameters and the credit name different customers or meters")
    current = card.read_parameters()
    if current is not None:
        _check_token_for_card(token, card, current)  # resuming an interrupted opening
    elif token.card_serial != card.serial:
        raise WrongCardError(f"wrong card: {token.mismatch('', '', card.serial)}; nothing was written")
    before = card.read_purse()
    writing = decide(1, token.amount_fen, before).action is Action.WRITE
    if writing:
        card.authenticate()
        _write_files(card, params, tariffs)
    return _credit(card, token, before, replay_is_error=False, authenticated=writing)


def write_card(card: UserCard, raw_parameters: bytes, verifier: TokenVerifier) -> OperationResult:
    """Rewrite the parameter and tariff files of the customer's card with the centre's signed
    parameters (idempotent); the card must already be this customer's and meter's."""
    card.select()
    params, tariffs = _signed_files(raw_parameters, verifier, card)
    current = _bound_parameters(card)
    if (current.customer_number, current.meter_number) != (params.customer_number, params.meter_number):
        raise WrongCardError(f"wrong card: it belongs to customer {current.customer_number}, meter "
                             f"{current.meter_number}; nothing was written")
    card.authenticate()
    _write_files(card, params, tariffs)
    _verify_files(card, params, tariffs)
    return OperationResult(Outcome.WRITTEN, card.read_purse(), "card parameters written")


def recharge_with_journal(card: UserCard, journal: RechargeJournal, raw_token: bytes,
                          verifier: TokenVerifier) -> OperationResult:
    """The journaled recharge: record the confirmed credit, credit the card, mark it applied.

    If anything interrupts it, the entry stays pending and :func:`complete_pending`
    finishes it exactly once.
    """
    token = verifier.verify(raw_token)
    journal.record_confirmed(token.transaction_id, raw_token)
    result = recharge(card, raw_token, verifier)
    journal.record_applied(token.transaction_id)
    return result


def complete_pending(card: UserCard, journal: RechargeJournal,
                     verifier: TokenVerifier) -> list[OperationResult]:
    """Repair every pending journal entry on the card in the reader, oldest first.

    An entry whose card is blank (an opening that never bound the card) raises
    :class:`CardStateError`: run :func:`open_card` again with its parameters.
    """
    results = []
    for transaction_id, raw in journal.pending():
        results.append(repair(card, raw, verifier))
        journal.record_applied(transaction_id)
    return results
