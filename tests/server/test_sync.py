"""Sync semantics against the real server (SQLite and PostgreSQL): scope, exactly-once, lifecycle."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from app.domain.work_orders import Status
from server.db import tables
from sync.protocol import Change
from tests.server.client import Device, mutation
from tests.server.conftest import Running

READING = {"meter_address": "000000000001", "di": "00010000", "value": "317.76", "unit": "kWh",
           "read_at": "2026-11-24T10:00:00+08:00", "source": "infrared", "role": "old"}


def _orders(changes: list[Change], entity: str = "work_order") -> dict[str, dict[str, Any]]:
    return {c.entity_id: c.payload for c in changes if c.entity == entity and c.op == "upsert"}


def _own_order(running: Running, tech_id: str, index: int = 0) -> str:
    return sorted(o.order_no for o in running.demo.orders_of(tech_id))[index]


def _stored(running: Running, device: Device) -> int:
    rm = tables.received_mutations.c
    with running.engine.connect() as conn:
        return int(conn.execute(select(func.count()).where(rm.device_id == device.device_id)).scalar_one())


def _status(running: Running, order_no: str) -> tuple[str, int, str]:
    o = tables.orders.c
    with running.engine.connect() as conn:
        row = conn.execute(select(o.status, o.version, o.tech_id).where(o.order_no == order_no)).one()
    return row.status, row.version, row.tech_id


def test_technician_receives_only_own_orders_first(running: Running) -> None:
    tech = running.device("CD101")
    changes = tech.pull_all()
    orders = _orders(changes)
    assert set(orders) == {o.order_no for o in running.demo.orders_of("CD101")}
    assert all(p["tech_id"] == "CD101" for p in orders.values())
    assert {c.entity for c in changes} >= {"work_order", "user", "team", "company", "stock_meter"}
    first_reference = next(i for i, c in enumerate(changes) if c.entity != "work_order")
    assert all(c.entity == "work_order" for c in changes[:first_reference])  # orders first
    starts = [c.payload["window_start"] for c in changes[:first_reference]]
    assert starts == sorted(starts)
    stock = {c.payload["tech_id"] for c in changes if c.entity == "stock_meter"}
    assert stock == {"CD101"}
    users = {c.payload["user_id"] for c in changes if c.entity == "user"}
    assert users <= {u.user_id for u in running.demo.users if u.team_id == "CD-T1"}
    assert {c.payload["company_id"] for c in changes if c.entity == "company"} == {"C-CD"}


def test_supervisor_receives_the_team_and_nothing_else(running: Running) -> None:
    supervisor = running.device("CD100")
    changes = supervisor.pull_all()
    orders = _orders(changes)
    team = {o.order_no for o in running.demo.orders if o.tech_id in ("CD101", "CD102")}
    assert set(orders) == team
    assert not any(c.entity in ("command", "stock_meter") for c in changes)


def test_paging_follows_more_to_the_same_set(running: Running) -> None:
    tech = running.device("CD102")
    whole = {(c.entity, c.entity_id) for c in tech.pull_all()}
    cursor, paged, pages = 0, set(), 0
    while True:
        answer = tech.sync(cursor=cursor, max_changes=3)
        pages += 1
        paged |= {(c.entity, c.entity_id) for c in answer.changes}
        cursor = answer.cursor
        if not answer.more:
            break
    assert paged == whole and pages > 3
    assert tech.sync(cursor=cursor).changes == []  # caught up


def test_duplicate_batch_is_acked_and_not_reapplied(running: Running) -> None:
    tech = running.device("CD201")
    tech.pull_all()
    order_no = _own_order(running, "CD201")
    batch = [mutation(1, "order_event", f"{order_no}:1", {"order_no": order_no, "event": "download"}),
             mutation(2, "reading", "r-1", {"order_no": order_no, **READING}),
             mutation(3, "order_event", f"{order_no}:2", {"order_no": order_no, "event": "start",
                                                          "step": "identify_old"})]
    first = tech.sync(batch)
    assert first.acked_through == 3 and first.rejections == []
    after_first = _status(running, order_no)
    assert after_first[0] == Status.IN_PROGRESS
    again = tech.sync(batch)  # the answer was "lost": the device resends the same batch
    assert again.acked_through == 3 and again.rejections == []
    assert _status(running, order_no) == after_first  # not re-applied
    assert _stored(running, tech) == 3
    assert not any(c.entity_id == order_no for c in again.changes)  # own work is not echoed back


def test_ack_is_contiguous_across_gaps(running: Running) -> None:
    tech = running.device("CD202")
    order_no = _own_order(running, "CD202")
    reading = {"order_no": order_no, **READING}
    assert tech.sync([mutation(1, "reading", "a", reading)]).acked_through == 1
    assert tech.sync([mutation(3, "reading", "c", reading)]).acked_through == 1  # 2 missing
    assert tech.sync([mutation(2, "reading", "b", reading)]).acked_through == 3
    assert _stored(running, tech) == 3


def test_illegal_transition_is_stored_flagged_and_corrected(running: Running) -> None:
    tech = running.device("CD102")
    tech.pull_all()
    supervisor = running.device("CD100")
    supervisor.pull_all()
    order_no = _own_order(running, "CD102", 1)
    answer = tech.sync([mutation(1, "order_event", "e1", {"order_no": order_no, "event": "complete"})])
    assert answer.acked_through == 1
    assert [(r.seq, r.code) for r in answer.rejections] == [(1, "illegal_transition")]
    assert _status(running, order_no)[0] == Status.ASSIGNED  # the server is authoritative
    assert _orders(answer.changes)[order_no]["status"] == "assigned"  # the device is put right
    assert _stored(running, tech) == 1  # kept, not dropped
    flags = [c for c in supervisor.sync().changes if c.entity == "flag"]
    assert [(f.payload["order_no"], f.payload["code"]) for f in flags] == [(order_no, "illegal_transition")]
    monitor = supervisor.json("GET", f"/v1/monitor?order_no={order_no}").json()
    assert monitor["flags"][0]["code"] == "illegal_transition"
    assert monitor["results"][0]["outcome"] == "rejected"
    forbidden = tech.sync([mutation(2, "order_event", "e2", {"order_no": order_no, "event": "accept"})])
    assert [r.code for r in forbidden.rejections] == ["forbidden"]


def test_work_on_a_reassigned_order_is_kept_and_flagged(running: Running) -> None:
    old, new = running.device("DY101"), running.device("DY102")
    supervisor = running.device("DY100")
    for d in (old, new, supervisor):
        d.pull_all()
    order_no = _own_order(running, "DY101")
    old.sync([mutation(1, "order_event", "d", {"order_no": order_no, "event": "download"})])
    # while DY101 is offline the supervisor gives the order to DY102
    moved = supervisor.sync([mutation(1, "order_event", "r", {"order_no": order_no, "event": "reassign",
                                                              "tech_id": "DY102"})])
    assert moved.rejections == []
    assert _status(running, order_no)[2] == "DY102"
    late = old.sync([mutation(2, "reading", "late", {"order_no": order_no, **READING})])
    assert late.acked_through == 2
    assert [(r.seq, r.code) for r in late.rejections] == [(2, "reassigned")]
    assert any(c.entity_id == order_no and c.op == "delete" for c in late.changes)
    assert _orders(new.sync().changes)[order_no]["tech_id"] == "DY102"
    flags = [c.payload for c in supervisor.sync().changes if c.entity == "flag"]
    assert any(f["order_no"] == order_no and f["code"] == "reassigned" for f in flags)
    results = supervisor.json("GET", f"/v1/monitor?order_no={order_no}").json()["results"]
    assert any(r["entity_id"] == "late" and r["payload"]["value"] == "317.76" for r in results)
    # another team's supervisor cannot reassign into or see it
    stranger = running.device("MY100")
    assert order_no not in _orders(stranger.pull_all())
    refused = stranger.sync([mutation(1, "order_event", "x", {"order_no": order_no, "event": "cancel"})])
    assert [r.code for r in refused.rejections] == ["out_of_scope"]


def test_invalid_payload_is_stored_and_does_not_block_the_queue(running: Running) -> None:
    tech = running.device("DY201")
    order_no = _own_order(running, "DY201")
    batch = [mutation(1, "reading", "bad", {"order_no": order_no, **READING, "di": "nothex!!"}),
             mutation(2, "nonsense", "x", {"order_no": order_no}),
             mutation(3, "reading", "good", {"order_no": order_no, **READING})]
    answer = tech.sync(batch)
    assert answer.acked_through == 3
    assert [(r.seq, r.code) for r in answer.rejections] == [(1, "invalid"), (2, "invalid")]
    assert _stored(running, tech) == 3


def test_full_lifecycle_reaches_uploaded_then_accepted(running: Running) -> None:
    tech = running.device("DY202")
    supervisor = running.device("DY200")
    supervisor.pull_all()
    order_no = _own_order(running, "DY202")
    events = ["download", "start", "suspend", "resume", "complete"]
    batch = [mutation(i + 1, "order_event", f"e{i}", {"order_no": order_no, "event": e})
             for i, e in enumerate(events)]
    answer = tech.sync(batch)
    assert answer.rejections == [] and answer.acked_through == len(events)
    assert _status(running, order_no)[0] == Status.UPLOADED  # the centre has it
    assert _orders(answer.changes)[order_no]["status"] == "uploaded"
    assert _orders(supervisor.sync().changes)[order_no]["status"] == "uploaded"
    accepted = supervisor.sync([mutation(1, "order_event", "acc", {"order_no": order_no, "event": "accept"})])
    assert accepted.rejections == []
    assert _status(running, order_no)[0] == Status.ACCEPTED
    assert _orders(tech.sync().changes)[order_no]["status"] == "accepted"


def test_region_supervisor_sees_the_company_and_technicians_never_see_flags(running: Running) -> None:
    with running.engine.begin() as conn:
        conn.execute(tables.users.insert().values(user_id="MY-REGION", name="region lead", role="supervisor",
                                                  team_id="", company_id="C-MY"))
    region = running.device("MY-REGION")
    orders = _orders(region.pull_all())
    assert set(orders) == {o.order_no for o in running.demo.orders if o.tech_id.startswith("MY")}
    tech = running.device("MY101")
    order_no = _own_order(running, "MY101")
    tech.pull_all()
    refused = tech.sync([mutation(1, "order_event", "x", {"order_no": order_no, "event": "resume"})])
    assert [r.code for r in refused.rejections] == ["illegal_transition"]
    assert not any(c.entity == "flag" for c in tech.sync(cursor=0, max_changes=5000).changes)
    assert any(c.entity == "flag" for c in region.sync().changes)
    other_team = running.device("MY200").json("GET", f"/v1/monitor?order_no={order_no}").json()
    assert other_team["orders"] == [] and other_team["flags"] == [] and other_team["results"] == []


def test_clock_refusal_tells_the_server_time(running: Running) -> None:
    tech = running.device("CD101")
    body = b""
    headers = tech.headers("GET", "/v1/monitor", body, now=1_000_000)
    resp = tech.request("GET", "/v1/monitor", body, headers=headers)
    assert resp.status_code == 401 and abs(int(resp.headers["X-MF-Server-Time"]) - time.time()) < 60


def test_concurrent_writers_never_hide_a_change_from_a_reader(running: Running) -> None:
    """Devices push while a supervisor reassigns and another supervisor pulls continuously: every
    request succeeds, everything is acked, and the reader's incremental view ends equal to the store."""
    techs = [running.device(u) for u in ("MY201", "MY202")]
    supervisor, reader = running.device("MY200"), running.device("MY200")
    reader.pull_all()
    errors: list[BaseException] = []
    stop = threading.Event()
    seen: dict[str, dict[str, Any]] = {}

    def push(device: Device) -> None:
        order_no = _own_order(running, device.user_id, 1)
        for b in range(6):
            batch = [mutation(b * 10 + i + 1, "reading", f"{b}-{i}", {"order_no": order_no, **READING})
                     for i in range(10)]
            assert device.sync(batch).acked_through == b * 10 + 10

    def reassign() -> None:
        order_no = _own_order(running, "MY201", 2)
        for i in range(8):
            target = ("MY202", "MY201")[i % 2]
            event = {"order_no": order_no, "event": "reassign", "tech_id": target}
            supervisor.sync([mutation(i + 1, "order_event", f"r{i}", event)])

    def read() -> None:
        while not stop.is_set():
            for c in reader.sync().changes:
                if c.entity == "work_order":
                    seen[c.entity_id] = c.payload

    def guard(fn: Callable[..., None], *args: Any) -> Callable[[], None]:
        def run() -> None:
            try:
                fn(*args)
            except BaseException as exc:
                errors.append(exc)
        return run

    reader_thread = threading.Thread(target=guard(read))
    reader_thread.start()
    writers = [threading.Thread(target=guard(push, d)) for d in techs]
    writers.append(threading.Thread(target=guard(reassign)))
    for t in writers:
        t.start()
    for t in writers:
        t.join(timeout=60)
    stop.set()
    reader_thread.join(timeout=30)
    assert errors == []
    read()  # one last pull after the writers finished
    o = tables.orders.c
    with running.engine.connect() as conn:
        store = {r.order_no: (r.version, r.tech_id) for r in conn.execute(
            select(o.order_no, o.version, o.tech_id).where(o.team_id == "MY-T2"))}
    for order_no, (version, tech_id) in store.items():
        if version > 1:
            assert (seen[order_no]["version"], seen[order_no]["tech_id"]) == (version, tech_id)


