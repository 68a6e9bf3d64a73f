"""Errors of the card reader and the customer card.

Every message says what the technician can do about it.
"""

from __future__ import annotations

from device_drivers.errors import DeviceError


class CardError(DeviceError):
    """The card or its reader did not do what was asked."""


class PcscUnavailableError(CardError):
    """The smart-card service (pcscd) is not running or refused us."""


class NoReaderError(CardError):
    """No card reader (or not the one asked for) is connected."""


class NoCardError(CardError):
    """The reader is empty: no card was inserted in time."""


class CardRemovedError(CardError):
    """The card was pulled out, or stopped answering, during an operation."""


class ApduFormatError(CardError):
    """An APDU or a card file is malformed (a damaged or foreign card)."""


class CardStatusError(CardError):
    """The card answered with an error status word."""

    def __init__(self, sw: int, message: str) -> None:
        super().__init__(f"{message} (card status {sw:04X})")
        self.sw = sw


class SecurityStatusError(CardStatusError):
    """6982: the operation needs an authentication that was not done."""


class AuthenticationFailedError(CardStatusError):
    """63Cx: the terminal's authentication was refused; x tries remain."""

    def __init__(self, sw: int, message: str) -> None:
        super().__init__(sw, message)
        self.tries_left = sw & 0x0F


class AuthenticationBlockedError(CardStatusError):
    """6983: the card has blocked authentication after too many failures."""


class CardMacError(CardStatusError):
    """6988: the card refused a MAC (wrong key, or the data was altered)."""


class RepeatedRechargeError(CardStatusError):
    """9410: the purchase count equals the card's: this credit is already on the card."""


class PurchaseCountError(CardStatusError):
    """9411: the purchase count is not the card's count + 1."""


class BalanceLimitError(CardStatusError):
    """9412: the credit would take the purse over its limit."""


class FileNotFoundOnCardError(CardStatusError):
    """6A82: the card has no such file (not a customer card of ours)."""


class WrongCardError(CardError):
    """The card belongs to another customer, meter or card serial than the operation."""


class CardStateError(CardError):
    """The card is not in a state that allows the operation (blank, already open...)."""


class CardVerificationError(CardError):
    """The card's data failed its MAC check, or a read-back differs from what was written."""
