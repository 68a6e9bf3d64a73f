"""The view-models over a real demo store: sign-in, task list (sections, search), detail, sync, language."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from app.domain.entities import Role
from app.storage.outbox import Outbox
from app.storage.work_orders import WorkOrderRepo
from app.ui.composition import UiModels, build_models, read
from app.ui.labels import FAMILY_ORDER, family_rank, status_rank
from app.ui.task_list_model import ROLE_NAMES, USER_ROLE
from tests.ui.conftest import first_user, sign_in

Wait = Callable[[Callable[[], Any]], None]


def role_values(models: UiModels, name: str) -> list[Any]:
    role = USER_ROLE + 1 + ROLE_NAMES.index(name)
    tasks = models.tasks
    return [tasks.data(tasks.index(i), role) for i in range(tasks.rowCount())]


def search(models: UiModels, wait: Wait, text: str) -> None:
    models.tasks.setQuery(text)
    wait(lambda: read(models.tasks, "query") == text and not models.tasks._timer.isActive()
         and not read(models.tasks, "busy"))


def test_sign_in_offers_demo_people(models: UiModels, wait: Wait) -> None:
    wait(lambda: read(models.session, "state") == "signin")
    featured = models.session.featured()
    techs = [u for u in featured if u.role is Role.TECHNICIAN]
    assert len({u.team_id for u in techs}) == 3  # one technician of each team of the city
    assert any(u.role is Role.SUPERVISOR for u in featured)
    assert any(u.role is Role.ADMINISTRATOR for u in featured)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in u.name) for u in featured)  # Chinese names
    everyone = read(models.session, "userResults")
    models.session.filterUsers(techs[0].user_id)
    found = read(models.session, "userResults")
    assert 0 < len(found) < len(everyone)
    assert techs[0].user_id in {row["userId"] for row in found}


def test_technician_sees_own_orders_in_sections(models: UiModels, wait: Wait) -> None:
    tech = first_user(models, Role.TECHNICIAN)
    sign_in(models, wait, tech.user_id)
    assert read(models.session, "screen") == "tasks"
    expected = WorkOrderRepo(models.bootstrap.store()).summaries(tech.user_id)
    assert models.tasks.rowCount() == len(expected) > 0
    keys = [(family_rank(r.order.family), status_rank(r.order.status)) for r in models.tasks.rows()]
    assert keys == sorted(keys)  # each section is one contiguous run, families in order
    sections = role_values(models, "section")
    runs = [s for i, s in enumerate(sections) if i == 0 or sections[i - 1] != s]
    assert len(runs) == len(set(runs))
    assert runs[0].startswith(("换表", "巡查", "费控"))
    assert FAMILY_ORDER[0] == "replacement"


def test_search_by_asset_customer_and_address(models: UiModels, wait: Wait) -> None:
    tech = first_user(models, Role.TECHNICIAN)
    sign_in(models, wait, tech.user_id)
    rows = models.tasks.rows()
    target = rows[-1].order
    search(models, wait, target.asset_no)
    assert [r.order.order_no for r in models.tasks.rows()] == [target.order_no]
    search(models, wait, target.customer_name)
    assert target.order_no in {r.order.order_no for r in models.tasks.rows()}
    fragment = target.address[-8:]
    search(models, wait, fragment)
    assert all(fragment in r.order.address for r in models.tasks.rows())
    search(models, wait, "no such meter 000")
    assert models.tasks.rowCount() == 0
    search(models, wait, "")
    assert models.tasks.rowCount() == len(rows)


def test_latest_query_wins(models: UiModels, wait: Wait) -> None:
    tech = first_user(models, Role.TECHNICIAN)
    sign_in(models, wait, tech.user_id)
    target = models.tasks.rows()[0].order
    for partial in ("5", "51", "no match at all", target.asset_no):
        models.tasks.setQuery(partial)
        models.tasks.refresh()  # fire each at once: answers may come back out of order
    wait(lambda: not read(models.tasks, "busy"))
    assert [r.order.order_no for r in models.tasks.rows()] == [target.order_no]


def test_supervisor_sees_team_and_administrator_everyone(models: UiModels, wait: Wait) -> None:
    boss = first_user(models, Role.SUPERVISOR)
    sign_in(models, wait, boss.user_id)
    assert read(models.session, "screen") == "team"
    team = [u.user_id for u in models.bootstrap.technicians_of(boss)]
    repo = WorkOrderRepo(models.bootstrap.store())
    assert models.tasks.rowCount() == sum(len(repo.summaries(t)) for t in team)
    names = set(role_values(models, "techName"))
    assert len(names) == len(team)
    models.session.signOut()
    admin = first_user(models, Role.ADMINISTRATOR)
    sign_in(models, wait, admin.user_id)
    assert models.tasks.rowCount() == len(repo.summaries(None)) > 900


def test_language_switch_relabels(models: UiModels, wait: Wait) -> None:
    tech = first_user(models, Role.TECHNICIAN)
    sign_in(models, wait, tech.user_id)
    zh = role_values(models, "statusLabel")
    assert "已派工" in zh
    assert read(models.sync, "linkText") == "离线"
    models.language.setLanguage("en")
    assert "Assigned" in role_values(models, "statusLabel")
    assert read(models.sync, "linkText") == "Offline"
    assert read(models.language, "language") == "en"
    models.language.setLanguage("zh_CN")
    assert role_values(models, "statusLabel") == zh


def test_start_order_moves_state_and_writes_outbox(models: UiModels, wait: Wait) -> None:
    tech = first_user(models, Role.TECHNICIAN)
    sign_in(models, wait, tech.user_id)
    order_no = models.tasks.rows()[0].order.order_no
    before = Outbox(models.bootstrap.store()).count()
    models.detail.load(order_no)
    wait(lambda: read(models.detail, "loaded"))
    info = read(models.detail, "info")
    assert info["orderNo"] == order_no and info["customerName"]
    assert read(models.detail, "canStart") and not read(models.detail, "started")
    assert all(step["state"] == "todo" for step in read(models.detail, "steps"))
    models.detail.start()
    wait(lambda: read(models.detail, "started") and not read(models.detail, "busy"))
    order = WorkOrderRepo(models.bootstrap.store()).get(order_no)
    assert order is not None and order.status.value == "in_progress" and order.step
    steps = read(models.detail, "steps")
    assert steps[0]["state"] == "current" and steps[0]["code"] == order.step
    assert Outbox(models.bootstrap.store()).count() == before + 3  # download, start, first step
    wait(lambda: models.tasks.rows()[0].order.status == "in_progress")  # the list refreshed
    wait(lambda: read(models.sync, "pending") == before + 3)  # and the indicator counts them


def test_sync_status_update_and_request(models: UiModels, qtbot: Any) -> None:
    sync = models.sync
    sync.update({"online": True, "pending": 7, "last_success": "2026-11-24T02:30:00+00:00",
                 "last_error": ""})
    assert read(sync, "online") and read(sync, "pending") == 7
    assert read(sync, "linkText") == "在线" and "7" in read(sync, "pendingText")
    assert read(sync, "lastSuccessText").startswith("已同步")
    sync.update({"online": False, "last_error": "server unreachable"})
    assert read(sync, "lastError") == "server unreachable"
    assert read(sync, "lastSuccessText").startswith("已同步")  # the last *success* stays shown
    with qtbot.waitSignal(sync.syncRequested, timeout=1000):
        sync.requestSync()


def test_session_is_remembered_until_sign_out(models: UiModels, wait: Wait) -> None:
    tech = first_user(models, Role.TECHNICIAN)
    sign_in(models, wait, tech.user_id)
    assert models.bootstrap.remembered_user() == tech.user_id
    models.session.signOut()
    models.background.wait_for_workers()
    wait(lambda: models.bootstrap.remembered_user() == "")


def restart(models: UiModels) -> UiModels:
    """The same terminal's app started again (a new set of view-models over the same files)."""
    again = build_models(models.bootstrap.db_path, True, "zh_CN", models.metrics, poll_ms=60_000)
    return again


