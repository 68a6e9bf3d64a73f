"""The simulated meter's ESAM: IR and identity authentication, MAC checks, failure counters.

It holds this meter's diversified keys (from :class:`MeterState`) and answers
as the FW13-generation firmware does: IR authentication lasts 30 minutes,
identity authentication 5 minutes; three MAC failures drop the identity
authentication, 200 suspend secure operations. Results are SERR/ERR codes, so
the meter model can send the abnormal reply a meter would.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

from device_drivers.meter import protocol as p
from device_drivers.meter.simulator.state import MeterState
from device_drivers.security.meter_ops import respond, session_key, status_reply
from signed_commands import cipher
from signed_commands.authorisation import KEY_IDENTITY, KEY_PARAMETER, diversification_factor

IR_AUTH_SECONDS = 30 * 60
IDENTITY_SECONDS = 5 * 60
DROP_AFTER_MAC_FAILURES = 3
SUSPEND_AFTER_MAC_FAILURES = 200


class EsamRefusal(Exception):  # noqa: N818 - a meter's answer, not a program error
    """The ESAM refused; ``code`` is the SERR word (03H) or ERR byte (14H)."""

    def __init__(self, code: int) -> None:
        super().__init__(f"ESAM refused ({code:04X})")
        self.code = code


@dataclass(slots=True)
class _Identity:
    random2: bytes
    until: float


class Esam:
    def __init__(self, state: MeterState, random: Callable[[int], bytes] = os.urandom) -> None:
        self.state = state
        self._random = random
        self.ir_until = 0.0
        self._ir_random2: bytes | None = None
        self._identity: _Identity | None = None

    def _key(self, kind: str) -> bytes:
        return bytes.fromhex(self.state.keys[kind])

    @property
    def serial(self) -> bytes:
        return bytes.fromhex(self.state.esam_serial)

    def ir_authenticated(self, now: float) -> bool:
        return now < self.ir_until

    def identity_valid(self, now: float) -> bool:
        return self._identity is not None and now < self._identity.until

    def cancel(self) -> None:
        self.ir_until, self._identity, self._ir_random2 = 0.0, None, None

    def ir_request(self, random1: bytes) -> bytes:
        """Meter number (6, BCD low first) + ESAM serial + respond(K_id, random1) + random2."""
        if len(random1) != 8:
            raise EsamRefusal(p.SERR_OTHER)
        self._ir_random2 = self._random(8)
        number = bytes.fromhex(self.state.meter_number)[::-1]
        return number + self.serial + respond(self._key(KEY_IDENTITY), random1) + self._ir_random2

    def ir_auth(self, answer: bytes, now: float) -> None:
        expected, self._ir_random2 = self._ir_random2, None
        if expected is None or answer != respond(self._key(KEY_IDENTITY), expected):
            raise EsamRefusal(p.SERR_AUTH)
        self.ir_until = now + IR_AUTH_SECONDS

    def identity_auth(self, payload: bytes, now: float) -> bytes:
        """cipher1 (8) + random1 (8) + div (8) -> random2 (4) + ESAM serial (8)."""
        self._check_suspended()
        if not self.ir_authenticated(now):
            raise EsamRefusal(p.SERR_AUTH)  # over IR, secure commands need IR auth first
        cipher1, random1, div = payload[:8], payload[8:16], payload[16:24]
        if (len(payload) != 24 or div != diversification_factor(self.state.meter_number)
                or cipher1 != respond(self._key(KEY_IDENTITY), random1)):
            raise EsamRefusal(p.SERR_AUTH)
        random2 = self._random(4)
        self._identity = _Identity(random2, now + IDENTITY_SECONDS)
        return random2 + self.serial

    def status_query(self, now: float) -> bytes:
        """078102FF: money + MAC, purchase count + MAC, customer number, key info (identity auth first)."""
        self._check_suspended()
        if self._identity is None or not self.identity_valid(now):
            raise EsamRefusal(p.SERR_AUTH)
        sk = session_key(self._key(KEY_PARAMETER), self._identity.random2, self.serial)
        fen = int(self.state.money * 100)
        return status_reply(sk, fen, self.state.purchase_count, self.state.customer_number, 0)

    def open_write(self, di: int, level: int, data: bytes, now: float) -> bytes:
        """Check a 99H/98H write; return the plaintext value. Refusals carry ERR b2."""
        if level not in (p.LEVEL_CLASS1, p.LEVEL_CLASS2) or self.state.mac_failures >= \
                SUSPEND_AFTER_MAC_FAILURES or not self.ir_authenticated(now):
            raise EsamRefusal(p.ERR_UNAUTHORISED)
        if self._identity is None or not self.identity_valid(now):
            raise EsamRefusal(p.ERR_UNAUTHORISED)
        sk = session_key(self._key(KEY_PARAMETER), self._identity.random2, self.serial)
        di_raw = di.to_bytes(4, "little")
        body, tag = data[:-4], data[-4:]
        if level == p.LEVEL_CLASS1:
            if len(data) < 4 or not cipher.mac_ok(sk, di_raw + body, tag):
                self._mac_failed()
            return body
        if len(body) % 16 or not body or not cipher.mac_ok(sk, body, tag):
            self._mac_failed()
        try:
            plain = cipher.decrypt(sk, body)
        except ValueError:
            self._mac_failed()
        if plain[:4] != di_raw:  # the first 4 plaintext bytes must be the DI
            raise EsamRefusal(p.ERR_UNAUTHORISED)
        return plain[4:]

    def _mac_failed(self) -> NoReturn:
        self.state.mac_failures += 1
        if self.state.mac_failures % DROP_AFTER_MAC_FAILURES == 0:
            self._identity = None
        raise EsamRefusal(p.ERR_UNAUTHORISED)

    def _check_suspended(self) -> None:
        if self.state.mac_failures >= SUSPEND_AFTER_MAC_FAILURES:
            raise EsamRefusal(p.SERR_SUSPENDED)
