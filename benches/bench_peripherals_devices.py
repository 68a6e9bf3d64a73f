"""Peripheral latencies a technician feels, measured on this machine.

- decoding the barcode in one 1024x768 camera frame (zbar), median of 20;
- time from starting gpsd on a receiver's pty to the client's first 3D fix, median of 3;
- printing a recharge receipt through the driver to the simulated printer over a pty
  (status check, job, status check), median of 10, and the job's size in bytes.

Run: python benches/bench_peripherals_devices.py
"""

from __future__ import annotations

import socket
import statistics
import sys
import tempfile
import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from device_drivers.barcode.decode import decode_one
from device_drivers.camera.simulated import SimulatedCamera
from device_drivers.gps.client import GpsdClient
from device_drivers.gps.model import GpsError
from device_drivers.gps.routes import route_for
from device_drivers.gps.simulator import GpsdProcess, GpsSimulator
from device_drivers.printer.driver import ReceiptPrinter
from device_drivers.printer.receipts import RechargeReceipt, recharge_bytes
from device_drivers.printer.simulator import PrinterSimulator

COMMAND = "python benches/bench_peripherals_devices.py"


def bench_decode() -> float:
    frames = [SimulatedCamera().capture().data for _ in range(4)]
    times = []
    for i in range(20):
        start = time.perf_counter()
        decode_one(frames[i % len(frames)])
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bench_first_fix() -> float:
    times = []
    port = _free_port()
    for _ in range(3):
        sim = GpsSimulator(route_for("chengdu"), interval=1.0).start()
        start = time.perf_counter()
        gpsd = GpsdProcess(sim.path, port).start()
        client = GpsdClient("127.0.0.1", port)
        try:
            while True:
                try:
                    client.current()
                    break
                except GpsError:
                    time.sleep(0.02)
            times.append(time.perf_counter() - start)
        finally:
            client.close()
            gpsd.stop()
            sim.stop()
    return statistics.median(times)


def bench_print() -> tuple[float, int]:
    receipt = RechargeReceipt("TX20240612084755001", "1255609162", "郑辉", "5102309418876227931535",
                              Decimal("200"), 5, Decimal("235.6"), datetime(2024, 6, 12, 8, 47, 55),
                              "T83550326")
    job = recharge_bytes(receipt)
    times = []
    with tempfile.TemporaryDirectory() as tmp, PrinterSimulator(Path(tmp)) as sim:
        printer = ReceiptPrinter.open(sim.path)
        for n in range(10):
            start = time.perf_counter()
            printer.print_job(job)
            sim.wait_for_receipts(n + 1, timeout=5)
            times.append(time.perf_counter() - start)
        printer.close()
    return statistics.median(times), len(job)


def main() -> int:
    decode = bench_decode()
    fix = bench_first_fix()
    printed, size = bench_print()
    print(f"barcode in a 1024x768 camera frame: {decode * 1000:.1f} ms median of 20")
    print(f"gpsd start to first 3D fix (receiver at 1 Hz): {fix:.2f} s median of 3")
    print(f"recharge receipt ({size} bytes) printed and drawn: {printed * 1000:.0f} ms median of 10 "
          "(pty, no line pacing; a 115200 bps Bluetooth link adds about "
          f"{size * 10 / 115200 * 1000:.0f} ms)")
    print(f"command: {COMMAND}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
