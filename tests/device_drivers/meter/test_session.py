"""The request/reply state machine alone: no port, no clock."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from device_drivers.meter import errors as e
from device_drivers.meter import protocol
from device_drivers.meter.control import Control, Function
from device_drivers.meter.frame import Frame
from device_drivers.meter.session import (
    Done,
    Failed,
    MeterSession,
    NeedData,
    Send,
    StateError,
    Transaction,
)

ADDRESS = "202107072529"
READ_HEX = "68292507072120681104333333334E16"
REPLY = bytes.fromhex("FEFE6829250707212068910833333333A94A36332E16")


def started(request: Frame | None = None, retries: int = 2) -> Transaction:
    tx = Transaction(request or protocol.read(ADDRESS, 0), retries=retries)
    tx.start()
    return tx


def test_reply_in_pieces_completes() -> None:
    tx = started()
    assert tx.next_event() == NeedData(12)
    tx.receive_data(REPLY[:9])
    assert isinstance(tx.next_event(), NeedData)
    tx.receive_data(REPLY[9:])
    event = tx.next_event()
    assert isinstance(event, Done) and event.reply is not None
    assert event.reply.data[4:] == bytes.fromhex("76170300")


def test_timeouts_retry_then_fail_with_a_probe_hint() -> None:
    tx = started(retries=2)
    assert isinstance(tx.timed_out(), Send)
    assert isinstance(tx.timed_out(), Send)
    event = tx.timed_out()
    assert isinstance(event, Failed) and isinstance(event.error, e.NoReplyError)
    assert "IR window" in str(event.error) and tx.attempts == 3


def test_garbled_reply_is_resent_then_reported() -> None:
    bad = bytearray(REPLY)
    bad[-3] ^= 0x10
    tx = started(retries=1)
    tx.receive_data(bytes(bad))
    event = tx.next_event()
    assert isinstance(event, Send) and event.flush_input
    tx.receive_data(bytes(bad))
    event = tx.next_event()
    assert isinstance(event, Failed) and isinstance(event.error, e.GarbledReplyError)


def test_own_echo_is_ignored() -> None:
    request = protocol.read(ADDRESS, 0)
    tx = started(request)
    tx.receive_data(request.encode() + REPLY)
    assert isinstance(tx.next_event(), Done)


def test_abnormal_reply_fails_at_once_with_its_error() -> None:
    request = protocol.read(ADDRESS, 0x02010100)
    tx = started(request)
    tx.receive_data(protocol.abnormal_reply(request, ADDRESS, protocol.ERR_UNAUTHORISED).encode())
    event = tx.next_event()
    assert isinstance(event, Failed) and isinstance(event.error, e.UnauthorisedError)
    assert tx.attempts == 1


def test_another_meter_answering_is_an_error() -> None:
    tx = started(protocol.read("000000000001", 0))
    tx.receive_data(REPLY)
    event = tx.next_event()
    assert isinstance(event, Failed) and isinstance(event.error, e.WrongMeterError)


def test_wildcards_match_only_their_digits() -> None:
    tx = started(protocol.read("2021070725AA", 0))
    tx.receive_data(REPLY)
    assert isinstance(tx.next_event(), Done)
    tx = started(protocol.read("2021070726AA", 0))
    tx.receive_data(REPLY)
    event = tx.next_event()
    assert isinstance(event, Failed) and isinstance(event.error, e.WrongMeterError)


def test_wrong_item_in_reply_is_an_error() -> None:
    tx = started(protocol.read(ADDRESS, 0x00010000))
    tx.receive_data(REPLY)
    event = tx.next_event()
    assert isinstance(event, Failed) and isinstance(event.error, e.UnexpectedReplyError)


def test_follow_up_frames_are_requested_and_joined() -> None:
    di = 0x04000403
    tx = started(protocol.read(ADDRESS, di))
    first = Frame(ADDRESS, Control.reply(Function.READ, follow_up=True), di.to_bytes(4, "little") + b"AB")
    tx.receive_data(first.encode())
    event = tx.next_event()
    assert isinstance(event, Send)
    follow = Frame(ADDRESS, Control.reply(Function.READ_FOLLOW_UP),
                   di.to_bytes(4, "little") + b"CD" + b"\x01")
    assert event.data.endswith(protocol.read_follow_up(ADDRESS, di, 1).encode()[4:])
    tx.receive_data(follow.encode())
    done = tx.next_event()
    assert isinstance(done, Done) and done.reply is not None and done.reply.data[4:] == b"ABCD"


def test_broadcast_needs_no_reply_and_illegal_events_name_the_state() -> None:
    tx = Transaction(protocol.broadcast_time(__import__("datetime").datetime(2026, 1, 1)))
    tx.start()
    assert isinstance(tx.next_event(), Done)
    with pytest.raises(StateError, match="done"):
        tx.receive_data(b"\x00")
    with pytest.raises(StateError, match="idle"):
        Transaction(protocol.read(ADDRESS, 0)).timed_out()


@settings(deadline=None)  # a busy CI machine must not fail a correct codec
@given(st.lists(st.binary(max_size=40), max_size=8))
def test_any_bytes_give_events_never_exceptions(chunks: list[bytes]) -> None:
    """Whatever the line delivers, the transaction answers with an event (retry, fail, done, more)."""
    tx = started(retries=1)
    for chunk in [*chunks, REPLY]:
        if not isinstance(tx.next_event(), NeedData):
            return
        tx.receive_data(chunk)
    assert isinstance(tx.next_event(), Done | Failed | Send | NeedData)


def test_meter_session_runs_one_exchange_at_a_time() -> None:
    session = MeterSession()
    with pytest.raises(StateError, match="before a request"):
        session.next_event()
    wire = session.send(protocol.read(ADDRESS, 0))
    assert wire.startswith(b"\xfe" * 4) and wire.endswith(bytes.fromhex(READ_HEX))
    with pytest.raises(StateError, match="waiting for the reply"):
        session.send(protocol.read(ADDRESS, 0))
    session.receive_data(REPLY)
    assert isinstance(session.next_event(), Done)
    session.send(protocol.read_address())  # the next exchange may start


def test_a_follow_up_reply_with_the_wrong_seq_fails() -> None:
    """92H carries DI + data + the SEQ of the 12H request; another SEQ is not the part asked for."""
    tx = started(protocol.read(ADDRESS, 0x0001FF00))
    # B1H: DI 0001FF00 + 35 41 08 00 (hand-written, +33H)
    tx.receive_data(bytes.fromhex("6829250707212068B10833323433687441334216"))
    assert isinstance(tx.next_event(), Send)  # 12H, SEQ 01
    # 92H: DI + 50 20 01 00 + SEQ 02 (not 01)
    tx.receive_data(bytes.fromhex("682925070721206892093332343383533433354616"))
    event = tx.next_event()
    assert isinstance(event, Failed) and isinstance(event.error, e.UnexpectedReplyError)
    assert "SEQ 35" not in str(event.error) and "SEQ 02" in str(event.error)
