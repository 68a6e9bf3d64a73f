"""ISO/IEC 7816-4 command and response APDUs (short form), pure.

A command is ``CLA INS P1 P2 [Lc data] [Le]``; a response is ``[data] SW1 SW2``.
Over T=0 a card that has data for a case-4 command answers ``61xx`` ("xx bytes
waiting"), which the terminal fetches with ``GET RESPONSE 00 C0 00 00 xx``; a
card that was asked for the wrong length answers ``6Cxx`` and the terminal
repeats the command with ``Le = xx``. :func:`transmit_apdu` does both, then runs
the status-word check chain (:mod:`.status`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from device_drivers.card import status
from device_drivers.card.errors import ApduFormatError

MAX_T0_ROUNDS = 8


class CardChannel(Protocol):
    """A connected card: send a command APDU, get the response APDU (raw bytes)."""

    def transmit(self, apdu: bytes) -> bytes: ...


@dataclass(frozen=True, slots=True)
class CommandApdu:
    """A short command APDU. ``le`` is None when no response data is expected (0 means 256)."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None

    def __post_init__(self) -> None:
        for name in ("cla", "ins", "p1", "p2"):
            if not 0 <= getattr(self, name) <= 0xFF:
                raise ApduFormatError(f"APDU {name} out of range")
        if len(self.data) > 255:
            raise ApduFormatError("APDU data longer than 255 bytes (short APDUs only)")
        if self.le is not None and not 0 <= self.le <= 0xFF:
            raise ApduFormatError("APDU Le out of range")

    def encode(self) -> bytes:
        out = bytes((self.cla, self.ins, self.p1, self.p2))
        if self.data:
            out += bytes((len(self.data),)) + self.data
        if self.le is not None:
            out += bytes((self.le,))
        return out

    @property
    def header(self) -> bytes:
        return bytes((self.cla, self.ins, self.p1, self.p2))


@dataclass(frozen=True, slots=True)
class ResponseApdu:
    """Response data and the status word."""

    data: bytes
    sw: int

    @property
    def sw1(self) -> int:
        return self.sw >> 8

    @property
    def sw2(self) -> int:
        return self.sw & 0xFF

    def encode(self) -> bytes:
        return self.data + self.sw.to_bytes(2, "big")


def parse_command(raw: bytes) -> CommandApdu:
    """Parse a short command APDU (cases 1 to 4); raises :class:`ApduFormatError`."""
    if len(raw) < 4:
        raise ApduFormatError(f"a command APDU is at least 4 bytes, got {len(raw)}")
    cla, ins, p1, p2 = raw[:4]
    body = raw[4:]
    if not body:
        return CommandApdu(cla, ins, p1, p2)
    if len(body) == 1:
        return CommandApdu(cla, ins, p1, p2, le=body[0])
    lc = body[0]
    if lc == 0:
        raise ApduFormatError("extended APDUs are not supported")
    if len(body) == 1 + lc:
        return CommandApdu(cla, ins, p1, p2, body[1:])
    if len(body) == 2 + lc:
        return CommandApdu(cla, ins, p1, p2, body[1:1 + lc], le=body[-1])
    raise ApduFormatError(f"APDU Lc={lc} does not match its {len(body) - 1} data bytes")


def parse_response(raw: bytes) -> ResponseApdu:
    """Split a response APDU into data and status word; raises :class:`ApduFormatError`."""
    if len(raw) < 2:
        raise ApduFormatError(f"a response APDU is at least 2 bytes, got {len(raw)}")
    return ResponseApdu(raw[:-2], int.from_bytes(raw[-2:], "big"))


def get_response(length: int) -> CommandApdu:
    """T=0 GET RESPONSE for ``length`` waiting bytes (0 means 256)."""
    return CommandApdu(0x00, 0xC0, 0x00, 0x00, le=length & 0xFF)


def transmit_apdu(channel: CardChannel, command: CommandApdu, *,
                  chain: tuple[status.Checker, ...] = status.DEFAULT_CHAIN) -> bytes:
    """Send ``command``, follow T=0 ``61xx``/``6Cxx``, check the status; return the data.

    Raises the chain's named :class:`~device_drivers.card.errors.CardStatusError`
    for an error status, :class:`ApduFormatError` for a malformed response.
    """
    last = command  # a 6Cxx repeats the command just sent, which may be a GET RESPONSE
    response = parse_response(channel.transmit(last.encode()))
    data = b""
    for _ in range(MAX_T0_ROUNDS):
        if response.sw1 == 0x6C:
            last = CommandApdu(last.cla, last.ins, last.p1, last.p2, last.data, le=response.sw2)
        elif response.sw1 == 0x61:
            data += response.data
            last = get_response(response.sw2)
        else:
            break
        response = parse_response(channel.transmit(last.encode()))
    else:
        raise ApduFormatError("the card kept asking for GET RESPONSE: is it a customer card?")
    status.check(response.sw, chain)
    return data + response.data
