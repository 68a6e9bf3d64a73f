"""The client over a real pty. The first group runs against ``meter_url``: the
simulator by default, a bench meter with METERFIELD_TEST_METER_PORT set. The
fault tests need the simulator and always use it.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest

from device_drivers.errors import TransportError
from device_drivers.meter import errors as e
from device_drivers.meter.client import ItemError, LineTiming, MeterClient
from device_drivers.meter.simulator.server import MeterSimulator
from device_drivers.transport import ByteTransport, open_transport
from tests.device_drivers.meter.conftest import ADDRESS, BENCH_PORT_ENV, FAST_TIMING, OTHER

ON_BENCH = bool(os.environ.get(BENCH_PORT_ENV))

# --- any meter (simulator or bench device) ---------------------------------------------------


def test_read_address_of_the_meter_under_the_probe(any_client: MeterClient) -> None:
    address = any_client.read_address()
    assert len(address) == 12 and address.isdigit()
    if not ON_BENCH:
        assert address == ADDRESS


def test_public_items_read_without_authentication(any_client: MeterClient) -> None:
    any_client.resolve_address()
    readings = any_client.read_many([0x00000000, 0x00010000, 0x04000101, 0x04000102, 0x00900200,
                                     0x04000402])
    by_di = {r.di: r for r in readings}
    assert by_di[0x00010000].unit == "kWh" and isinstance(by_di[0x00010000].value, Decimal)
    assert isinstance(by_di[0x04000101].value, dt.date)
    assert isinstance(by_di[0x04000102].value, dt.time)
    assert by_di[0x04000402].value == any_client.address or ON_BENCH


def test_tariff_block_splits_into_total_and_tariffs(any_client: MeterClient) -> None:
    any_client.resolve_address()
    before = any_client.stats.exchanges
    readings = any_client.read_many([0x00010000 | t << 8 for t in range(5)])
    assert any_client.stats.exchanges - before == 1  # one line turn for five items
    total, *tariffs = (r.value for r in readings)
    assert isinstance(total, Decimal)
    assert abs(total - sum(v for v in tariffs if isinstance(v, Decimal))) <= Decimal("0.05")


def test_protected_item_without_ir_auth_is_refused_per_item(any_client: MeterClient) -> None:
    any_client.resolve_address()
    results = any_client.read_each([0x00010000, 0x02010100])
    assert not isinstance(results[0], ItemError)
    assert isinstance(results[1], ItemError) and isinstance(results[1].error, e.UnauthorisedError)
    with pytest.raises(e.UnauthorisedError, match="IR authentication"):
        any_client.read(0x02010100)


def test_wrong_address_gets_no_reply(any_client: MeterClient) -> None:
    any_client.address = "999999999998"
    with pytest.raises(e.NoReplyError, match="IR window"):
        any_client.read(0x00010000)


# --- simulator only ----------------------------------------------------------------------------


def test_switching_the_probe_to_another_meter(simulator: MeterSimulator, client: MeterClient) -> None:
    assert client.read_address() == ADDRESS
    simulator.probe(OTHER)
    assert client.read_address() == OTHER


def test_items_outside_the_public_list_need_ir_auth(client: MeterClient) -> None:
    client.resolve_address()
    with pytest.raises(e.UnauthorisedError):
        client.read(0x12345678)  # the meter does not say whether it has it before IR auth


def test_no_reply_then_recovery_by_retry(simulator: MeterSimulator, client: MeterClient) -> None:
    client.resolve_address()
    simulator.inject("no-reply", 2)
    assert client.read(0x00010000).unit == "kWh"
    simulator.inject("no-reply", 3)
    with pytest.raises(e.NoReplyError):
        client.read(0x00010000)


def test_garbled_and_bad_checksum_are_retried_then_reported(simulator: MeterSimulator,
                                                            client: MeterClient) -> None:
    client.resolve_address()
    simulator.inject("garble")
    simulator.inject("bad-checksum")
    assert client.read(0x00900200).unit == "yuan"
    simulator.inject("garble", 3)
    with pytest.raises(e.GarbledReplyError, match="IR window"):
        client.read(0x00900200)


def test_noise_before_a_reply_is_skipped(simulator: MeterSimulator, client: MeterClient) -> None:
    client.resolve_address()
    simulator.inject("noise", 2)
    assert client.read(0x00010000).unit == "kWh"
    assert client.stats.attempts == client.stats.exchanges  # no retry was needed


def test_injected_abnormal_reply_is_named(simulator: MeterSimulator, client: MeterClient) -> None:
    client.resolve_address()
    simulator.inject("abnormal", 1, 0x02)
    with pytest.raises(e.NoDataError):
        client.read(0x00010000)


def test_slow_meter_within_and_beyond_the_timeout(simulator: MeterSimulator, client: MeterClient) -> None:
    client.resolve_address()
    simulator.inject("slow", 1, 0.1)
    assert client.read(0x00010000).unit == "kWh"
    impatient = MeterClient(client.transport, address=client.address,
                            timing=LineTiming(reply_timeout=0.2, retries=0))
    simulator.inject("slow", 1, 0.8)
    with pytest.raises(e.NoReplyError):
        impatient.read(0x00010000)


def test_long_replies_come_in_follow_up_frames(keys: object) -> None:
    from device_drivers.meter.simulator import keys as demo_keys
    from device_drivers.meter.simulator.state import MeterState

    state = MeterState.create(ADDRESS, demo_keys.generate())
    with MeterSimulator([state], fast=True, max_reply_data=14) as sim, \
            MeterClient.open(sim.port, address=ADDRESS, timing=FAST_TIMING) as client:
        reading = client.read(0x0001FF00)  # 20 bytes of data: 3 frames of at most 10
        assert len(reading.raw) == 20
        assert [f.control.function for f in sim.received] == [0x11, 0x12, 0x12]


def test_broadcast_time_freeze_and_baud(simulator: MeterSimulator, client: MeterClient) -> None:
    client.resolve_address()
    china = dt.timezone(dt.timedelta(hours=8))  # the meter keeps its grid's local time
    target = dt.datetime.now(china).replace(microsecond=0, tzinfo=None) + dt.timedelta(seconds=120)
    client.broadcast_time(target)
    client.freeze()
    client.change_baud(1200)
    with pytest.raises(e.BaudUnchangeableError):
        client.change_baud(9600)
    meter_time = client.read(0x0400010C).value
    assert isinstance(meter_time, dt.datetime)
    assert abs((meter_time - target).total_seconds()) < 5


def test_timing_defaults_are_the_ir_line() -> None:
    timing = LineTiming()
    assert timing.baudrate == 1200 and round(timing.byte_time * 1000, 2) == 9.17


def test_loop_transport_hears_only_its_own_echo() -> None:
    """On ``loop://`` the client hears its own request: it ignores it and times out cleanly."""
    client = MeterClient(open_transport("loop://"), timing=LineTiming(reply_timeout=0.05, retries=0))
    with pytest.raises(e.NoReplyError):
        client.read_address()
    client.close()


