"""The simulated meter's administrative commands: write address, passwords, clears (pure).

Each function takes the meter's state and the request's DATA (without 33H) and
returns the DATA of the normal reply, or raises :class:`Refused` with the ERR
byte of the abnormal reply. Layouts (DL/T 645-2007):

- 15H write address: data = new address A0..A5; reply 95H, L=0. Only while
  the programming key is pressed (else ERR b2).
- 18H change password: DI (04000C01..0A for levels 0..9) + old PA P0P1P2 +
  new PA P0P1P2; reply 98H with the new PA P0P1P2. The old password must be
  right and of a level with at least the new one's authority (lower or equal).
- 19H clear demand, 1AH clear meter: PA P0P1P2 + C0..C3; 1BH clear events:
  the same + DI (FFFFFFFF = every record). Replies 99H/9AH/9BH, L=0.

Passwords are levels 00..09. Clears need level :data:`CLEAR_LEVEL` or better.
The ESAM levels 98H/99H (ciphertext/MAC, what a prepaid meter's 19/1A/1B take
in the field) are not simulated for these commands: they are refused with ERR
b2, as a meter refuses a command it cannot authenticate.
"""

from __future__ import annotations

from decimal import Decimal

from device_drivers.meter import protocol as p
from device_drivers.meter.errors import FrameError
from device_drivers.meter.frame import decode_address
from device_drivers.meter.simulator.state import TARIFFS, MeterState

DI_PASSWORD_BASE = 0x04000C01  # + level (0..9)
DI_ALL_EVENTS = 0xFFFFFFFF
CLEAR_LEVEL = 2
EVENT_GROUPS = {0x03300D00: "cover_open", 0x1D000100: "trips", 0x1E000100: "closes"}


class Refused(Exception):  # noqa: N818 - a meter's answer, not a program error
    """The meter refuses; ``code`` is the ERR byte of the abnormal reply."""

    def __init__(self, code: int) -> None:
        super().__init__(f"refused (ERR {code:02X})")
        self.code = code


def _check_password(state: MeterState, level: int, password: bytes, *, at_most: int) -> None:
    """``password`` is right for ``level``, and ``level`` has at least ``at_most``'s authority."""
    stored = state.passwords.get(f"{level:02X}")
    if level > at_most or stored is None or bytes.fromhex(stored) != password:
        raise Refused(p.ERR_UNAUTHORISED)


def write_address(state: MeterState, data: bytes) -> bytes:
    if not state.programming:
        raise Refused(p.ERR_UNAUTHORISED)  # the programming key is not pressed
    if len(data) != 6:
        raise Refused(p.ERR_OTHER)
    try:
        address = decode_address(data)
    except FrameError:
        raise Refused(p.ERR_OTHER) from None
    if "A" in address:
        raise Refused(p.ERR_OTHER)
    state.address = address
    return b""


def change_password(state: MeterState, data: bytes) -> bytes:
    if len(data) != 12:
        raise Refused(p.ERR_OTHER)
    level = int.from_bytes(data[:4], "little") - DI_PASSWORD_BASE
    old_level, new_level = data[4], data[8]
    if not 0 <= level <= 9 or new_level != level:
        raise Refused(p.ERR_OTHER)
    _check_password(state, old_level, data[5:8], at_most=new_level)
    state.passwords[f"{new_level:02X}"] = data[9:12].hex().upper()
    return data[8:12]


def clear_demand(state: MeterState, data: bytes) -> bytes:
    if len(data) != 8:
        raise Refused(p.ERR_OTHER)
    _check_password(state, data[0], data[1:4], at_most=CLEAR_LEVEL)
    return b""  # a single-phase meter keeps no demand: nothing to clear


def clear_meter(state: MeterState, data: bytes) -> bytes:
    if len(data) != 8:
        raise Refused(p.ERR_OTHER)
    _check_password(state, data[0], data[1:4], at_most=CLEAR_LEVEL)
    zero = [Decimal(0)] * TARIFFS
    state.forward, state.reverse, state.settled_forward = list(zero), list(zero), list(zero)
    state.cover_open, state.trips, state.closes = [], [], []
    return b""


def clear_events(state: MeterState, data: bytes) -> bytes:
    if len(data) != 12:
        raise Refused(p.ERR_OTHER)
    _check_password(state, data[0], data[1:4], at_most=CLEAR_LEVEL)
    di = int.from_bytes(data[8:12], "little")
    if di == DI_ALL_EVENTS:
        state.cover_open, state.trips, state.closes = [], [], []
    elif di in EVENT_GROUPS:
        setattr(state, EVENT_GROUPS[di], [])
    else:
        raise Refused(p.ERR_NO_DATA)
    return b""
