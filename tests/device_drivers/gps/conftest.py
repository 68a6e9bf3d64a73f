"""A simulated receiver on a real pty, read by a real gpsd on a free port, stopped by pid."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from device_drivers.gps.client import GpsdClient
from device_drivers.gps.routes import route_for
from device_drivers.gps.simulator import GpsSimulator, gpsd_argv
from tests.support.services import ManagedProcess, free_tcp_port, tcp_listening, wait_until


@dataclass
class GpsStack:
    sim: GpsSimulator
    gpsd: ManagedProcess
    port: int

    def client(self, **kwargs: float | None) -> GpsdClient:
        return GpsdClient("127.0.0.1", self.port, **kwargs)  # type: ignore[arg-type]


StackFactory = Callable[..., GpsStack]


@pytest.fixture
def gps_stack(tmp_path: Path) -> Iterator[StackFactory]:
    started: list[GpsStack] = []

    def make(city: str = "neijiang", fix: bool = True, interval: float = 0.2) -> GpsStack:
        sim = GpsSimulator(route_for(city), interval=interval)
        sim.fix = fix
        sim.start()
        port = free_tcp_port()
        gpsd = ManagedProcess(gpsd_argv(sim.path, port), tmp_path / f"gpsd-{port}.log").start()
        stack = GpsStack(sim, gpsd, port)
        started.append(stack)
        wait_until(tcp_listening(port), timeout=10, what=f"gpsd on port {port}")
        return stack

    yield make
    for stack in started:
        stack.gpsd.stop()
        stack.sim.stop()
        assert not stack.gpsd.alive()
