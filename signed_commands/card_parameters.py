"""Card parameters: the central system's order to write a customer card's parameter and tariff files.

Opening a card binds it to a customer and a meter; writing a card (写参数卡) changes its tariffs or
alarm thresholds. Both write what the centre decided, never what a handheld made up: the files
come as the body of a :class:`~signed_commands.envelope.SignedCommand` of kind
``"card-parameters"``, bound to one card by its serial, so a signed set cannot be written to
another customer's card.

Body layout (big-endian; prices in 0.0001 yuan per kWh, money in fen)::

    b"CP1" | u8 len(txn) | txn (ASCII) | serial (8) | customer (10 ASCII digits)
    | meter (12 ASCII digits) | u8 card_type | u32 alarm1_fen | u32 alarm2_fen
    | u8 number of tariff sets (1 current, 2 with the standby set)
    | per set: u16 version | u8 n (1..4) | n x u32 price

The card driver turns it into the card's files (``device_drivers.card.operations``) after
:func:`open_card_parameters` has checked the signature and the window, and checks the serial,
customer and meter against the card before any APDU that changes it.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from signed_commands import envelope
from signed_commands.errors import CommandError

KIND = "card-parameters"
MAGIC = b"CP1"
SERIAL_LEN = 8
MAX_PRICES = 4
MAX_SETS = 2
CARD_TYPES = (1, 2, 3)  # open account, purchase, replacement (device_drivers.card.files.CardType)
_HEAD = struct.Struct(">BII")
_SET = struct.Struct(">HB")
_U32 = 0xFFFFFFFF

TariffPrices = tuple[int, tuple[int, ...]]  # (version, prices in 0.0001 yuan/kWh)


@dataclass(frozen=True, slots=True)
class CardParametersCommand:
    """What one card's parameter and tariff files must hold, as the centre decided."""

    transaction_id: str
    card_serial: bytes
    customer_number: str
    meter_number: str
    card_type: int
    alarm1_fen: int
    alarm2_fen: int
    tariffs: tuple[TariffPrices, ...]  # the current set, then the standby set when there is one

    def encode(self) -> bytes:
        _validate(self)
        txn = self.transaction_id.encode("ascii")
        out = [MAGIC, bytes((len(txn),)), txn, self.card_serial, self.customer_number.encode("ascii"),
               self.meter_number.encode("ascii"),
               _HEAD.pack(self.card_type, self.alarm1_fen, self.alarm2_fen), bytes((len(self.tariffs),))]
        for version, prices in self.tariffs:
            out.append(_SET.pack(version, len(prices)) + struct.pack(f">{len(prices)}I", *prices))
        return b"".join(out)

    def mismatch(self, card_serial: bytes, customer_number: str = "", meter_number: str = "") -> str | None:
        """Why these parameters are not for that card (and, when given, that customer and meter)."""
        if card_serial != self.card_serial:
            return (f"these parameters are for card {self.card_serial.hex().upper()}, "
                    f"not the card in the reader ({card_serial.hex().upper()})")
        if customer_number and customer_number != self.customer_number:
            return (f"these parameters are for customer {self.customer_number}, but the card belongs "
                    f"to customer {customer_number}")
        if meter_number and meter_number != self.meter_number:
            return (f"these parameters are for meter {self.meter_number}, but the card is bound to "
                    f"meter {meter_number}")
        return None


def _validate(p: CardParametersCommand) -> None:
    if not (len(p.customer_number) == 10 and p.customer_number.isdigit()):
        raise CommandError(f"customer number must be 10 digits, got {p.customer_number!r}")
    if not (len(p.meter_number) == 12 and p.meter_number.isdigit()):
        raise CommandError(f"meter number must be 12 digits, got {p.meter_number!r}")
    if len(p.card_serial) != SERIAL_LEN:
        raise CommandError("card parameters name one card by its 8-byte serial")
    if not p.transaction_id or len(p.transaction_id) > 64 or not p.transaction_id.isascii():
        raise CommandError("card parameters need a short ASCII transaction id")
    if p.card_type not in CARD_TYPES:
        raise CommandError(f"unknown card type {p.card_type}")
    if not (0 <= p.alarm2_fen <= p.alarm1_fen <= _U32):
        raise CommandError("the alarm thresholds are 0 <= second <= first")
    if not 1 <= len(p.tariffs) <= MAX_SETS:
        raise CommandError(f"a card holds 1 or {MAX_SETS} tariff sets")
    for version, prices in p.tariffs:
        if not 0 <= version <= 0xFFFF or not 1 <= len(prices) <= MAX_PRICES:
            raise CommandError(f"a tariff set has a version and 1 to {MAX_PRICES} prices")
        if any(isinstance(x, bool) or not isinstance(x, int) or not 0 < x <= _U32 for x in prices):
            raise CommandError("a price is a positive integer in 0.0001 yuan per kWh")


def decode_body(body: bytes) -> CardParametersCommand:
    """Parse a parameters body; raises :class:`CommandError` on anything malformed."""
    try:
        if body[:3] != MAGIC:
            raise ValueError("not card parameters")
        n = body[3]
        pos = 4 + n
        txn = body[4:pos].decode("ascii")
        serial = body[pos:pos + 8]
        customer = body[pos + 8:pos + 18].decode("ascii")
        meter = body[pos + 18:pos + 30].decode("ascii")
        card_type, alarm1, alarm2 = _HEAD.unpack_from(body, pos + 30)
        pos += 30 + _HEAD.size
        sets = body[pos]
        pos += 1
        tariffs: list[TariffPrices] = []
        for _ in range(sets):
            version, count = _SET.unpack_from(body, pos)
            pos += _SET.size
            tariffs.append((version, struct.unpack_from(f">{count}I", body, pos)))
            pos += 4 * count
        if pos != len(body):
            raise ValueError("trailing bytes")
        command = CardParametersCommand(txn, serial, customer, meter, card_type, alarm1, alarm2,
                                        tuple(tariffs))
        _validate(command)
    except (ValueError, IndexError, struct.error, UnicodeDecodeError) as exc:
        raise CommandError(f"the card parameters are damaged ({exc}); ask the centre again") from None
    return command


def issue_card_parameters(signing_key: Ed25519PrivateKey, parameters: CardParametersCommand, *,
                          key_id: str, issued_at: int, expires_at: int) -> envelope.SignedCommand:
    """Server side: sign ``parameters``."""
    return envelope.sign(signing_key, KIND, key_id=key_id, body=parameters.encode(), issued_at=issued_at,
                         expires_at=expires_at)


def open_card_parameters(raw: bytes, public_key: Ed25519PublicKey, now: float) -> CardParametersCommand:
    """Terminal side: decode, verify signature, kind and window; return the parameters."""
    return decode_body(envelope.decode(raw).verify(public_key, now, KIND))