def test_start_without_download_and_a_late_upload_event_are_tolerated(running: Running) -> None:
    tech = running.device("NJ101")
    order_no = _own_order(running, "NJ101")
    events = ["start", "complete", "upload"]
    batch = [mutation(i + 1, "order_event", f"e{i}", {"order_no": order_no, "event": e})
             for i, e in enumerate(events)]
    answer = tech.sync(batch)
    assert answer.rejections == [] and answer.acked_through == 3
    assert _status(running, order_no)[0] == Status.UPLOADED


def test_step_events_are_recorded_while_open_and_refused_after_completion(running: Running) -> None:
    tech = running.device("NJ102")
    order_no = _own_order(running, "NJ102")
    steps = [("download", ""), ("step:identify_old", "identify_old"), ("start", "identify_old"),
             ("old_identified", "read_old")]
    batch = [mutation(i + 1, "order_event", f"s{i}", {"order_no": order_no, "event": e, "step": st})
             for i, (e, st) in enumerate(steps)]
    assert tech.sync(batch).rejections == []
    o = tables.orders.c
    with running.engine.connect() as conn:
        assert conn.execute(select(o.step).where(o.order_no == order_no)).scalar_one() == "read_old"
    done = tech.sync([mutation(5, "order_event", "c", {"order_no": order_no, "event": "complete"}),
                      mutation(6, "order_event", "late", {"order_no": order_no, "event": "sealed",
                                                          "step": "set_tariff"})])
    assert [(r.seq, r.code) for r in done.rejections] == [(6, "illegal_transition")]


