"""Credit tokens: the central system's order to credit one purchase to one card.

A credit token is the body of a :class:`~signed_commands.envelope.SignedCommand`
of kind ``"credit-token"``. It names the transaction, the customer (10 digits),
the meter (12 digits), the card (its 8-byte serial), the amount in fen (integer),
the purchase count the card will have after the credit (the card's count + 1;
1 when the card is opened) and ``sm_auth``: a 4-byte MAC over all of that under
the card's recharge-authorisation key, which only the central system and the
terminal's security module hold. The security module computes the card's
INCREASE MAC only for a token whose ``sm_auth`` verifies, so neither a terminal
nor anyone between can make the card credit an amount the server did not issue;
the purchase key itself never travels.

Body layout (big-endian)::

    b"CT1" | u8 purpose | u8 len(txn) | txn (ASCII) | customer (10 ASCII digits)
    | meter (12 ASCII digits) | serial (8) | u32 amount_fen | u32 count | sm_auth (4)

The terminal verifies the signature and the validity window (:func:`open_credit_token`)
and that the token is for the card in the reader (:meth:`CreditToken.mismatch`)
before any APDU that changes the card.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass, replace
from enum import IntEnum

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from signed_commands import cipher, envelope
from signed_commands.errors import CommandError

KIND = "credit-token"
MAGIC = b"CT1"
SERIAL_LEN = 8
_NUMBERS = struct.Struct(">II")
MAX_FEN = 0xFFFFFFFF


class Purpose(IntEnum):
    OPEN_CARD = 1
    RECHARGE = 2


@dataclass(frozen=True, slots=True)
class CreditToken:
    """One server-confirmed purchase for one card."""

    transaction_id: str
    purpose: Purpose
    customer_number: str
    meter_number: str
    card_serial: bytes
    amount_fen: int
    purchase_count: int
    sm_auth: bytes = b""

    def authorised_part(self) -> bytes:
        """Everything ``sm_auth`` covers (the body without it)."""
        _validate(self)
        txn = self.transaction_id.encode("ascii")
        return (MAGIC + bytes((int(self.purpose), len(txn))) + txn
                + self.customer_number.encode("ascii") + self.meter_number.encode("ascii")
                + self.card_serial + _NUMBERS.pack(self.amount_fen, self.purchase_count))

    def encode(self) -> bytes:
        if len(self.sm_auth) != cipher.MAC_LEN:
            raise CommandError("credit token without its security-module authorisation")
        return self.authorised_part() + self.sm_auth

    def mismatch(self, customer_number: str, meter_number: str, card_serial: bytes) -> str | None:
        """Why this token is not for that card, or None when it is."""
        if card_serial != self.card_serial:
            return (f"this credit is for card {self.card_serial.hex().upper()}, "
                    f"not the card in the reader ({card_serial.hex().upper()})")
        if customer_number != self.customer_number:
            return (f"this credit is for customer {self.customer_number}, but the card belongs "
                    f"to customer {customer_number}")
        if meter_number != self.meter_number:
            return (f"this credit is for meter {self.meter_number}, but the card is bound to "
                    f"meter {meter_number}")
        return None


def _validate(token: CreditToken) -> None:
    if not (len(token.customer_number) == 10 and token.customer_number.isdigit()):
        raise CommandError(f"customer number must be 10 digits, got {token.customer_number!r}")
    if not (len(token.meter_number) == 12 and token.meter_number.isdigit()):
        raise CommandError(f"meter number must be 12 digits, got {token.meter_number!r}")
    if len(token.card_serial) != SERIAL_LEN:
        raise CommandError("a credit token names one card by its 8-byte serial")
    if not token.transaction_id or len(token.transaction_id) > 64 or not token.transaction_id.isascii():
        raise CommandError("a credit token needs a short ASCII transaction id")
    if not 0 <= token.amount_fen <= MAX_FEN or not 1 <= token.purchase_count <= MAX_FEN:
        raise CommandError("credit token amount or purchase count out of range")
    if not isinstance(token.amount_fen, int) or isinstance(token.amount_fen, bool):
        raise CommandError("money is integer fen, never a float")


def decode_body(body: bytes) -> CreditToken:
    """Parse a token body; raises :class:`CommandError` on anything malformed."""
    try:
        if body[:3] != MAGIC:
            raise ValueError("not a credit token")
        purpose = Purpose(body[3])
        n = body[4]
        pos = 5 + n
        txn = body[5:pos].decode("ascii")
        customer = body[pos:pos + 10].decode("ascii")
        meter = body[pos + 10:pos + 22].decode("ascii")
        serial = body[pos + 22:pos + 30]
        amount, count = _NUMBERS.unpack_from(body, pos + 30)
        sm_auth = body[pos + 38:]
        if len(sm_auth) != cipher.MAC_LEN:
            raise ValueError("wrong length")
        token = CreditToken(txn, purpose, customer, meter, serial, amount, count, sm_auth)
        _validate(token)
    except (ValueError, IndexError, struct.error, UnicodeDecodeError) as exc:
        raise CommandError(f"the credit token is damaged ({exc}); sync to fetch it again") from None
    return token


def sm_auth_mac(recharge_auth_master: bytes, token: CreditToken) -> bytes:
    """The authorisation MAC: the card's recharge-auth key over the token's fields."""
    data = token.authorised_part()  # validates the fields first
    return cipher.mac(cipher.diversify(recharge_auth_master, token.card_serial), data)


def authorise(recharge_auth_master: bytes, token: CreditToken) -> CreditToken:
    """Server side: ``token`` with the security module's authorisation (``sm_auth``)."""
    return replace(token, sm_auth=sm_auth_mac(recharge_auth_master, token))


def issue_credit_token(signing_key: Ed25519PrivateKey, recharge_auth_master: bytes,
                       token: CreditToken, *, key_id: str, issued_at: int,
                       expires_at: int) -> envelope.SignedCommand:
    """Server side: authorise ``token`` for the security module and sign it."""
    body = authorise(recharge_auth_master, token).encode()
    return envelope.sign(signing_key, KIND, key_id=key_id, body=body, issued_at=issued_at,
                         expires_at=expires_at)


# The card master key the centre needs (the key system's ``card-master`` entry of that name): sm_auth.
RECHARGE_AUTH = "recharge_auth"


def demo_card_master(name: str) -> bytes:
    """DEMO ONLY: a deterministic card master key, public in this source code (both ends' demo)."""
    return hashlib.sha256(f"MeterField DEMO card master key: {name}".encode()).digest()[:16]


def open_credit_token(raw: bytes, public_key: Ed25519PublicKey, now: float) -> CreditToken:
    """Terminal side: decode, verify signature, kind and window; return the token.

    Raises :class:`~signed_commands.errors.SignatureError` (tampered or
    not ours), :class:`~signed_commands.errors.ExpiredError`, or
    :class:`CommandError` (damaged, or another kind of command).
    """
    return decode_body(envelope.decode(raw).verify(public_key, now, KIND))
