"""The codec's limits: decompression bounded whatever a frame declares, decoded once, value
ranges on the request structs, per-mutation limits, and the terminal's own messages inside them."""

from __future__ import annotations

import re
import tracemalloc
from datetime import UTC, datetime
from typing import Any

import msgspec
import pytest
import zstandard

from app.domain.records import Reading, Seal, SealPosition
from app.storage.records import record_id
from sync import protocol
from sync.errors import MessageTooLargeError, ProtocolError, VersionError
from sync.protocol import (
    MAX_AMOUNT_FEN,
    MAX_INT64,
    MAX_PAYLOAD_BYTES,
    MAX_PURCHASE_COUNT,
    PROTOCOL_VERSION,
    EnrolRequest,
    Mutation,
    SyncRequest,
    TaskRequest,
    decode,
    decompress,
    encode,
    mutation_problem,
)
from tests.sync.hostile import GIB, lying_frame, rle_bomb

MIB = 1 << 20


def test_the_hand_made_bombs_are_real_zstd_frames() -> None:
    bomb = rle_bomb(GIB)
    assert len(bomb) < 33 * 1024 and zstandard.get_frame_parameters(bomb).content_size == GIB
    reader = zstandard.ZstdDecompressor(max_window_size=1 << 31).stream_reader(bomb)
    assert reader.read(MIB) == bytes(MIB)  # the first MiB of the 1 GiB, by zstandard itself
    undeclared = rle_bomb(4 * MIB, declare=-1)
    assert zstandard.get_frame_parameters(undeclared).content_size == zstandard.CONTENTSIZE_UNKNOWN
    assert zstandard.ZstdDecompressor().stream_reader(undeclared).read(8 * MIB) == bytes(4 * MIB)


@pytest.mark.parametrize("frame", [rle_bomb(GIB), rle_bomb(GIB, declare=-1, window_log=20),
                                   lying_frame(5 * 10**18), lying_frame(2**64 - 2)],
                         ids=["declared-1GiB", "undeclared-1GiB", "declares-5e18", "declares-2^64"])
def test_a_bomb_is_refused_with_bounded_memory(frame: bytes) -> None:
    """Python-side allocations here (the server process's RSS is measured in test_wire_memory)."""
    tracemalloc.start()
    try:
        with pytest.raises(MessageTooLargeError):
            decompress(frame, 4096)
        with pytest.raises(MessageTooLargeError):
            decompress(frame, 16 * MIB)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 17 * MIB + 64 * 1024  # at most the limit + 1 byte was ever produced


def test_the_limit_is_exact_and_decode_passes_it_on() -> None:
    packed = msgspec.msgpack.encode(EnrolRequest(PROTOCOL_VERSION, "ABCD-EFGH-JKMN", "x" * 50))
    frame = zstandard.ZstdCompressor(write_content_size=False).compress(packed)
    assert decompress(frame, len(packed)) == packed
    with pytest.raises(MessageTooLargeError):
        decompress(frame, len(packed) - 1)
    assert decode(encode(EnrolRequest(1, "c", "n")), EnrolRequest, limit=64) == EnrolRequest(1, "c", "n")
    with pytest.raises(MessageTooLargeError):
        decode(encode(EnrolRequest(1, "c", "n" * 100)), EnrolRequest, limit=64)


@pytest.mark.parametrize("data", [
    zstandard.ZstdCompressor().compress(b"\x92\x01\x02") * 2,  # two frames
    zstandard.ZstdCompressor().compress(b"\x92\x01\x02") + b"junk",  # trailing bytes
    zstandard.ZstdCompressor().compress(b"\x92\x01\xa1x" * 500)[:-3],  # truncated
    lying_frame(10),  # declares more than it holds
    b"", b"\x28\xb5\x2f\xfd",
])
def test_damaged_frames_are_protocol_errors(data: bytes) -> None:
    with pytest.raises(ProtocolError) as err:
        decompress(data, MIB)
    assert not isinstance(err.value, MessageTooLargeError)


def test_another_version_is_a_version_error_even_in_another_shape() -> None:
    other_shape = zstandard.ZstdCompressor().compress(msgspec.msgpack.encode([2, {"new": "layout"}]))
    for data in (other_shape, encode(SyncRequest(2, 1, "D1", 0, []))):
        with pytest.raises(VersionError, match="update the application"):
            decode(data, SyncRequest)


def _sync(mutations: list[Any], **fields: Any) -> bytes:
    values = {"protocol": 1, "schema": 1, "device_id": "D0123456789ABCDEF", "cursor": 0,
              "mutations": mutations, "max_changes": 2000, **fields}
    return zstandard.ZstdCompressor().compress(msgspec.msgpack.encode(list(values.values())))


def _mutation(seq: int) -> list[Any]:
    return [seq, "reading", "r1", "upsert", {}, "2026-11-24T02:00:00+00:00"]


