"""The handheld's meter security module: IR and identity authentication, protected writes.

:class:`MeterSecurityModule` is the port; :class:`SoftwareMeterSecurityModule`
implements it in software (the field unit does the same in hardware). Every
method first verifies the task's authorisation (signature, validity window,
meter address, operation) and only then computes anything, so a refused
authorisation means nothing reaches the meter.

The scheme (SM4 standing in for SM1; shared with the simulated meter ESAM):

- ``respond(key, r)`` = first 8 bytes of ``E_key(r || ~r)`` answers an 8-byte challenge;
- IR request: handheld sends random1; meter returns meter number (6), ESAM serial (8),
  respond(K_id, random1) (8) and random2 (8); the module checks the meter's answer
  (the meter proves it holds the key), then IR auth sends respond(K_id, random2);
- identity auth (070000FF): cipher1 = respond(K_id, random1), random1, div = 0000 +
  meter number; the meter returns random2 (4) + ESAM serial (8);
- session key: ``SK = diversify(K_param, random2 || serial[4:8])``;
- class 1 (99H): data + CBC-MAC_SK(DI || data); class 2 (98H): ``E_SK(DI || data)`` + MAC of it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from device_drivers.security.errors import SecurityError, WrongMeterAuthorisationError, refusing_commands
from signed_commands import authorisation as au
from signed_commands import cipher

IR_REQUEST_REPLY_LEN = 30
IDENTITY_REPLY_LEN = 12
STATUS_REPLY_LEN = 26


@dataclass(frozen=True, slots=True)
class EsamStatus:
    """The meter ESAM's purse and identity, MAC-verified (03H status query 078102FF)."""

    money_fen: int
    purchase_count: int
    customer_number: str
    key_info: int


def status_reply(sk: bytes, money_fen: int, count: int, customer: str, key_info: int) -> bytes:
    """What the ESAM answers: money (4, big-endian fen) + MAC, count (4) + MAC, customer (6), key info (4)."""
    money, cnt = money_fen.to_bytes(4, "big"), count.to_bytes(4, "big")
    return (money + cipher.mac(sk, money) + cnt + cipher.mac(sk, cnt) + bytes.fromhex(customer)[::-1]
            + key_info.to_bytes(4, "big"))


class MeterNotGenuineError(SecurityError):
    """The meter's answer to our challenge is wrong: it does not hold this meter's keys."""


class NoSessionError(SecurityError):
    """A protected write without identity authentication first."""


def respond(key: bytes, challenge: bytes) -> bytes:
    """The answer to an 8-byte challenge under ``key``."""
    return cipher.encrypt_blocks(key, challenge + bytes(b ^ 0xFF for b in challenge))[:8]


def session_key(parameter_key: bytes, random2: bytes, esam_serial: bytes) -> bytes:
    return cipher.diversify(parameter_key, random2 + esam_serial[4:8])


def class1_seal(sk: bytes, di: bytes, data: bytes) -> bytes:
    """Plaintext + MAC for a 99H write."""
    return data + cipher.mac(sk, di + data)


def class2_seal(sk: bytes, di: bytes, data: bytes) -> bytes:
    """Ciphertext + MAC for a 98H write (the plaintext starts with the DI)."""
    sealed = cipher.encrypt(sk, di + data)
    return sealed + cipher.mac(sk, sealed)


def bcd_number(raw: bytes) -> str:
    """6 BCD bytes low byte first (as frames carry them) to 12 digits."""
    return raw[::-1].hex()


class MeterSecurityModule(Protocol):
    """What the meter driver asks of the handheld's security module."""

    def check(self, authorisation: bytes, meter_address: str, operation: str) -> None:
        """Refuse (SecurityError) unless the authorisation allows ``operation`` on this meter now."""

    def ir_request(self, authorisation: bytes, meter_address: str) -> bytes:
        """random1 (8 bytes) for the IR request."""

    def ir_response(self, authorisation: bytes, meter_address: str, reply: bytes) -> bytes:
        """Check the meter's IR-request reply; return respond(K_id, random2) for IR auth."""

    def identity_request(self, authorisation: bytes, meter_address: str) -> bytes:
        """cipher1 (8) + random1 (8) + div (8) for identity authentication."""

    def identity_established(self, authorisation: bytes, meter_address: str, reply: bytes) -> None:
        """Keep random2 + ESAM serial from the meter's identity-auth reply for this session."""

    def protect_write(self, authorisation: bytes, meter_address: str, di: int, data: bytes,
                      write_class: int) -> bytes:
        """The write's data: 99H (class 1) plaintext + MAC or 98H (class 2) ciphertext + MAC."""

    def open_status(self, authorisation: bytes, meter_address: str, reply: bytes) -> EsamStatus:
        """Check the MACs of a status-query reply and decode it."""


@dataclass(slots=True)
class _Session:
    random2: bytes
    serial: bytes


