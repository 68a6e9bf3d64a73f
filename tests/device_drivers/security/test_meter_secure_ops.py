"""Secure operations end to end: the software security module, the client, the simulated ESAM on a pty."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from device_drivers.meter import errors as e
from device_drivers.meter.client import LineTiming, MeterClient
from device_drivers.meter.control import Function
from device_drivers.meter.protocol import LEVEL_CLASS1
from device_drivers.meter.secure import SecureSession
from device_drivers.meter.simulator import keys as demo_keys
from device_drivers.meter.simulator.server import MeterSimulator
from device_drivers.meter.simulator.state import MeterState
from device_drivers.security.errors import ExpiredError, SecurityError, SignatureError
from device_drivers.security.meter_ops import MeterNotGenuineError, SoftwareMeterSecurityModule
from signed_commands import authorisation as au

KEYS = demo_keys.generate()
METER, OTHER = "202107072529", "000000000042"
NOW = 1_790_000_000
ALL_OPS = (au.IR_AUTH, au.IDENTITY_AUTH, au.READ_SECURE, au.WRITE_CLASS1, au.WRITE_CLASS2)
TIMING = LineTiming(reply_timeout=0.25, inter_byte_timeout=0.2)


def issue(meter: str = METER, ops: tuple[str, ...] = ALL_OPS, expires: int = NOW + 3600) -> bytes:
    return au.issue_meter_authorisation(
        KEYS.signing_key, KEYS.transport_key, master_keys=KEYS.master_keys, task_id="T-7",
        meter_address=meter, meter_number=meter, operations=ops, issued_at=NOW - 10, expires_at=expires)


@pytest.fixture
def sim() -> Iterator[MeterSimulator]:
    states = [MeterState.create(METER, KEYS, serial=1), MeterState.create(OTHER, KEYS, serial=2)]
    with MeterSimulator(states, fast=True) as simulator:
        yield simulator


@pytest.fixture
def client(sim: MeterSimulator) -> Iterator[MeterClient]:
    with MeterClient.open(sim.port, timing=TIMING) as c:
        yield c


@pytest.fixture
def module() -> SoftwareMeterSecurityModule:
    return SoftwareMeterSecurityModule(KEYS.transport_key, KEYS.public_key, clock=lambda: NOW)


def secure_frames(sim: MeterSimulator) -> list[int]:
    return [f.control.function for f in sim.received
            if f.control.function in (Function.SECURITY, Function.WRITE)]


def test_ir_auth_unlocks_protected_reads(client: MeterClient, module: SoftwareMeterSecurityModule) -> None:
    session = SecureSession(client, module, issue())
    with pytest.raises(e.UnauthorisedError):
        client.read(0x02010100)
    session.ir_authenticate()
    assert client.read(0x02010100).value == Decimal("220.4")
    with pytest.raises(e.NoDataError):  # after IR auth the meter says what it lacks
        client.read(0x12345678)


def test_class1_and_class2_writes_take_and_read_back(client: MeterClient,
                                                     module: SoftwareMeterSecurityModule) -> None:
    session = SecureSession(client, module, issue())
    session.ir_authenticate()
    session.identity_authenticate()
    assert session.write_and_verify(0x04050101, Decimal("0.9123")).value == Decimal("0.9123")
    assert session.write_and_verify(0x0400040E, "000012345678").value == "000012345678"
    import datetime as dt

    target = dt.datetime(2026, 12, 1, 8, 0, 0)
    session.write(0x0400010C, target)  # class 2: encrypted
    meter_time = client.read(0x0400010C).value
    assert isinstance(meter_time, dt.datetime) and abs((meter_time - target).total_seconds()) < 5


def test_the_day_table_is_written_encrypted_and_read_back(sim: MeterSimulator, client: MeterClient,
                                                        module: SoftwareMeterSecurityModule) -> None:
    session = SecureSession(client, module, issue())
    session.ir_authenticate()
    session.identity_authenticate()
    day = ("00:00=4", "08:00=2", "12:00=3", "19:00=1", "22:00=4")
    assert session.write_and_verify(0x04010001, day).value == day  # 14 segments on the wire, 5 used
    assert sim.meter().state.tou_table == list(day)
    assert sim.received[-2].control.function == Function.WRITE and len(sim.received[-2].data) > 4 + 42
    with pytest.raises(e.ValueFormatError):  # a 15th point does not fit a day table: nothing is sent
        session.write(0x04010001, tuple(f"{h:02d}:00=3" for h in range(15)))


@pytest.mark.parametrize(("blob", "error", "text"), [
    (issue(expires=NOW - 5), ExpiredError, "expired at"),
    (issue().replace(b"T-7", b"T-8"), SignatureError, "signature"),
    (issue(meter=OTHER), au.WrongMeterAuthorisationError, "not the meter under the probe"),
    (issue(ops=(au.READ_SECURE,)), au.OperationNotAuthorisedError, "ir-auth"),
])
def test_bad_authorisations_are_refused_before_anything_is_sent(
        sim: MeterSimulator, client: MeterClient, module: SoftwareMeterSecurityModule, *, blob: bytes,
        error: type[SecurityError], text: str) -> None:
    session = SecureSession(client, module, blob)
    with pytest.raises(error, match=text):
        session.ir_authenticate()
    assert secure_frames(sim) == []  # only the address read went to the meter


def test_write_not_in_the_task_is_refused_before_sending(sim: MeterSimulator, client: MeterClient,
                                                         module: SoftwareMeterSecurityModule) -> None:
    session = SecureSession(client, module, issue(ops=(au.IR_AUTH, au.IDENTITY_AUTH, au.WRITE_CLASS1)))
    session.ir_authenticate()
    session.identity_authenticate()
    sent = len(sim.received)
    with pytest.raises(au.OperationNotAuthorisedError):
        session.write(0x0400010C, __import__("datetime").datetime(2026, 1, 1))
    assert len(sim.received) == sent


def test_wrong_mac_is_refused_by_the_esam_with_error_bits(sim: MeterSimulator, client: MeterClient,
                                                          module: SoftwareMeterSecurityModule) -> None:
    blob = issue()
    session = SecureSession(client, module, blob)
    session.ir_authenticate()
    session.identity_authenticate()
    good = module.protect_write(blob, METER, 0x04050101, bytes.fromhex("23910000"), 1)
    bad = good[:-1] + bytes([good[-1] ^ 0x01])
    with pytest.raises(e.UnauthorisedError) as refused:
        client.write_raw(0x04050101, LEVEL_CLASS1, b"\x00\x00\x00\x01", bad)
    assert refused.value.code == 0x04 and refused.value.function == Function.WRITE  # ERR b2
    assert sim.meter().state.mac_failures == 1
    assert sim.meter().state.prices[0] == Decimal("0.8000")  # nothing changed
    for _ in range(2):  # the third MAC failure drops the identity authentication
        with pytest.raises(e.UnauthorisedError):
            client.write_raw(0x04050101, LEVEL_CLASS1, b"\x00\x00\x00\x01", bad)
    with pytest.raises(e.UnauthorisedError):  # even the good MAC needs a new identity auth now
        client.write_raw(0x04050101, LEVEL_CLASS1, b"\x00\x00\x00\x01", good)
    session.identity_authenticate()
    session.write(0x04050101, Decimal("0.9123"))
    assert sim.meter().state.prices[0] == Decimal("0.9123")


def test_wrong_identity_key_is_refused_with_auth_failure_bits(sim: MeterSimulator, client: MeterClient,
                                                              module: SoftwareMeterSecurityModule) -> None:
    session = SecureSession(client, module, issue())
    session.ir_authenticate()
    sim.meter().state.keys[au.KEY_IDENTITY] = bytes(16).hex()  # the meter's ESAM holds other keys
    with pytest.raises(e.AuthFailedError) as refused:
        session.identity_authenticate()
    assert refused.value.code & 0x0008 and refused.value.function == Function.SECURITY  # SERR b3


def test_a_meter_without_the_keys_is_not_genuine(sim: MeterSimulator, client: MeterClient,
                                                 module: SoftwareMeterSecurityModule) -> None:
    sim.meter().state.keys[au.KEY_IDENTITY] = bytes(16).hex()
    with pytest.raises(MeterNotGenuineError):
        SecureSession(client, module, issue()).ir_authenticate()
    assert Function.SECURITY in secure_frames(sim) and len(secure_frames(sim)) == 1  # no IR auth sent


def test_identity_auth_needs_ir_auth_first_over_ir(client: MeterClient,
                                                   module: SoftwareMeterSecurityModule) -> None:
    with pytest.raises(e.AuthFailedError):
        SecureSession(client, module, issue()).identity_authenticate()


def test_status_query_returns_the_purse_with_checked_macs(sim: MeterSimulator, client: MeterClient,
                                                         module: SoftwareMeterSecurityModule) -> None:
    session = SecureSession(client, module, issue())
    session.ir_authenticate()
    with pytest.raises(e.AuthFailedError):  # the purse needs identity authentication
        session.status()
    session.identity_authenticate()
    status = session.status()
    state = sim.meter().state
    word3 = client.read(0x04000503).value
    assert isinstance(word3, int) and word3 & 1 << 13  # identity auth valid
    assert status.purchase_count == state.purchase_count == 3
    assert status.money_fen == int(state.money * 100) and status.customer_number == state.customer_number


def test_status_query_not_in_the_task_is_refused_before_sending(
        sim: MeterSimulator, client: MeterClient, module: SoftwareMeterSecurityModule) -> None:
    session = SecureSession(client, module, issue(ops=(au.IR_AUTH, au.IDENTITY_AUTH)))
    session.ir_authenticate()
    session.identity_authenticate()
    sent = len(sim.received)
    with pytest.raises(au.OperationNotAuthorisedError, match="read-secure"):
        session.status()
    assert len(sim.received) == sent


def test_tampered_purse_data_fails_the_mac_check(sim: MeterSimulator, client: MeterClient,
                                                 module: SoftwareMeterSecurityModule) -> None:
    session = SecureSession(client, module, issue())
    session.ir_authenticate()
    session.identity_authenticate()
    sim.inject("tamper")
    with pytest.raises(SecurityError, match="MAC check"):
        session.status()
    assert session.status().purchase_count == 3  # untampered, it verifies
