"""The session bootstrap's files (plain Python, no Qt): remembered session and list snapshot."""

from __future__ import annotations

from pathlib import Path

from app.domain.entities import Role, User
from app.ui.bootstrap import Bootstrap

TECH = User("CD101", "陈然子", Role.TECHNICIAN, "CD-T1", "C-CD")
ROW = ["WO1", "meter_replace", "replacement", "assigned", "", "normal", "2026-11-24T08:00:00+08:00",
       "袁强", "四川省成都市", "5102300000000000000001"]


def test_the_last_sign_in_or_out_wins(tmp_path: Path) -> None:
    boot = Bootstrap(tmp_path / "terminal.sqlite3", demo=True)
    boot.remember("CD101", generation=2)
    boot.remember("", generation=1)  # an older sign-out that a worker ran late
    assert boot.remembered_user() == "CD101"
    boot.remember("", generation=3)
    assert boot.remembered_user() == ""


def test_snapshot_only_for_the_remembered_user(tmp_path: Path) -> None:
    boot = Bootstrap(tmp_path / "terminal.sqlite3", demo=True)
    boot.save_snapshot(TECH, [ROW])
    assert boot.snapshot() is None  # nobody is remembered
    boot.remember("CD101", generation=1)
    snap = boot.snapshot()
    assert snap is not None and snap.user == TECH and snap.rows == [ROW]
    boot.remember("CD102", generation=2)
    assert boot.snapshot() is None  # someone else's list is never painted
    boot.close()


def test_a_damaged_snapshot_is_ignored(tmp_path: Path) -> None:
    boot = Bootstrap(tmp_path / "terminal.sqlite3", demo=True)
    boot.remember("CD101", generation=1)
    for text in ("", "{", '{"version": 1}', '{"version": 1, "user": ["CD101"], "rows": []}',
                 '{"version": 99, "user": ["CD101", "x", "technician", "", ""], "team": "", "rows": []}'):
        boot.snapshot_file.write_text(text, encoding="utf-8")
        assert boot.snapshot() is None, text
    boot.snapshot_file.write_bytes(b"\xff\xfe garbage")
    assert boot.snapshot() is None
    boot.save_snapshot(TECH, [ROW[:5]])  # rows of another shape (an older build, say)
    assert boot.snapshot() is None


def test_snapshot_rows_match_the_list_rows() -> None:
    from dataclasses import fields

    from app.ui.bootstrap import SNAPSHOT_FIELDS
    from app.ui.task_list_model import Summary

    assert len(fields(Summary)) == SNAPSHOT_FIELDS == len(ROW)


def test_a_remembered_sign_in_lasts_a_shift(tmp_path: Path) -> None:
    import json
    import time

    from app.ui.bootstrap import SESSION_HOURS, Bootstrap

    boot = Bootstrap(tmp_path / "terminal.sqlite3", demo=False)
    boot.remember("CD101")
    assert boot.remembered_user() == "CD101"
    assert boot.remembered_user(now=time.time() + SESSION_HOURS * 3600 + 60) == ""
    boot.session_file.write_text(json.dumps({"user_id": "CD101"}))  # no time: not trusted
    assert boot.remembered_user() == ""
