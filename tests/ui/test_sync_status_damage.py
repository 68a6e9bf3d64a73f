"""The sync indicator tells the technician, in Chinese, about damaged records (quarantined and
reported) and about the handheld's own storage failing, never with the database's English text."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtQml import QQmlApplicationEngine

from app.domain.entities import Role
from app.ui.composition import UiModels, read
from sync.local_store import LocalSyncStore
from tests.ui.conftest import first_user, sign_in
from tests.ui.test_qml_views import item, load_main

Wait = Callable[[Callable[[], Any]], None]


def chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text) and not any("a" <= ch.lower() <= "z" for ch in text)


def test_damaged_records_show_in_the_indicator_in_chinese(models: UiModels, engine: QQmlApplicationEngine,
                                                          wait: Wait, tmp_path: Path) -> None:
    window = load_main(engine, wait)
    sign_in(models, wait, first_user(models, Role.TECHNICIAN).user_id)
    store = models.bootstrap.store()
    line = item(window, "syncDamaged")
    assert not line.property("visible") and read(models.sync, "damagedText") == ""
    conn = sqlite3.connect(store.path)
    with conn:
        for payload in (b'{"v":"\xff"}', b"[1]"):
            conn.execute("INSERT INTO outbox (entity, entity_id, op, payload, created_at) VALUES "
                         "('reading', 'r', 'upsert', CAST(? AS TEXT), '2026-11-24T09:00:00+00:00')",
                         [payload])
    conn.close()
    local = LocalSyncStore(store, tmp_path)
    batch = local.read_batch(1000)  # what the sync runner does first: both are quarantined
    reports = [m for m in batch.mutations if m.entity == "quarantine"]
    assert len(reports) == 2
    models.sync.poll()
    wait(lambda: read(models.sync, "damaged") == 2)
    assert read(models.sync, "damagedText") == "2 条损坏记录待上报"
    local.complete_through(reports[-1].seq)  # the centre acknowledged the reports
    models.sync.poll()
    wait(lambda: read(models.sync, "damagedText") == "2 条损坏记录已上报")
    wait(lambda: line.property("visible") and line.property("text") == "2 条损坏记录已上报")
    assert not line.property("truncated"), "the technician must read the whole line"
    models.language.setLanguage("en")
    assert read(models.sync, "damagedText") == "2 records damaged: reported to the centre"
    models.language.setLanguage("zh_CN")


def test_a_local_storage_failure_is_shown_by_its_code(models: UiModels, wait: Wait) -> None:
    sync = models.sync
    sync.update({"last_error": "could not read the local outbox (the handheld's database failed); will retry",
                 "error_code": "local_storage"})
    assert chinese(read(sync, "errorText")), read(sync, "errorText")
    sync.update({"last_error": "the handheld's storage is full: could not store the centre's changes",
                 "error_code": "storage_full"})
    assert read(sync, "errorText") == "手持机存储空间已满：释放空间前同步暂停"
    sync.update({"last_error": "the server stored the batch only through record 4 of 9; retrying",
                 "error_code": ""})
    assert read(sync, "errorText") == "the server stored the batch only through record 4 of 9; retrying"
    sync.update({"last_error": ""})
    assert read(sync, "errorText") == ""
