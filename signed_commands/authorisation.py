"""Per-task meter authorisations issued by the central system.

An authorisation is the body of a :class:`~signed_commands.envelope.SignedCommand`
of kind ``"meter-authorisation"``: which task, which meter (communication
address, and meter number for key diversification), which operations, and the
task keys for that meter, each *wrapped* (SM4-encrypted under the terminal's
security-module transport key, with a 3-byte key check value). The keys are
never in plain text on the terminal; only the security module unwraps them,
in memory, for one computation.

Body encoding (pure, UTF-8 JSON, keys sorted)::

    {"v": 1, "task": str, "meter": 12 digits, "number": 12 digits,
     "ops": [operation, ...], "keys": {kind: hex(wrapped 16) + hex(kcv 3)}}

The server calls :func:`issue_meter_authorisation`; the terminal calls
:func:`verify_authorisation` then :func:`check_use` before any byte goes to a meter.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from signed_commands import cipher, envelope
from signed_commands.errors import CommandError, ExpiredError

KIND = "meter-authorisation"
VERSION = 1

IR_AUTH = "ir-auth"
IDENTITY_AUTH = "identity-auth"
READ_SECURE = "read-secure"
WRITE_CLASS1 = "write-class1"
WRITE_CLASS2 = "write-class2"
OPERATIONS = (IR_AUTH, IDENTITY_AUTH, READ_SECURE, WRITE_CLASS1, WRITE_CLASS2)

# Key kinds (2009 numbering): identity/IR auth 070203FF, parameter update 070202FF,
# remote control 070201FF.
KEY_IDENTITY = "identity"
KEY_PARAMETER = "parameter"
KEY_CONTROL = "control"
KEY_KINDS = (KEY_IDENTITY, KEY_PARAMETER, KEY_CONTROL)
KEYS_FOR = {IR_AUTH: KEY_IDENTITY, IDENTITY_AUTH: KEY_IDENTITY, READ_SECURE: KEY_IDENTITY,
            WRITE_CLASS1: KEY_PARAMETER, WRITE_CLASS2: KEY_PARAMETER}


class WrongMeterAuthorisationError(CommandError):
    """The authorisation is for another meter than the one under the probe."""


class OperationNotAuthorisedError(CommandError):
    """The task's authorisation does not include this operation."""


@dataclass(frozen=True, slots=True)
class MeterAuthorisation:
    """What the central system allows for one task on one meter."""

    task_id: str
    meter_address: str
    meter_number: str
    operations: frozenset[str]
    wrapped_keys: dict[str, bytes]  # kind -> wrapped key (16) + check value (3)

    def encode(self) -> bytes:
        body = {"v": VERSION, "task": self.task_id, "meter": self.meter_address,
                "number": self.meter_number, "ops": sorted(self.operations),
                "keys": {k: v.hex() for k, v in sorted(self.wrapped_keys.items())}}
        return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()

    @classmethod
    def decode(cls, body: bytes) -> MeterAuthorisation:
        """Parse a body; raises :class:`CommandError` on anything malformed."""
        try:
            doc = json.loads(body.decode())
            if doc["v"] != VERSION:
                raise ValueError(f"version {doc['v']}")
            auth = cls(str(doc["task"]), _digits(doc["meter"]), _digits(doc["number"]),
                       frozenset(str(op) for op in doc["ops"]),
                       {str(k): bytes.fromhex(v) for k, v in doc["keys"].items()})
            if any(len(v) != 19 for v in auth.wrapped_keys.values()):
                raise ValueError("bad wrapped key")
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
            raise CommandError(f"the meter authorisation from the server is damaged ({exc}); "
                                "sync again") from None
        return auth


def _digits(value: object) -> str:
    text = str(value)
    if len(text) != 12 or not text.isdigit():
        raise ValueError(f"not a 12-digit meter address: {text!r}")
    return text


def check_value(key: bytes) -> bytes:
    """The 3-byte key check value: ``E_key(0...0)[:3]``."""
    return cipher.encrypt_blocks(key, bytes(16))[:3]


def wrap_key(transport_key: bytes, key: bytes) -> bytes:
    return cipher.encrypt_blocks(transport_key, key) + check_value(key)


def unwrap_key(transport_key: bytes, wrapped: bytes) -> bytes:
    key = cipher.decrypt_blocks(transport_key, wrapped[:16])
    if check_value(key) != wrapped[16:]:
        raise CommandError("a task key does not unwrap with this terminal's security module: the "
                            "authorisation was issued for another terminal; sync again")
    return key


def diversification_factor(meter_number: str) -> bytes:
    """``0000`` + meter number: 8 bytes (2 zero bytes + 6 BCD bytes)."""
    return bytes(2) + bytes.fromhex(meter_number)


def issue_meter_authorisation(server_signing_key: Ed25519PrivateKey, terminal_transport_key: bytes, *,
                              master_keys: dict[str, bytes], task_id: str, meter_address: str,
                              meter_number: str, operations: list[str] | tuple[str, ...],
                              issued_at: int, expires_at: int, key_id: str = "server-1") -> bytes:
    """Server side: sign an authorisation carrying this meter's diversified keys, wrapped."""
    unknown = set(operations) - set(OPERATIONS)
    if unknown:
        raise ValueError(f"unknown operations: {sorted(unknown)}")
    factor = diversification_factor(meter_number)
    kinds = {KEYS_FOR[op] for op in operations}
    wrapped = {kind: wrap_key(terminal_transport_key, cipher.diversify(master_keys[kind], factor))
               for kind in sorted(kinds)}
    auth = MeterAuthorisation(task_id, meter_address, meter_number, frozenset(operations), wrapped)
    command = envelope.sign(server_signing_key, KIND, key_id=key_id, body=auth.encode(),
                          issued_at=issued_at, expires_at=expires_at)
    return command.encode()


def verify_authorisation(data: bytes, server_public_key: Ed25519PublicKey, now: float) -> MeterAuthorisation:
    """Signature, kind and validity window; raises a :class:`CommandError` with a technician message."""
    command = envelope.decode(data)
    try:
        body = command.verify(server_public_key, now, KIND)
    except ExpiredError:
        if now >= command.expires_at:
            at = dt.datetime.fromtimestamp(command.expires_at).strftime("%Y-%m-%d %H:%M")
            raise ExpiredError(f"the authorisation expired at {at}; sync to get a new one") from None
        raise
    return MeterAuthorisation.decode(body)


def check_use(auth: MeterAuthorisation, meter_address: str, operation: str) -> None:
    """Refuse use on another meter, or for an operation the task does not include."""
    if auth.meter_address != meter_address:
        raise WrongMeterAuthorisationError(
            f"this authorisation is for meter {auth.meter_address}, not the meter under the probe "
            f"({meter_address}): check the work order and the meter")
    if operation not in auth.operations:
        raise OperationNotAuthorisedError(
            f"task {auth.task_id} is not authorised to {operation} on this meter: ask the office")
