"""A contactless tag (ISO 14443-A, MIFARE Classic 1K) as a PC/SC reader presents it.

PC/SC part 3: the reader builds an ATR for a storage card
(``3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 0001 00000000 6A``) and answers the
pseudo-APDU GET DATA ``FF CA 00 00 00`` with the tag's UID and ``9000``.
The meters' tags carry their UID only; the archive maps it to the meter.
"""

from __future__ import annotations

from device_drivers.card import status as sw
from device_drivers.card.apdu import ResponseApdu, parse_command
from device_drivers.card.errors import ApduFormatError

TAG_ATR = bytes.fromhex("3B8F8001804F0CA000000306030001000000006A")


class TagMachine:
    """A tag with a fixed UID (4, 7 or 10 bytes)."""

    def __init__(self, uid: bytes) -> None:
        if len(uid) not in (4, 7, 10):
            raise ValueError(f"an ISO 14443-A UID is 4, 7 or 10 bytes, got {len(uid)}")
        self.uid = uid

    def power_on(self) -> None:
        """A tag keeps no session."""

    def process(self, raw: bytes) -> bytes:
        try:
            cmd = parse_command(raw)
        except ApduFormatError:
            return ResponseApdu(b"", sw.SW_WRONG_LENGTH).encode()
        if cmd.cla != 0xFF:
            return ResponseApdu(b"", sw.SW_CLA_NOT_SUPPORTED).encode()
        if cmd.ins != 0xCA:
            return ResponseApdu(b"", sw.SW_INS_NOT_SUPPORTED).encode()
        if (cmd.p1, cmd.p2) != (0, 0):
            return ResponseApdu(b"", 0x6A81).encode()  # function not supported (no ATS)
        want = cmd.le or len(self.uid)
        if want < len(self.uid):
            return ResponseApdu(b"", 0x6C00 | len(self.uid)).encode()
        return ResponseApdu(self.uid, sw.SW_OK).encode()
