"""What cannot be sent as a Mutation, and the report that replaces it (bounded, always sendable)."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

import msgspec
import pytest

from sync import quarantine
from sync.protocol import PROTOCOL_VERSION, SCHEMA_VERSION, Mutation, SyncRequest, decode, encode

AT = "2026-11-24T09:00:00+00:00"


@dataclass(frozen=True)
class Raw:
    seq: int
    entity: bytes = b"reading"
    entity_id: bytes = b"r1"
    op: bytes = b"upsert"
    payload: bytes = b"{}"
    created_at: bytes = AT.encode()


def mutation(payload: dict[str, Any], **fields: str) -> Mutation:
    base = {"entity": "reading", "entity_id": "r1", "op": "upsert", "at": AT} | fields
    return Mutation(7, base["entity"], base["entity_id"], base["op"], payload, base["at"])


def nest(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(depth - 1):
        value = {"a": value}
    return value


@pytest.mark.parametrize(("m", "reason"), [
    (mutation({"n": 2**64}), quarantine.NOT_ENCODABLE),
    (mutation({"n": -(2**63) - 1}), quarantine.NOT_ENCODABLE),
    (mutation({"x": float("nan")}), quarantine.NOT_ENCODABLE),
    (mutation({"x": [float("inf")]}), quarantine.NOT_ENCODABLE),
    (mutation({"u": "\ud800"}), quarantine.NOT_ENCODABLE),
    (mutation(nest(quarantine.MAX_DEPTH + 1)), quarantine.NOT_ENCODABLE),
    (mutation({"s": "x" * (quarantine.MAX_STRING + 1)}), quarantine.TOO_LONG),
    (mutation({"k" * (quarantine.MAX_STRING + 1): 1}), quarantine.TOO_LONG),
    (mutation({}, entity_id="R" * (quarantine.MAX_ENTITY_ID + 1)), quarantine.TOO_LONG),
    (mutation({}, entity="e" * (quarantine.MAX_ENTITY + 1)), quarantine.TOO_LONG),
    (mutation({}, at="2" * (quarantine.MAX_AT + 1)), quarantine.TOO_LONG),
    (mutation({f"k{i}": "v" * 60_000 for i in range(5)}), quarantine.TOO_LARGE),
])
def test_what_cannot_be_sent(m: Mutation, reason: str) -> None:
    found = quarantine.problem(m)
    assert found is not None and found[0] == reason, found


def test_real_records_pass() -> None:
    assert quarantine.problem(mutation({"order_no": "WO1", "value": "1.00", "n": 2**64 - 1, "f": 1.5,
                                        "nested": nest(quarantine.MAX_DEPTH - 1), "ok": True, "none": None,
                                        "s": "电" * 1000})) is None


def test_the_report_carries_the_raw_bytes_and_is_always_sendable() -> None:
    payload = b'{"order_no":"WO20261124CD10100","v":"\xff"}'
    report = quarantine.report(Raw(12, entity_id=b"id\x80", payload=payload), "bad_text", "not UTF-8", AT)
    assert (report.seq, report.entity, report.op) == (12, "quarantine", "event")
    body = report.payload
    assert base64.b64decode(body["raw_b64"]) == payload and body["raw_size"] == len(payload)
    assert body["raw_sha256"] == hashlib.sha256(payload).hexdigest() and not body["truncated"]
    assert body["order_hint"] == "WO20261124CD10100" and body["entity_id"] == "id\\x80"
    assert quarantine.problem(report) is None
    request = SyncRequest(PROTOCOL_VERSION, SCHEMA_VERSION, "D1", 0, [report])
    assert decode(encode(request), SyncRequest).mutations == [report]  # what the server will read


def test_a_huge_damaged_row_gives_a_bounded_report() -> None:
    payload = b"\xff" * (3 * 1024 * 1024)
    report = quarantine.report(Raw(3, entity=b"e" * 5000, entity_id=b"i" * 5000, payload=payload),
                               "bad_text", "x" * 10_000, "t" * 100)
    assert quarantine.problem(report) is None
    assert len(msgspec.msgpack.encode(report)) < 32 * 1024
    body = report.payload
    assert body["truncated"] and body["raw_size"] == len(payload)
    assert base64.b64decode(body["raw_b64"]) == payload[:quarantine.REPORT_RAW_BYTES]
