"""Fuzzing ``protocol.decode`` with 100,000 inputs: the only exception is ProtocolError.

Deterministic (seeded) mutations of valid messages of every kind, in the frame and in the
MessagePack under it, random bytes, and valid zstd frames of random MessagePack (invalid
UTF-8, deep nesting, out-of-range integers among them). A seeded loop rather than
Hypothesis: 100,000 examples in a few seconds.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable

import msgspec
import zstandard

from sync import protocol
from sync.errors import ProtocolError
from sync.protocol import (
    Change,
    EnrolRequest,
    EnrolResponse,
    ErrorBody,
    Mutation,
    Rejection,
    SyncRequest,
    SyncResponse,
    TaskRequest,
    TaskResponse,
)

INPUTS = 100_000
PAYLOAD = {"order_no": "WO20261124001", "di": "00010000", "value": "1234.56", "read_at": "2026-11-24T10:00",
           "fix": {"lat": 30.66, "lon": 104.06}, "objects": ["a", 1, None, True, 2.5, b"\x01"]}
SAMPLES: list[msgspec.Struct] = [
    SyncRequest(1, 1, "D0123456789ABCDEF", 42, [Mutation(7, "reading", "WO1:old:000000000001:00010000",
                                                         "upsert", PAYLOAD, "2026-11-24T02:00:00+00:00")]),
    SyncRequest(1, 1, "D0123456789ABCDEF", 0, [], 500),
    SyncResponse(1, 1, 7, [Rejection(3, "invalid", "no")],
                 [Change(9, "work_order", "WO1", "upsert", PAYLOAD)], 9, True, 1_764_000_000),
    EnrolRequest(1, "J4K4-R7PV-5WEB", "MeterField terminal (handheld)"),
    EnrolResponse(1, "D0123456789ABCDEF", b"k" * 32, "CD101", "technician", b"p" * 32, "张三", "CD-T1",
                  "一队", "C-CD"),
    ErrorBody("malformed", "the body could not be read"),
    TaskRequest(1, "req-1", "recharge", "0000000001", 10000, 3, "备注", "0123456789ABCDEF"),
    TaskResponse(1, {"order_no": "RQ1"}, b"signed"),
]
KINDS: list[type[msgspec.Struct]] = [type(s) for s in SAMPLES] + [Mutation, Change, Rejection]
_COMPRESSOR = zstandard.ZstdCompressor(level=1)


def _mutate(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op, at = rng.random(), rng.randrange(len(buf) + 1)
        if op < 0.4 and buf:
            buf[min(at, len(buf) - 1)] = rng.randrange(256)
        elif op < 0.6:
            buf[at:at] = rng.randbytes(rng.randint(1, 8))
        elif op < 0.8:
            del buf[at:at + rng.randint(1, 8)]
        else:
            buf = buf[:at]
    return bytes(buf)


def _scalar(rng: random.Random) -> bytes:
    return rng.choice([
        b"\xc0", b"\xc3", b"\x01", b"\xff", b"\xcf\x80" + bytes(7), b"\xcf" + b"\xff" * 8,  # 2**63, 2**64-1
        b"\xd3\x80" + bytes(7), b"\xcb" + rng.randbytes(8), b"\xa3abc", b"\xa2\xff\xfe",  # invalid UTF-8
        b"\xa4\xed\xa0\x80x", b"\xc4\x02ab", b"\xd4\x01\x02", b"\xa0",
    ])


def _value(rng: random.Random, depth: int) -> bytes:
    if depth <= 0 or rng.random() < 0.45:
        return _scalar(rng)
    n = rng.randint(0, 5)
    if rng.random() < 0.5:
        return bytes((0x90 | n,)) + b"".join(_value(rng, depth - 1) for _ in range(n))
    return bytes((0x80 | n,)) + b"".join(_scalar(rng) + _value(rng, depth - 1) for _ in range(n))


def _random_msgpack(rng: random.Random, pool: list[bytes]) -> bytes:
    choice = rng.random()
    if choice < 0.1:  # deeper than any decoder's recursion limit, in an array or in a payload
        deep = rng.choice([b"\x91", b"\x81\xa1k"]) * rng.randint(500, 5000) + b"\xc0"
        return rng.choice([deep, b"\x96\x01\x01\xa1d\x00\x91\x96\x01\xa1e\xa1i\xa1o" + deep + b"\xa1t"])
    if choice < 0.6:  # the shape of a message, random fields
        n = rng.randint(1, 10)
        return bytes((0x90 | n,)) + b"\x01" + b"".join(rng.choices(pool, k=n - 1))
    return rng.choice(pool)


Maker = Callable[[], tuple[bytes, type[msgspec.Struct]]]


def _makers(rng: random.Random) -> list[Maker]:
    """Input generators, each giving the bytes and the kind a receiver would expect."""
    encoded = [(protocol.encode(s, dictionary=d), type(s)) for s in SAMPLES for d in (False, True)]
    packed = [(msgspec.msgpack.encode(s), type(s)) for s in SAMPLES]
    pool = [_value(rng, 5) for _ in range(3000)]

    def damaged_frame() -> tuple[bytes, type[msgspec.Struct]]:
        data, kind = rng.choice(encoded)
        return _mutate(data, rng), kind

    def damaged_msgpack() -> tuple[bytes, type[msgspec.Struct]]:
        data, kind = rng.choice(packed)
        return _COMPRESSOR.compress(_mutate(data, rng)), kind

    def random_msgpack() -> tuple[bytes, type[msgspec.Struct]]:
        return _COMPRESSOR.compress(_random_msgpack(rng, pool)), rng.choice(KINDS)

    def random_bytes() -> tuple[bytes, type[msgspec.Struct]]:
        data = rng.choice([b"", b"\x28\xb5\x2f\xfd"]) + rng.randbytes(rng.randint(0, 64))
        return data, rng.choice(KINDS)

    return [damaged_frame, damaged_msgpack, random_msgpack, random_bytes]


def test_100000_fuzzed_inputs_raise_only_protocol_error() -> None:
    rng = random.Random(20261124)
    makers = _makers(rng)
    outcomes: Counter[str] = Counter()
    for i in range(INPUTS):
        data, kind = makers[i % len(makers)]()
        limit = rng.choice([64, 4096, protocol.MAX_MESSAGE])
        try:
            protocol.decode(data, kind, limit=limit)
            outcomes["decoded"] += 1
        except ProtocolError as exc:
            outcomes[type(exc).__name__] += 1
        except BaseException as exc:  # any other type is the failure under test
            raise AssertionError(f"input {i} ({kind.__name__}, limit {limit}): {type(exc).__name__}: "
                                 f"{str(exc)[:200]}; data {data[:80].hex()}") from exc
    assert sum(outcomes.values()) == INPUTS
    # The fuzz reaches every layer: some inputs decode, some are too large, the rest are refused.
    assert outcomes["decoded"] > INPUTS // 100 and outcomes["MessageTooLargeError"] > INPUTS // 100, outcomes
    assert outcomes["ProtocolError"] > INPUTS // 2, outcomes
