"""Errors of the infrared meter driver (DL/T 645-2007).

Every failure is a :class:`MeterError` whose message says what a technician can
do about it. The frame parser raises only :class:`FrameError`. Abnormal replies
from the meter become :class:`AbnormalReplyError` subclasses named after the
error bits the meter set.
"""

from __future__ import annotations

from device_drivers.errors import DeviceError, DeviceTimeoutError


class MeterError(DeviceError):
    """Root of every meter-driver error."""


class FrameError(MeterError):
    """Bytes that are not a valid DL/T 645 frame (the parser's only exception type)."""


class NoReplyError(MeterError, DeviceTimeoutError):
    """The meter did not answer, even after the retries."""


class GarbledReplyError(FrameError):
    """Replies kept arriving damaged (bad checksum, broken frames) after the retries."""


class WrongMeterError(MeterError):
    """A meter other than the one asked for answered."""


class UnexpectedReplyError(MeterError):
    """A well-formed reply that does not answer the request (wrong function or data item)."""


class ValueFormatError(MeterError):
    """A value does not fit the data item's format (for writes), or the meter's bytes do not decode."""


# --- abnormal replies to ordinary commands: the ERR byte ---------------------------------------

class AbnormalReplyError(MeterError):
    """The meter answered with an abnormal reply (control byte D6 set)."""

    def __init__(self, message: str, function: int, code: int) -> None:
        super().__init__(message)
        self.function = function
        self.code = code


class OtherMeterError(AbnormalReplyError):
    """ERR b0: the meter refused without a specific reason."""


class NoDataError(AbnormalReplyError):
    """ERR b1: the meter has no such data item (or not in this block form)."""


class UnauthorisedError(AbnormalReplyError):
    """ERR b2: wrong password or not authorised (e.g. IR authentication needed first)."""


class BaudUnchangeableError(AbnormalReplyError):
    """ERR b3: the meter cannot change to that baud rate."""


class TooManyEntriesError(AbnormalReplyError):
    """ERR b4-b6: too many year zones, day periods or tariffs for this meter."""


# --- abnormal replies to 03H security commands: the 2-byte SERR word ---------------------------

class SecurityReplyError(AbnormalReplyError):
    """The meter's ESAM refused a 03H security command (SERR word)."""


class RepeatedRechargeError(SecurityReplyError):
    """SERR b1: this purchase was already credited."""


class EsamFailureError(SecurityReplyError):
    """SERR b2: the meter's ESAM failed."""


class AuthFailedError(SecurityReplyError):
    """SERR b3: authentication failed (wrong key or the meter's authentication lapsed)."""


class CustomerMismatchError(SecurityReplyError):
    """SERR b4: the customer number does not match the meter's."""


class PurchaseCountError(SecurityReplyError):
    """SERR b5: wrong purchase count."""


class HoardingLimitError(SecurityReplyError):
    """SERR b6: the credit would exceed the meter's hoarding limit."""


class SecuritySuspendedError(SecurityReplyError):
    """SERR b8: the meter has suspended secure operations (too many MAC errors)."""


class MacError(SecurityReplyError):
    """SERR b15: the MAC did not verify."""
