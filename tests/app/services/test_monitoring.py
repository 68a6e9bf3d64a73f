"""Monitoring capture records success and failure with their context."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.domain.records import GpsFix
from app.services.monitoring import OperationRecorder
from app.storage.db import open_store
from app.storage.outbox import Outbox
from app.storage.records import RecordRepo


def test_success_and_failure_are_both_recorded(tmp_path: Path) -> None:
    store = open_store(tmp_path / "t.sqlite3")
    ticks = iter(datetime(2026, 11, 24, 9, 0, tzinfo=UTC) + timedelta(seconds=s) for s in range(100))
    fix = GpsFix(30.65, 104.06, 5.0, 8, datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    recorder = OperationRecorder(RecordRepo(store), "DEV1", "CD101", link_state=lambda: "online",
                                 position=lambda: fix, clock=lambda: next(ticks))
    with recorder.step("WO1", "read_old", meter="202107072529") as op:
        op.detail = "5 items"
    with pytest.raises(RuntimeError), recorder.step("WO1", "set_tariff"):
        raise RuntimeError("no reply: is the probe on the meter's IR window?")

    events = RecordRepo(store).for_order("WO1", "operation_event")
    assert [(e["step"], e["result"]) for e in events] == [("read_old", "ok"), ("set_tariff", "failed")]
    assert events[0]["objects"] == {"meter": "202107072529"} and events[0]["detail"] == "5 items"
    assert events[0]["link"] == "online" and events[0]["fix"]["lat"] == 30.65
    assert "IR window" in events[1]["detail"]
    assert Outbox(store).count() == 2


def test_a_step_and_its_record_commit_or_roll_back_together(tmp_path: Path) -> None:
    store = open_store(tmp_path / "t.sqlite3")
    recorder = OperationRecorder(RecordRepo(store), "DEV1", "CD101")
    with pytest.raises(RuntimeError), recorder.step("WO1", "set_tariff") as op, store.transaction():
        op.succeeded()
        raise RuntimeError("the meter refused the write")  # the step's transaction rolls back
    events = RecordRepo(store).for_order("WO1", "operation_event")
    assert [e["result"] for e in events] == ["failed"]  # the rolled-back success left nothing
    with recorder.step("WO1", "read_old") as op, store.transaction():
        op.succeeded()
    assert [e["result"] for e in RecordRepo(store).for_order("WO1", "operation_event")] == ["failed", "ok"]
