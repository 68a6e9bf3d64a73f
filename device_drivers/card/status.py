"""Status words: their names, and the check chain that turns errors into exceptions.

As pyscard's ``sw`` package does, a chain of checkers looks at each response's
``SW1 SW2``; the first that recognises an error raises its named exception.
``61xx`` and ``6Cxx`` are transport (T=0) statuses handled by
:func:`device_drivers.card.apdu.transmit_apdu`; they never reach the chain.

The ``94xx`` purse statuses are our card's, modelled on PBOC's purse errors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from device_drivers.card.errors import (
    AuthenticationBlockedError,
    AuthenticationFailedError,
    BalanceLimitError,
    CardMacError,
    CardStatusError,
    FileNotFoundOnCardError,
    PurchaseCountError,
    RepeatedRechargeError,
    SecurityStatusError,
)

SW_OK = 0x9000
SW_WRONG_LENGTH = 0x6700
SW_SECURITY_STATUS = 0x6982
SW_AUTH_BLOCKED = 0x6983
SW_NO_CHALLENGE = 0x6984
SW_CONDITIONS = 0x6985
SW_MAC = 0x6988
SW_WRONG_DATA = 0x6A80
SW_FILE_NOT_FOUND = 0x6A82
SW_WRONG_P1P2 = 0x6A86
SW_INS_NOT_SUPPORTED = 0x6D00
SW_CLA_NOT_SUPPORTED = 0x6E00
SW_REPEATED_RECHARGE = 0x9410
SW_COUNT_SEQUENCE = 0x9411
SW_BALANCE_LIMIT = 0x9412

MESSAGES: dict[int, str] = {
    SW_WRONG_LENGTH: "the card refused the command length",
    SW_SECURITY_STATUS: "the card needs the terminal to authenticate first",
    SW_AUTH_BLOCKED: "the card has blocked authentication after too many failures: "
                     "it must go back to the office to be unblocked",
    SW_NO_CHALLENGE: "the card expected a fresh challenge before this command",
    SW_CONDITIONS: "the card refused the command in its current state",
    SW_MAC: "the card refused the MAC: wrong keys for this card, or altered data",
    SW_WRONG_DATA: "the card refused the data",
    SW_FILE_NOT_FOUND: "the card has no such file: is this a MeterField customer card?",
    SW_WRONG_P1P2: "the card refused the command parameters",
    SW_INS_NOT_SUPPORTED: "the card does not support this command: is this a customer card?",
    SW_CLA_NOT_SUPPORTED: "the card does not support this command class",
    SW_REPEATED_RECHARGE: "this credit is already on the card (repeated recharge): nothing added",
    SW_COUNT_SEQUENCE: "the purchase count does not follow the card's: an earlier purchase "
                       "is missing from the card",
    SW_BALANCE_LIMIT: "the credit would take the card's purse over its limit",
}

ERROR_TYPES: dict[int, type[CardStatusError]] = {
    SW_SECURITY_STATUS: SecurityStatusError,
    SW_AUTH_BLOCKED: AuthenticationBlockedError,
    SW_MAC: CardMacError,
    SW_FILE_NOT_FOUND: FileNotFoundOnCardError,
    SW_REPEATED_RECHARGE: RepeatedRechargeError,
    SW_COUNT_SEQUENCE: PurchaseCountError,
    SW_BALANCE_LIMIT: BalanceLimitError,
}

Checker = Callable[[int], None]


def check_auth_tries(sw: int) -> None:
    """63Cx: authentication failed, x tries left before the card blocks it."""
    if sw & 0xFFF0 == 0x63C0:
        left = sw & 0x0F
        raise AuthenticationFailedError(
            sw, f"the card refused the terminal's authentication ({left} tries left before it "
                "blocks): check that the security module holds this card's keys")


def check_named(sw: int) -> None:
    """Every status word of :data:`MESSAGES`, with its named exception when it has one."""
    if sw in MESSAGES:
        raise ERROR_TYPES.get(sw, CardStatusError)(sw, MESSAGES[sw])


def check_any_error(sw: int) -> None:
    """Anything left that is not 9000 is an error too (never silently accepted)."""
    if sw != SW_OK:
        raise CardStatusError(sw, "the card refused the command")


DEFAULT_CHAIN: tuple[Checker, ...] = (check_auth_tries, check_named, check_any_error)


def check(sw: int, chain: Sequence[Checker] = DEFAULT_CHAIN) -> None:
    """Run the check chain over a status word; returns only for success."""
    for checker in chain:
        checker(sw)


def describe(sw: int) -> str:
    """A readable name for a status word (for logs and diagnosis)."""
    if sw == SW_OK:
        return "success"
    if sw & 0xFFF0 == 0x63C0:
        return f"authentication failed, {sw & 0x0F} tries left"
    if sw >> 8 == 0x61:
        return f"{sw & 0xFF} bytes waiting (GET RESPONSE)"
    if sw >> 8 == 0x6C:
        return f"wrong length, expected {sw & 0xFF}"
    return MESSAGES.get(sw, "unknown status")
