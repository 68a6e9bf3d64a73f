"""Fuzzing the server's parsers and mutation application: bad input is refused with the
protocol's errors (400/426) or stored as an ``invalid`` rejection, never a crash or a wedged queue."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import msgspec
import pytest
import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from app.domain.entities import Role
from server import seed
from server.auth import Caller
from server.db import make_engine, migrate, tables
from server.errors import ServerError
from server.http import decode_body
from server.limits import SYNC_MESSAGE
from server.sync_service import advance_ack, push
from sync import protocol
from sync.entities import UP_ENTITIES
from sync.protocol import Mutation, SyncRequest
from tests.server.conftest import small_demo

scalars = st.one_of(st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False),
                    st.text(max_size=20), st.binary(max_size=20))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=8), inner,
                                                                       max_size=4)), max_leaves=12)


@given(st.binary(max_size=300))
def test_garbage_bytes_are_400(data: bytes) -> None:
    with pytest.raises(ServerError) as err:
        decode_body(data, SyncRequest, limit=SYNC_MESSAGE)
    assert err.value.status == 400


@given(st.lists(values, max_size=8))
def test_any_msgpack_structure_is_refused_cleanly_or_read(items: list[object]) -> None:
    body = zstandard.ZstdCompressor().compress(msgspec.msgpack.encode(items))
    try:
        decode_body(body, SyncRequest, limit=SYNC_MESSAGE)
    except ServerError as exc:
        assert exc.status in (400, 426)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    path: Path = tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite3"
    eng = make_engine(f"sqlite:///{path}")
    migrate(eng)
    seed.seed(eng, small_demo(), now=int(time.time()))
    return eng


_seq = itertools.count(1)
ORDER = sorted(o.order_no for o in small_demo().orders_of("CD101"))[0]
payloads = st.one_of(
    st.dictionaries(st.text(max_size=10), values, max_size=6),
    st.dictionaries(st.sampled_from(["event", "step", "di", "value", "read_at", "seal_no", "position",
                                     "tech_id", "lat", "lon", "fixed_at"]), values, max_size=6)
    .map(lambda d: {**d, "order_no": ORDER}),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from([*sorted(UP_ENTITIES), "bogus"]), payloads), min_size=1,
                max_size=5))
def test_any_mutation_is_stored_once_and_acked(engine: Engine, batch: list[tuple[str, dict[str, object]]]
                                              ) -> None:
    caller = Caller("DFUZZ", "CD101", Role.TECHNICIAN, "CD-T1", "C-CD")
    with engine.begin() as conn:
        if conn.execute(select(tables.devices.c.device_id).where(tables.devices.c.device_id == "DFUZZ")
                        ).first() is None:
            conn.execute(tables.devices.insert().values(device_id="DFUZZ", user_id="CD101", name="fuzz",
                                                        secret=b"k", enrolled_at=0, acked_through=0))
    mutations = [Mutation(next(_seq), entity, "x", "upsert", payload, "t") for entity, payload in batch]
    with engine.begin() as conn:
        push(conn, caller, mutations, now=int(time.time()))
        acked = advance_ack(conn, "DFUZZ")
    assert acked == mutations[-1].seq  # nothing wedged: every mutation was stored
    with engine.connect() as conn:
        rm = tables.received_mutations.c
        count = conn.execute(select(func.count()).where(rm.device_id == "DFUZZ")).scalar_one()
    assert count == mutations[-1].seq


def test_protocol_codec_round_trip_through_the_server_decoder() -> None:
    request = SyncRequest(1, 1, "D1", 5, [Mutation(1, "reading", "r", "upsert", {"order_no": "X"}, "t")])
    assert decode_body(protocol.encode(request), SyncRequest, limit=SYNC_MESSAGE) == request
