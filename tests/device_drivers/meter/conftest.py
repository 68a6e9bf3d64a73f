"""Fixtures for the meter driver: simulated meters on a real pty, demo keys, the client.

``meter_url`` is what the client tests talk to: by default the in-process
simulator's pty; set ``METERFIELD_TEST_METER_PORT=/dev/ttyUSB0`` to run the
same client tests against a bench meter on a real IR probe (the simulator still
serves the fault-injection tests, which need it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from device_drivers.meter.client import LineTiming, MeterClient
from device_drivers.meter.simulator import keys as demo_keys
from device_drivers.meter.simulator.server import MeterSimulator
from device_drivers.meter.simulator.state import MeterState

ADDRESS = "202107072529"
OTHER = "000000000042"
BENCH_PORT_ENV = "METERFIELD_TEST_METER_PORT"
FAST_TIMING = LineTiming(reply_timeout=0.25, inter_byte_timeout=0.2, retries=2)


@pytest.fixture(scope="session")
def keys() -> demo_keys.DemoMeterKeys:
    return demo_keys.generate()


def make_states(keys: demo_keys.DemoMeterKeys) -> list[MeterState]:
    return [MeterState.create(ADDRESS, keys, serial=1), MeterState.create(OTHER, keys, serial=2)]


@pytest.fixture
def simulator(keys: demo_keys.DemoMeterKeys) -> Iterator[MeterSimulator]:
    """Two meters on a pty, unpaced; the first is under the probe."""
    sim = MeterSimulator(make_states(keys), fast=True).start()
    try:
        yield sim
    finally:
        sim.stop()


@pytest.fixture
def client(simulator: MeterSimulator) -> Iterator[MeterClient]:
    c = MeterClient.open(simulator.port, timing=FAST_TIMING)
    try:
        yield c
    finally:
        c.close()


@pytest.fixture
def meter_url(request: pytest.FixtureRequest) -> str:
    """The bench device when configured, else the simulator's pty."""
    bench = os.environ.get(BENCH_PORT_ENV)
    if bench:
        return bench
    sim: MeterSimulator = request.getfixturevalue("simulator")
    return sim.port


@pytest.fixture
def any_client(meter_url: str) -> Iterator[MeterClient]:
    """A client on ``meter_url`` with field timing when on a bench device."""
    timing = LineTiming() if os.environ.get(BENCH_PORT_ENV) else FAST_TIMING
    c = MeterClient.open(meter_url, timing=timing)
    try:
        yield c
    finally:
        c.close()