def test_restart_paints_the_snapshot_then_the_store(models: UiModels, wait: Wait) -> None:
    tech = first_user(models, Role.TECHNICIAN)
    sign_in(models, wait, tech.user_id)
    snapshot_file = models.bootstrap.snapshot_file
    wait(snapshot_file.exists)
    data = json.loads(snapshot_file.read_text(encoding="utf-8"))
    assert data["user"][0] == tech.user_id and len(data["rows"]) == models.tasks.rowCount()
    # Mark the snapshot so its paint is recognisable, then start the app again.
    data["rows"][0][7] = "SNAPSHOT"
    snapshot_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    again = restart(models)
    painted: list[tuple[bool, set[str]]] = []
    again.tasks.modelReset.connect(lambda: painted.append(
        (read(again.tasks, "stale"), {r.order.customer_name for r in again.tasks.rows()})))
    try:
        again.session.start()
        wait(lambda: read(again.tasks, "loaded") and not read(again.tasks, "stale")
             and not read(again.tasks, "busy") and again.tasks.rowCount() > 0)
        assert painted[0] == (True, painted[0][1]) and "SNAPSHOT" in painted[0][1]
        assert "SNAPSHOT" not in {r.order.customer_name for r in again.tasks.rows()}
        assert read(again.session, "state") == "ready" and read(again.session, "userName") == tech.name
    finally:
        again.shutdown()


