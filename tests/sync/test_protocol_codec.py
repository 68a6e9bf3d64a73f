"""The codec with the shared zstd dictionary: round trips, frames without it, garbage in."""

from __future__ import annotations

import msgspec
import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.errors import ProtocolError
from sync.protocol import (
    DICTIONARY_PATH,
    PROTOCOL_VERSION,
    SCHEMA_VERSION,
    Change,
    Mutation,
    SyncRequest,
    SyncResponse,
    decode,
    encode,
    used_dictionary,
)

TEXT = st.text(max_size=30)
VALUE = st.one_of(TEXT, st.integers(-(2**63), 2**63 - 1), st.booleans(), st.none())
PAYLOAD = st.dictionaries(TEXT, VALUE, max_size=5)
MUTATIONS = st.lists(st.builds(Mutation, st.integers(1, 10**9), TEXT, TEXT, TEXT, PAYLOAD, TEXT), max_size=5)


def test_the_shared_dictionary_ships_and_is_used_when_asked() -> None:
    assert DICTIONARY_PATH.is_file()
    message = SyncResponse(PROTOCOL_VERSION, SCHEMA_VERSION, 0, [], [], 0, False, 0)
    frame = encode(message, dictionary=True)
    assert used_dictionary(frame) and zstandard.get_frame_parameters(frame).dict_id != 0
    assert not used_dictionary(encode(message)) and not used_dictionary(b"junk")
    assert decode(frame, SyncResponse) == decode(encode(message), SyncResponse) == message


@given(st.text(max_size=20), st.integers(0, 10**12), MUTATIONS, st.booleans())
@settings(max_examples=60, deadline=None)
def test_request_round_trip(device: str, cursor: int, mutations: list[Mutation], shared: bool) -> None:
    request = SyncRequest(PROTOCOL_VERSION, SCHEMA_VERSION, device, cursor, mutations)
    assert decode(encode(request, dictionary=shared), SyncRequest) == request


def test_frames_without_the_dictionary_still_decode() -> None:
    change = Change(1, "work_order", "WO1", "upsert", {"title": "周期轮换换表"})
    response = SyncResponse(PROTOCOL_VERSION, SCHEMA_VERSION, 5, [], [change], 1, False, 9)
    plain = zstandard.ZstdCompressor(level=3).compress(msgspec.msgpack.encode(response))
    assert decode(plain, SyncResponse) == response


def test_a_frame_from_an_unknown_dictionary_is_a_protocol_error() -> None:
    other = zstandard.train_dictionary(1024, [msgspec.msgpack.encode([i, "x" * i, {"k": i}]) * 8
                                              for i in range(200)])
    frame = zstandard.ZstdCompressor(dict_data=other).compress(b"hello" * 10)
    with pytest.raises(ProtocolError, match="dictionary"):
        decode(frame, SyncResponse)


@given(st.binary(max_size=200))
@settings(max_examples=200, deadline=None)
def test_garbage_raises_only_protocol_error(data: bytes) -> None:
    with pytest.raises(ProtocolError):
        decode(data, SyncResponse)
