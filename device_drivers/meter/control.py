"""The DL/T 645-2007 control byte and function codes.

``C`` = D7 direction (1: sent by the meter) | D6 abnormal reply | D5 follow-up
frame follows | D4-D0 function code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

DIRECTION_BIT = 0x80
ABNORMAL_BIT = 0x40
FOLLOW_BIT = 0x20
FUNCTION_MASK = 0x1F


class Function(IntEnum):
    """Function codes (D4-D0) of DL/T 645-2007 and the prepaid extension."""

    SECURITY = 0x03
    BROADCAST_TIME = 0x08
    READ = 0x11
    READ_FOLLOW_UP = 0x12
    READ_ADDRESS = 0x13
    WRITE = 0x14
    WRITE_ADDRESS = 0x15
    FREEZE = 0x16
    CHANGE_BAUD = 0x17
    CHANGE_PASSWORD = 0x18
    CLEAR_DEMAND = 0x19
    CLEAR_METER = 0x1A
    CLEAR_EVENTS = 0x1B
    REMOTE_CONTROL = 0x1C


@dataclass(frozen=True, slots=True)
class Control:
    """A decoded control byte."""

    function: int
    from_meter: bool = False
    abnormal: bool = False
    follow_up: bool = False

    @classmethod
    def decode(cls, byte: int) -> Control:
        return cls(function=byte & FUNCTION_MASK, from_meter=bool(byte & DIRECTION_BIT),
                   abnormal=bool(byte & ABNORMAL_BIT), follow_up=bool(byte & FOLLOW_BIT))

    def encode(self) -> int:
        return ((self.function & FUNCTION_MASK) | (DIRECTION_BIT if self.from_meter else 0)
                | (ABNORMAL_BIT if self.abnormal else 0) | (FOLLOW_BIT if self.follow_up else 0))

    @classmethod
    def request(cls, function: int) -> Control:
        return cls(function=function)

    @classmethod
    def reply(cls, function: int, *, abnormal: bool = False, follow_up: bool = False) -> Control:
        return cls(function=function, from_meter=True, abnormal=abnormal, follow_up=follow_up)

    def __str__(self) -> str:
        flags = [f for f, on in (("meter", self.from_meter), ("abnormal", self.abnormal),
                                 ("more", self.follow_up)) if on]
        return f"{self.encode():02X}(fn {self.function:02X}{' ' + ','.join(flags) if flags else ''})"
