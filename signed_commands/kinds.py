"""The kinds of server-signed command: who may have the server sign each, and for how long.

One list for both ends. Every command the server signs is one of :data:`LIFETIMES`,
valid at most that long. Only the :data:`SUPERVISOR_KINDS` may be asked for through
``POST /v1/commands`` (a supervisor's correction for an order of their team); the
others come only from their issuers at the server: meter authorisations
(:mod:`.authorisation`, issued when a replacement order is assigned or started),
credit tokens (:mod:`.credit_token`) and card parameters (:mod:`.card_parameters`), for a
prepaid task the technician's terminal requested, revocations (below, when an order is
reassigned or cancelled) and the
server's TLS pin set (:data:`TLS_PINS`, ``server.tls.announcement``, carried in sync
answers: whoever could have it signed would choose which certificates handhelds trust).
The handheld keeps only commands of a known kind within its lifetime.

A revocation (kind :data:`AUTHORISATION_REVOCATION`) withdraws a task's meter
authorisations. Its body (UTF-8 JSON, keys sorted)::

    {"v": 1, "task": order_no, "reason": "reassigned" | "cancelled"}

It voids every meter authorisation of ``task`` issued *before* its own ``issued_at``
(the signed envelope's), never one issued later: the server issues a task's
authorisations and revocations at strictly increasing times, so an order given
back to the same technician comes with fresh authorisations that work again. Its
``expires_at`` is ``issued_at`` + the longest authorisation lifetime: by then every
authorisation it covers has expired anyway. A revocation only takes rights away,
so the handheld acts on it whenever its signature verifies, even past its window.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from signed_commands import authorisation, card_parameters, credit_token, envelope
from signed_commands.errors import CommandError, SignatureError

METER_AUTHORISATION = authorisation.KIND
CREDIT_TOKEN = credit_token.KIND
CARD_PARAMETERS = card_parameters.KIND
AUTHORISATION_REVOCATION = "authorisation-revocation"
CORRECTION = "correction"  # a supervisor's parameter correction for an inspection order
TLS_PINS = "tls_pins"  # the TLS pins the server accepts (sync.tls_trust), announced in sync answers

HOUR = 3600
LIFETIMES: dict[str, int] = {  # the longest validity (expires_at - issued_at) of each kind, seconds
    METER_AUTHORISATION: 36 * HOUR,
    CREDIT_TOKEN: 24 * HOUR,
    CARD_PARAMETERS: 24 * HOUR,
    AUTHORISATION_REVOCATION: 36 * HOUR,
    CORRECTION: 12 * HOUR,
    TLS_PINS: 24 * HOUR,
}
SUPERVISOR_KINDS: dict[str, int] = {CORRECTION: 8 * HOUR}  # the kinds /v1/commands signs: default ttl
MAX_SUPERVISOR_BODY = 4096  # bytes: a correction is a few parameter values
ISSUER_KINDS = frozenset(LIFETIMES) - frozenset(SUPERVISOR_KINDS)
REVOCATION_REASONS = ("reassigned", "cancelled")
REVOCATION_VERSION = 1


class CommandKindError(CommandError):
    """A command of a kind nobody may have signed, or valid longer than its kind allows."""


def check_lifetime(kind: str, issued_at: int, expires_at: int) -> None:
    """Refuse (:class:`CommandKindError`) an unknown kind or a validity beyond the kind's lifetime."""
    longest = LIFETIMES.get(kind)
    if longest is None:
        raise CommandKindError(f"'{kind}' is not a kind of command the centre signs")
    if not 0 < expires_at - issued_at <= longest:
        raise CommandKindError(f"a {kind} is valid at most {longest // HOUR} h, this one "
                               f"{(expires_at - issued_at) / HOUR:.1f} h")


@dataclass(frozen=True, slots=True)
class Revocation:
    """The centre's withdrawal of a task's meter authorisations issued before ``issued_at``."""

    task_id: str
    reason: str
    issued_at: int

    def covers(self, authorisation_issued_at: int) -> bool:
        return authorisation_issued_at < self.issued_at


def revocation_body(task_id: str, reason: str) -> bytes:
    if reason not in REVOCATION_REASONS:
        raise ValueError(f"unknown revocation reason {reason!r}")
    doc = {"v": REVOCATION_VERSION, "task": task_id, "reason": reason}
    return json.dumps(doc, sort_keys=True, separators=(",", ":")).encode()


def issue_revocation(private_key: Ed25519PrivateKey, *, key_id: str, task_id: str, reason: str,
                     issued_at: int) -> bytes:
    """Server side: the signed revocation's wire form."""
    expires_at = issued_at + LIFETIMES[AUTHORISATION_REVOCATION]
    return envelope.sign(private_key, AUTHORISATION_REVOCATION, key_id=key_id,
                       body=revocation_body(task_id, reason), issued_at=issued_at,
                       expires_at=expires_at).encode()


def open_revocation(data: bytes, public_key: Ed25519PublicKey) -> Revocation:
    """Handheld side: signature and kind (not the window: see the module's docstring)."""
    command = envelope.decode(data)
    try:
        public_key.verify(command.signature, command.signed_part())
    except InvalidSignature:
        raise SignatureError("a revocation from the server failed its signature check: it was "
                             "altered or not issued by our server") from None
    if command.kind != AUTHORISATION_REVOCATION:
        raise CommandError(f"expected a {AUTHORISATION_REVOCATION}, got a {command.kind}")
    try:
        doc = json.loads(command.body.decode())
        if doc["v"] != REVOCATION_VERSION or doc["reason"] not in REVOCATION_REASONS:
            raise ValueError(f"version {doc['v']}, reason {doc['reason']!r}")
        task = doc["task"]
        if not isinstance(task, str) or not task:
            raise ValueError("no task")
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise CommandError(f"a revocation from the server is damaged ({exc})") from None
    return Revocation(task, str(doc["reason"]), command.issued_at)


def command_id(order_no: str, kind: str, data: bytes) -> str:
    """The id a signed command travels under (the centre's change and the terminal's row alike)."""
    return f"{order_no}:{kind}:{hashlib.sha256(data).hexdigest()[:12]}"
