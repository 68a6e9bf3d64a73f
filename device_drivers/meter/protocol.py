"""Request builders and reply interpretation for DL/T 645-2007 (pure).

Builds the request :class:`~device_drivers.meter.frame.Frame` for each function
the driver uses and turns abnormal replies into named errors:

- ordinary commands: C = request C + C0H, L = 1, an ERR byte
  (b0 other, b1 no data, b2 wrong password / unauthorised, b3 baud not
  changeable, b4-b6 too many year zones / day periods / tariffs);
- 03H security commands (and 1CH): L = 2, a little-endian SERR word
  (b0 other, b1 repeated recharge, b2 ESAM failure, b3 auth failure, b4
  customer mismatch, b5 count error, b6 over hoarding limit, b8 suspended, b15 MAC).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from device_drivers.meter import errors as e
from device_drivers.meter.control import Control, Function
from device_drivers.meter.di_table import di_bytes, lookup
from device_drivers.meter.frame import BROADCAST, WILDCARD, Frame
from device_drivers.meter.timeformats import DateTimeFormat
from device_drivers.meter.values import Value

LEVEL_CLASS1 = 0x99  # plaintext + MAC
LEVEL_CLASS2 = 0x98  # ciphertext + MAC

ERR_OTHER, ERR_NO_DATA, ERR_UNAUTHORISED, ERR_BAUD = 0x01, 0x02, 0x04, 0x08
SERR_OTHER, SERR_REPEATED, SERR_ESAM, SERR_AUTH = 0x0001, 0x0002, 0x0004, 0x0008
SERR_CUSTOMER, SERR_COUNT, SERR_HOARD, SERR_SUSPENDED, SERR_MAC = 0x0010, 0x0020, 0x0040, 0x0100, 0x8000

# 03H security data identifiers (FW13 TRx.c / FW09). The simulator implements identity auth,
# cancel, IR request and IR auth; the others are refused with SERR b0 there.
DI_IDENTITY_AUTH, DI_AUTH_VALIDITY, DI_CANCEL_AUTH = 0x070000FF, 0x070001FF, 0x070002FF
DI_MAC_READ_BACK, DI_STATUS_QUERY = 0x078001FF, 0x078102FF
DI_OPEN_ACCOUNT, DI_RECHARGE, DI_PURSE_INIT = 0x070101FF, 0x070102FF, 0x070103FF
DI_KEY_UPDATE = 0x070301FF
DI_IR_REQUEST, DI_IR_AUTH = 0x078003FF, 0x070003FF
DI_WRITE_ESAM_PLAIN, DI_WRITE_ESAM_CIPHER = 0x070004FF, 0x070005FF

BAUD_FEATURES = {600: 0x02, 1200: 0x04, 2400: 0x08, 4800: 0x10, 9600: 0x20}


@dataclass(frozen=True, slots=True)
class Reading:
    """One decoded data item as read from a meter."""

    di: int
    name: str
    value: Value
    unit: str
    raw: bytes

    @property
    def code(self) -> str:
        return f"{self.di:08X}"


def decode_reading(di: int, raw: bytes) -> Reading:
    """Decode a data item's bytes by the table (raises ValueFormatError if they do not fit)."""
    item = lookup(di)
    return Reading(di, item.name, item.fmt.decode(raw), item.unit, bytes(raw))


def read(address: str, di: int) -> Frame:
    return Frame(address, Control.request(Function.READ), di_bytes(di))


def read_follow_up(address: str, di: int, seq: int) -> Frame:
    return Frame(address, Control.request(Function.READ_FOLLOW_UP), di_bytes(di) + bytes([seq & 0xFF]))


def read_address() -> Frame:
    return Frame(WILDCARD, Control.request(Function.READ_ADDRESS))


def broadcast_time(when: dt.datetime) -> Frame:
    """08H: set every meter's clock (no reply). Data YYMMDDhhmmss."""
    return Frame(BROADCAST, Control.request(Function.BROADCAST_TIME),
                 DateTimeFormat("YYMMDDhhmmss").encode(when))


def write(address: str, di: int, level: int, operator: bytes, data: bytes, *,
          password: bytes = b"\x00\x00\x00") -> Frame:
    """14H: DI + PA (level) + P0P1P2 + C0..C3 (operator code) + data."""
    if len(password) != 3 or len(operator) != 4:
        raise e.ValueFormatError("a write needs a 3-byte password and a 4-byte operator code")
    body = di_bytes(di) + bytes([level]) + password + operator + data
    return Frame(address, Control.request(Function.WRITE), body)