class SoftwareMeterSecurityModule:
    """The security module in software: holds only the transport key that unwraps task keys."""

    def __init__(self, transport_key: bytes, server_public_key: Ed25519PublicKey, *,
                 clock: Callable[[], float] = time.time,
                 random: Callable[[int], bytes] = os.urandom) -> None:
        self._transport_key = transport_key
        self._server_key = server_public_key
        self._clock = clock
        self._random = random
        self._ir_random1: dict[str, bytes] = {}
        self._sessions: dict[str, _Session] = {}

    def _authorise(self, blob: bytes, meter_address: str, operation: str) -> au.MeterAuthorisation:
        with refusing_commands():
            auth = au.verify_authorisation(blob, self._server_key, self._clock())
            au.check_use(auth, meter_address, operation)
        return auth

    def check(self, authorisation: bytes, meter_address: str, operation: str) -> None:
        self._authorise(authorisation, meter_address, operation)

    def _key(self, auth: au.MeterAuthorisation, kind: str) -> bytes:
        wrapped = auth.wrapped_keys.get(kind)
        if wrapped is None:
            raise SecurityError(f"the authorisation carries no {kind} key: ask the office")
        with refusing_commands():
            return au.unwrap_key(self._transport_key, wrapped)

    def ir_request(self, authorisation: bytes, meter_address: str) -> bytes:
        self._authorise(authorisation, meter_address, au.IR_AUTH)
        random1 = self._random(8)
        self._ir_random1[meter_address] = random1
        return random1

    def ir_response(self, authorisation: bytes, meter_address: str, reply: bytes) -> bytes:
        auth = self._authorise(authorisation, meter_address, au.IR_AUTH)
        random1 = self._ir_random1.pop(meter_address, None)
        if random1 is None or len(reply) != IR_REQUEST_REPLY_LEN:
            raise SecurityError("IR authentication out of order: start again with the IR request")
        number, answer, random2 = bcd_number(reply[:6]), reply[14:22], reply[22:30]
        if number != auth.meter_number:
            raise WrongMeterAuthorisationError(
                f"the meter under the probe has meter number {number}, the authorisation is for "
                f"{auth.meter_number}: check the work order and the meter")
        key = self._key(auth, au.KEY_IDENTITY)
        if answer != respond(key, random1):
            raise MeterNotGenuineError(
                "the meter failed to prove its identity: it does not hold this meter's keys; report it")
        return respond(key, random2)

    def identity_request(self, authorisation: bytes, meter_address: str) -> bytes:
        auth = self._authorise(authorisation, meter_address, au.IDENTITY_AUTH)
        random1 = self._random(8)
        cipher1 = respond(self._key(auth, au.KEY_IDENTITY), random1)
        return cipher1 + random1 + au.diversification_factor(auth.meter_number)

    def identity_established(self, authorisation: bytes, meter_address: str, reply: bytes) -> None:
        self._authorise(authorisation, meter_address, au.IDENTITY_AUTH)
        if len(reply) != IDENTITY_REPLY_LEN:
            raise SecurityError("the meter's identity-auth reply is malformed: retry authentication")
        self._sessions[meter_address] = _Session(reply[:4], reply[4:12])

    def protect_write(self, authorisation: bytes, meter_address: str, di: int, data: bytes,
                      write_class: int) -> bytes:
        operation = au.WRITE_CLASS1 if write_class == 1 else au.WRITE_CLASS2
        auth = self._authorise(authorisation, meter_address, operation)
        session = self._sessions.get(meter_address)
        if session is None:
            raise NoSessionError("authenticate with the meter (identity authentication) before writing")
        sk = session_key(self._key(auth, au.KEY_PARAMETER), session.random2, session.serial)
        di_raw = di.to_bytes(4, "little")
        return class1_seal(sk, di_raw, data) if write_class == 1 else class2_seal(sk, di_raw, data)

    def open_status(self, authorisation: bytes, meter_address: str, reply: bytes) -> EsamStatus:
        auth = self._authorise(authorisation, meter_address, au.READ_SECURE)
        session = self._sessions.get(meter_address)
        if session is None:
            raise NoSessionError("authenticate with the meter (identity authentication) before a secure read")
        if len(reply) != STATUS_REPLY_LEN:
            raise SecurityError("the meter's status reply is malformed: read it again")
        sk = session_key(self._key(auth, au.KEY_PARAMETER), session.random2, session.serial)
        money, count = reply[0:4], reply[8:12]
        if not (cipher.mac_ok(sk, money, reply[4:8]) and cipher.mac_ok(sk, count, reply[12:16])):
            raise SecurityError("the meter's purse data failed its MAC check: it was altered on the way or "
                                "the meter is not genuine; read it again, then report the meter")
        return EsamStatus(int.from_bytes(money, "big"), int.from_bytes(count, "big"),
                          bcd_number(reply[16:22]), int.from_bytes(reply[22:26], "big"))
