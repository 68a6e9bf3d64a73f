"""Every reply of the meter simulator, byte for byte, against the DL/T 645-2007 frame layouts.

The expected frames are written out by hand from the standard
(``68 A0..A5 68 C L DATA CS 16``, DATA +33H, normal reply C = request | 80H,
abnormal reply C = request | C0H with one ERR byte, 03H with a 2-byte SERR),
not produced by our codec or client: raw request bytes go to the simulator over
its real pty and the raw reply bytes are compared. The simulator sends four FE
wake-up bytes before each reply. Meter 202107072529 is A0..A5 = 29 25 07 07 21 20.
"""

from __future__ import annotations

import os
import select
import time
from collections.abc import Iterator
from decimal import Decimal

import pytest

from device_drivers.meter.client import MeterClient
from device_drivers.meter.protocol import LEVEL_CLASS1, write
from device_drivers.meter.secure import DEFAULT_OPERATOR, SecureSession
from device_drivers.meter.simulator import keys as demo_keys
from device_drivers.meter.simulator.server import MeterSimulator
from device_drivers.meter.simulator.state import MeterState
from device_drivers.security.meter_ops import SoftwareMeterSecurityModule
from signed_commands import authorisation as au
from tests.device_drivers.meter.conftest import ADDRESS, FAST_TIMING, OTHER

FE = "FEFEFEFE"
REPLY_WAIT_S = 10.0  # generous: the simulator answers in milliseconds, but a loaded machine stalls

# Captured frames (reference section 1): gams/python-dlt645 read address; juejin.cn read 00000000.
READ_ADDRESS = "FEFEFEFE68AAAAAAAAAAAA681300DF16"
READ_00000000 = "68292507072120681104333333334E16"
REPLY_31776 = "6829250707212068910833333333A94A36332E16"  # 317.76 kWh
# 93H, L=06, data = the address A0..A5 (29 25 07 07 21 20) each +33H.
ADDRESS_REPLY = "682925070721206893065C583A3A5453D516"


def checksum_ok(frame_hex: str) -> bool:
    """The hand-written literals are right: CS is the byte sum from the first 68 to the end of DATA."""
    raw = bytes.fromhex(frame_hex)
    return raw[0] == 0x68 and raw[7] == 0x68 and len(raw) == 12 + raw[9] and raw[-1] == 0x16 \
        and sum(raw[:-2]) & 0xFF == raw[-2]


