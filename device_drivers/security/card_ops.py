"""The card side of the terminal's security module: customer-card keys and MACs.

Customer cards hold keys diversified from master keys by their 8-byte serial
(:func:`~signed_commands.cipher.diversify`). The terminal's security
module holds the masters (as a PSAM does) and never reveals them: it only
answers card challenges and computes or checks MACs. In the field it is
hardware; :class:`SoftwareCardSecurityModule` is the same interface in software,
with its keys sealed at rest under a passphrase-derived key.

The MAC definitions below are shared by the security module and the (virtual)
card, which computes the same functions with its own diversified keys:

- external authentication: ``E_Kext(challenge8 || 00*8)[:8]``;
- read with MAC: ``MAC_Kread(data, iv=terminal random4)``;
- update with MAC: ``MAC_Kupd(header || data, iv=card challenge4)``;
- INCREASE: ``MAC_Kpur(84 32 01 0C || amount4 || count4, iv=card challenge4)``,
  computed only for a credit token whose ``sm_auth`` verifies.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import struct
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Protocol

from device_drivers.security.errors import SecurityError, refusing_commands
from signed_commands import cipher
from signed_commands.credit_token import CreditToken, demo_card_master, sm_auth_mac

INCREASE_HEADER = bytes.fromhex("8432010C")
DEMO_PASSPHRASE = "meterfield-demo-only"  # DEMO ONLY: field terminals use a hardware module
DEMO_KEYS_FILE = Path(__file__).resolve().parents[2] / "resources" / "keys" / "demo_card_keys.json"  # DEMO
_ITERATIONS = 20_000


@dataclass(frozen=True, slots=True)
class CardKeys:
    """The keys one card holds (diversified by its serial), or the masters they come from."""

    external_auth: bytes
    read_mac: bytes
    update: bytes
    purchase: bytes
    recharge_auth: bytes

    def for_card(self, serial: bytes) -> CardKeys:
        """The card's own keys: each master diversified by the card serial."""
        return CardKeys(*(cipher.diversify(getattr(self, f.name), serial) for f in fields(self)))

    def pack(self) -> bytes:
        return b"".join(getattr(self, f.name) for f in fields(self))

    @classmethod
    def unpack(cls, raw: bytes) -> CardKeys:
        if len(raw) != 16 * len(fields(cls)):
            raise SecurityError("card key set has the wrong length")
        return cls(*(raw[i:i + 16] for i in range(0, len(raw), 16)))


def external_auth_response(key: bytes, challenge: bytes) -> bytes:
    return cipher.encrypt_blocks(key, challenge[:8].ljust(16, b"\x00"))[:8]


def read_mac(key: bytes, random4: bytes, data: bytes) -> bytes:
    return cipher.mac(key, data, iv=random4)


def update_mac(key: bytes, challenge: bytes, header: bytes, data: bytes) -> bytes:
    return cipher.mac(key, header + data, iv=challenge)


def increase_mac(key: bytes, challenge: bytes, amount_fen: int, count: int) -> bytes:
    return cipher.mac(key, INCREASE_HEADER + struct.pack(">II", amount_fen, count), iv=challenge)


class CardSecurityModule(Protocol):
    """What the terminal asks of its card security module. Keys never come out."""

    def external_auth(self, serial: bytes, challenge: bytes) -> bytes: ...

    def check_read_mac(self, serial: bytes, random4: bytes, data: bytes, tag: bytes) -> bool: ...

    def update_mac(self, serial: bytes, challenge: bytes, header: bytes, data: bytes) -> bytes: ...

    def increase_mac(self, token: CreditToken, challenge: bytes) -> bytes: ...


