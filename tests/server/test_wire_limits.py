"""Value ranges at the edge, on a real server (SQLite and PostgreSQL): a request outside the
protocol's ranges is a 400 that stores nothing; a mutation outside the per-mutation limits is
stored as an ``invalid`` rejection and acked (one bad row never wedges a device's queue)."""

from __future__ import annotations

from typing import Any

from sync import protocol
from sync.protocol import (
    MAX_AMOUNT_FEN,
    MAX_INT64,
    MAX_PAYLOAD_BYTES,
    PATH_ENROL,
    PATH_SYNC,
    PATH_TASK_REQUEST,
    Mutation,
    TaskRequest,
)
from tests.server.client import Device, error_of, mutation
from tests.server.conftest import Running

READING = {"meter_address": "000000000001", "di": "00010000", "value": "1.00", "unit": "kWh",
           "read_at": "2026-11-24T10:00:00+08:00"}


def _sync(device: Device, mutations: list[Mutation]) -> tuple[int, str, str]:
    body = protocol.encode(protocol.SyncRequest(1, 1, device.device_id, 0, mutations))
    resp = device.request("POST", PATH_SYNC, body)
    return (resp.status_code, *error_of(resp))


def _order(running: Running, device: Device) -> str:
    return sorted(o.order_no for o in running.demo.orders_of(device.user_id))[0]


def test_a_seq_beyond_int64_is_a_400_and_stores_nothing(running: Running) -> None:
    device = running.device("CD101")
    order_no = _order(running, device)
    reading = {"order_no": order_no, **READING}
    status, code, message = _sync(device, [mutation(2**63, "reading", "r1", reading)])
    assert (status, code) == (400, "malformed") and str(MAX_INT64) in message
    answer = device.sync([mutation(1, "reading", "r1", reading)])
    assert answer.acked_through == 1 and answer.rejections == []  # nothing of the refused one was kept
    edge = device.sync([mutation(MAX_INT64, "reading", "r2", reading)])
    assert edge.acked_through == 1  # the largest seq is stored (BIGINT), just not contiguous


def test_a_mutation_outside_its_limits_is_an_invalid_rejection_not_a_wedge(running: Running) -> None:
    device = running.device("CD102")
    order_no = _order(running, device)
    reading = {"order_no": order_no, **READING}
    batch = [mutation(1, "reading", "x" * 101, reading),
             mutation(2, "reading", "big", {**reading, "note": "n" * MAX_PAYLOAD_BYTES}),
             mutation(3, "reading", "fine", reading)]
    for _ in range(2):  # the resend of a batch whose answer was lost: the same outcome
        answer = device.sync(batch)
        assert answer.acked_through == 3
        assert [(r.seq, r.code) for r in answer.rejections] == [(1, "invalid"), (2, "invalid")]
        assert "entity_id has 101 characters" in answer.rejections[0].message
        assert "payload has" in answer.rejections[1].message


def _task(device: Device, request: TaskRequest) -> tuple[int, str]:
    resp = device.request("POST", PATH_TASK_REQUEST, protocol.encode(request))
    return resp.status_code, error_of(resp)[0] if resp.status_code >= 400 else ""


def test_negative_or_huge_amounts_and_counts_are_refused(running: Running) -> None:
    device = running.device("CD101")
    customer = next(a.customer.customer_no for a in running.demo.archives
                    if a.customer.company_id == "C-CD")
    for i, (kind, amount, count) in enumerate([("open_card", -100, 1), ("recharge", 100, -1),
                                               ("recharge", MAX_AMOUNT_FEN + 1, 1),
                                               ("recharge", 100, 2**32)]):
        assert _task(device, TaskRequest(1, f"bad-{i}", kind, customer, amount, count)) == (400, "malformed")
    assert _task(device, TaskRequest(1, "good", "recharge", customer, MAX_AMOUNT_FEN, 1,
                                     card_serial="4D46000000000001"))[0] == 200


def test_enrolment_codes_are_bounded(running: Running) -> None:
    def enrol(code: str) -> tuple[int, str]:
        resp = running.device("CD101").session.post(
            running.base + PATH_ENROL, data=protocol.encode(protocol.EnrolRequest(1, code, "t")), timeout=30)
        return resp.status_code, error_of(resp)[0]

    assert enrol("A" * 65) == (400, "malformed")
    assert enrol("A" * 64) == (401, "bad_code")  # within the limit: looked up, unknown


def test_deep_or_broken_json_on_an_admin_route_is_400(running: Running) -> None:
    administrator = running.device("ADMIN")
    bodies: list[Any] = [b"[" * 60_000, b'{"user_id": ' + b"[" * 30_000 + b"]" * 30_000 + b"}",
                         b'{"user_id": "\xff"}']
    for body in bodies:
        resp = administrator.request("POST", "/v1/admin/enrol-codes", body, content_type="application/json")
        assert resp.status_code == 400, (body[:20], resp.status_code, resp.text[:200])