class RawLine:
    """The meter's pty opened as a plain file: bytes out, bytes in, no codec."""

    def __init__(self, port: str) -> None:
        self.fd = os.open(port, os.O_RDWR | os.O_NOCTTY)

    def close(self) -> None:
        os.close(self.fd)

    def send(self, frame_hex: str) -> None:
        os.write(self.fd, bytes.fromhex(FE + frame_hex))

    def _read(self, deadline: float) -> bytes:
        ready, _, _ = select.select([self.fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise TimeoutError("no reply from the simulator")
        return os.read(self.fd, 256)

    def reply(self) -> str:
        """One reply with its wake-up bytes, delimited by its own L (not by our parser)."""
        deadline = time.monotonic() + REPLY_WAIT_S
        got = b""
        while True:
            start = len(got) - len(got.lstrip(b"\xfe"))
            if len(got) >= start + 10 and len(got) >= start + 12 + got[start + 9]:
                end = start + 12 + got[start + 9]
                assert len(got) == end, f"bytes after the reply: {got[end:].hex().upper()}"
                return got.hex().upper()
            got += self._read(deadline)

    def ask(self, request_hex: str) -> str:
        assert checksum_ok(request_hex), request_hex
        self.send(request_hex)
        return self.reply()

    def silent(self, request_hex: str) -> None:
        """No reply to ``request_hex``: the next request's reply is the first thing back."""
        assert checksum_ok(request_hex), request_hex
        self.send(request_hex)
        assert self.ask(READ_ADDRESS[len(FE):]) == FE + ADDRESS_REPLY


def expect(reply_hex: str) -> str:
    assert checksum_ok(reply_hex), reply_hex
    return FE + reply_hex


@pytest.fixture
def sim(keys: demo_keys.DemoMeterKeys) -> Iterator[MeterSimulator]:
    states = [MeterState.create(ADDRESS, keys, serial=1), MeterState.create(OTHER, keys, serial=2)]
    states[0].load_kw = Decimal(0)  # registers stand still: replies are constant
    with MeterSimulator(states, fast=True, max_reply_data=10) as simulator:
        yield simulator


@pytest.fixture
def line(sim: MeterSimulator) -> Iterator[RawLine]:
    raw = RawLine(sim.port)
    try:
        yield raw
    finally:
        raw.close()


def test_read_address_reply_carries_the_address_in_its_data(line: RawLine) -> None:
    assert line.ask(READ_ADDRESS[len(FE):]) == expect(ADDRESS_REPLY)
    # a master that knows the address may ask with it, too
    assert line.ask("682925070721206813008016") == expect(ADDRESS_REPLY)


def test_captured_read_exchange(sim: MeterSimulator, line: RawLine) -> None:
    sim.meter().state.forward = [Decimal("317.76"), Decimal(0), Decimal(0), Decimal(0)]
    assert line.ask(READ_00000000) == expect(REPLY_31776)


def test_read_replies_carry_the_di_then_the_data(line: RawLine) -> None:
    # 91H: DI 04000401 (01 04 00 04 +33 = 34 37 33 37), then the address 29 25 07 07 21 20 +33
    assert line.ask("68292507072120681104343733375716") == expect(
        "6829250707212068910A343733375C583A3A5453AC16")
    # protected item without IR authentication: D1H, L=1, ERR b2 (04 + 33 = 37)
    assert line.ask("68292507072120681104333434355216") == expect("6829250707212068D101377616")


def test_long_read_comes_as_b1_then_b2_b2_92_each_with_the_seq_asked(line: RawLine) -> None:
    # 0001FF00 = 841.35, 120.50, 240.75, 300.10, 180.00 kWh: 35 41 08 00 | 50 20 01 00 | 75 40 02 00 | ...
    assert line.ask("68292507072120681104333234334E16") == expect(
        "6829250707212068B10A3332343368743B3383531416")  # DI + 35 41 08 00 50 20
    assert line.ask("6829250707212068120533323433348416") == expect(
        "6829250707212068B20A333234333433A8733534E016")  # DI + 01 00 75 40 02 + SEQ 01
    # the same follow-up again (the reply was lost): the same part again
    assert line.ask("6829250707212068120533323433348416") == expect(
        "6829250707212068B20A333234333433A8733534E016")
    assert line.ask("6829250707212068120533323433358516") == expect(
        "6829250707212068B20A333234333343333633353C16")  # DI + 00 10 00 03 00 + SEQ 02
    assert line.ask("6829250707212068120533323433368616") == expect(
        "682925070721206892093332343333B33433365716")  # DI + 00 80 01 00 + SEQ 03, no more
    # nothing left to follow up: D2H, ERR b1 (no data)
    line.ask("68292507072120681104343733375716")
    assert line.ask("6829250707212068120533323433348416") == expect("6829250707212068D201357516")


def test_broadcast_time_is_never_answered(line: RawLine) -> None:
    line.silent("68999999999999680806333333343459CE16")  # 999999999999, 2026-01-01 00:00:00
    line.silent("68292507072120680806333333343459D516")  # 08H to one meter: still no reply


def test_write_without_esam_authority_is_refused(line: RawLine) -> None:
    # 14H DI 04001001, PA=02 P0P1P2=000000, C0..C3 = 00000001, data 20.00: D4H ERR b2
    assert line.ask("6829250707212068141034433337353333333433333333533333F916") == expect(
        "6829250707212068D401377916")


def test_authorised_write_is_answered_94_with_no_data(sim: MeterSimulator, line: RawLine,
                                                      keys: demo_keys.DemoMeterKeys) -> None:
    now = int(time.time())
    module = SoftwareMeterSecurityModule(keys.transport_key, keys.public_key, clock=lambda: now)
    authorisation = au.issue_meter_authorisation(
        keys.signing_key, keys.transport_key, master_keys=keys.master_keys, task_id="T-1",
        meter_address=ADDRESS, meter_number=ADDRESS, operations=(au.IR_AUTH, au.IDENTITY_AUTH,
                                                                 au.WRITE_CLASS1),
        issued_at=now - 10, expires_at=now + 3600)
    with MeterClient.open(sim.port, timing=FAST_TIMING) as client:  # setup only: authenticate
        session = SecureSession(client, module, authorisation)
        session.ir_authenticate()
        session.identity_authenticate()
    # after IR auth the meter says what it lacks: D1H, ERR b1
    assert line.ask("68292507072120681104AB8967456216") == expect("6829250707212068D101357416")
    protected = module.protect_write(authorisation, ADDRESS, 0x04001001, bytes.fromhex("00300000"), 1)
    request = write(ADDRESS, 0x04001001, LEVEL_CLASS1, DEFAULT_OPERATOR, protected).encode(b"")
    assert line.ask(request.hex().upper()) == expect("682925070721206894000116")
    assert sim.meter().state.alarm1 == Decimal("30.00")


def test_write_address_needs_the_programming_key(sim: MeterSimulator, line: RawLine) -> None:
    request = "68AAAAAAAAAAAA681506AA33333333339016"  # 15H, new address 000000000077
    assert line.ask(request) == expect("6829250707212068D501377A16")
    sim.command("program on")
    assert line.ask(request) == expect("68770000000000689500DC16")  # 95H, L=0, from the new address
    assert line.ask(READ_ADDRESS[len(FE):]) == expect("68770000000000689306AA33333333338916")


def test_freeze(line: RawLine) -> None:
    assert line.ask("68292507072120681604CCCCCCCCB716") == expect("682925070721206896000316")
    assert line.ask("68292507072120681602CCCC1D16") == expect("6829250707212068D601347816")  # short
    line.silent("68999999999999681604CCCCCCCCB016")  # broadcast freeze: no reply


def test_change_baud_echoes_the_feature_byte_or_refuses(line: RawLine) -> None:
    assert line.ask("6829250707212068170137BC16") == expect("68292507072120689701373C16")  # 1200
    assert line.ask("6829250707212068170153D816") == expect("6829250707212068D7013B8016")  # 9600: b3


def test_change_password_replies_with_the_new_password(line: RawLine) -> None:
    # level 0 (04000C01) with the level-4 password: less authority than the new level, ERR b2
    assert line.ask("6829250707212068180C343F33373733333333456789A616") == expect(
        "6829250707212068D801377D16")
    # level 4 (04000C05): old 02 000000, new 04 123456 -> 98H, L=4, 04 12 34 56
    assert line.ask("6829250707212068180C383F33373533333337456789AC16") == expect(
        "68292507072120689804374567897516")
    # wrong old password (02 111111): ERR b2
    assert line.ask("6829250707212068180C383F33373544444437456789DF16") == expect(
        "6829250707212068D801377D16")


def test_clears(sim: MeterSimulator, line: RawLine) -> None:
    # PA=02 P0P1P2=000000, C0..C3=00000001
    assert line.ask("6829250707212068190835333333343333332916") == expect("682925070721206899000616")
    assert line.ask("68292507072120681A0837333333343333332C16") == expect(  # level 4: not enough
        "6829250707212068DA01377F16")
    assert line.ask("68292507072120681A0835333333343333332A16") == expect("68292507072120689A000716")
    assert sim.meter().state.forward == [Decimal(0)] * 4
    # 1BH + DI FFFFFFFF (every record)
    assert line.ask("68292507072120681B0C353333333433333332323232F716") == expect(
        "68292507072120689B000816")
    assert line.ask("68292507072120681B0C35CCCCCC3433333332323232C216") == expect(  # wrong password
        "6829250707212068DB01378016")


def test_security_replies_83_with_the_di_or_c3_with_serr(line: RawLine) -> None:
    # cancel authentication 070002FF, operator 00000001: 83H, L=4, the DI
    assert line.ask("682925070721206803083235333A343333331916") == expect("682925070721206883043235333AC816")
    # IR auth with no IR request before it: C3H, L=2, SERR b3 (auth failed) = 08 00
    assert line.ask("682925070721206803103236333A343333333333333333333333BA16") == expect(
        "6829250707212068C3023B33A016")
    # key update 070301FF is not simulated: SERR b0
    assert line.ask("682925070721206803083234363A343333331B16") == expect("6829250707212068C30234339916")


def test_undefined_function_is_an_abnormal_reply_with_err_other(line: RawLine) -> None:
    assert line.ask("682925070721206805007216") == expect("6829250707212068C501346716")


def test_the_frames_our_request_builder_makes_are_the_ones_written_out_here() -> None:
    # C0..C3 go on the line C0 first: operator code 00000001 is 01 00 00 00
    assert write(ADDRESS, 0x04001001, 0x02, b"\x01\x00\x00\x00",
                 bytes.fromhex("00200000")).encode(b"").hex().upper() == (
        "6829250707212068141034433337353333333433333333533333F916")
