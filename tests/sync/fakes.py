"""In-memory fakes of the sync ports and of the server's de-duplication (for engine/runner tests)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from sync.protocol import (
    PROTOCOL_VERSION,
    SCHEMA_VERSION,
    Change,
    Mutation,
    Rejection,
    SyncRequest,
    SyncResponse,
)
from sync.store_port import Batch, Damaged, PendingAttachment


@dataclass
class FakeStore:
    """Implements SyncStorePort and AttachmentPort in memory."""

    outbox: list[Mutation] = field(default_factory=list)
    cursor: int = 0
    applied: dict[tuple[str, str], dict[str, object]] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)
    successes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    uploads: list[PendingAttachment] = field(default_factory=list)
    uploaded: list[str] = field(default_factory=list)
    next_seq: int = 1
    lock: threading.Lock = field(default_factory=threading.Lock)

    def write(self, n: int = 1, entity: str = "reading") -> list[int]:
        seqs = []
        with self.lock:
            for _ in range(n):
                seq = self.next_seq
                self.next_seq += 1
                self.outbox.append(Mutation(seq, entity, f"r{seq}", "upsert", {"v": seq},
                                            "2026-11-24T08:00:00"))
                seqs.append(seq)
        return seqs

    def read_batch(self, limit: int) -> Batch:
        with self.lock:
            return Batch(tuple(self.outbox[:limit]), self.cursor, len(self.outbox))

    def pending_count(self) -> int:
        with self.lock:
            return len(self.outbox)

    def damaged(self) -> Damaged:
        return Damaged()

    def complete_through(self, seq: int) -> int:
        with self.lock:
            self.outbox = [m for m in self.outbox if m.seq > seq]
            return len(self.outbox)

    def apply_changes(self, changes: Sequence[Change], cursor: int) -> None:
        with self.lock:
            for c in changes:
                self.applied[(c.entity, c.entity_id)] = c.payload
            self.cursor = cursor

    def record_rejections(self, rejections: Sequence[Rejection]) -> None:
        self.rejections.extend(rejections)

    def record_success(self, at: str) -> None:
        self.successes.append(at)

    def record_error(self, message: str) -> None:
        self.errors.append(message)

    def last_success(self) -> str:
        return self.successes[-1] if self.successes else ""

    def pending_uploads(self) -> list[PendingAttachment]:
        return [u for u in self.uploads if u.sha256 not in self.uploaded]

    def mark_progress(self, sha256: str, offset: int) -> None:
        self.uploads = [PendingAttachment(u.sha256, u.path, u.size, offset) if u.sha256 == sha256 else u
                        for u in self.uploads]

    def mark_uploaded(self, sha256: str) -> None:
        self.uploaded.append(sha256)


@dataclass
class ModelServer:
    """The server's contract, minimally: de-dup by (device, seq), a change log, paging by cursor."""

    stored: dict[tuple[str, int], Mutation] = field(default_factory=dict)
    applied_count: dict[tuple[str, int], int] = field(default_factory=dict)
    log: list[Change] = field(default_factory=list)
    page: int = 3
    capacity: int | None = None  # store at most this many mutations per request (None = all)

    def publish(self, n: int) -> None:
        for _ in range(n):
            pos = len(self.log) + 1
            self.log.append(Change(pos, "work_order", f"WO{pos}", "upsert", {"n": pos}))

    def handle(self, request: SyncRequest) -> SyncResponse:
        acked = max((s for (d, s) in self.stored if d == request.device_id), default=0)
        for m in request.mutations[: self.capacity]:
            key = (request.device_id, m.seq)
            if key not in self.stored and m.seq == acked + 1:  # contiguous only
                self.stored[key] = m
                self.applied_count[key] = self.applied_count.get(key, 0) + 1
                acked = m.seq
        changes = [c for c in self.log if c.cursor > request.cursor][: self.page]
        cursor = changes[-1].cursor if changes else request.cursor
        more = any(c.cursor > cursor for c in self.log)
        return SyncResponse(PROTOCOL_VERSION, SCHEMA_VERSION, acked, [], changes, cursor, more, 1_790_000_000)