class SoftwareCardSecurityModule:
    """:class:`CardSecurityModule` in software, keys unsealed from a file at start."""

    __slots__ = ("__masters",)

    def __init__(self, masters: CardKeys) -> None:
        self.__masters = masters

    @classmethod
    def from_sealed(cls, sealed: Mapping[str, object], passphrase: str) -> SoftwareCardSecurityModule:
        return cls(unseal_keys(sealed, passphrase))

    @classmethod
    def from_file(cls, path: Path, *, passphrase: str) -> SoftwareCardSecurityModule:
        """The module from a sealed key file; the passphrase is always explicit (no demo default)."""
        try:
            sealed = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SecurityError(f"cannot read the card key file {path}: {exc}") from None
        return cls.from_sealed(sealed, passphrase)

    def __repr__(self) -> str:
        return "SoftwareCardSecurityModule(<keys sealed>)"

    def external_auth(self, serial: bytes, challenge: bytes) -> bytes:
        key = cipher.diversify(self.__masters.external_auth, serial)
        return external_auth_response(key, challenge)

    def check_read_mac(self, serial: bytes, random4: bytes, data: bytes, tag: bytes) -> bool:
        key = cipher.diversify(self.__masters.read_mac, serial)
        return hmac.compare_digest(read_mac(key, random4, data), tag)

    def update_mac(self, serial: bytes, challenge: bytes, header: bytes, data: bytes) -> bytes:
        return update_mac(cipher.diversify(self.__masters.update, serial), challenge, header, data)

    def increase_mac(self, token: CreditToken, challenge: bytes) -> bytes:
        """The INCREASE MAC for exactly this token; refused unless the server authorised it."""
        with refusing_commands():
            expected = sm_auth_mac(self.__masters.recharge_auth, token)
        if not hmac.compare_digest(expected, token.sm_auth):
            raise SecurityError("the security module refused the credit: it was not authorised "
                                "by the central system for this card")
        key = cipher.diversify(self.__masters.purchase, token.card_serial)
        return increase_mac(key, challenge, token.amount_fen, token.purchase_count)


def _kek(passphrase: str, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", passphrase.encode("utf-8"), salt, iterations, dklen=16)


def seal_keys(keys: CardKeys, passphrase: str, salt: bytes) -> dict[str, object]:
    """The at-rest form: the key set encrypted and MAC'd under a passphrase-derived key."""
    kek = _kek(passphrase, salt, _ITERATIONS)
    sealed = cipher.encrypt(kek, keys.pack())
    return {"format": "meterfield-card-keys-1", "kdf": "pbkdf2-sha256", "iterations": _ITERATIONS,
            "salt": salt.hex(), "sealed": sealed.hex(), "mac": cipher.mac(kek, sealed).hex()}


def unseal_keys(doc: Mapping[str, object], passphrase: str) -> CardKeys:
    try:
        salt = bytes.fromhex(str(doc["salt"]))
        sealed = bytes.fromhex(str(doc["sealed"]))
        tag = bytes.fromhex(str(doc["mac"]))
        kek = _kek(passphrase, salt, int(str(doc["iterations"])))
    except (KeyError, ValueError) as exc:
        raise SecurityError(f"the card key file is damaged ({exc})") from None
    if not cipher.mac_ok(kek, sealed, tag):
        raise SecurityError("the card key file does not open with this passphrase")
    return CardKeys.unpack(cipher.decrypt(kek, sealed))


def demo_master_keys() -> CardKeys:
    """DEMO ONLY: deterministic card master keys, public in this source code."""
    return CardKeys(*(demo_card_master(f.name) for f in fields(CardKeys)))


def demo_sealed_keys() -> dict[str, object]:
    """DEMO ONLY: the content of ``resources/keys/demo_card_keys.json``."""
    doc = seal_keys(demo_master_keys(), DEMO_PASSPHRASE, hashlib.sha256(b"demo salt").digest()[:16])
    return {"warning": "DEMO ONLY: these keys are derived from public text in "
                       "device_drivers/security/card_ops.py; never use them in the field",
            "passphrase": DEMO_PASSPHRASE, **doc}
