"""A meter's RFID tag identifier, read through a PC/SC contactless reader.

PC/SC part 3 defines the pseudo-APDU GET DATA ``FF CA 00 00 00``: the reader
(not the tag) answers with the tag's UID. A meter can be identified by its tag
as an alternative to scanning its barcode; the archive maps UID to meter.
"""

from __future__ import annotations

from dataclasses import dataclass

from device_drivers.card.apdu import CardChannel, CommandApdu, transmit_apdu
from device_drivers.card.errors import ApduFormatError, CardStatusError

GET_UID = CommandApdu(0xFF, 0xCA, 0x00, 0x00, le=0x00)


@dataclass(frozen=True, slots=True)
class TagId:
    """A tag's UID (4, 7 or 10 bytes), shown as upper-case hex."""

    uid: bytes

    def __str__(self) -> str:
        return self.uid.hex().upper()


def read_tag_id(channel: CardChannel) -> TagId:
    """The UID of the tag on the reader; :class:`ApduFormatError` for an implausible UID."""
    try:
        uid = transmit_apdu(channel, GET_UID)
    except CardStatusError as exc:
        raise CardStatusError(exc.sw, "the reader could not read the tag's identifier: hold the "
                                      "terminal still against the meter's tag") from None
    if len(uid) not in (4, 7, 10):
        raise ApduFormatError(f"the tag's identifier has {len(uid)} bytes: not a meter tag")
    return TagId(uid)