def test_sign_out_during_start_stays_signed_out(models: UiModels, wait: Wait) -> None:
    tech = first_user(models, Role.TECHNICIAN)
    sign_in(models, wait, tech.user_id)
    wait(models.bootstrap.snapshot_file.exists)
    again = restart(models)
    try:
        again.session.start()
        wait(lambda: read(again.session, "state") == "ready")
        again.session.signOut()
        again.background.wait_for_workers()
        wait(lambda: not again.background.busy)
        assert read(again.session, "state") == "signin"
        assert again.bootstrap.remembered_user() == ""
    finally:
        again.shutdown()


def test_supervisor_only_looks_at_an_order(models: UiModels, wait: Wait) -> None:
    boss = first_user(models, Role.SUPERVISOR)
    sign_in(models, wait, boss.user_id)
    order_no = models.tasks.rows()[0].order.order_no
    before = Outbox(models.bootstrap.store()).count()
    models.detail.load(order_no)
    wait(lambda: read(models.detail, "loaded"))
    assert read(models.detail, "viewOnly") and not read(models.detail, "canStart")
    models.detail.start()
    models.background.wait_for_workers()
    assert Outbox(models.bootstrap.store()).count() == before
    order = WorkOrderRepo(models.bootstrap.store()).get(order_no)
    assert order is not None and order.status.value == "assigned"


def test_supervisor_sees_the_result_the_centre_recorded(models: UiModels, wait: Wait) -> None:
    from app.storage.changes import ChangeRow, apply_changes

    boss = first_user(models, Role.SUPERVISOR)
    sign_in(models, wait, boss.user_id)
    order_no = models.tasks.rows()[0].order.order_no
    result = {
        "order_no": order_no, "new_meter": {"asset_no": "5102300000000000000042"},
        "readings": [{"role": "old", "di": "00010000", "value": "841.35"},
                     {"role": "new", "di": "00010000", "value": "0.00"}],
        "tariff": {"prices": ["0.9918", "0.7934", "0.6612", "0.3306"]},
        "seals": [{"seal_no": "SC4773730001"}, {"seal_no": "SC4773730002"}],
        "attachments": [{"kind": "photo"}, {"kind": "signature"}],
        "steps": [{"step": "identify_old", "started_at": "2026-11-24T01:00:00+00:00",
                   "ended_at": "2026-11-24T01:01:00+00:00", "result": "ok"},
                  {"step": "upload", "started_at": "2026-11-24T01:11:00+00:00",
                   "ended_at": "2026-11-24T01:12:30+00:00", "result": "ok"}],
        "gps_trail": [{}, {}, {}], "completed_at": "2026-11-24T01:12:30+00:00",
    }
    models.detail.load(order_no)
    wait(lambda: read(models.detail, "loaded"))
    assert read(models.detail, "result") == {}  # nothing from the centre yet: no result card
    apply_changes(models.bootstrap.store(), [ChangeRow("result", order_no, "upsert", result)], cursor=99)
    models.detail.load(order_no)
    wait(lambda: read(models.detail, "loaded") and read(models.detail, "result"))
    shown = read(models.detail, "result")
    assert shown["oldReading"] == "841.35 kWh" and shown["newReading"] == "0.00 kWh"
    assert shown["newMeter"] == "5102300000000000000042" and shown["evidence"] == "1 + 1"
    assert shown["duration"] == "12.5 min" and shown["trail"] == "3"
    assert shown["completedAt"] == "2026-11-24 09:12"  # China time
