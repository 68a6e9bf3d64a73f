"""The terminal's side of a customer (user) card: its commands, over any card channel.

Each method is one card operation of a few APDUs; the security module
(:class:`~device_drivers.security.card_ops.CardSecurityModule`) answers the
card's challenges and computes and checks MACs, so no card key is ever here.
The technician's operations (open, write, recharge, repair) are in
:mod:`.operations`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from device_drivers.card.apdu import CardChannel, CommandApdu, transmit_apdu
from device_drivers.card.errors import ApduFormatError, CardStateError, CardVerificationError
from device_drivers.card.files import (
    FILE_SIZES,
    SFI_PARAMETERS,
    SFI_PURSE,
    SFI_RETURN_WRITE,
    SFI_TARIFFS,
    CardParameters,
    Purse,
    ReturnWrite,
    TariffSet,
    pad_file,
    serial_from_fci,
)
from device_drivers.security.card_ops import CardSecurityModule
from signed_commands.credit_token import CreditToken

DF01 = b"\xDF\x01"


@dataclass(frozen=True, slots=True)
class CardInfo:
    """What a card holds, for diagnosis and for the technician's screen."""

    serial: bytes
    parameters: CardParameters | None
    purse: Purse
    tariffs: TariffSet | None
    return_write: ReturnWrite | None

    @property
    def is_open(self) -> bool:
        return self.parameters is not None


class UserCard:
    """A customer card in a reader. Call :meth:`select` first."""

    def __init__(self, channel: CardChannel, security: CardSecurityModule,
                 random: Callable[[int], bytes] = os.urandom) -> None:
        self._channel = channel
        self._sm = security
        self._random = random
        self._serial = b""

    @property
    def serial(self) -> bytes:
        if not self._serial:
            raise CardStateError("the card application was not selected yet")
        return self._serial

    def _send(self, command: CommandApdu) -> bytes:
        return transmit_apdu(self._channel, command)

    def select(self) -> bytes:
        """SELECT DF01 (the customer application); returns the card serial from its FCI."""
        fci = self._send(CommandApdu(0x00, 0xA4, 0x00, 0x00, DF01, le=0))
        self._serial = serial_from_fci(fci)
        return self._serial

    def read_file(self, sfi: int) -> bytes:
        data = self._send(CommandApdu(0x00, 0xB0, 0x80 | sfi, 0x00, le=FILE_SIZES[sfi]))
        if len(data) != FILE_SIZES[sfi]:
            raise ApduFormatError(f"card file {sfi:02X} has an unexpected size {len(data)}")
        return data

    def read_parameters(self) -> CardParameters | None:
        return CardParameters.decode(self.read_file(SFI_PARAMETERS))

    def read_tariffs(self, sfi: int) -> TariffSet | None:
        return TariffSet.decode(self.read_file(sfi))

    def read_return_write(self) -> ReturnWrite | None:
        return ReturnWrite.decode(self.read_file(SFI_RETURN_WRITE))

    def read_purse(self) -> Purse:
        """Balance and purchase count, read with a MAC the security module checks."""
        random4 = self._random(4)
        data = self._send(CommandApdu(0x04, 0xB0, 0x80 | SFI_PURSE, 0x00, random4, le=12))
        if len(data) != 12:
            raise ApduFormatError(f"purse read returned {len(data)} bytes, expected 12")
        if not self._sm.check_read_mac(self.serial, random4, data[:8], data[8:]):
            raise CardVerificationError("the card's purse failed its MAC check: the card is not "
                                        "genuine or was altered; do not sell on it")
        return Purse.decode(data[:8])

    def challenge(self, length: int) -> bytes:
        data = self._send(CommandApdu(0x00, 0x84, 0x00, 0x00, le=length))
        if len(data) != length:
            raise ApduFormatError(f"card challenge of {len(data)} bytes, expected {length}")
        return data

    def authenticate(self) -> None:
        """EXTERNAL AUTHENTICATE: the terminal proves to the card it holds the card's keys."""
        response = self._sm.external_auth(self.serial, self.challenge(8))
        self._send(CommandApdu(0x00, 0x82, 0x00, 0x02, response))

    def update_file(self, sfi: int, content: bytes) -> None:
        """UPDATE BINARY with MAC of the whole file (needs :meth:`authenticate` first)."""
        data = pad_file(sfi, content)
        challenge = self.challenge(4)
        header = bytes((0x04, 0xD6, 0x80 | sfi, 0x00))
        tag = self._sm.update_mac(self.serial, challenge, header, data)
        self._send(CommandApdu(0x04, 0xD6, 0x80 | sfi, 0x00, data + tag))

    def increase(self, token: CreditToken) -> None:
        """INCREASE the purse by the token's amount to the token's purchase count."""
        mac = self._sm.increase_mac(token, self.challenge(4))
        data = token.amount_fen.to_bytes(4, "big") + token.purchase_count.to_bytes(4, "big") + mac
        self._send(CommandApdu(0x84, 0x32, 0x01, 0x0C, data))

    def info(self) -> CardInfo:
        serial = self.select()
        params = self.read_parameters()
        return CardInfo(serial, params, self.read_purse(), self.read_tariffs(SFI_TARIFFS),
                        self.read_return_write())
