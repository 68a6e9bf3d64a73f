"""The virtual card's persistent state (its EEPROM), as JSON in a file.

A card's EEPROM write is atomic per command: :func:`save_state` writes a new
file and renames it over the old one, so a card pulled out mid-command keeps
either the old or the new content, never a mix.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from device_drivers.card.errors import CardError
from device_drivers.card.files import (
    FILE_SIZES,
    SFI_PARAMETERS,
    SFI_TARIFFS,
    CardParameters,
    CardType,
    Purse,
    TariffSet,
    pad_file,
)
from device_drivers.security.card_ops import CardKeys

AUTH_TRIES = 3
BALANCE_LIMIT_FEN = 99_999_999  # 999 999.99 yuan


@dataclass(frozen=True, slots=True)
class CardState:
    """Everything a card keeps while unpowered."""

    serial: bytes
    keys: CardKeys  # the card's own (diversified) keys
    files: dict[int, bytes] = field(default_factory=dict)
    balance_fen: int = 0
    count: int = 0
    auth_tries_left: int = AUTH_TRIES

    @property
    def purse(self) -> Purse:
        return Purse(self.balance_fen, self.count)

    def file(self, sfi: int) -> bytes:
        return self.files.get(sfi, bytes(FILE_SIZES[sfi]))

    def with_file(self, sfi: int, offset: int, data: bytes) -> CardState:
        old = self.file(sfi)
        new = old[:offset] + data + old[offset + len(data):]
        return replace(self, files={**self.files, sfi: new})

    def to_json(self) -> str:
        doc = {"serial": self.serial.hex(), "keys": self.keys.pack().hex(),
               "files": {f"{sfi:02X}": data.hex() for sfi, data in sorted(self.files.items())},
               "balance_fen": self.balance_fen, "count": self.count,
               "auth_tries_left": self.auth_tries_left}
        return json.dumps(doc, indent=1)

    @classmethod
    def from_json(cls, text: str) -> CardState:
        try:
            doc = json.loads(text)
            files = {int(k, 16): bytes.fromhex(v) for k, v in doc["files"].items()}
            return cls(bytes.fromhex(doc["serial"]), CardKeys.unpack(bytes.fromhex(doc["keys"])),
                       files, int(doc["balance_fen"]), int(doc["count"]), int(doc["auth_tries_left"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise CardError(f"the virtual card's state file is damaged: {exc}") from None


def blank_card(serial: bytes, masters: CardKeys) -> CardState:
    """A card as it leaves personalisation: its keys, empty files, purse 0, count 0."""
    return CardState(serial, masters.for_card(serial))


def opened_card(serial: bytes, masters: CardKeys, params: CardParameters, balance_fen: int,
                count: int) -> CardState:
    """A card already opened for a customer (demo data and tests)."""
    state = blank_card(serial, masters)
    state = state.with_file(SFI_PARAMETERS, 0, pad_file(SFI_PARAMETERS, params.encode()))
    tariffs = TariffSet(params.tariff_version, (5880,))
    state = state.with_file(SFI_TARIFFS, 0, pad_file(SFI_TARIFFS, tariffs.encode()))
    return replace(state, balance_fen=balance_fen, count=count)


def demo_params() -> CardParameters:
    return CardParameters("3100000001", "202107072529", CardType.PURCHASE)


def load_state(path: Path) -> CardState:
    try:
        return CardState.from_json(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CardError(f"cannot read the virtual card's state {path}: {exc}") from None


def save_state(path: Path, state: CardState) -> None:
    """Atomically replace the state file (the card's EEPROM commit)."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(state.to_json())
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
