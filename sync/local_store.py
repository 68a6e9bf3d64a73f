"""The sync ports (:mod:`sync.store_port`) on top of the terminal's store (``app.storage``).

Each method is one short read or one transaction of the store's single writer;
the runner calls them between network exchanges, never around one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import msgspec

from app.storage.attachments import AttachmentStore
from app.storage.changes import ChangeRow, apply_changes
from app.storage.db import Store
from app.storage.errors import DiskFullError, StorageError
from app.storage.outbox import DamagedRow, Outbox, OutboxRow, RawRow, Replacement
from app.storage.sync_state import DeviceIdentity, SyncState
from sync import quarantine
from sync.entities import DAMAGED
from sync.errors import LocalStoreError
from sync.protocol import Change, Mutation, Rejection
from sync.store_port import Batch, Damaged, Identity, PendingAttachment

log = logging.getLogger(__name__)
MAX_BATCH_BYTES = 4 * 1024 * 1024  # encoded mutations per request: far under what the server decodes
T = TypeVar("T")


def _guarded(what: str, call: Callable[[], T]) -> T:
    """Run a store call; a failure of the database becomes a :class:`LocalStoreError` whose message
    says what could not be done, never the database's own text (that goes to the log)."""
    try:
        return call()
    except DiskFullError as exc:
        log.error("could not %s: %s", what, exc)
        raise LocalStoreError(f"the handheld's storage is full: could not {what}; sync stops until "
                              "space is freed", code="storage_full") from exc
    except StorageError as exc:
        log.exception("could not %s", what)
        raise LocalStoreError(f"the handheld's database failed: could not {what}; will retry") from exc


class LocalSyncStore:
    """Implements :class:`~sync.store_port.SyncStorePort`, ``AttachmentPort`` and ``IdentityPort``."""

    def __init__(self, store: Store, data_dir: Path) -> None:
        self.store = store
        self.outbox = Outbox(store)
        self.state = SyncState(store)
        self.files = AttachmentStore(store, data_dir)
        self._wrote = False  # this cycle removed or changed rows: checkpoint the WAL when it ends

    # -- SyncStorePort --------------------------------------------------------------------------
    def read_batch(self, limit: int) -> Batch:
        return _guarded("read the outbox", lambda: self._read_batch(limit))

    def _read_batch(self, limit: int) -> Batch:
        rows = self.outbox.read(limit)
        mutations: list[Mutation] = []
        size = 0
        for row in rows:
            mutation = self._sendable(row)
            if mutation is None:
                continue
            size += len(msgspec.msgpack.encode(mutation))
            if mutations and size > MAX_BATCH_BYTES:  # the rest goes in the next request
                break
            mutations.append(mutation)
        cut = len(rows) == limit or len(mutations) < len(rows)
        pending = self.outbox.count() if cut else len(mutations)
        return Batch(tuple(mutations), self.state.cursor(), pending)

    def _sendable(self, row: OutboxRow | DamagedRow) -> Mutation | None:
        """The row as a mutation, or its quarantine report in its place (None if it has gone)."""
        if isinstance(row, DamagedRow):
            return self._quarantine(row.raw, row.reason, row.detail)
        mutation = Mutation(row.seq, row.entity, row.entity_id, row.op, row.payload, row.created_at)
        found = quarantine.problem(mutation)
        if found is None:
            return mutation
        assert row.raw is not None  # rows from Outbox.read carry their stored bytes
        return self._quarantine(row.raw, *found)

    def _quarantine(self, raw: RawRow, reason: str, detail: str) -> Mutation | None:
        at = datetime.now(UTC).isoformat(timespec="seconds")
        report = quarantine.report(raw, reason, detail, at)
        replacement = Replacement(report.entity, report.entity_id, report.op, report.payload, report.at)
        if not self.outbox.quarantine(raw.seq, reason, detail, replacement):
            return None
        self._wrote = True
        log.warning("outbox row %d (%s) cannot be sent (%s: %s): quarantined, and its report goes to "
                    "the centre under the same seq", raw.seq, report.payload["entity"], reason, detail)
        return report

    def damaged(self) -> Damaged:
        total, unreported = _guarded("count the damaged records", self.outbox.damaged)
        return Damaged(total, unreported)

    def pending_count(self) -> int:
        return _guarded("count the outbox", self.outbox.count)

    def complete_through(self, seq: int) -> int:
        removed = _guarded("drop the acknowledged records", lambda: self.outbox.complete_through(seq))
        self._wrote = self._wrote or removed > 0
        return self.pending_count()

    def apply_changes(self, changes: Sequence[Change], cursor: int) -> None:
        rows = [ChangeRow(c.entity, c.entity_id, c.op, c.payload) for c in changes]
        _guarded("store the centre's changes", lambda: apply_changes(self.store, rows, cursor))
        self._wrote = self._wrote or bool(rows)

    def record_rejections(self, rejections: Sequence[Rejection]) -> None:
        # The server keeps each rejected record and flags it for the supervisor (the flag comes
        # down as a change); here the technician sees it in the status and the log. A rejection
        # coded "damaged" is the centre's receipt for a quarantine report, not a refusal.
        refused = [r for r in rejections if r.code != DAMAGED]
        for r in rejections:
            if r.code == DAMAGED:
                log.info("the centre has the report of damaged outbox row %d", r.seq)
            else:
                log.warning("the server did not apply outbox row %d: %s (%s)", r.seq, r.message, r.code)
        if refused:
            last = refused[-1]
            self.state.record_error(f"{len(refused)} record(s) refused by the server: {last.message}")

    def record_success(self, at: str) -> None:
        self.state.record_success(at)
        self._end_of_cycle()

    def record_error(self, message: str) -> None:
        self.state.record_error(message)
        self._end_of_cycle()

    def _end_of_cycle(self) -> None:
        """A cycle that removed or changed rows ends with a WAL checkpoint (the file shrinks back)."""
        if self._wrote:
            self._wrote = not self.store.checkpoint()  # a reader in the way: try after the next cycle

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
