"""The engine as a state machine under random interleavings of writes, link changes, lost
requests, lost responses, server errors and kills mid-commit (Hypothesis stateful testing).

Invariants: the server stores every mutation exactly once; an outbox row disappears only
after the server stored it; and once the faults stop, the outbox drains within two cycles.
"""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from sync.engine import (
    Action,
    AttachmentsDone,
    BackoffPolicy,
    BatchRead,
    Commit,
    CommitFailed,
    Committed,
    EngineConfig,
    Event,
    LinkDown,
    LinkUp,
    OutboxChanged,
    Phase,
    ReadBatch,
    SendSync,
    SetTimer,
    SyncEngine,
    SyncFailed,
    SyncRequested,
    SyncResponded,
    TimerFired,
    UploadAttachments,
)
from tests.sync.fakes import FakeStore, ModelServer

BATCH = 4
CONFIG = EngineConfig("dev-1", batch_size=BATCH, backoff=BackoffPolicy(1, 2, 30, 0.25), seed=7)
SEND_FAULTS = st.sampled_from(["ok", "ok", "ok", "lost_request", "lost_response", "server_error", "auth",
                               "partial"])
COMMIT_FAULTS = st.sampled_from(["ok", "ok", "ok", "db_error", "kill_before", "kill_between"])


class EngineMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.store = FakeStore()
        self.server = ModelServer()
        self.engine = SyncEngine(CONFIG)
        self.waiting: Action | None = None  # the action whose outcome the engine awaits
        self.timer: SetTimer | None = None
        self.sends = 0

    # -- plumbing -----------------------------------------------------------------------------------
    def feed(self, event: Event) -> None:
        for action in self.engine.handle(event):
            if isinstance(action, SetTimer):
                self.timer = action
            elif isinstance(action, (ReadBatch, SendSync, Commit, UploadAttachments)):
                assert self.waiting is None, f"two actions in flight: {self.waiting} and {action}"
                self.waiting = action

    def restart(self) -> None:
        """The terminal was killed: a fresh engine over the same store."""
        self.engine = SyncEngine(CONFIG, pending=self.store.pending_count())
        self.waiting = None
        self.timer = None

    def perform(self, send_fault: str = "ok", commit_fault: str = "ok") -> None:
        action, self.waiting = self.waiting, None
        if isinstance(action, ReadBatch):
            batch = self.store.read_batch(action.limit)
            self.feed(BatchRead(batch.mutations, batch.cursor, batch.pending))
        elif isinstance(action, SendSync):
            self.sends += 1
            self.feed(self._send(action, send_fault))
        elif isinstance(action, Commit):
            self._commit(action, commit_fault)
        elif isinstance(action, UploadAttachments):
            self.feed(AttachmentsDone())

    def _send(self, action: SendSync, fault: str) -> Event:
        if fault == "lost_request":
            return SyncFailed("network", "cut before the server saw it")
        if fault == "server_error":
            return SyncFailed("server", "503")
        if fault == "auth":
            return SyncFailed("auth", "refused")
        self.server.capacity = 1 if fault == "partial" else None
        response = self.server.handle(action.request)
        if fault == "lost_response":
            return SyncFailed("network", "cut after the server stored it")
        return SyncResponded(response)

    def _commit(self, action: Commit, fault: str) -> None:
        if fault == "db_error":
            self.feed(CommitFailed("disk I/O error"))
            return
        if fault == "kill_before":
            self.restart()
            return
        self.store.complete_through(action.acked_through)
        if fault == "kill_between":
            self.restart()
            return
        self.store.apply_changes(action.changes, action.cursor)
        self.feed(Committed(self.store.pending_count()))

    # -- rules --------------------------------------------------------------------------------------
    @rule(n=st.integers(1, 4))
    def write(self, n: int) -> None:
        self.store.write(n)
        self.feed(OutboxChanged(self.store.pending_count()))

    @rule(n=st.integers(1, 5))
    def server_publishes(self, n: int) -> None:
        self.server.publish(n)

    @rule()
    def link_up(self) -> None:
        self.feed(LinkUp())

    @rule()
    def link_down(self) -> None:
        self.feed(LinkDown())

    @rule()
    def sync_now(self) -> None:
        self.feed(SyncRequested())

    @precondition(lambda self: self.timer is not None)
    @rule(stale=st.booleans())
    def timer_fires(self, stale: bool) -> None:
        assert self.timer is not None
        token = self.timer.token - 1 if stale else self.timer.token
        if not stale:
            self.timer = None
        self.feed(TimerFired("sync", token))

    @precondition(lambda self: self.waiting is not None)
    @rule(send_fault=SEND_FAULTS, commit_fault=COMMIT_FAULTS)
    def step(self, send_fault: str, commit_fault: str) -> None:
        self.perform(send_fault, commit_fault)

    @rule()
    def kill(self) -> None:
        self.restart()

    # -- invariants ---------------------------------------------------------------------------------
    @invariant()
    def nothing_stored_twice(self) -> None:
        assert all(n == 1 for n in self.server.applied_count.values())

    @invariant()
    def outbox_rows_leave_only_after_the_ack(self) -> None:
        left = {m.seq for m in self.store.outbox}
        for seq in range(1, self.store.next_seq):
            assert seq in left or ("dev-1", seq) in self.server.stored, f"seq {seq} lost"

    @invariant()
    def busy_phases_have_an_action_in_flight(self) -> None:
        busy = self.engine.phase in (Phase.READING, Phase.SENDING, Phase.COMMITTING, Phase.UPLOADING)
        assert busy == (self.waiting is not None)

    def teardown(self) -> None:
        """The link heals: the outbox drains within two sync requests (plus one per extra full
        batch), and the server has every row exactly once."""
        self.feed(LinkUp() if self.engine.phase is not Phase.BLOCKED else SyncRequested())
        bound = 1 + -(-self.store.pending_count() // BATCH) if self.store.outbox else 0
        bound = max(bound, 2) if self.store.outbox else 0
        sends_before = self.sends
        drained_after = 0 if not self.store.outbox else None
        for _ in range(5000):  # a long change log takes many pages (3 changes per page here)
            if self.waiting is None:
                if self.timer is None or self.engine.phase not in (Phase.BACKOFF, Phase.OFFLINE):
                    break
                self.timer_fires(stale=False)  # a retry that was already scheduled: time passes
                continue
            self.perform()
            if drained_after is None and not self.store.outbox:
                drained_after = self.sends - sends_before
        assert not self.store.outbox, "outbox did not drain after the link healed"
        assert drained_after is not None and drained_after <= bound, \
            f"drained after {drained_after} cycles (bound {bound})"
        assert self.engine.phase is Phase.IDLE
        stored = sorted(s for (_d, s) in self.server.stored)
        assert stored == list(range(1, self.store.next_seq))
        assert self.store.cursor == len(self.server.log)


TestEngineMachine = EngineMachine.TestCase
TestEngineMachine.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)