OUT_OF_RANGE = {
    "seq-2^63": (_sync([_mutation(2**63)]), "$[4][0][0]"), "seq-0": (_sync([_mutation(0)]), "$[4][0][0]"),
    "seq-negative": (_sync([_mutation(-1)]), "$[4][0][0]"), "cursor-negative": (_sync([], cursor=-1), "$[3]"),
    "cursor-2^63": (_sync([], cursor=2**63), "$[3]"), "max_changes-0": (_sync([], max_changes=0), "$[5]"),
    "max_changes-high": (_sync([], max_changes=protocol.MAX_CHANGES + 1), "$[5]"),
    "device_id-long": (_sync([], device_id="D" * 41), "$[2]"),
    "batch-too-long": (_sync([_mutation(i) for i in range(1, protocol.MAX_BATCH + 2)]), "$[4]"),
}


@pytest.mark.parametrize(("body", "where"), OUT_OF_RANGE.values(), ids=OUT_OF_RANGE.keys())
def test_sync_request_out_of_range_is_refused_at_decode(body: bytes, where: str) -> None:
    with pytest.raises(ProtocolError, match=re.escape(f"at `{where}`")):
        decode(body, SyncRequest)


def test_the_edges_of_the_ranges_decode() -> None:
    request = SyncRequest(1, 1, "D" * 40, MAX_INT64, [Mutation(MAX_INT64, "reading", "r", "upsert", {}, "t")],
                          protocol.MAX_CHANGES)
    assert decode(encode(request), SyncRequest) == request


@pytest.mark.parametrize("fields", [
    {"amount_fen": -1}, {"amount_fen": MAX_AMOUNT_FEN + 1}, {"purchase_count": -1},
    {"purchase_count": MAX_PURCHASE_COUNT + 1}, {"request_id": ""}, {"request_id": "r" * 65},
    {"customer_no": "1" * 17}, {"note": "注" * 501}, {"card_serial": "A" * 17}, {"kind": "k" * 33},
])
def test_task_request_out_of_range_is_refused_at_decode(fields: dict[str, Any]) -> None:
    values = {"protocol": 1, "request_id": "r1", "kind": "recharge", "customer_no": "0000000001",
              "amount_fen": 100, "purchase_count": 1, "note": "", "card_serial": "", **fields}
    body = zstandard.ZstdCompressor().compress(msgspec.msgpack.encode(list(values.values())))
    with pytest.raises(ProtocolError):
        decode(body, TaskRequest)
    edge = TaskRequest(1, "r" * 64, "recharge", "1" * 16, MAX_AMOUNT_FEN, MAX_PURCHASE_COUNT, "注" * 500)
    assert decode(encode(edge), TaskRequest) == edge


def test_enrolment_code_and_name_are_bounded() -> None:
    for code, name in (("A" * 65, "t"), ("A" * 12, "n" * 101)):
        with pytest.raises(ProtocolError):
            decode(encode(EnrolRequest(1, code, name)), EnrolRequest)
    assert decode(encode(EnrolRequest(1, "A" * 64, "终" * 100)), EnrolRequest).code == "A" * 64


def test_mutation_limits() -> None:
    ok = Mutation(1, "e" * 40, "i" * 100, "o" * 20, {}, "a" * 40)
    assert mutation_problem(ok, MAX_PAYLOAD_BYTES) is None
    for name in ("entity", "entity_id", "op", "at"):
        longer = msgspec.structs.replace(ok, **{name: getattr(ok, name) + "x"})
        assert f"mutation's {name} has" in (mutation_problem(longer, 0) or "")
    assert "payload has" in (mutation_problem(ok, MAX_PAYLOAD_BYTES + 1) or "")


def test_the_terminals_longest_ids_are_inside_the_mutation_limits() -> None:
    """The terminal builds entity ids from a server order number (at most 40 characters, the
    server's column) and validated numbers; its ``at`` is ``datetime.isoformat()`` in UTC; its
    seq is an SQLite AUTOINCREMENT rowid (1 .. 2**63-1, inside :data:`protocol.Seq`)."""
    order_no, now = "W" * 40, datetime.now(UTC)
    longest = [record_id(Seal(order_no, "SC4773731081", SealPosition.TERMINAL_COVER, "1" * 22, now)),
               record_id(Reading(order_no, "1" * 12, "0001FF00", "1.00", "kWh", now, role="inspected")),
               f"{order_no}:gps:{now.isoformat()}",  # RecordRepo.save_fix
               f"{order_no}:result", "f" * 64]  # RecordRepo.save_result; an attachment's SHA-256
    for entity_id in longest:
        mutation = Mutation(MAX_INT64, "operation_event", entity_id, "upsert", {}, now.isoformat())
        assert mutation_problem(mutation, 0) is None, entity_id


def test_an_engine_config_outside_the_protocol_is_refused_at_start() -> None:
    from sync.engine import EngineConfig

    for fields in ({"batch_size": protocol.MAX_BATCH + 1}, {"batch_size": 0}, {"max_changes": 0},
                   {"max_changes": protocol.MAX_CHANGES + 1}):
        with pytest.raises(ValueError):
            EngineConfig("D1", **fields)  # type: ignore[arg-type]
    config = EngineConfig("D1", batch_size=protocol.MAX_BATCH, max_changes=protocol.MAX_CHANGES)
    request = SyncRequest(1, 1, "D" * 17, 0, [], config.max_changes)
    assert decode(encode(request), SyncRequest) == request
