"""The terminal's sync engine: a sans-io state machine (events in, actions out).

The engine decides *what* to do next; :mod:`sync.runner` does it and feeds the
outcome back as the next event. Nothing here touches a socket, a database or a
clock, so property tests drive it through any interleaving of events.

One cycle::

    ReadBatch -> BatchRead -> SendSync -> SyncResponded -> Commit -> Committed -> (more to send or
    receive: another cycle) -> UploadAttachments -> AttachmentsDone -> RecordSuccess, poll timer

Outbox rows go only by :class:`Commit`, after the server's ack, never around the network call.
A failure is recorded and retried after exponential backoff with jitter; LinkUp retries at once.

:data:`TRANSITIONS` lists every legal (phase, event); any other pair raises
:class:`EngineError` naming both. Events that may arrive late from another
thread (a cancelled timer, a link change) are legal everywhere."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from sync.entities import DAMAGED
from sync.errors import SyncError
from sync.protocol import (
    MAX_BATCH,
    MAX_CHANGES,
    PROTOCOL_VERSION,
    SCHEMA_VERSION,
    Change,
    Mutation,
    Rejection,
    SyncRequest,
    SyncResponse,
)

TIMER = "sync"  # the engine's one timer: retry, poll and debounce share it


class EngineError(SyncError):
    """An event arrived in a phase where it cannot happen (a bug in the runner)."""


class Phase(StrEnum):
    OFFLINE = "offline"  # the link is down; waiting for LinkUp or an explicit sync
    IDLE = "idle"  # nothing in flight; the poll timer is set
    READING = "reading"  # waiting for the outbox batch
    SENDING = "sending"  # the sync request is on the wire
    COMMITTING = "committing"  # applying the ack and the changes locally
    UPLOADING = "uploading"  # sending attachment chunks
    BACKOFF = "backoff"  # waiting before a retry
    BLOCKED = "blocked"  # the server refused our credentials: only re-enrolment helps
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class BackoffPolicy:
    """Exponential backoff with full-range jitter: ``base * factor**n`` capped, scaled by 1±jitter."""

    base_s: float = 2.0
    factor: float = 2.0
    cap_s: float = 300.0
    jitter: float = 0.25

    def delay(self, attempt: int, rand01: float) -> float:
        raw = min(self.cap_s, self.base_s * self.factor ** max(0, attempt - 1))
        return max(0.0, raw * (1.0 + self.jitter * (2.0 * rand01 - 1.0)))


@dataclass(frozen=True, slots=True)
class EngineConfig:
    device_id: str
    batch_size: int = MAX_BATCH
    max_changes: int = 2000
    poll_interval_s: float = 900.0  # an idle sync every 15 min while online
    debounce_s: float = 2.0  # wait this long after a local write so one cycle takes several
    backoff: BackoffPolicy = field(default_factory=BackoffPolicy)
    seed: int | None = None  # for the jitter; None = unpredictable

    def __post_init__(self) -> None:
        # Outside the protocol's ranges every request would be refused (400) and resent forever.
        if not (1 <= self.batch_size <= MAX_BATCH and 1 <= self.max_changes <= MAX_CHANGES):
            raise ValueError(f"batch_size must be 1..{MAX_BATCH} and max_changes 1..{MAX_CHANGES}")


@dataclass(frozen=True, slots=True)
class EngineStatus:
    """What the UI shows (the runner adds wall-clock times)."""

    phase: Phase
    online: bool
    syncing: bool
    pending: int
    last_error: str
    rejections: int  # mutations the server stored but refused, since start (quarantine receipts aside)


@dataclass(frozen=True, slots=True)
class LinkUp:
    pass


@dataclass(frozen=True, slots=True)
class LinkDown:
    pass


@dataclass(frozen=True, slots=True)
class SyncRequested:
    pass


@dataclass(frozen=True, slots=True)
class OutboxChanged:
    pending: int  # a local write added outbox rows: the new count


@dataclass(frozen=True, slots=True)
class TimerFired:
    name: str
    token: int


@dataclass(frozen=True, slots=True)
class Stopped:
    pass


@dataclass(frozen=True, slots=True)
class BatchRead:
    mutations: tuple[Mutation, ...]
    cursor: int
    pending: int


@dataclass(frozen=True, slots=True)
class SyncResponded:
    response: SyncResponse


FailureKind = Literal["network", "server", "auth", "protocol"]


@dataclass(frozen=True, slots=True)
class SyncFailed:
    """The request failed: ``network`` (cut, timeout), ``server`` (5xx, busy), ``auth``, ``protocol``."""

    kind: FailureKind
    message: str


@dataclass(frozen=True, slots=True)
class Committed:
    pending: int  # the ack and the changes are stored; this many outbox rows remain


@dataclass(frozen=True, slots=True)
class CommitFailed:
    message: str


@dataclass(frozen=True, slots=True)
class AttachmentsDone:
    error: str = ""  # "" = every pending attachment is uploaded


Event = (LinkUp | LinkDown | SyncRequested | OutboxChanged | TimerFired | Stopped | BatchRead
         | SyncResponded | SyncFailed | Committed | CommitFailed | AttachmentsDone)


@dataclass(frozen=True, slots=True)
class ReadBatch:
    limit: int


@dataclass(frozen=True, slots=True)
class SendSync:

    request: SyncRequest


@dataclass(frozen=True, slots=True)
class Commit:
    """Drop outbox rows through ``acked_through``, then apply the changes with the cursor (two short
    transactions); log the rejections. Answer with Committed or CommitFailed."""

    acked_through: int
    changes: tuple[Change, ...]
    cursor: int
    rejections: tuple[Rejection, ...]


@dataclass(frozen=True, slots=True)
class UploadAttachments:
    pass


@dataclass(frozen=True, slots=True)
class SetTimer:

    name: str
    delay_s: float
    token: int


@dataclass(frozen=True, slots=True)
class CancelTimer:
    name: str


@dataclass(frozen=True, slots=True)
class RecordSuccess:
    """Store the time of this successful sync (the runner owns the clock)."""


@dataclass(frozen=True, slots=True)
class RecordError:
    message: str


@dataclass(frozen=True, slots=True)
class PublishStatus:
    status: EngineStatus


Action = (ReadBatch | SendSync | Commit | UploadAttachments | SetTimer | CancelTimer | RecordSuccess
          | RecordError | PublishStatus)


_BUSY = frozenset({Phase.READING, Phase.SENDING, Phase.COMMITTING, Phase.UPLOADING})
_ALL = frozenset(Phase)
_ANYWHERE = (LinkUp, LinkDown, SyncRequested, OutboxChanged, TimerFired, Stopped)

TRANSITIONS: dict[tuple[Phase, type[Event]], str] = {
    **{(p, e): "_on_" + e.__name__.lower() for p in _ALL - {Phase.STOPPED} for e in _ANYWHERE},
    (Phase.READING, BatchRead): "_on_batch_read",
    (Phase.READING, CommitFailed): "_on_commit_failed",  # the outbox could not be read
    (Phase.SENDING, SyncResponded): "_on_sync_responded",
    (Phase.SENDING, SyncFailed): "_on_sync_failed",
    (Phase.COMMITTING, Committed): "_on_committed",
    (Phase.COMMITTING, CommitFailed): "_on_commit_failed",
    (Phase.UPLOADING, AttachmentsDone): "_on_attachments_done",
    **{(Phase.STOPPED, e): "_on_stopped" for e in _ANYWHERE},  # late events after stop: no-ops
}


class SyncEngine:
    """``handle(event) -> list[Action]``; see the module docstring."""

    def __init__(self, config: EngineConfig, *, pending: int = 0, online: bool = False) -> None:
        self.config = config
        self.phase = Phase.IDLE if online else Phase.OFFLINE
        self.online = online
        self.pending = pending
        self.last_error = ""
        self.rejections = 0
        self._rng = random.Random(config.seed)
        self._attempt = 0  # consecutive failures
        self._timer_token = 0  # only the newest timer counts
        self._again = False  # a sync was asked for while a cycle ran
        self._sent_from = self._sent_through = 0  # lowest and highest seq in the request on the wire
        self._more = False  # the last response said more changes wait
        self._partial = ""  # why the last response acked less than we sent ("" = it did not)

    def handle(self, event: Event) -> list[Action]:
        name = TRANSITIONS.get((self.phase, type(event)))
        if name is None:
            raise EngineError(f"sync engine: event {type(event).__name__} cannot happen "
                              f"in phase {self.phase}")
        handler: Callable[[Event], list[Action]] = getattr(self, name)
        before = self.status()
        actions = handler(event)
        if self.status() != before:  # first, so the UI sees "sending" while the request is out
            actions.insert(0, PublishStatus(self.status()))
        return actions

    def status(self) -> EngineStatus:
        return EngineStatus(self.phase, self.online, self.phase in _BUSY, self.pending,
                            self.last_error, self.rejections)

    def _on_linkup(self, event: Event) -> list[Action]:
        self.online = True
        if self.phase in (Phase.OFFLINE, Phase.BACKOFF, Phase.IDLE):
            self._attempt = 0
            return self._start_cycle()
        return []

    def _on_linkdown(self, event: Event) -> list[Action]:
        self.online = False
        if self.phase in (Phase.IDLE, Phase.BACKOFF):
            self.phase = Phase.OFFLINE
            return [CancelTimer(TIMER)]
        return []  # a cycle in flight fails by itself and lands in OFFLINE

    def _on_syncrequested(self, event: Event) -> list[Action]:
        if self.phase in _BUSY:
            self._again = True
            return []
        self._attempt = 0
        return self._start_cycle()  # also from OFFLINE/BLOCKED: the user asked, try once

    def _on_outboxchanged(self, event: Event) -> list[Action]:
        """A local write. Only one that left something to send wakes a cycle: the runner's own
        bookkeeping (cursor, last success, acked rows) is a local write too, and must not."""
        assert isinstance(event, OutboxChanged)
        self.pending = event.pending
        if event.pending == 0:
            return []
        if self.phase is Phase.IDLE:
            return self._set_timer(self.config.debounce_s)
        if self.phase in _BUSY:
            self._again = True  # one more cycle takes the new rows
        return []  # offline/backoff: the next attempt takes them

    def _on_timerfired(self, event: Event) -> list[Action]:
        assert isinstance(event, TimerFired)
        if event.token != self._timer_token or self.phase not in (Phase.IDLE, Phase.BACKOFF,
                                                                    Phase.OFFLINE):
            return []  # a timer we cancelled or replaced
        return self._start_cycle()

    def _on_stopped(self, event: Event) -> list[Action]:
        self.phase = Phase.STOPPED
        return [CancelTimer(TIMER)]

    def _start_cycle(self) -> list[Action]:
        self._timer_token += 1
        self._again = False
        self.phase = Phase.READING
        return [CancelTimer(TIMER), ReadBatch(self.config.batch_size)]

    def _on_batch_read(self, event: Event) -> list[Action]:
        assert isinstance(event, BatchRead)
        self.pending = event.pending
        self._sent_through = event.mutations[-1].seq if event.mutations else 0
        self._sent_from = event.mutations[0].seq if event.mutations else 0
        request = SyncRequest(PROTOCOL_VERSION, SCHEMA_VERSION, self.config.device_id, event.cursor,
                              list(event.mutations), self.config.max_changes)
        self.phase = Phase.SENDING
        return [SendSync(request)]

    def _on_sync_responded(self, event: Event) -> list[Action]:
        assert isinstance(event, SyncResponded)
        response = event.response
        self.online = True
        self._partial = _partial_ack(response.acked_through, self._sent_from, self._sent_through)
        self._more = response.more
        self.rejections += sum(1 for r in response.rejections if r.code != DAMAGED)  # DAMAGED: a receipt
        self.phase = Phase.COMMITTING
        return [Commit(response.acked_through, tuple(response.changes), response.cursor,
                       tuple(response.rejections))]

    def _on_sync_failed(self, event: Event) -> list[Action]:
        assert isinstance(event, SyncFailed)
        if event.kind == "network":
            self.online = False
        if event.kind == "auth":
            self.phase = Phase.BLOCKED
            self.last_error = event.message
            return [CancelTimer(TIMER), RecordError(event.message)]
        return self._fail(event.message)

    def _on_committed(self, event: Event) -> list[Action]:
        assert isinstance(event, Committed)
        self.pending = event.pending
        if self._partial:  # we committed what the server took; back off instead of spinning
            return self._fail(self._partial)
        if self._more or (self._sent_through and event.pending > 0) or self._again:
            return self._start_cycle()
        self.phase = Phase.UPLOADING
        return [UploadAttachments()]

    def _on_commit_failed(self, event: Event) -> list[Action]:
        assert isinstance(event, CommitFailed)
        return self._fail(event.message)

    def _on_attachments_done(self, event: Event) -> list[Action]:
        assert isinstance(event, AttachmentsDone)
        if event.error:
            return self._fail(event.error)
        self._attempt = 0
        self.last_error = ""
        if self._again:
            return self._start_cycle()
        self.phase = Phase.IDLE
        return [RecordSuccess(), *self._set_timer(self.config.poll_interval_s)]

    def _fail(self, message: str) -> list[Action]:
        self._attempt += 1
        self.last_error = message
        delay = self.config.backoff.delay(self._attempt, self._rng.random())
        self.phase = Phase.BACKOFF if self.online else Phase.OFFLINE
        return [RecordError(message), *self._set_timer(delay)]

    def _set_timer(self, delay_s: float) -> list[Action]:
        self._timer_token += 1
        return [SetTimer(TIMER, delay_s, self._timer_token)]


def _partial_ack(acked: int, first: int, last: int) -> str:
    if not last or acked >= last:
        return ""
    if acked < first - 1:
        return (f"the server is missing records {acked + 1}-{first - 1} that it had confirmed "
                "(restored from a backup?); tell the administrator")
    return f"the server stored the batch only through record {acked} of {last}; retrying"
