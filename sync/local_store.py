"""The sync ports (:mod:`sync.store_port`) on top of the terminal's store (``app.storage``).

Each method is one short read or one transaction of the store's single writer;
the runner calls them between network exchanges, never around one.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from app.storage.attachments import AttachmentStore
from app.storage.changes import ChangeRow, apply_changes
from app.storage.db import Store
from app.storage.outbox import Outbox
from app.storage.sync_state import DeviceIdentity, SyncState
from sync.protocol import Change, Mutation, Rejection
from sync.store_port import Batch, Identity, PendingAttachment

log = logging.getLogger(__name__)


class LocalSyncStore:
    """Implements :class:`~sync.store_port.SyncStorePort`, ``AttachmentPort`` and ``IdentityPort``."""

    def __init__(self, store: Store, data_dir: Path) -> None:
        self.store = store
        self.outbox = Outbox(store)
        self.state = SyncState(store)
        self.files = AttachmentStore(store, data_dir)

    # -- SyncStorePort --------------------------------------------------------------------------
    def read_batch(self, limit: int) -> Batch:
        rows = self.outbox.pending(limit)
        mutations = tuple(Mutation(r.seq, r.entity, r.entity_id, r.op, r.payload, r.created_at)
                          for r in rows)
        pending = self.outbox.count() if len(rows) == limit else len(rows)
        return Batch(mutations, self.state.cursor(), pending)

    def pending_count(self) -> int:
        return self.outbox.count()

    def complete_through(self, seq: int) -> int:
        self.outbox.complete_through(seq)
        return self.outbox.count()

    def apply_changes(self, changes: Sequence[Change], cursor: int) -> None:
        rows = [ChangeRow(c.entity, c.entity_id, c.op, c.payload) for c in changes]
        apply_changes(self.store, rows, cursor)

    def record_rejections(self, rejections: Sequence[Rejection]) -> None:
        # The server keeps each rejected record and flags it for the supervisor (the flag comes
        # down as a change); here the technician sees it in the status and the log.
        for r in rejections:
            log.warning("the server did not apply outbox row %d: %s (%s)", r.seq, r.message, r.code)
        if rejections:
            last = rejections[-1]
            self.state.record_error(f"{len(rejections)} record(s) refused by the server: {last.message}")

    def record_success(self, at: str) -> None:
        self.state.record_success(at)

    def record_error(self, message: str) -> None:
        self.state.record_error(message)

    def last_success(self) -> str:
        return self.state.last_success()

    # -- AttachmentPort -------------------------------------------------------------------------
    def pending_uploads(self) -> list[PendingAttachment]:
        return [PendingAttachment(r.sha256, r.path, r.size, r.confirmed_offset)
                for r in self.files.pending_uploads()]

    def mark_progress(self, sha256: str, offset: int) -> None:
        self.files.mark_progress(sha256, offset)

    def mark_uploaded(self, sha256: str) -> None:
        self.files.mark_uploaded(sha256)

    # -- IdentityPort ---------------------------------------------------------------------------
    def identity(self) -> Identity | None:
        found = self.state.identity()
        if found is None:
            return None
        return Identity(found.device_id, found.secret, found.user_id, found.role, found.command_key,
                        found.server_url, found.server_fingerprint, found.user_name, found.team_id,
                        found.team_name, found.company_id, found.server_pins)

    def save_identity(self, identity: Identity) -> None:
        self.state.save_identity(DeviceIdentity(
            identity.device_id, identity.secret, identity.user_id, identity.role, identity.command_key,
            identity.server_url, identity.server_fingerprint, identity.user_name, identity.team_id,
            identity.team_name, identity.company_id, identity.server_pins))
