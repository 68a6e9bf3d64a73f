"""The peripherals' diagnostic commands, run as a user runs them: main.py in a subprocess."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from device_drivers.barcode.labels import code128_image, qr_image
from device_drivers.barcode.scan_engine import SerialScanEngine
from tests.support.services import free_tcp_port, wait_until

ROOT = Path(__file__).resolve().parents[2]
ASSET = "5102309418876227931535"


def main_py(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", *args], check=False, cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT)})


class Background:
    """``main.py ...`` running in the background, stopped by its pid."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "main.py", *args], cwd=ROOT, text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     env={**os.environ, "PYTHONPATH": str(ROOT)})

    def line(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()

    def stop(self) -> str:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
        out, _ = self.proc.communicate(timeout=10)
        return out


@pytest.fixture
def background() -> Iterator[list[Background]]:
    started: list[Background] = []
    yield started
    for proc in started:
        proc.stop()


def test_scan_image(tmp_path: Path) -> None:
    sheet = Image.new("RGB", (900, 500), "white")
    sheet.paste(code128_image(ASSET), (10, 10))
    sheet.paste(qr_image("SC4773731081"), (600, 250))
    sheet.save(tmp_path / "labels.png")
    result = main_py("scan", str(tmp_path / "labels.png"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Code 128: {ASSET}  [meter asset number]" in result.stdout
    assert "QR: SC4773731081  [seal number]" in result.stdout


def test_scan_rejects_what_was_not_expected(tmp_path: Path) -> None:
    code128_image("962626691299").save(tmp_path / "address.png")
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\nbroken")
    result = main_py("scan", str(tmp_path / "address.png"), str(tmp_path / "broken.png"), "--expect", "asset")
    assert result.returncode == 1
    assert "REJECTED: this is not a meter asset number: expected 22 digits, got 12 (looks like a meter " \
           "communication address)" in result.stdout
    assert "broken.png: error: " in result.stdout and "not a readable image" in result.stdout


def test_simulated_scanner_feeds_the_driver(background: list[Background]) -> None:
    sim = Background("simulate", "scanner", "--code", ASSET, "--interval", "0.3", "--aim")
    background.append(sim)
    path = sim.line().removeprefix("scanner on ")
    assert path.startswith("/dev/pts/")
    engine = SerialScanEngine.open(path)
    try:
        scan = engine.read_scan(timeout=5)
    finally:
        engine.close()
    assert scan is not None and scan.text == ASSET and scan.symbology.value == "Code 128"
    result = main_py("scan", "--scanner", path, "--expect", "asset", "--timeout", "5")
    assert result.returncode == 0 and f"scanner: Code 128: {ASSET}  [OK meter asset number]" in result.stdout


def test_simulated_printer_prints_samples_to_png(tmp_path: Path) -> None:
    result = main_py("simulate", "printer", "--out", str(tmp_path), "--sample", "--seconds", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in tmp_path.glob("*.png")) == ["receipt-0001.png", "receipt-0002.png"]
    assert "printed " in result.stdout


def test_printer_out_of_paper_refuses_the_sample(tmp_path: Path) -> None:
    result = main_py("simulate", "printer", "--out", str(tmp_path), "--sample", "--paper-out",
                     "--seconds", "0.5")
    assert result.returncode == 1
    assert "sample not printed: the printer is out of paper" in result.stdout
    assert not list(tmp_path.glob("*.png"))


def test_simulated_gps_and_gps_fix(background: list[Background]) -> None:
    port = free_tcp_port()
    sim = Background("simulate", "gps", "--city", "deyang", "--gpsd-port", str(port), "--interval", "0.3")
    background.append(sim)
    assert "route around deyang" in sim.line()
    gpsd_line = sim.line()
    assert gpsd_line.startswith("gpsd pid ") and f":{port}" in gpsd_line
    gpsd_pid = int(gpsd_line.split()[2])
    result = main_py("gps", "--port", str(port), "fix", "--json", "--wait", "10")
    assert result.returncode == 0, result.stdout
    fix = json.loads(result.stdout)
    assert fix["mode"] == "THREE_D" and abs(fix["lat"] - 31.127) < 0.03 and abs(fix["lon"] - 104.398) < 0.03
    trail = main_py("gps", "--port", str(port), "trail", "--interval", "0.4", "--seconds", "1.5")
    assert trail.returncode == 0 and len([ln for ln in trail.stdout.splitlines() if "THREE_D" in ln]) >= 2
    sim.stop()

    def gpsd_gone() -> bool:
        try:
            os.kill(gpsd_pid, 0)
        except ProcessLookupError:
            return True
        return False

    wait_until(gpsd_gone, 15, "the simulator stopping its gpsd")  # not a fixed 0.2 s: slow under load
    gone = main_py("gps", "--port", str(port), "fix", "--wait", "1")
    assert gone.returncode == 3 and "gpsd is not running" in gone.stdout


def test_gps_without_fix(background: list[Background]) -> None:
    port = free_tcp_port()
    sim = Background("simulate", "gps", "--no-fix", "--gpsd-port", str(port), "--interval", "0.3")
    background.append(sim)
    sim.line()
    sim.line()
    result = main_py("gps", "--port", str(port), "fix", "--wait", "2")
    assert result.returncode == 2 and "error: no" in result.stdout
