"""The simulated meter: its model (pure), its state file, line pacing, and the CLI process."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from device_drivers.meter import protocol
from device_drivers.meter.client import LineTiming, MeterClient
from device_drivers.meter.frame import decode_frame
from device_drivers.meter.simulator import keys as demo_keys
from device_drivers.meter.simulator.meter import SimulatedMeter
from device_drivers.meter.simulator.registers import RELAY_OPEN, tariff_at
from device_drivers.meter.simulator.server import MeterSimulator
from device_drivers.meter.simulator.state import MeterState, load_states, save_states
from tests.device_drivers.meter.conftest import ADDRESS, OTHER
from tests.support.services import ManagedProcess, wait_until

ROOT = Path(__file__).resolve().parents[3]
T0 = 1_790_000_000.0


def fresh(keys: demo_keys.DemoMeterKeys) -> SimulatedMeter:
    state = MeterState.create(ADDRESS, keys)
    state.updated_at = T0
    return SimulatedMeter(state)


def read(meter: SimulatedMeter, di: int, now: float = T0) -> bytes:
    reply = meter.handle(protocol.read(ADDRESS, di), now)
    assert reply is not None and not reply.control.abnormal, reply
    return reply.data[4:]


def test_energy_advances_with_load_and_the_purse_runs_down(keys: demo_keys.DemoMeterKeys) -> None:
    meter = fresh(keys)
    before = sum(meter.state.forward)
    money = meter.state.money
    meter.handle(protocol.read(ADDRESS, 0x00010000), T0 + 3600)  # one hour at 1.2 kW
    assert sum(meter.state.forward) - before == Decimal("1.2")
    assert Decimal("0.35") * Decimal("1.2") <= money - meter.state.money <= Decimal("0.8") * Decimal("1.2")


def test_energy_is_billed_in_the_tariff_the_day_table_gives(keys: demo_keys.DemoMeterKeys) -> None:
    day = ["07:00=3", "19:00=1", "23:00=4"]
    assert [tariff_at(day, t) for t in ("06:59", "07:00", "18:59", "19:00", "23:30")] == [4, 3, 3, 1, 4]
    meter = fresh(keys)
    meter.state.tou_table = ["00:00=2"]  # all day peak
    before = list(meter.state.forward)
    meter.handle(protocol.read(ADDRESS, 0x00010000), T0 + 3600)
    assert [a - b for a, b in zip(meter.state.forward, before, strict=True)] == [0, Decimal("1.2"), 0, 0]


def test_purse_exhausted_trips_the_relay(keys: demo_keys.DemoMeterKeys) -> None:
    meter = fresh(keys)
    meter.state.money = Decimal("0.10")
    meter.handle(protocol.read(ADDRESS, 0), T0 + 3600)
    assert meter.state.status[2] & RELAY_OPEN and meter.state.money == 0
    assert meter.state.overdraft > 0 and len(meter.state.trips) == 1


def test_access_rules_without_ir_auth(keys: demo_keys.DemoMeterKeys) -> None:
    meter = fresh(keys)
    for di in (0x00000000, 0x0001FF00, 0x00900200, 0x00900201, 0x04000101, 0x04000102, 0x0400010C,
               0x04000401, 0x04000402):
        read(meter, di)
    for di in (0x02010100, 0x04000403, 0x03330201, 0x040005FF, 0x03300D01):
        reply = meter.handle(protocol.read(ADDRESS, di), T0)
        assert reply is not None and reply.control.abnormal and reply.data == b"\x04"


def test_other_addresses_and_broadcasts_get_no_reply(keys: demo_keys.DemoMeterKeys) -> None:
    meter = fresh(keys)
    assert meter.handle(protocol.read(OTHER, 0), T0) is None
    assert meter.handle(protocol.broadcast_time(dt.datetime(2026, 1, 1)), T0) is None
    assert meter.handle(protocol.read("2021070725AA", 0), T0) is not None  # wildcard matches


def test_published_exchange_byte_for_byte(keys: demo_keys.DemoMeterKeys) -> None:
    meter = fresh(keys)
    meter.state.forward = [Decimal("317.76"), Decimal(0), Decimal(0), Decimal(0)]
    reply = meter.handle(decode_frame(bytes.fromhex("68292507072120681104333333334E16")), T0)
    assert reply is not None
    assert reply.encode(b"").hex().upper() == "6829250707212068910833333333A94A36332E16"


def test_state_file_round_trip(tmp_path: Path, keys: demo_keys.DemoMeterKeys) -> None:
    states = [MeterState.create(ADDRESS, keys), MeterState.create(OTHER, keys, serial=2)]
    states[0].forward[1] = Decimal("1234.567891")
    path = tmp_path / "meters.json"
    save_states(path, states, OTHER)
    loaded, probe = load_states(path)
    assert probe == OTHER and [s.to_json() for s in loaded] == [s.to_json() for s in states]


def test_control_commands(keys: demo_keys.DemoMeterKeys, tmp_path: Path) -> None:
    sim = MeterSimulator([MeterState.create(ADDRESS, keys), MeterState.create(OTHER, keys)],
                         fast=True, control_file=tmp_path / "ctl").start()
    try:
        (tmp_path / "ctl").write_text("probe 000000000042\nfault no-reply 2\n")
        wait_until(lambda: sim.under_probe == OTHER, 15, "control file read")  # polled every 0.5 s
        assert len(sim.faults) == 2
        with pytest.raises(KeyError):
            sim.command("probe 111111111111")
    finally:
        sim.stop()


def test_real_line_pacing(keys: demo_keys.DemoMeterKeys) -> None:
    """At 1200 bps a read (20 bytes out, 24 back) takes (20 + 24) x 11 / 1200 s + turnaround."""
    with MeterSimulator([MeterState.create(ADDRESS, keys)], turnaround=0.05) as sim, \
            MeterClient.open(sim.port, address=ADDRESS, timing=LineTiming()) as client:
        start = time.monotonic()
        client.read(0x00010000)
        elapsed = time.monotonic() - start
    limit = 44 * 11 / 1200 + 0.05
    assert limit <= elapsed <= limit * 1.5 + 0.1, (elapsed, limit)  # slack for a busy machine


def test_simulate_and_read_through_main(tmp_path: Path) -> None:
    link = tmp_path / "ir"
    state = tmp_path / "meters.json"
    sim = ManagedProcess([sys.executable, str(ROOT / "main.py"), "--home", str(tmp_path), "simulate",
                          "meter", "--address", ADDRESS, "--address", OTHER, "--state", str(state),
                          "--link", str(link), "--fast"], tmp_path / "sim.log").start()
    try:
        wait_until(link.exists, 10, "simulator pty link")

        def cli(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run([sys.executable, str(ROOT / "main.py"), "--home", str(tmp_path),
                                   "meter", *args, "--port", str(link), "--timeout", "0.3"],
                                  capture_output=True, text=True, timeout=60, check=False)

        assert cli("address").stdout.strip() == ADDRESS
        out = cli("read", "00010000", "0001FF00", "04000101", "--json")
        doc = json.loads(out.stdout)
        assert doc["meter"] == ADDRESS and doc["readings"][0]["unit"] == "kWh"
        assert len(doc["readings"][1]["value"]) == 5
        text = cli("read", "00900200", "02010100")
        assert text.returncode == 1 and "yuan" in text.stdout and "IR authentication" in text.stdout
        inspected = cli("inspect", "--demo-auth")
        assert inspected.returncode == 0, inspected.stderr
        assert "220.4 V" in inspected.stdout and "4000H (account opened locally)" in inspected.stdout
        tmp_path.joinpath("meters.control").write_text(f"probe {OTHER}\n")
        wait_until(lambda: cli("address").stdout.strip() == OTHER, 10, "probe switched")
        bad = cli("read", "--address", "111111111111", "00010000")
        assert bad.returncode == 2 and "IR window" in bad.stderr
    finally:
        sim.stop()
    assert json.loads(state.read_text())["under_probe"] == OTHER, sim.log_tail()



def test_shipped_demo_key_file_is_the_generated_one() -> None:
    shipped = ROOT / "resources" / "keys" / "demo_meter_keys.json"
    assert demo_keys.load(shipped) == demo_keys.generate()
    assert "DEMO ONLY" in shipped.read_text()


def test_the_simulated_meters_switch_at_the_demo_tariffs_hours() -> None:
    """The demo's time-of-use tariffs and its simulated meters agree on the day (no false finding)."""
    from app.domain.demo_data import TARIFFS, TOU_DAY
    from device_drivers.meter.simulator.state import DAY_TABLE

    assert tuple(f"{hhmm}={n}" for hhmm, n in TOU_DAY) == DAY_TABLE
    assert all(t.tou_table == TOU_DAY for t in TARIFFS if t.time_of_use)
