"""Value formats of DL/T 645 data items (pure): BCD numbers, dates, digits, words, records.

All multi-byte values travel low byte first. Numbers are BCD with an implied
decimal point (``XXXXXX.XX`` = 4 bytes, 2 decimals) and decode to
:class:`~decimal.Decimal`, never float. A signed format uses the top bit of the
most significant byte as the sign (power and current direction).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol, TypeAlias

from device_drivers.meter.errors import ValueFormatError

Value: TypeAlias = (
    "Decimal | int | str | bytes | dt.date | dt.time | dt.datetime | tuple[Value, ...] | dict[str, Value]"
)


class Format(Protocol):
    """How one data item's bytes map to a value."""

    @property
    def length(self) -> int | None:
        """Bytes on the wire; ``None`` when variable."""

    def decode(self, raw: bytes) -> Value: ...

    def encode(self, value: Value) -> bytes: ...

    def describe(self) -> str: ...


def _check_len(raw: bytes, length: int, what: str) -> None:
    if len(raw) != length:
        raise ValueFormatError(f"{what}: expected {length} bytes, got {len(raw)}")


def bcd_digits(raw: bytes) -> str:
    """BCD bytes (low byte first) to a digit string, most significant first."""
    out = []
    for byte in reversed(raw):
        hi, lo = byte >> 4, byte & 0x0F
        if hi > 9 or lo > 9:
            raise ValueFormatError(f"byte {byte:02X} is not BCD")
        out.append(f"{hi}{lo}")
    return "".join(out)


def digits_bcd(digits: str, length: int) -> bytes:
    """A digit string to ``length`` BCD bytes, low byte first."""
    if len(digits) != 2 * length or not (digits.isdigit() and digits.isascii()):
        raise ValueFormatError(f"expected {2 * length} digits, got {digits!r}")
    return bytes(int(digits[i:i + 2], 16) for i in range(2 * length - 2, -1, -2))


@dataclass(frozen=True, slots=True)
class BcdNumber:
    """A BCD number with ``decimals`` implied decimals, e.g. XXXXXX.XX = BcdNumber(4, 2)."""

    nbytes: int
    decimals: int
    signed: bool = False

    @property
    def length(self) -> int:
        return self.nbytes

    def decode(self, raw: bytes) -> Decimal:
        _check_len(raw, self.nbytes, "BCD number")
        negative = False
        if self.signed and raw[-1] & 0x80:
            negative, raw = True, raw[:-1] + bytes([raw[-1] & 0x7F])
        value = Decimal(int(bcd_digits(raw))).scaleb(-self.decimals)
        return -value if negative else value

    def encode(self, value: Value) -> bytes:
        if not isinstance(value, Decimal | int):
            raise ValueFormatError(f"expected a number, got {value!r}")
        number = Decimal(value)
        scaled = number.scaleb(self.decimals)
        if scaled != scaled.to_integral_value():
            raise ValueFormatError(f"{value} has more than {self.decimals} decimals")
        magnitude = abs(int(scaled))
        digits = 2 * self.nbytes - (1 if self.signed else 0)
        if magnitude >= 10 ** digits or (number < 0 and not self.signed):
            raise ValueFormatError(f"{value} does not fit {self.describe()}")
        raw = digits_bcd(f"{magnitude:0{2 * self.nbytes}d}", self.nbytes)
        if number < 0:
            raw = raw[:-1] + bytes([raw[-1] | 0x80])
        return raw

    def describe(self) -> str:
        whole = 2 * self.nbytes - self.decimals
        text = "X" * whole + ("." + "X" * self.decimals if self.decimals else "")
        return ("±" if self.signed else "") + text


