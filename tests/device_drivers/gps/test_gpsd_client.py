"""NMEA -> pty -> real gpsd -> gpsd-py3 client -> Fix; and the ways it goes wrong."""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import replace

import pytest

from device_drivers.gps.client import GpsdClient, fix_from_poll
from device_drivers.gps.model import Fix, FixMode, GpsdNotRunningError, GpsError, NoFixError
from device_drivers.gps.nmea import gga
from device_drivers.gps.routes import CITY_CENTRES, distance_m
from device_drivers.gps.trail import PositionTrail
from tests.device_drivers.gps.conftest import StackFactory
from tests.support.services import free_tcp_port, wait_until


def wait_fix(client: GpsdClient, timeout: float = 10.0) -> Fix:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return client.current()
        except NoFixError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.mark.parametrize("city", ["neijiang", "mianyang"])
def test_fix_through_real_gpsd(gps_stack: StackFactory, city: str) -> None:
    stack = gps_stack(city)
    client = stack.client()
    fix = wait_fix(client)
    assert fix.mode is FixMode.THREE_D
    assert distance_m(CITY_CENTRES[city], (fix.lat, fix.lon)) < 2500
    assert fix.alt_m == pytest.approx(350.0)
    assert (fix.satellites_used, fix.satellites_seen) == (8, 10)
    assert fix.hdop == pytest.approx(0.9)
    assert fix.accuracy_m is not None and 1 < fix.accuracy_m < 50
    assert abs((fix.time - fix.time.now(fix.time.tzinfo)).total_seconds()) < 5
    assert fix.speed_mps == pytest.approx(8.0, abs=0.1)
    client.close()


def test_no_fix_is_reported_as_such(gps_stack: StackFactory) -> None:
    stack = gps_stack(fix=False)
    client = stack.client()

    def no_fix_message() -> str:
        try:
            client.current()
        except NoFixError as exc:
            return str(exc)
        return "a fix"

    wait_until(lambda: "satellites" in no_fix_message(), timeout=15, what="gpsd seeing the receiver")
    assert no_fix_message() == "no fix yet (10 satellites seen): wait in the open, away from buildings"
    stack.sim.fix = True
    assert wait_fix(client).mode is FixMode.THREE_D


def test_malformed_nmea_does_not_move_the_fix(gps_stack: StackFactory) -> None:
    stack = gps_stack()
    client = stack.client()
    wait_fix(client)

    def beijing() -> str:  # a well-formed GGA of now, 1,500 km away
        return gga(replace(stack.sim.epoch(), lat=39.9, lon=116.4))

    for _ in range(10):
        good = beijing()
        stack.sim.inject(f"{good[:-4]}{int(good[-4:-2], 16) ^ 0xFF:02X}\r\n".encode())  # bad checksum
        stack.sim.inject(b"$GPRMC,garbage\xff\xfe\r\n$$$***\r\n\x00\x01\x02")
        time.sleep(0.1)
    fix = wait_fix(client)
    assert distance_m(CITY_CENTRES["neijiang"], (fix.lat, fix.lon)) < 2500
    assert stack.gpsd.alive()
    # The same sentence with a correct checksum is believed: the test can tell the difference.
    stack.sim.interval = 60.0
    time.sleep(0.3)
    for _ in range(3):
        stack.sim.inject(beijing().encode())
        time.sleep(0.2)
    assert wait_fix(client, 3).lat == pytest.approx(39.9, abs=0.01)


def test_gpsd_not_running() -> None:
    client = GpsdClient("127.0.0.1", free_tcp_port())
    with pytest.raises(GpsdNotRunningError, match=r"gpsd is not running at 127\.0\.0\.1:\d+"):
        client.current()


def test_gpsd_stopping_under_a_client(gps_stack: StackFactory) -> None:
    stack = gps_stack()
    client = stack.client()
    wait_fix(client)
    stack.gpsd.stop()
    with pytest.raises(GpsdNotRunningError):
        client.current()


def test_stale_fix_when_the_receiver_goes_quiet(gps_stack: StackFactory) -> None:
    stack = gps_stack()
    client = stack.client(max_age_s=1.0)
    wait_fix(client)
    stack.sim.interval = 60.0  # the receiver stops talking (after at most one more cycle)
    time.sleep(0.5)
    last = client.current()

    def stale_message() -> str:
        try:
            client.current()
        except NoFixError as exc:
            return str(exc)
        return ""

    # not a fixed 1.5 s: under load one more fix can land after ``last``
    wait_until(lambda: "has not been updated" in stale_message(), 15, "the fix going stale")
    assert re.search(r"has not been updated for \d+ s: the receiver stopped", stale_message())
    stack.sim.inject(gga(replace(stack.sim.epoch(), lat=last.lat + 0.001)).encode())
    assert wait_fix(client, 3).time > last.time  # talking again: fresh again


def test_trail_samples_while_the_order_is_open(gps_stack: StackFactory) -> None:
    stack = gps_stack()
    client = stack.client()
    wait_fix(client)
    stored: list[Fix] = []
    errors: list[GpsError] = []
    with PositionTrail(client, stored.append, interval_s=0.3, on_error=errors.append) as trail:
        wait_until(lambda: len(stored) >= 3, 15, "three trail samples")  # 1.6 s when not loaded
        stack.gpsd.stop()  # a stretch without gpsd costs samples, not the trail
        wait_until(lambda: bool(errors), 15, "the trail noticing gpsd gone")
    assert len(stored) >= 3 and stored == trail.fixes
    assert all(a.time < b.time for a, b in itertools.pairwise(stored))
    assert distance_m((stored[0].lat, stored[0].lon), (stored[-1].lat, stored[-1].lon)) > 3
    assert errors and isinstance(errors[0], GpsdNotRunningError)


def test_poll_answers_without_a_fix() -> None:
    with pytest.raises(NoFixError, match="no GPS receiver is sending"):
        fix_from_poll({"class": "POLL", "active": 0, "tpv": [], "sky": []})
    with pytest.raises(NoFixError, match=r"no fix yet \(0 satellites seen\)"):
        fix_from_poll({"class": "POLL", "active": 1, "tpv": [{"class": "TPV", "mode": 1}], "sky": []})
    with pytest.raises(NoFixError, match="no valid time"):
        fix_from_poll({"class": "POLL", "active": 1, "sky": [],
                       "tpv": [{"class": "TPV", "mode": 2, "lat": 29.5, "lon": 105.0, "time": "soon"}]})
