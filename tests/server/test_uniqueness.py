"""A seal is used on one order, a meter is at one customer: however the number is written, whatever
entity id the client chose, and when two terminals try at the same moment. Real server, real
signed devices, SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, func, select, text

from app.domain.work_orders import WorkOrder
from server import orders, results
from server.db import reading, tables
from server.errors import RefusedError
from sync.protocol import Mutation, SyncResponse
from tests.server.client import Device, mutation
from tests.server.conftest import Running
from tests.support.services import wait_until

SEAL = "SC7589474527"


def _order(running: Running, tech_id: str, index: int = 0, *, replacement: bool = False) -> WorkOrder:
    found = sorted((o for o in running.demo.orders_of(tech_id) if o.new_meter_asset_no or not replacement),
                   key=lambda o: o.order_no)
    return found[index]


def _seal(seq: int, order_no: str, seal_no: str, entity_id: str | None = None) -> Mutation:
    return mutation(seq, "seal", entity_id or f"{order_no}:seal:{seal_no}",
                    {"order_no": order_no, "seal_no": seal_no, "position": "meter_cover",
                     "meter_asset_no": "", "scanned_at": "2026-11-24T10:00:00+08:00", "source": "barcode"})


def _refusals(answer: SyncResponse) -> list[tuple[str, str]]:
    return [(r.code, r.message) for r in answer.rejections]


def _flags(running: Running, device: Device) -> list[str]:
    f = tables.flags.c
    with reading(running.engine) as conn:
        return list(conn.execute(select(f.code).where(f.device_id == device.device_id)
                                 .order_by(f.flag_id)).scalars())


def test_every_written_form_of_a_used_seal_is_refused_on_another_order(running: Running) -> None:
    first, other = running.device("CD101"), running.device("CD201")
    own, theirs = _order(running, "CD101").order_no, _order(running, "CD201").order_no
    assert first.sync([_seal(1, own, SEAL)]).rejections == []
    variants = [_seal(1, theirs, "sc7589474527"),  # PostgreSQL's LIKE is case-sensitive
                _seal(2, theirs, "SC 7589-474527"),  # a label's grouping, typed
                _seal(3, theirs, "ＳＣ７５８９４７４５２７"),  # a keyboard wedge in full width
                _seal(4, theirs, "sc\u200b7589474527\r\n"),  # an invisible space, a scanner's suffix
                _seal(5, theirs, SEAL, entity_id="anything-the-client-likes")]  # not keyed on entity_id
    answer = other.sync(variants)
    assert _refusals(answer) == [("seal_reused", f"seal {SEAL} was already used on order {own}")] * 5
    assert _flags(running, other) == ["seal_reused"] * 5
    s = tables.seals_used.c
    with reading(running.engine) as conn:
        assert conn.execute(select(s.seal_no, s.order_no, s.device_id, s.seq)).all() == [
            (SEAL, own, first.device_id, 1)]


def test_the_same_seal_again_on_the_same_order_is_accepted(running: Running) -> None:
    seal = "SC1000000042"
    tech = running.device("CD102")
    order, second = _order(running, "CD102", 0).order_no, _order(running, "CD102", 1).order_no
    assert tech.sync([_seal(1, order, seal)]).rejections == []
    again = tech.sync([_seal(2, order, seal.lower(), entity_id="re-scan"),  # a re-scan, written otherwise
                       _seal(1, order, seal)])  # a resend of the same mutation
    assert again.rejections == []
    assert running.device("CD102").sync([_seal(1, order, seal)]).rejections == []  # a new terminal
    other_order = tech.sync([_seal(3, second, seal)])  # the same technician, another order
    assert _refusals(other_order) == [("seal_reused", f"seal {seal} was already used on order {order}")]


def test_two_terminals_applying_one_seal_at_the_same_moment_one_wins(running: Running) -> None:
    a, b = running.device("CD202"), running.device("DY101")
    order_a, order_b = _order(running, "CD202").order_no, _order(running, "DY101").order_no
    for seq in range(1, 6):
        seal = f"SC20000000{seq:02d}"
        answers = _at_once([(a, [_seal(seq, order_a, seal)]), (b, [_seal(seq, order_b, seal.lower())])])
        refused = [_refusals(x) for x in answers]
        assert sorted(len(r) for r in refused) == [0, 1], refused
        winner = order_a if not refused[0] else order_b
        assert [r for r in refused if r] == [[("seal_reused", f"seal {seal} was already used on order "
                                                             f"{winner}")]]


def test_the_unique_index_decides_when_both_checks_pass_at_once(running: Running) -> None:
    """Two transactions claim one seal; the second finds it unused, inserts, and the index refuses."""
    seal, first, second = "SC3000000001", _order(running, "DY102").order_no, _order(running, "DY202").order_no
    error = _race(running, lambda c: results.claim_seal(c, first, seal, device_id="d1", seq=1, now=1),
                  lambda c: results.claim_seal(c, second, seal.lower(), device_id="d2", seq=1, now=2))
    assert isinstance(error, RefusedError) and error.code == "seal_reused"
    assert error.message == f"seal {seal} was already used on order {first}"


# --- one meter at one customer --------------------------------------------------------------------


def _result(order: WorkOrder, asset_no: str, address: str) -> dict[str, Any]:
    return {"order_no": order.order_no, "kind": order.kind.value, "technician": order.tech_id,
            "customer_no": order.archive.customer.customer_no,
            "new_meter": {"order_no": order.order_no, "asset_no": asset_no, "address": address,
                          "from_stock": True, "installed_at": "2026-11-24T10:00:00+08:00",
                          "source": "barcode"}}


def _customer_of(running: Running, asset_no: str) -> list[str]:
    a = tables.archives.c
    with reading(running.engine) as conn:
        return list(conn.execute(select(a.customer_no).where(a.asset_no == asset_no)).scalars())


def test_a_meter_installed_at_one_customer_is_refused_at_another(running: Running) -> None:
    tech = running.device("MY101")
    first, second = (_order(running, "MY101", i, replacement=True) for i in (0, 1))
    meter = running.demo.stock["MY101"][0]
    customer = first.archive.customer.customer_no
    assert tech.sync([mutation(1, "work_result", first.order_no,
                               _result(first, meter.asset_no, meter.address))]).rejections == []
    spaced = " ".join(meter.asset_no[i:i + 4] for i in range(0, 22, 4))
    wide = meter.asset_no.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    refused = tech.sync([mutation(seq, "work_result", second.order_no, _result(second, form, meter.address))
                         for seq, form in ((2, meter.asset_no), (3, spaced), (4, wide))])
    message = (f"meter {meter.asset_no} is already installed at customer {customer}; it cannot also be at "
               f"customer {second.archive.customer.customer_no}")
    assert _refusals(refused) == [("meter_in_use", message)] * 3
    assert _customer_of(running, meter.asset_no) == [customer]
    resend = tech.sync([mutation(5, "work_result", first.order_no, _result(first, spaced, meter.address))])
    assert resend.rejections == []  # the same meter again at the same customer: a resend
    assert _customer_of(running, meter.asset_no) == [customer]


def test_two_terminals_installing_one_meter_at_the_same_moment_one_wins(running: Running) -> None:
    a, b = running.device("MY102"), running.device("MY102")  # the technician's two handhelds
    meters = running.demo.stock["MY102"]
    for round_no in range(2):
        one = _order(running, "MY102", 2 * round_no, replacement=True)
        two = _order(running, "MY102", 2 * round_no + 1, replacement=True)
        meter = meters[round_no]
        seq = round_no + 1
        answers = _at_once([
            (a, [mutation(seq, "work_result", one.order_no, _result(one, meter.asset_no, meter.address))]),
            (b, [mutation(seq, "work_result", two.order_no, _result(two, meter.asset_no, meter.address))])])
        codes = sorted(r.code for x in answers for r in x.rejections)
        assert codes == ["meter_in_use"], answers
        assert len(_customer_of(running, meter.asset_no)) == 1


def test_the_archive_index_decides_when_both_meter_checks_pass_at_once(running: Running) -> None:
    meter = running.demo.stock["NJ202"][0]
    one, two = (_order(running, "NJ202", i, replacement=True) for i in (0, 1))

    def install(order: WorkOrder) -> Callable[[Connection], None]:
        def run(conn: Connection) -> None:
            stored = orders.load(conn, order.order_no)
            assert stored is not None
            results.install_new_meter(conn, stored, _result(order, meter.asset_no, meter.address), now=1)
        return run

    error = _race(running, install(one), install(two))
    assert isinstance(error, RefusedError) and error.code == "meter_in_use", error
    assert _customer_of(running, meter.asset_no) == [one.archive.customer.customer_no]


# --- helpers ----------------------------------------------------------------------------------------


def _at_once(calls: list[tuple[Device, list[Mutation]]]) -> list[SyncResponse]:
    """Each device's sync, all released at the same moment from their own threads."""
    barrier = threading.Barrier(len(calls))
    answers: list[SyncResponse | BaseException | None] = [None] * len(calls)

    def run(i: int) -> None:
        device, mutations = calls[i]
        barrier.wait()
        try:
            answers[i] = device.sync(mutations)
        except BaseException as exc:  # reported below, in the test's thread
            answers[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for answer in answers:
        if not isinstance(answer, SyncResponse):
            raise AssertionError(f"a concurrent sync failed: {answer!r}")
    return [a for a in answers if isinstance(a, SyncResponse)]


def _race(running: Running, first: Callable[[Connection], None],
          second: Callable[[Connection], None]) -> BaseException | None:
    """Run ``first`` in a transaction kept open until ``second``, in another transaction, waits on
    it (PostgreSQL: a lock wait on the unique index; SQLite: the writer lock); what ``second`` raised."""
    engine = running.engine
    outcome: dict[str, BaseException] = {}

    def run() -> None:
        try:
            with engine.begin() as conn:
                savepoint = conn.begin_nested()  # as sync_service applies each mutation
                second(conn)
                savepoint.commit()
        except BaseException as exc:
            outcome["error"] = exc

    with engine.begin() as conn:
        first(conn)
        thread = threading.Thread(target=run)
        thread.start()
        if running.backend == "postgresql":
            wait_until(lambda: _lock_waits(running) == 1, 30, "the second transaction waiting on the first")
        else:
            time.sleep(0.3)
    thread.join(60)
    assert not thread.is_alive()
    return outcome.get("error")


def _lock_waits(running: Running) -> int:
    with running.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(text("pg_stat_activity")).where(
            text("datname = current_database() AND wait_event_type = 'Lock'"))).scalar_one())

