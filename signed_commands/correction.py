"""Meter corrections: the central system's order to put one meter's parameters right on site.

A correction is the body of a :class:`~signed_commands.envelope.SignedCommand` of kind
``"correction"`` (:data:`signed_commands.kinds.CORRECTION`). After an inspection the centre finds
what differs from its records (``app.domain.inspection_rules``); for the findings that can be
corrected on site it signs one correction per meter, time-limited (at most 12 h), naming the task,
the meter (12 digits), the findings it answers, and the exact values: the four tariff prices as
the meter holds them (``XXXX.XXXX`` yuan/kWh), the day's time-of-use switching points
(``HH:MM=N``, at most 14, in order of time), and whether to set the meter's clock (the right
time is taken at the moment of writing). The handheld opens it (:func:`open_correction`: the
signature, the window, the kind, and that it is for the meter under the probe) before any byte
goes to the meter.

Body: compact JSON, keys sorted, ``{"v": 1, "task_id", "meter_address", "rules": [...],
"prices": ["0.5200", ...] or [], "set_clock": bool, "tou_table": ["00:00=4", ...] or []}``
(``tou_table`` may be absent: none).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from signed_commands import envelope
from signed_commands.errors import CommandError
from signed_commands.kinds import CORRECTION, check_lifetime

KIND = CORRECTION
VERSION = 1
PRICES = 4
_ADDRESS = re.compile(r"[0-9]{12}")
_PRICE = re.compile(r"[0-9]{1,4}\.[0-9]{4}")
_RULE = re.compile(r"[a-z_]{1,40}")
_POINT = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]=[1-4]")
POINTS = 14  # a meter's day table


@dataclass(frozen=True, slots=True)
class MeterCorrection:
    task_id: str
    meter_address: str
    rules: tuple[str, ...]
    prices: tuple[str, ...] = ()
    set_clock: bool = False
    tou_table: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.task_id or len(self.task_id) > 40:
            raise CommandError("a correction names its task (1-40 characters)")
        if not _ADDRESS.fullmatch(self.meter_address):
            raise CommandError("a correction names its meter by its 12-digit address")
        if not self.rules or not all(_RULE.fullmatch(r) for r in self.rules):
            raise CommandError("a correction names the findings it answers")
        if self.prices and (len(self.prices) != PRICES or not all(_PRICE.fullmatch(p) for p in self.prices)):
            raise CommandError(f"a correction's prices are {PRICES} values XXXX.XXXX")
        starts = [p[:5] for p in self.tou_table]
        if len(self.tou_table) > POINTS or not all(_POINT.fullmatch(p) for p in self.tou_table) or (
                starts != sorted(set(starts))):
            raise CommandError(f"a correction holds at most {POINTS} switching points HH:MM=N, in time order")
        if not self.prices and not self.set_clock and not self.tou_table:
            raise CommandError("a correction writes the prices, the switching points or the clock")

    def encode(self) -> bytes:
        return json.dumps({"v": VERSION, "task_id": self.task_id, "meter_address": self.meter_address,
                           "rules": list(self.rules), "prices": list(self.prices),
                           "set_clock": self.set_clock, "tou_table": list(self.tou_table)},
                          sort_keys=True, separators=(",", ":")).encode()

    @classmethod
    def decode(cls, body: bytes) -> MeterCorrection:
        try:
            data: Any = json.loads(body)
        except ValueError:
            raise CommandError("the correction's body is not readable") from None
        if not isinstance(data, dict) or data.get("v") != VERSION:
            raise CommandError("the correction is of an unknown version: update the app")
        try:
            return cls(str(data["task_id"]), str(data["meter_address"]), tuple(str(r) for r in data["rules"]),
                       tuple(str(p) for p in data["prices"]), bool(data["set_clock"]),
                       tuple(str(p) for p in data.get("tou_table", [])))
        except (KeyError, TypeError):
            raise CommandError("the correction's body lacks a field") from None


def issue_correction(private_key: Ed25519PrivateKey, correction: MeterCorrection, *, key_id: str,
                     issued_at: int, expires_at: int) -> bytes:
    """Sign ``correction`` (server side); its wire form."""
    check_lifetime(KIND, issued_at, expires_at)
    return envelope.sign(private_key, KIND, key_id=key_id, body=correction.encode(), issued_at=issued_at,
                         expires_at=expires_at).encode()


def open_correction(data: bytes, public_key: Ed25519PublicKey, *, now: float,
                    meter_address: str) -> MeterCorrection:
    """The correction, if it is our server's, within its window, and for ``meter_address``;
    raises :class:`CommandError` (or its ``SignatureError`` / ``ExpiredError``) otherwise."""
    correction = MeterCorrection.decode(envelope.decode(data).verify(public_key, now, KIND))
    if correction.meter_address != meter_address:
        raise CommandError(f"this correction is for meter {correction.meter_address}, not the meter "
                           f"under the probe ({meter_address}): nothing was written")
    return correction
