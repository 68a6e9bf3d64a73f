"""What the sync runner needs from the terminal's local store (ports, not an implementation).

:mod:`sync.local_store` implements these on top of ``app.storage``; tests use
small in-memory fakes. Every method is one short transaction (or a read): the
runner never holds a transaction across a network call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sync.protocol import Change, Mutation, Rejection


@dataclass(frozen=True, slots=True)
class Batch:
    """The oldest outbox rows, the cursor, and how many rows wait in all."""

    mutations: tuple[Mutation, ...]
    cursor: int
    pending: int


@dataclass(frozen=True, slots=True)
class Damaged:
    """Outbox rows this handheld could not send and quarantined (:mod:`sync.quarantine`)."""

    total: int = 0
    unreported: int = 0  # of those, whose report the centre has not acknowledged yet

    @property
    def code(self) -> str:
        """The technician's line about them (sync.errors.MESSAGES_ZH): "" when there are none."""
        if not self.total:
            return ""
        return "damaged_waiting" if self.unreported else "damaged_reported"


@dataclass(frozen=True, slots=True)
class PendingAttachment:
    sha256: str
    path: Path
    size: int
    confirmed_offset: int


@dataclass(frozen=True, slots=True)
class Identity:
    """The device's credentials, from enrolment."""

    device_id: str
    secret: bytes
    user_id: str
    role: str
    command_key: bytes
    server_url: str
    server_fingerprint: str  # the pin the enrolment link gave (sync.tls_trust); "" = plain HTTP
    # Who the terminal belongs to, from the enrolment answer ("" from an older server):
    # the handheld's team is the enrolling user's team (who may sign in on it).
    user_name: str = ""
    team_id: str = ""
    team_name: str = ""
    company_id: str = ""
    server_pins: tuple[str, ...] = ()  # the pin set the server announced last (replaces the link's)

    @property
    def pins(self) -> tuple[str, ...]:
        """The pins a connection to the server is checked against (none: plain HTTP)."""
        return self.server_pins or ((self.server_fingerprint,) if self.server_fingerprint else ())


class SyncStorePort(Protocol):
    def read_batch(self, limit: int) -> Batch:
        """Up to ``limit`` outbox rows, oldest first, with the cursor (one read).

        A row that cannot be read or sent is quarantined first (one short transaction) and
        its report is in the batch in its place, under its seq (:mod:`sync.quarantine`).
        Raises :class:`~sync.errors.LocalStoreError` when the store itself fails."""
        ...

    def damaged(self) -> Damaged:
        """How many outbox rows were quarantined (for the technician's sync status)."""
        ...

    def pending_count(self) -> int: ...

    def complete_through(self, seq: int) -> int:
        """Drop the outbox rows the server has stored (one transaction); returns rows left."""
        ...

    def apply_changes(self, changes: Sequence[Change], cursor: int) -> None:
        """Apply the server's changes and store the new cursor (one transaction)."""
        ...

    def record_rejections(self, rejections: Sequence[Rejection]) -> None:
        """Keep the server's rejections for the technician to see."""
        ...

    def record_success(self, at: str) -> None: ...

    def record_error(self, message: str) -> None: ...

    def last_success(self) -> str: ...


class AttachmentPort(Protocol):
    def pending_uploads(self) -> list[PendingAttachment]: ...

    def mark_progress(self, sha256: str, offset: int) -> None: ...

    def mark_uploaded(self, sha256: str) -> None: ...


class IdentityPort(Protocol):
    def identity(self) -> Identity | None: ...

    def save_identity(self, identity: Identity) -> None: ...
