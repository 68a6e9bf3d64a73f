"""Single transitions of the engine, and the backoff policy."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync.engine import (
    BackoffPolicy,
    BatchRead,
    Committed,
    EngineConfig,
    EngineError,
    LinkUp,
    OutboxChanged,
    Phase,
    PublishStatus,
    ReadBatch,
    SendSync,
    SetTimer,
    SyncEngine,
    SyncFailed,
    TimerFired,
)


def test_an_illegal_event_names_the_phase_and_the_event() -> None:
    engine = SyncEngine(EngineConfig("d"))
    with pytest.raises(EngineError, match=r"Committed.*offline"):
        engine.handle(Committed(0))


def test_link_up_starts_a_cycle_and_publishes_the_status_first() -> None:
    engine = SyncEngine(EngineConfig("d"))
    actions = engine.handle(LinkUp())
    assert isinstance(actions[0], PublishStatus) and actions[0].status.syncing
    assert any(isinstance(a, ReadBatch) for a in actions)
    actions = engine.handle(BatchRead((), 7, 0))
    send = next(a for a in actions if isinstance(a, SendSync))
    assert send.request.cursor == 7 and send.request.device_id == "d" and engine.phase is Phase.SENDING


def test_a_failure_backs_off_and_a_stale_timer_is_ignored() -> None:
    engine = SyncEngine(EngineConfig("d", seed=1))
    engine.handle(LinkUp())
    engine.handle(BatchRead((), 0, 0))
    actions = engine.handle(SyncFailed("server", "503"))
    timer = next(a for a in actions if isinstance(a, SetTimer))
    assert engine.phase is Phase.BACKOFF and engine.last_error == "503"
    assert engine.handle(TimerFired("sync", timer.token - 1)) == []
    assert any(isinstance(a, ReadBatch) for a in engine.handle(TimerFired("sync", timer.token)))


@given(st.integers(1, 60), st.floats(0, 0.999))
def test_backoff_grows_and_stays_within_the_cap(attempt: int, rand01: float) -> None:
    policy = BackoffPolicy(base_s=2, factor=2, cap_s=300, jitter=0.25)
    delay = policy.delay(attempt, rand01)
    nominal = min(300, 2 * 2 ** (attempt - 1))
    assert 0.75 * nominal <= delay <= 1.25 * nominal


def test_a_server_that_lost_confirmed_records_says_so_and_backs_off() -> None:
    from sync.engine import SyncResponded
    from sync.protocol import Mutation, SyncResponse

    engine = SyncEngine(EngineConfig("d", seed=1))
    engine.handle(LinkUp())
    rows = tuple(Mutation(s, "reading", f"r{s}", "upsert", {}, "t") for s in (41, 42))
    engine.handle(BatchRead(rows, 0, 2))
    engine.handle(SyncResponded(SyncResponse(1, 1, 30, [], [], 0, False, 0)))  # restored: knows 1-30
    actions = engine.handle(Committed(2))
    assert engine.phase is Phase.BACKOFF and "31-40" in engine.last_error
    assert any(isinstance(a, SetTimer) for a in actions)


def idle_engine() -> SyncEngine:
    engine = SyncEngine(EngineConfig("d", seed=1))
    engine.handle(LinkUp())
    engine.phase = Phase.IDLE  # a settled cycle (its own bookkeeping tested in the runner tests)
    return engine


def test_a_write_with_nothing_to_send_does_not_wake_a_cycle() -> None:
    """The runner's own bookkeeping commits too (cursor, last success): those must not start
    cycles, or sync never goes idle and the poll never gets its turn."""
    engine = idle_engine()
    assert engine.handle(OutboxChanged(0)) == []
    actions = engine.handle(OutboxChanged(3))
    timer = next(a for a in actions if isinstance(a, SetTimer))
    assert timer.delay_s == engine.config.debounce_s


def test_the_receipt_for_a_quarantine_report_is_not_counted_as_a_refusal() -> None:
    from sync.engine import SyncResponded
    from sync.entities import DAMAGED
    from sync.protocol import Mutation, Rejection, SyncResponse

    engine = SyncEngine(EngineConfig("d", seed=1))
    engine.handle(LinkUp())
    rows = (Mutation(1, "quarantine", "1", "event", {}, "t"), Mutation(2, "reading", "r2", "upsert", {}, "t"))
    engine.handle(BatchRead(rows, 0, 2))
    engine.handle(SyncResponded(SyncResponse(1, 1, 2, [Rejection(1, DAMAGED, "kept for the supervisor"),
                                                       Rejection(2, "reassigned", "another technician")],
                                             [], 0, False, 0)))
    assert engine.status().rejections == 1