@dataclass(frozen=True, slots=True)
class Digits:
    """A fixed number of BCD digits kept as text (addresses, meter and customer numbers)."""

    nbytes: int

    @property
    def length(self) -> int:
        return self.nbytes

    def decode(self, raw: bytes) -> str:
        _check_len(raw, self.nbytes, "digits")
        return bcd_digits(raw)

    def encode(self, value: Value) -> bytes:
        if not isinstance(value, str):
            raise ValueFormatError(f"expected digits as text, got {value!r}")
        return digits_bcd(value, self.nbytes)

    def describe(self) -> str:
        return "N" * (2 * self.nbytes)


@dataclass(frozen=True, slots=True)
class Count:
    """A BCD counter (purchase count, event count) decoded to ``int``."""

    nbytes: int

    @property
    def length(self) -> int:
        return self.nbytes

    def decode(self, raw: bytes) -> int:
        _check_len(raw, self.nbytes, "count")
        return int(bcd_digits(raw))

    def encode(self, value: Value) -> bytes:
        if not isinstance(value, int) or not 0 <= value < 100 ** self.nbytes:
            raise ValueFormatError(f"expected a count below {100 ** self.nbytes}, got {value!r}")
        return digits_bcd(f"{value:0{2 * self.nbytes}d}", self.nbytes)

    def describe(self) -> str:
        return "N" * (2 * self.nbytes)


@dataclass(frozen=True, slots=True)
class Word:
    """An unsigned binary word, low byte first (status words)."""

    nbytes: int

    @property
    def length(self) -> int:
        return self.nbytes

    def decode(self, raw: bytes) -> int:
        _check_len(raw, self.nbytes, "word")
        return int.from_bytes(raw, "little")

    def encode(self, value: Value) -> bytes:
        if not isinstance(value, int) or not 0 <= value < 256 ** self.nbytes:
            raise ValueFormatError(f"expected a {8 * self.nbytes}-bit word, got {value!r}")
        return value.to_bytes(self.nbytes, "little")

    def describe(self) -> str:
        return f"{8 * self.nbytes}-bit word"


@dataclass(frozen=True, slots=True)
class Ascii:
    """Fixed-length ASCII text, sent low byte first (i.e. reversed); padded with NUL."""

    nbytes: int

    @property
    def length(self) -> int:
        return self.nbytes

    def decode(self, raw: bytes) -> str:
        _check_len(raw, self.nbytes, "text")
        try:
            return bytes(reversed(raw)).rstrip(b"\x00").decode("ascii")
        except UnicodeDecodeError:
            raise ValueFormatError("text item holds non-ASCII bytes") from None

    def encode(self, value: Value) -> bytes:
        if not isinstance(value, str) or not value.isascii() or len(value) > self.nbytes:
            raise ValueFormatError(f"expected ASCII text of at most {self.nbytes} characters")
        return bytes(reversed(value.encode("ascii").ljust(self.nbytes, b"\x00")))

    def describe(self) -> str:
        return f"{self.nbytes} ASCII"


@dataclass(frozen=True, slots=True)
class Raw:
    """Bytes as they came (unknown data items)."""

    @property
    def length(self) -> None:
        return None

    def decode(self, raw: bytes) -> bytes:
        return bytes(raw)

    def encode(self, value: Value) -> bytes:
        if not isinstance(value, bytes):
            raise ValueFormatError(f"expected bytes, got {value!r}")
        return value

    def describe(self) -> str:
        return "raw bytes"


@dataclass(frozen=True, slots=True)
class Block:
    """Repeated items read as one (``...FF..`` data items): a tuple of values.

    ``count=None`` accepts as many whole items as the meter sent (meters differ
    in their number of tariffs).
    """

    item: Format
    count: int | None = None

    @property
    def length(self) -> int | None:
        size = self.item.length
        return None if self.count is None or size is None else size * self.count

    def decode(self, raw: bytes) -> tuple[Value, ...]:
        size = self.item.length
        if size is None or size == 0:
            raise ValueFormatError("a block needs fixed-size items")
        if len(raw) % size or (self.count is not None and len(raw) != size * self.count):
            raise ValueFormatError(f"block of {size}-byte items: got {len(raw)} bytes")
        return tuple(self.item.decode(raw[i:i + size]) for i in range(0, len(raw), size))

    def encode(self, value: Value) -> bytes:
        if not isinstance(value, tuple) or (self.count is not None and len(value) != self.count):
            raise ValueFormatError(f"expected {self.count or 'some'} values, got {value!r}")
        return b"".join(self.item.encode(v) for v in value)

    def describe(self) -> str:
        return f"{self.count or 'n'} x {self.item.describe()}"