def test_a_missing_port_is_a_transport_error() -> None:
    from device_drivers.errors import TransportError

    with pytest.raises(TransportError, match="/dev/no-such-probe"):
        MeterClient.open("/dev/no-such-probe")


def test_ptys_are_opened_without_parity_real_ports_with_even(simulator: MeterSimulator,
                                                             tmp_path: object) -> None:
    from pathlib import Path

    from device_drivers.meter.client import line_parity

    link = Path(str(tmp_path)) / "probe"
    link.symlink_to(simulator.port)
    assert line_parity(simulator.port) == "N" and line_parity(str(link)) == "N"
    assert line_parity("serial:///dev/ttyUSB0") == "E" and line_parity("loop://") == "E"



class UnpluggedOnce:
    """A ByteTransport over the real pty whose first read fails as an unplugged USB probe does."""

    def __init__(self, inner: ByteTransport) -> None:
        self.inner = inner
        self.failed = False

    def write(self, data: bytes) -> None:
        self.inner.write(data)

    def read(self, size: int, timeout: float) -> bytes:
        if not self.failed:
            self.failed = True
            raise TransportError("port /dev/ttyUSB0 failed while receiving: device disconnected")
        return self.inner.read(size, timeout)

    def reset_input(self) -> None:
        self.inner.reset_input()

    def close(self) -> None:
        self.inner.close()


def test_a_port_failure_mid_exchange_leaves_the_client_usable(client: MeterClient) -> None:
    """The session is not left waiting when the port raises: the next read works."""
    address = client.resolve_address()
    flaky = MeterClient(UnpluggedOnce(client.transport), address=address, timing=FAST_TIMING)
    with pytest.raises(TransportError, match="disconnected"):
        flaky.read(0x00010000)
    assert flaky.read(0x00010000).unit == "kWh"


class CannedMeter:
    """A ByteTransport whose meter answers every request with the same hand-written bytes."""

    def __init__(self, reply_hex: str) -> None:
        self.reply = bytes.fromhex(reply_hex)
        self.pending = b""

    def write(self, data: bytes) -> None:
        self.pending = self.reply

    def read(self, size: int, timeout: float) -> bytes:
        out, self.pending = self.pending[:size], self.pending[size:]
        return out

    def reset_input(self) -> None:
        self.pending = b""

    def close(self) -> None:
        pass


@pytest.mark.parametrize(("reply_hex", "message"), [
    ("682925070721206893000016", "not a 6-byte address"),  # 93H with no data (the old simulator)
    ("682925070721206893065C583A3A5454D616", "in its data but"),  # data says 202107072629
])
def test_read_address_takes_the_data_field_and_checks_it_against_the_header(reply_hex: str,
                                                                             message: str) -> None:
    client = MeterClient(CannedMeter(reply_hex), timing=FAST_TIMING)
    with pytest.raises(e.UnexpectedReplyError, match=message):
        client.read_address()
    assert MeterClient(CannedMeter("682925070721206893065C583A3A5453D516"),
                       timing=FAST_TIMING).read_address() == ADDRESS
