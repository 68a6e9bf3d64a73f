"""The local store: migrations from empty, outbox in the same transaction, clear errors."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.domain.demo_data import DemoUtility
from app.domain.records import Reading, Seal, SealPosition
from app.domain.steps import REPLACEMENT, ReplacementEvent, ReplacementStep
from app.domain.work_orders import Event, Status
from app.storage.changes import ChangeRow, apply_changes
from app.storage.db import Store, open_store
from app.storage.errors import DiskFullError
from app.storage.migrations import MIGRATIONS
from app.storage.outbox import Outbox
from app.storage.records import RecordRepo
from app.storage.sync_state import DeviceIdentity, SyncState
from app.storage.work_orders import WorkOrderRepo

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def test_migrations_apply_from_empty_once(tmp_path: Path) -> None:
    path = tmp_path / "t.sqlite3"
    open_store(path).close()
    conn = sqlite3.connect(path)
    names = [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY name")]
    assert names == [name for name, _ in MIGRATIONS]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    open_store(path).close()  # reopening applies nothing twice
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM _migrations").fetchone()[0] == len(MIGRATIONS)


def test_progress_and_its_outbox_row_are_written_together(seeded: Store) -> None:
    repo, outbox = WorkOrderRepo(seeded), Outbox(seeded)
    order_no = repo.summaries(None)[0].order_no
    repo.apply_event(order_no, Event.DOWNLOAD)
    repo.apply_event(order_no, Event.START)
    repo.set_step(order_no, ReplacementStep.IDENTIFY_OLD)
    order = repo.advance_step(order_no, REPLACEMENT, ReplacementEvent.OLD_IDENTIFIED)
    assert order.status is Status.IN_PROGRESS and order.step == "read_old"
    rows = outbox.pending()
    assert [r.payload["event"] for r in rows] == ["download", "start", "step:identify_old", "old_identified"]
    assert [r.seq for r in rows] == sorted(r.seq for r in rows)
    assert repo.get(order_no).step == "read_old"  # type: ignore[union-attr]


def test_a_failed_change_leaves_neither_record_nor_outbox_row(seeded: Store) -> None:
    outbox = Outbox(seeded)
    before = outbox.count()
    with pytest.raises(RuntimeError), seeded.transaction() as db:
        db.execute("INSERT INTO outbox (entity, entity_id, op, payload, created_at) "
                   "VALUES ('reading', 'x', 'upsert', '{}', 'now')")
        raise RuntimeError("device failed half-way")
    assert outbox.count() == before


def test_illegal_step_is_refused_and_nothing_is_written(seeded: Store) -> None:
    repo, outbox = WorkOrderRepo(seeded), Outbox(seeded)
    order_no = repo.summaries(None)[0].order_no
    with pytest.raises(Exception, match="not allowed"):
        repo.apply_event(order_no, Event.COMPLETE)  # still 'assigned'
    assert outbox.count() == 0


def test_records_are_stored_once_with_one_outbox_row_each(seeded: Store) -> None:
    records = RecordRepo(seeded)
    order_no = WorkOrderRepo(seeded).summaries(None)[0].order_no
    reading = Reading(order_no, "202107072529", "00000000", "317.76", "kWh", NOW)
    seal = Seal(order_no, "SC4773731081", SealPosition.METER_COVER, "5102309418876227931535", NOW)
    assert records.save([reading, seal]) == 2
    assert records.save([reading]) == 0  # a retried tap does not duplicate
    assert Outbox(seeded).count() == 2
    assert records.seal_used("SC4773731081") == order_no
    assert records.seal_used("SC0000000000") is None


def test_acked_rows_leave_the_outbox_and_are_kept_for_audit(seeded: Store) -> None:
    outbox = Outbox(seeded)
    order_no = WorkOrderRepo(seeded).summaries(None)[0].order_no
    RecordRepo(seeded).save([Reading(order_no, "202107072529", f"0001{i:02X}00", "1.00", "kWh", NOW)
                             for i in range(5)])
    seqs = [r.seq for r in outbox.pending()]
    assert outbox.complete_through(seqs[2]) == 3
    assert [r.seq for r in outbox.pending()] == seqs[3:]
    sent = seeded.reader().execute("SELECT count(*) FROM outbox_sent").fetchone()[0]
    assert sent == 3


def test_unsent_local_progress_is_not_overwritten_by_the_server(seeded: Store,
                                                                 demo: DemoUtility) -> None:
    repo = WorkOrderRepo(seeded)
    order_no = repo.summaries(None)[0].order_no
    repo.apply_event(order_no, Event.DOWNLOAD)
    from app.domain.serialize import to_record

    server_copy = to_record(next(o for o in demo.orders if o.order_no == order_no))
    apply_changes(seeded, [ChangeRow("work_order", order_no, "upsert", server_copy)], cursor=7)
    assert repo.get(order_no).status is Status.DOWNLOADED  # type: ignore[union-attr]
    assert SyncState(seeded).cursor() == 7


def test_deleting_an_order_with_captured_work_keeps_it(seeded: Store) -> None:
    repo = WorkOrderRepo(seeded)
    first, second = (s.order_no for s in repo.summaries(None)[:2])
    RecordRepo(seeded).save([Reading(first, "202107072529", "00000000", "1.00", "kWh", NOW)])
    apply_changes(seeded, [ChangeRow("work_order", first, "delete", {}),
                           ChangeRow("work_order", second, "delete", {})], cursor=9)
    assert repo.get(second) is None
    kept = seeded.reader().execute("SELECT status FROM work_orders WHERE order_no = ?", [first]).fetchone()
    assert kept[0] == "reassigned"


def test_identity_round_trip(store: Store) -> None:
    state = SyncState(store)
    assert state.identity() is None
    ident = DeviceIdentity("DEV1", b"\x00\x01secret", "CD101", "technician", b"k" * 32,
                           "https://127.0.0.1:8443", "ab" * 32)
    state.save_identity(ident)
    assert state.identity() == ident
    state.record_error("link down")
    state.record_success("2026-11-24T09:00:00+00:00")
    assert state.last_error() == "" and state.last_success().startswith("2026-11-24")


def test_full_disk_gives_a_clear_error_and_loses_nothing(seeded: Store) -> None:
    records = RecordRepo(seeded)
    order_no = WorkOrderRepo(seeded).summaries(None)[0].order_no
    records.save([Reading(order_no, "202107072529", "00000000", "1.00", "kWh", NOW)])
    pages = seeded.db.execute("PRAGMA page_count").fetchone()[0]
    seeded.db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full
    big = [Reading(order_no, "202107072529", f"0001{i % 256:02X}{i // 256:02X}", "9" * 2000, "kWh", NOW)
           for i in range(200)]
    with pytest.raises(DiskFullError, match="storage is full"):
        records.save(big)
    assert Outbox(seeded).count() == 1  # the earlier record is intact, nothing half-written
    assert len(records.for_order(order_no)) == 1


def test_reads_inside_a_transaction_see_its_own_writes(seeded: Store) -> None:
    repo = WorkOrderRepo(seeded)
    order_no = repo.summaries(None)[0].order_no
    with seeded.transaction():
        repo.apply_event(order_no, Event.DOWNLOAD)
        assert repo.apply_event(order_no, Event.START).status is Status.IN_PROGRESS
    assert repo.get(order_no).status is Status.IN_PROGRESS  # type: ignore[union-attr]
