"""The field around a terminal, for the end-to-end tests: a central server process, the
operator's command line, and the devices a handheld has (meter under the probe, printer,
camera, gpsd) as simulators on their own addresses. Nothing here is the terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from app.domain.demo_data import DemoUtility, generate
from app.domain.work_orders import WorkOrder
from app.settings import save_settings
from device_drivers.gps.routes import route_for
from device_drivers.gps.simulator import GpsdProcess, GpsSimulator
from device_drivers.meter.simulator import keys as meter_keys
from device_drivers.meter.simulator.server import MeterSimulator
from device_drivers.meter.simulator.state import MeterState
from device_drivers.printer.simulator import PrinterSimulator
from tests.support.services import ManagedProcess, free_tcp_port, tcp_listening, wait_until

ROOT = Path(__file__).resolve().parents[2]
MAIN = str(ROOT / "main.py")
TECH = "CD101"
_DEMO: list[DemoUtility] = []


def demo() -> DemoUtility:
    if not _DEMO:
        _DEMO.append(generate())
    return _DEMO[0]


def replacement_order(user_id: str = TECH) -> WorkOrder:
    return next(o for o in demo().orders_of(user_id)
                if o.kind.value == "meter_replace" and o.status.value == "assigned")


def operator(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``main.py server ...`` as the operator types it on the server machine."""
    return subprocess.run([sys.executable, MAIN, "--home", str(home), "server", *args], input=stdin,
                          capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)


@dataclass
class Centre:
    home: Path
    port: int
    process: ManagedProcess
    options: tuple[str, ...] = ()  # the server options the operator gives every command (TLS files)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.home / 'server' / 'server.sqlite3'}"

    @classmethod
    def start(cls, home: Path) -> Centre:
        port = free_tcp_port()
        proc = ManagedProcess([sys.executable, MAIN, "--home", str(home), "server", "--seed-demo",
                               "--port", str(port)], home / "server.log").start()
        wait_until(tcp_listening(port), 90, "the central server")
        return cls(home, port, proc)

    @classmethod
    def run(cls, home: Path, port: int, *options: str) -> Centre:
        """The server as a deployment starts it: ``options`` name its certificate and key system."""
        proc = ManagedProcess([sys.executable, MAIN, "--home", str(home), "server", *options,
                               "--port", str(port)], home / "server.log").start()
        wait_until(tcp_listening(port), 90, "the central server")
        return cls(home, port, proc, options)

    def enrol_code(self, user_id: str, qr: Path, ttl_hours: float = 1.0) -> str:
        done = operator(self.home, *self.options, "enrol-code", "--user", user_id, "--qr", str(qr),
                        "--url", self.url, "--ttl", str(ttl_hours))
        assert done.returncode == 0, done.stderr
        return done.stdout

    def stop(self) -> None:
        self.process.stop()


@dataclass
class Devices:
    meter: MeterSimulator
    printer: PrinterSimulator
    gps: GpsSimulator
    gpsd: GpsdProcess
    gps_port: int
    camera_dir: Path
    control: Path

    @classmethod
    def start(cls, home: Path, order: WorkOrder) -> Devices:
        keys = meter_keys.load()
        old = MeterState.create(order.archive.meter.address, keys, serial=1)
        old.asset_number = order.archive.meter.asset_no
        new = MeterState.create(order.new_meter_address, keys, serial=2)
        new.asset_number = order.new_meter_asset_no
        new.forward = [Decimal("0.00")] * len(new.forward)
        home.mkdir(parents=True, exist_ok=True)
        control = home / "meter.control"
        control.write_text("")
        meter = MeterSimulator([old, new], fast=True, control_file=control).start()
        printer = PrinterSimulator(home / "receipts").start()
        gps = GpsSimulator(route_for("chengdu")).start()
        port = free_tcp_port()
        gpsd = GpsdProcess(gps.path, port, home / "gpsd.log").start()
        camera = home / "camera"
        camera.mkdir()
        return cls(meter, printer, gps, gpsd, port, camera, control)

    def configure(self, home: Path) -> Path:
        """The terminal's settings.toml, as an installer writes it for this handheld."""
        return save_settings(home, {
            "meter_port": self.meter.port, "printer_port": self.printer.path,
            "camera": f"folder://{self.camera_dir}", "gps_port": self.gps_port,
            "security_module": f"soft:{meter_keys.DEMO_KEYS_FILE}", "gps_trail_interval_s": 1.0})

    def stop(self) -> None:
        self.gpsd.stop()
        self.gps.stop()
        self.printer.stop()
        self.meter.stop()


def terminal(home: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """The terminal as its own process (no --demo), driven by tests/e2e/terminal_child.py."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software")
    return subprocess.run([sys.executable, str(ROOT / "tests" / "e2e" / "terminal_child.py"), str(home),
                           *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env,
                          check=False)
