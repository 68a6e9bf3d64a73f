"""DL/T 645-2007 frames: ``[FE..] 68 A0..A5 68 C L DATA CS 16`` (pure codec, no I/O).

- Address: 6 BCD bytes, low byte first; ``AA`` bytes are wildcards (read
  address), ``999999999999`` is the broadcast address. Here an address is a
  12-character string of digits, with ``A`` for a wildcard nibble.
- DATA is sent with 33H added to every byte; :class:`Frame` holds it without.
- CS is the sum mod 256 of every byte from the first 68 to the end of DATA.

:func:`decode_frame` parses one complete frame strictly. :class:`FrameReader`
parses a byte stream: it skips garbage before a frame (resynchronising on the
next 68) and, by its explicit policy, either reports a damaged frame as a
:class:`BadFrame` event or raises :class:`FrameError`. The parser never raises
anything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from device_drivers.meter.control import Control
from device_drivers.meter.errors import FrameError

START = 0x68
END = 0x16
WAKE = 0xFE
PREAMBLE = bytes([WAKE] * 4)
HEADER_LEN = 10  # 68 A0..A5 68 C L
MIN_FRAME = HEADER_LEN + 2
MAX_DATA = 255
BROADCAST = "999999999999"
WILDCARD = "AAAAAAAAAAAA"


def encode_address(address: str) -> bytes:
    """12 digits (``A`` for wildcard nibbles, in pairs) to 6 bytes, low byte first."""
    if len(address) != 12:
        raise FrameError(f"a meter address has 12 digits, got {address!r}")
    out = bytearray()
    for i in range(10, -1, -2):
        pair = address[i:i + 2].upper()
        if pair == "AA":
            out.append(0xAA)
        elif pair.isdigit() and pair.isascii():
            out.append(int(pair, 16))
        else:
            raise FrameError(f"a meter address is digits (or AA wildcards), got {address!r}")
    return bytes(out)


def decode_address(raw: bytes) -> str:
    """6 bytes, low byte first, to the 12-character address."""
    if len(raw) != 6:
        raise FrameError("a meter address is 6 bytes")
    digits = []
    for byte in reversed(raw):
        if byte == 0xAA:
            digits.append("AA")
        elif (byte >> 4) <= 9 and (byte & 0x0F) <= 9:
            digits.append(f"{byte:02X}")
        else:
            raise FrameError(f"address byte {byte:02X} is not BCD")
    return "".join(digits)


def checksum(data: bytes) -> int:
    return sum(data) & 0xFF


def scramble(data: bytes) -> bytes:
    """Add 33H to every byte (what goes on the line)."""
    return bytes((b + 0x33) & 0xFF for b in data)


def unscramble(data: bytes) -> bytes:
    """Subtract 33H from every byte (what the application sees)."""
    return bytes((b - 0x33) & 0xFF for b in data)


@dataclass(frozen=True, slots=True)
class Frame:
    """One frame, DATA held without the 33H offset."""

    address: str
    control: Control
    data: bytes = b""

    def encode(self, preamble: bytes = PREAMBLE) -> bytes:
        if len(self.data) > MAX_DATA:
            raise FrameError(f"frame data is at most {MAX_DATA} bytes, got {len(self.data)}")
        body = (bytes([START]) + encode_address(self.address) + bytes([START, self.control.encode(),
                len(self.data)]) + scramble(self.data))
        return preamble + body + bytes([checksum(body), END])

    def line_bytes(self, preamble_len: int = 4) -> int:
        """How many bytes the frame takes on the line (with ``preamble_len`` wake-up bytes)."""
        return preamble_len + MIN_FRAME + len(self.data)


@dataclass(frozen=True, slots=True)
class BadFrame:
    """A damaged frame seen in the stream (reported, not raised, under the "report" policy)."""

    reason: str
    raw: bytes


ErrorPolicy = Literal["report", "raise"]


class FrameReader:
    """Incremental frame parser over a byte stream with resynchronisation.

    ``feed`` bytes, then call ``next_event`` until it returns ``None``. Garbage
    before a frame start is skipped and counted in ``discarded``. A candidate
    frame that is complete but damaged (bad checksum or end byte, non-BCD
    address) is reported as :class:`BadFrame` (policy ``"report"``) or raised as
    :class:`FrameError` (policy ``"raise"``).
    """

    def __init__(self, policy: ErrorPolicy = "report") -> None:
        self._buf = bytearray()
        self._policy = policy
        self.discarded = 0

    def feed(self, data: bytes) -> None:
        self._buf += data

    def pending(self) -> bytes:
        return bytes(self._buf)

    def clear(self) -> None:
        self._buf.clear()

    def bytes_needed(self) -> int:
        """The fewest bytes that can complete the frame in progress (never reads past a frame)."""
        self._settle()
        have = len(self._buf)
        if have < HEADER_LEN:
            return MIN_FRAME - have
        return MIN_FRAME + self._buf[9] - have

    def next_event(self) -> Frame | BadFrame | None:
        while True:
            self._settle()
            if len(self._buf) < HEADER_LEN:
                return None
            total = MIN_FRAME + self._buf[9]
            if len(self._buf) < total:
                return None
            raw = bytes(self._buf[:total])
            del self._buf[:total]
            try:
                return _parse_exact(raw)
            except FrameError as exc:
                if self._policy == "raise":
                    raise
                return BadFrame(str(exc), raw)

    def _settle(self) -> None:
        """Drop bytes until the buffer starts with a plausible header (or is too short to tell)."""
        while True:
            start = self._buf.find(START)
            if start < 0:
                self._drop(len(self._buf))
                return
            if start:
                self._drop(start)
            if len(self._buf) < 8 or self._buf[7] == START:
                return
            self._drop(1)  # that 68 was not a frame start

    def _drop(self, n: int) -> None:
        self.discarded += sum(1 for b in self._buf[:n] if b != WAKE)
        del self._buf[:n]


def _parse_exact(raw: bytes) -> Frame:
    """Parse exactly one frame starting at its first 68 (no preamble, nothing after)."""
    if len(raw) < MIN_FRAME or raw[0] != START or raw[7] != START:
        raise FrameError("not a DL/T 645 frame (no 68 ... 68 header)")
    length = raw[9]
    if len(raw) != MIN_FRAME + length:
        raise FrameError(f"frame length {len(raw)} does not match L={length}")
    if raw[-1] != END:
        raise FrameError(f"frame does not end with 16 (got {raw[-1]:02X})")
    if checksum(raw[:-2]) != raw[-2]:
        raise FrameError(f"bad checksum: frame says {raw[-2]:02X}, bytes sum to {checksum(raw[:-2]):02X}")
    return Frame(decode_address(raw[1:7]), Control.decode(raw[8]), unscramble(raw[10:-2]))


def decode_frame(data: bytes) -> Frame:
    """Parse one complete frame (wake-up FE bytes allowed before it); raises only FrameError."""
    start = 0
    while start < len(data) and data[start] == WAKE:
        start += 1
    return _parse_exact(bytes(data[start:]))
