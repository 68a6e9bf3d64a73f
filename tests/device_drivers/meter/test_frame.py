"""The DL/T 645 codec: published frames, round trips, and a fuzzed parser."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from device_drivers.meter import protocol
from device_drivers.meter.control import Control, Function
from device_drivers.meter.di_table import lookup
from device_drivers.meter.errors import FrameError
from device_drivers.meter.frame import (
    BadFrame,
    Frame,
    FrameReader,
    decode_address,
    decode_frame,
    encode_address,
)

# Published examples (reference, section 1): gams/python-dlt645 and juejin.cn.
READ_ADDRESS = "FEFEFEFE68AAAAAAAAAAAA681300DF16"
READ_00000000 = "68292507072120681104333333334E16"
REPLY_31776 = "6829250707212068910833333333A94A36332E16"


def test_read_address_frame_matches_published_bytes() -> None:
    assert protocol.read_address().encode().hex().upper() == READ_ADDRESS
    frame = decode_frame(bytes.fromhex(READ_ADDRESS))
    assert frame.address == "AAAAAAAAAAAA" and frame.control == Control(Function.READ_ADDRESS)


def test_read_request_matches_published_bytes() -> None:
    request = protocol.read("202107072529", 0x00000000)
    assert request.encode(b"").hex().upper() == READ_00000000


def test_published_reply_is_317_76_kwh() -> None:
    reply = decode_frame(bytes.fromhex(REPLY_31776))
    assert reply.address == "202107072529"
    assert reply.control == Control(Function.READ, from_meter=True)
    assert reply.data[:4] == bytes(4)
    value = lookup(0).fmt.decode(reply.data[4:])
    assert value == Decimal("317.76")


def test_control_byte_bits() -> None:
    assert Control.decode(0xB1) == Control(Function.READ, from_meter=True, follow_up=True)
    assert Control.decode(0xD1) == Control(Function.READ, from_meter=True, abnormal=True)
    assert Control.decode(0x91).encode() == 0x91


def test_checksum_and_end_byte_are_checked() -> None:
    raw = bytearray(bytes.fromhex(REPLY_31776))
    raw[-2] ^= 1
    with pytest.raises(FrameError, match="checksum"):
        decode_frame(bytes(raw))
    raw = bytearray(bytes.fromhex(REPLY_31776))
    raw[-1] = 0x17
    with pytest.raises(FrameError, match="16"):
        decode_frame(bytes(raw))


def test_address_is_bcd_low_byte_first_with_wildcards() -> None:
    assert encode_address("202107072529") == bytes.fromhex("292507072120")
    assert encode_address("2021070725AA") == bytes.fromhex("AA2507072120")
    assert decode_address(bytes.fromhex("AA2507072120")) == "2021070725AA"
    with pytest.raises(FrameError):
        encode_address("20210707252X")
    with pytest.raises(FrameError):
        decode_address(bytes.fromhex("1F2507072120"))


def test_reader_skips_garbage_and_reports_damaged_frames() -> None:
    good = bytes.fromhex(REPLY_31776)
    damaged = bytearray(good)
    damaged[12] ^= 0x40
    reader = FrameReader()
    reader.feed(b"\x00\x68\x12garbage\xfe\xfe" + bytes(damaged) + b"\x55" + good)
    first = reader.next_event()
    assert isinstance(first, BadFrame) and "checksum" in first.reason
    assert reader.next_event() == decode_frame(good)
    assert reader.next_event() is None
    assert reader.discarded > 0


def test_reader_raise_policy() -> None:
    damaged = bytearray(bytes.fromhex(REPLY_31776))
    damaged[-2] ^= 1
    reader = FrameReader(policy="raise")
    reader.feed(bytes(damaged))
    with pytest.raises(FrameError):
        reader.next_event()


def test_reader_asks_only_for_bytes_the_frame_can_still_need() -> None:
    wire = protocol.read_address().encode()
    reader = FrameReader()
    assert reader.bytes_needed() == 12
    reader.feed(wire[:6])  # FE FE FE FE 68 AA
    assert reader.bytes_needed() == 10
    reader.feed(wire[6:14])  # through L
    assert reader.bytes_needed() == len(wire) - 14
    reader.feed(wire[14:])
    assert isinstance(reader.next_event(), Frame)


def test_builders() -> None:
    write = protocol.write("202107072529", 0x04050101, 0x99, b"\x01\x02\x03\x04", b"\x00\x80")
    assert write.data == bytes.fromhex("0101050499000000010203040080")
    assert protocol.freeze("202107072529", "12011230").data == bytes.fromhex("30120112")
    assert protocol.change_baud("202107072529", 1200).data == b"\x04"
    sec = protocol.security("202107072529", protocol.DI_IR_REQUEST, b"\x00\x00\x00\x01", bytes(8))
    assert sec.line_bytes() == 32  # IR request: 32 bytes on the line with the preamble
    broadcast = protocol.broadcast_time(__import__("datetime").datetime(2026, 11, 24, 3, 30, 15))
    assert broadcast.address == "999999999999" and broadcast.data == bytes.fromhex("153003241126")


def test_abnormal_replies_decode_to_named_errors() -> None:
    from device_drivers.meter import errors as e

    read = protocol.read("202107072529", 0x02010100)
    for code, cls in ((0x04, e.UnauthorisedError), (0x02, e.NoDataError), (0x01, e.OtherMeterError),
                      (0x08, e.BaudUnchangeableError), (0x20, e.TooManyEntriesError)):
        reply = decode_frame(protocol.abnormal_reply(read, "202107072529", code).encode())
        assert reply.control.abnormal and reply.control.encode() == 0xD1
        assert type(protocol.abnormal_error(reply, 0x02010100)) is cls
    sec = protocol.security("202107072529", protocol.DI_IR_AUTH, bytes(4), bytes(8))
    for code, serr in ((0x8000, e.MacError), (0x0008, e.AuthFailedError),
                       (0x0100, e.SecuritySuspendedError), (0x0002, e.RepeatedRechargeError)):
        reply = decode_frame(protocol.abnormal_reply(sec, "202107072529", code).encode())
        assert reply.control.encode() == 0xC3 and len(reply.data) == 2
        err = protocol.abnormal_error(reply)
        assert type(err) is serr and err.code == code


addresses = st.text(alphabet="0123456789", min_size=12, max_size=12)
controls = st.builds(Control, function=st.integers(0, 31), from_meter=st.booleans(),
                     abnormal=st.booleans(), follow_up=st.booleans())


@settings(deadline=None)  # a busy CI machine must not fail a correct codec
@given(addresses, controls, st.binary(max_size=255), st.integers(0, 4))
def test_frames_round_trip(address: str, control: Control, data: bytes, fe: int) -> None:
    frame = Frame(address, control, data)
    wire = frame.encode(b"\xfe" * fe)
    assert decode_frame(wire) == frame
    reader = FrameReader()
    for i in range(0, len(wire), 7):  # in pieces, as a serial line delivers them
        reader.feed(wire[i:i + 7])
    assert reader.next_event() == frame


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=300))
def test_parser_raises_only_frame_errors(data: bytes) -> None:
    with contextlib.suppress(FrameError):
        decode_frame(data)
    reader = FrameReader(policy="raise")
    reader.feed(data)
    try:
        while reader.next_event() is not None:
            pass
    except FrameError:
        pass
    assert reader.bytes_needed() >= 1


noise = st.binary(max_size=40).map(lambda b: b.replace(b"\x68", b"\x69"))


@settings(max_examples=200, deadline=None)
@given(noise, addresses, st.binary(max_size=60), st.binary(max_size=40))
def test_parser_resynchronises_on_a_frame_after_noise(before: bytes, address: str, data: bytes,
                                                     after: bytes) -> None:
    """Noise without a 68 before a frame never hides it; noise after it never corrupts it."""
    frame = Frame(address, Control(Function.READ, from_meter=True), data)
    reader = FrameReader()
    reader.feed(before + frame.encode() + after)
    assert reader.next_event() == frame
