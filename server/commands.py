"""Server-signed commands: what will reach a meter or a card, signed with the server's Ed25519 key.

The command-signing key is generated on first start and kept in the server's
home (``command_signing_key.pem``, mode 0600). Its raw public key goes to every
device at enrolment (``EnrolResponse.command_key``); the device verifies each
command (:mod:`signed_commands.envelope`) before anything touches a meter
or a card. :func:`issue_command` signs a command for an order and appends it to
the change log for that order's technician only.

Every command is of a kind of :mod:`signed_commands.kinds`, valid at
most that kind's lifetime: :meth:`CommandSigner.sign` refuses anything else, so no
caller can turn the key into a general-purpose signer. Per-task meter authorisations
and their revocations are built by :mod:`server.authorisations` and handed to
:func:`queue_command`; the credit-token body is today a MessagePack map (see
:mod:`server.tasks`).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection

from server import changelog, orders
from server.changelog import Scope
from server.errors import ServerError
from server.orders import StoredOrder
from server.scope import AUDIENCE_TECH
from signed_commands.envelope import sign
from signed_commands.kinds import CommandKindError, check_lifetime, command_id

KEY_FILE = "command_signing_key.pem"


class CommandSigner:
    """The server's command-signing key."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key
        self.public_raw = private_key.public_key().public_bytes(serialization.Encoding.Raw,
                                                                serialization.PublicFormat.Raw)
        self.key_id = hashlib.sha256(self.public_raw).hexdigest()[:16]

    @classmethod
    def load_or_create(cls, home: Path) -> CommandSigner:
        path = home / KEY_FILE
        if path.is_file():
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
            if not isinstance(key, Ed25519PrivateKey):
                raise ServerError(500, "bad_key", f"{path} is not an Ed25519 key")
            return cls(key)
        home.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
        return cls(key)

    @property
    def private_key(self) -> Ed25519PrivateKey:
        """For the command-specific issuers (credit tokens, meter authorisations) that sign themselves."""
        return self._key

    def sign(self, kind: str, body: bytes, *, now: int, ttl_s: int) -> bytes:
        """The wire form of a signed command valid from ``now`` for ``ttl_s`` seconds; refuses a kind
        the centre does not sign or a validity beyond the kind's lifetime."""
        try:
            check_lifetime(kind, now, now + ttl_s)
        except CommandKindError as exc:
            raise ServerError(500, "unsigned_kind", str(exc)) from None
        return sign(self._key, kind, key_id=self.key_id, body=body, issued_at=now,
                    expires_at=now + ttl_s).encode()


def issue_command(conn: Connection, signer: CommandSigner, kind: str, order_no: str, body: bytes, *,
                  now: int, ttl_s: int) -> bytes:
    """Sign a command for ``order_no`` and queue it for that order's technician; its wire form."""
    data = signer.sign(kind, body, now=now, ttl_s=ttl_s)
    queue_command(conn, kind, order_no, data, now=now)
    return data


def queue_command(conn: Connection, kind: str, order_no: str, data: bytes, *, now: int,
                  recipient: StoredOrder | None = None) -> None:
    """Queue an already signed command for the technician of ``order_no`` only (the order's
    current technician, or the one of ``recipient``: the order as it was, for a revocation)."""
    stored = recipient or orders.load(conn, order_no)
    if stored is None:
        raise ServerError(404, "unknown_order", f"order {order_no} does not exist")
    scope = Scope(tech_id=stored.order.tech_id, team_id=stored.team_id, company_id=stored.company_id,
                  audience=AUDIENCE_TECH)
    changelog.append(conn, "command", command_id(order_no, kind, data), {"kind": kind, "order_no": order_no,
                                                                          "data": data},
                     scope, now=now)