def freeze(address: str, when: str = "99999999") -> Frame:
    """16H: freeze at MMDDhhmm (99 = every), given as 8 digits; ``99999999`` freezes now."""
    if len(when) != 8 or not when.isdigit():
        raise e.ValueFormatError(f"a freeze time is MMDDhhmm, got {when!r}")
    data = bytes(int(when[i:i + 2], 16) for i in (6, 4, 2, 0))
    return Frame(address, Control.request(Function.FREEZE), data)


def change_baud(address: str, baud: int) -> Frame:
    if baud not in BAUD_FEATURES:
        raise e.ValueFormatError(f"the meter cannot use {baud} bps (one of {sorted(BAUD_FEATURES)})")
    return Frame(address, Control.request(Function.CHANGE_BAUD), bytes([BAUD_FEATURES[baud]]))


def security(address: str, di: int, operator: bytes, payload: bytes) -> Frame:
    """03H: DI + operator code C0..C3 + payload."""
    if len(operator) != 4:
        raise e.ValueFormatError("an operator code is 4 bytes")
    return Frame(address, Control.request(Function.SECURITY), di_bytes(di) + operator + payload)


_ERR_BITS: tuple[tuple[int, type[e.AbnormalReplyError], str], ...] = (
    (ERR_UNAUTHORISED, e.UnauthorisedError,
     "the meter refused: not authorised (wrong password, or IR authentication needed first)"),
    (ERR_NO_DATA, e.NoDataError,
     "the meter has no data for item {di} (not supported by this meter, or nothing recorded yet)"),
    (ERR_BAUD, e.BaudUnchangeableError, "the meter cannot change to that baud rate"),
    (0x70, e.TooManyEntriesError, "too many year zones, day periods or tariffs for this meter"),
    (ERR_OTHER, e.OtherMeterError, "the meter refused the request (error {code:02X})"),
)

_SERR_BITS: tuple[tuple[int, type[e.SecurityReplyError], str], ...] = (
    (SERR_MAC, e.MacError, "the meter's security module rejected the MAC: re-authenticate and retry"),
    (SERR_SUSPENDED, e.SecuritySuspendedError,
     "the meter has suspended secure operations after too many MAC errors: report the meter"),
    (SERR_AUTH, e.AuthFailedError,
     "the meter refused authentication: the key does not match this meter, or authentication lapsed"),
    (SERR_REPEATED, e.RepeatedRechargeError, "the meter already credited this purchase"),
    (SERR_CUSTOMER, e.CustomerMismatchError, "the customer number does not match the meter"),
    (SERR_COUNT, e.PurchaseCountError, "wrong purchase count for this meter"),
    (SERR_HOARD, e.HoardingLimitError, "the credit would exceed the meter's hoarding limit"),
    (SERR_ESAM, e.EsamFailureError, "the meter's security module failed: report the meter"),
    (SERR_OTHER, e.SecurityReplyError, "the meter's security module refused (status {code:04X})"),
)


def abnormal_error(reply: Frame, di: int | None = None) -> e.AbnormalReplyError:
    """The named error for an abnormal reply (control byte D6 set)."""
    function = reply.control.function
    where = f"{di:08X}" if di is not None else "requested"
    if len(reply.data) >= 2 and function in (Function.SECURITY, Function.REMOTE_CONTROL):
        code = int.from_bytes(reply.data[:2], "little")
        for bit, cls, text in _SERR_BITS:
            if code & bit:
                return cls(text.format(code=code, di=where), function, code)
        return e.SecurityReplyError(f"the meter's security module refused (status {code:04X})",
                                    function, code)
    code = reply.data[0] if reply.data else 0
    for bit, err_cls, text in _ERR_BITS:
        if code & bit:
            return err_cls(text.format(code=code, di=where), function, code)
    return e.OtherMeterError(f"the meter refused the request (error {code:02X})", function, code)


def abnormal_reply(request: Frame, address: str, code: int) -> Frame:
    """The abnormal reply a meter sends (used by the simulator and tests)."""
    function = request.control.function
    wide = function in (Function.SECURITY, Function.REMOTE_CONTROL)
    data = code.to_bytes(2, "little") if wide else bytes([code & 0xFF])
    return Frame(address, Control.reply(function, abnormal=True), data)
