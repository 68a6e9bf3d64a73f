"""The files of a customer (user) card, as on a State Grid prepaid CPU card, pure.

Files are read by SFI (``P1 = 80h | SFI``):

- ``01`` parameter file: card type, tariff version and count, alarm thresholds,
  meter number (12 digits, 6 bytes BCD), customer number (10 digits, 5 bytes BCD);
- ``02`` purse: balance in fen (u32) and purchase count (u32), read only with MAC;
- ``03``/``04`` current and standby tariff sets: version, count, prices in
  0.0001 yuan/kWh (u32 each);
- ``05`` return-write ("返写") file, written by the meter: meter and customer
  numbers, the meter's remaining money and purchase count, overdraft, illegal
  insertions, time.

Files 01, 03, 04 and 05 are framed ``68 cmd len body CS 16`` (CS: the byte sum
of everything before it, mod 256). A file of all zero bytes is blank. Money is
always integer fen, never floats. Integers are big-endian.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from enum import IntEnum

from device_drivers.card.errors import ApduFormatError

SFI_PARAMETERS = 0x01
SFI_PURSE = 0x02
SFI_TARIFFS = 0x03
SFI_TARIFFS_STANDBY = 0x04
SFI_RETURN_WRITE = 0x05

FILE_SIZES = {SFI_PARAMETERS: 48, SFI_TARIFFS: 32, SFI_TARIFFS_STANDBY: 32, SFI_RETURN_WRITE: 48}
CMD_PARAMETERS = 0x01
CMD_TARIFFS = 0x03
CMD_RETURN_WRITE = 0x11
MAX_TARIFFS = 4

_PARAMS = struct.Struct(">BHBII6s5s")
_PURSE = struct.Struct(">II")
_RETURN = struct.Struct(">6s5siIIH6s")


class CardType(IntEnum):
    OPEN_ACCOUNT = 1
    PURCHASE = 2
    REPLACEMENT = 3


def to_bcd(digits: str, size: int) -> bytes:
    """``digits`` (exactly ``2 * size`` decimal digits) as packed BCD."""
    if len(digits) != 2 * size or not digits.isascii() or not digits.isdigit():
        raise ApduFormatError(f"expected {2 * size} digits, got {digits!r}")
    return bytes.fromhex(digits)


def from_bcd(raw: bytes) -> str:
    text = raw.hex()
    if not text.isdigit():
        raise ApduFormatError(f"not BCD digits: {text}")
    return text


def frame(cmd: int, body: bytes) -> bytes:
    head = bytes((0x68, cmd, len(body))) + body
    return head + bytes((sum(head) & 0xFF, 0x16))


def unframe(raw: bytes, cmd: int) -> bytes | None:
    """The body of a framed file, or None for a blank file; raises on damage."""
    if not any(raw):
        return None
    if len(raw) < 5 or raw[0] != 0x68 or raw[1] != cmd:
        raise ApduFormatError(f"card file is not a {cmd:02X} frame: {raw[:8].hex()}")
    n = raw[2]
    if len(raw) < n + 5 or raw[n + 4] != 0x16:
        raise ApduFormatError("card file frame is truncated")
    if sum(raw[:n + 3]) & 0xFF != raw[n + 3]:
        raise ApduFormatError("card file checksum is wrong: the card's data is damaged")
    return raw[3:n + 3]


def pad_file(sfi: int, content: bytes) -> bytes:
    size = FILE_SIZES[sfi]
    if len(content) > size:
        raise ApduFormatError(f"file {sfi:02X} content longer than {size} bytes")
    return content.ljust(size, b"\x00")


@dataclass(frozen=True, slots=True)
class CardParameters:
    """File 01: who the card belongs to, and the tariff it carries."""

    customer_number: str
    meter_number: str
    card_type: CardType = CardType.PURCHASE
    tariff_version: int = 1
    tariff_count: int = 1
    alarm1_fen: int = 2000
    alarm2_fen: int = 500

    def encode(self) -> bytes:
        try:
            body = _PARAMS.pack(int(self.card_type), self.tariff_version, self.tariff_count,
                                self.alarm1_fen, self.alarm2_fen, to_bcd(self.meter_number, 6),
                                to_bcd(self.customer_number, 5))
        except struct.error as exc:
            raise ApduFormatError(f"card parameters out of range: {exc}") from None
        return frame(CMD_PARAMETERS, body)

    @classmethod
    def decode(cls, raw: bytes) -> CardParameters | None:
        body = unframe(raw, CMD_PARAMETERS)
        if body is None:
            return None
        if len(body) != _PARAMS.size:
            raise ApduFormatError("parameter file has the wrong length")
        ctype, version, count, a1, a2, meter, customer = _PARAMS.unpack(body)
        try:
            card_type = CardType(ctype)
        except ValueError:
            raise ApduFormatError(f"unknown card type {ctype}") from None
        return cls(from_bcd(customer), from_bcd(meter), card_type, version, count, a1, a2)


@dataclass(frozen=True, slots=True)
class TariffSet:
    """File 03 or 04: prices in 0.0001 yuan per kWh."""

    version: int
    prices: tuple[int, ...]

    def encode(self) -> bytes:
        if not 1 <= len(self.prices) <= MAX_TARIFFS:
            raise ApduFormatError(f"a tariff set has 1 to {MAX_TARIFFS} prices")
        try:
            body = struct.pack(f">HB{len(self.prices)}I", self.version, len(self.prices), *self.prices)
        except struct.error as exc:
            raise ApduFormatError(f"tariff out of range: {exc}") from None
        return frame(CMD_TARIFFS, body)

    @classmethod
    def decode(cls, raw: bytes) -> TariffSet | None:
        body = unframe(raw, CMD_TARIFFS)
        if body is None:
            return None
        if len(body) < 3 or len(body) != 3 + 4 * body[2] or not 1 <= body[2] <= MAX_TARIFFS:
            raise ApduFormatError("tariff file has the wrong length")
        version, count = struct.unpack_from(">HB", body)
        return cls(version, struct.unpack_from(f">{count}I", body, 3))


@dataclass(frozen=True, slots=True)
class Purse:
    """File 02: the balance (fen) and the purchase count, the anchor of idempotency."""

    balance_fen: int
    count: int

    def encode(self) -> bytes:
        return _PURSE.pack(self.balance_fen, self.count)

    @classmethod
    def decode(cls, raw: bytes) -> Purse:
        if len(raw) != _PURSE.size:
            raise ApduFormatError(f"purse is {_PURSE.size} bytes, got {len(raw)}")
        return cls(*_PURSE.unpack(raw))


@dataclass(frozen=True, slots=True)
class ReturnWrite:
    """File 05, written by the meter when the card was last inserted."""

    meter_number: str
    customer_number: str
    remaining_fen: int
    meter_count: int
    overdraft_fen: int
    illegal_inserts: int
    time_bcd: str  # YYMMDDhhmmss

    def encode(self) -> bytes:
        body = _RETURN.pack(to_bcd(self.meter_number, 6), to_bcd(self.customer_number, 5),
                            self.remaining_fen, self.meter_count, self.overdraft_fen,
                            self.illegal_inserts, to_bcd(self.time_bcd, 6))
        return frame(CMD_RETURN_WRITE, body)

    @classmethod
    def decode(cls, raw: bytes) -> ReturnWrite | None:
        body = unframe(raw, CMD_RETURN_WRITE)
        if body is None:
            return None
        if len(body) != _RETURN.size:
            raise ApduFormatError("return-write file has the wrong length")
        meter, customer, remaining, count, overdraft, illegal, when = _RETURN.unpack(body)
        return cls(from_bcd(meter), from_bcd(customer), remaining, count, overdraft, illegal,
                   from_bcd(when))


def encode_fci(serial: bytes) -> bytes:
    """The FCI that SELECT DF01 returns: ``6F len 84 02 DF01 C5 08 serial``."""
    inner = bytes.fromhex("8402DF01") + b"\xC5" + bytes((len(serial),)) + serial
    return b"\x6F" + bytes((len(inner),)) + inner


def serial_from_fci(fci: bytes) -> bytes:
    """The card serial (tag C5) from a SELECT response; raises on a foreign FCI."""
    if len(fci) < 2 or fci[0] != 0x6F or fci[1] != len(fci) - 2:
        raise ApduFormatError(f"unexpected SELECT response {fci.hex()}: not a customer card")
    pos = 2
    while pos + 2 <= len(fci):
        tag, n = fci[pos], fci[pos + 1]
        value = fci[pos + 2:pos + 2 + n]
        if tag == 0xC5 and len(value) == 8:
            return value
        pos += 2 + n
    raise ApduFormatError("the card did not give its serial number: not a customer card")