def test_region_supervisor_moves_an_order_across_teams(running: Running) -> None:
    with running.engine.begin() as conn:
        conn.execute(tables.users.insert().values(user_id="NJ-REGION", name="region lead", role="supervisor",
                                                  team_id="", company_id="C-NJ"))
    region, team1, team2 = running.device("NJ-REGION"), running.device("NJ100"), running.device("NJ200")
    for d in (region, team1, team2):
        d.pull_all()
    order_no = _own_order(running, "NJ101", 2)
    moved = region.sync([mutation(1, "order_event", "m", {"order_no": order_no, "event": "reassign",
                                                           "tech_id": "NJ201"})])
    assert moved.rejections == []
    assert any(c.entity_id == order_no and c.op == "delete" for c in team1.sync().changes)
    assert _orders(team2.sync().changes)[order_no]["tech_id"] == "NJ201"
    seen = [c for c in moved.changes if c.entity_id == order_no]
    assert [(c.op, c.payload["tech_id"]) for c in seen] == [("upsert", "NJ201")]  # a move, not a removal


def test_monitoring_records_outside_any_order_are_kept(running: Running) -> None:
    tech = running.device("NJ201")
    event = {"event_id": "ev1", "order_no": "", "step": "sign_in", "started_at": "2026-11-24T08:00:00+08:00",
             "ended_at": "2026-11-24T08:00:05+08:00", "result": "ok", "device_id": tech.device_id,
             "user_id": "NJ201", "link": "online"}
    answer = tech.sync([mutation(1, "operation_event", "ev1", event),
                        mutation(2, "reading", "r", {**READING, "order_no": ""})])
    assert answer.acked_through == 2
    assert [(r.seq, r.code) for r in answer.rejections] == [(2, "invalid")]


def test_oversized_fields_are_stored_as_invalid_not_a_failed_request(running: Running) -> None:
    tech = running.device("NJ202")
    huge = "X" * 300
    answer = tech.sync([mutation(1, huge, huge, {"order_no": huge}, op=huge),
                        mutation(2, "reading", "r", {**READING, "order_no": huge})])
    assert answer.acked_through == 2
    assert [r.code for r in answer.rejections] == ["invalid", "unknown_order"]
