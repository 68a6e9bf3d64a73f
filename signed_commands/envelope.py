"""Server-signed commands: what the central system sends that will reach a meter or card.

Corrections, credit tokens and per-task authorisations travel as a
:class:`SignedCommand`: a kind, an opaque body (the kind's own encoding), a
validity window and an Ed25519 signature by the server's command-signing key.
The terminal verifies the signature and the window *before* anything is sent to
a device; a command that fails either is refused and nothing changes.

Wire layout (all integers big-endian)::

    b"MFS1" | u8 len(kind) | kind (ASCII) | u8 len(key_id) | key_id (ASCII)
    | u64 issued_at | u64 expires_at (Unix seconds) | u32 len(body) | body
    | 64-byte Ed25519 signature over everything before it
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from signed_commands.errors import CommandError, ExpiredError, SignatureError

MAGIC = b"MFS1"
SIG_LEN = 64
_TIMES = struct.Struct(">QQ")
_LEN = struct.Struct(">I")


@dataclass(frozen=True, slots=True)
class SignedCommand:
    """A command issued and signed by the central system."""

    kind: str
    key_id: str
    issued_at: int
    expires_at: int
    body: bytes
    signature: bytes

    def signed_part(self) -> bytes:
        return _encode_unsigned(self.kind, self.key_id, self.issued_at, self.expires_at, self.body)

    def encode(self) -> bytes:
        return self.signed_part() + self.signature

    def verify(self, public_key: Ed25519PublicKey, now: float, kind: str) -> bytes:
        """Return the body if the signature, the kind and the window are right.

        Raises :class:`SignatureError` (altered, or not from our server),
        :class:`CommandError` (a command of another kind) or :class:`ExpiredError`.
        """
        try:
            public_key.verify(self.signature, self.signed_part())
        except InvalidSignature:
            raise SignatureError(
                f"the {self.kind} from the server failed its signature check: it was altered "
                "or not issued by our server; sync again to get a fresh one") from None
        if self.kind != kind:
            raise CommandError(f"expected a {kind} from the server, got a {self.kind}")
        if now < self.issued_at - 300:
            raise ExpiredError(f"the {kind} is not valid yet: check the terminal's clock")
        if now >= self.expires_at:
            raise ExpiredError(f"the {kind} has expired: sync to get a new one before going on")
        return self.body


def sign(private_key: Ed25519PrivateKey, kind: str, *, key_id: str, body: bytes,
         issued_at: int, expires_at: int) -> SignedCommand:
    """Issue a command (server side)."""
    unsigned = _encode_unsigned(kind, key_id, issued_at, expires_at, body)
    return SignedCommand(kind, key_id, issued_at, expires_at, body, private_key.sign(unsigned))


def decode(data: bytes) -> SignedCommand:
    """Parse the wire form; raises :class:`CommandError` on anything malformed."""
    try:
        if data[:4] != MAGIC:
            raise ValueError("bad magic")
        pos = 4
        kind, pos = _short_str(data, pos)
        key_id, pos = _short_str(data, pos)
        issued_at, expires_at = _TIMES.unpack_from(data, pos)
        pos += _TIMES.size
        (body_len,) = _LEN.unpack_from(data, pos)
        pos += _LEN.size
        body = data[pos:pos + body_len]
        signature = data[pos + body_len:]
        if len(body) != body_len or len(signature) != SIG_LEN:
            raise ValueError("truncated")
    except (ValueError, IndexError, struct.error, UnicodeDecodeError) as exc:
        raise CommandError(f"a command from the server is damaged ({exc}); sync again") from None
    return SignedCommand(kind, key_id, issued_at, expires_at, body, signature)


def _short_str(data: bytes, pos: int) -> tuple[str, int]:
    n = data[pos]
    raw = data[pos + 1:pos + 1 + n]
    if len(raw) != n:
        raise ValueError("truncated")
    return raw.decode("ascii"), pos + 1 + n


def _encode_unsigned(kind: str, key_id: str, issued_at: int, expires_at: int, body: bytes) -> bytes:
    k, i = kind.encode("ascii"), key_id.encode("ascii")
    return (MAGIC + bytes([len(k)]) + k + bytes([len(i)]) + i + _TIMES.pack(issued_at, expires_at)
            + _LEN.pack(len(body)) + body)