@dataclass(frozen=True, slots=True)
class Record:
    """A fixed record of named fields in wire order (event records): a dict of values."""

    fields: tuple[tuple[str, Format], ...]

    @property
    def length(self) -> int:
        total = 0
        for _, fmt in self.fields:
            if fmt.length is None:
                raise ValueFormatError("record fields must have a fixed size")
            total += fmt.length
        return total

    def decode(self, raw: bytes) -> dict[str, Value]:
        _check_len(raw, self.length, "record")
        out: dict[str, Value] = {}
        pos = 0
        for name, fmt in self.fields:
            size = fmt.length or 0
            out[name] = fmt.decode(raw[pos:pos + size])
            pos += size
        return out

    def encode(self, value: Value) -> bytes:
        if not isinstance(value, dict) or set(value) != {n for n, _ in self.fields}:
            raise ValueFormatError(f"expected fields {[n for n, _ in self.fields]}, got {value!r}")
        return b"".join(fmt.encode(value[name]) for name, fmt in self.fields)

    def describe(self) -> str:
        return "{" + ", ".join(f"{n}: {f.describe()}" for n, f in self.fields) + "}"


_POINT = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])=([0-9]{1,2})")


@dataclass(frozen=True, slots=True)
class DayTable:
    """A day's time-of-use switching table (``04010001``...): ``segments`` x ``hhmmNN``, as text.

    Each segment is 3 BCD bytes, low byte first on the wire: ``NN`` the tariff (1 sharp ... 4
    valley), ``mm``, ``hh`` its start; segment 1 first. A meter with fewer switching points fills
    the table by repeating the last one, so the value is the points as ``"HH:MM=N"`` texts with
    that padding dropped, and encoding pads again.
    """

    segments: int

    @property
    def length(self) -> int:
        return 3 * self.segments

    def decode(self, raw: bytes) -> tuple[Value, ...]:
        _check_len(raw, self.length, "switching table")
        points: list[str] = []
        for i in range(0, len(raw), 3):
            nn, mm, hh = (int(bcd_digits(raw[j:j + 1])) for j in range(i, i + 3))
            if hh > 23 or mm > 59 or not 1 <= nn <= 14:
                raise ValueFormatError(f"switching point {i // 3 + 1}: {hh:02d}:{mm:02d} tariff {nn}")
            point = f"{hh:02d}:{mm:02d}={nn}"
            if points and point == points[-1]:
                continue  # the table's padding
            points.append(point)
        return tuple(points)

    def encode(self, value: Value) -> bytes:
        if not isinstance(value, tuple) or not 1 <= len(value) <= self.segments:
            raise ValueFormatError(f"expected 1 to {self.segments} switching points, got {value!r}")
        out = b""
        for point in (*value, *(value[-1:] * (self.segments - len(value)))):
            match = _POINT.fullmatch(point) if isinstance(point, str) else None
            if match is None or not 1 <= int(match[3]) <= 14:
                raise ValueFormatError(f"a switching point is HH:MM=N (N 1-14), got {point!r}")
            out += digits_bcd(f"{match[1]}{match[2]}{int(match[3]):02d}", 3)
        return out

    def describe(self) -> str:
        return f"{self.segments} x hhmmNN"


def to_jsonable(value: Value) -> object:
    """A JSON-friendly form: decimals and dates as text, bytes as hex."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex().upper()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value
