"""The two scanners the replacement screens can be given: camera (a picture, decoded) and the
serial scan engine (a pty with the scan-engine simulator)."""

from __future__ import annotations

import threading

import pytest

from app.ui.replacement_format import error_heading, tr
from app.ui.replacement_wiring import camera_scanner, serial_scanner
from device_drivers.barcode.model import BarcodeError
from device_drivers.barcode.simulator import ScannerSimulator
from device_drivers.camera.simulated import MeterScene, SimulatedCamera
from device_drivers.errors import DeviceError

ASSET = "5102300246592282453079"


def test_camera_scanner_decodes_the_meter_in_the_picture() -> None:
    assert camera_scanner(SimulatedCamera([MeterScene(asset_no=ASSET)]))() == ASSET


def test_camera_scanner_without_a_label_says_so() -> None:
    with pytest.raises(DeviceError):
        camera_scanner(SimulatedCamera([MeterScene(asset_no=ASSET, label="none")]))()


def test_serial_scanner_returns_the_next_label() -> None:
    with ScannerSimulator() as engine:
        trigger = threading.Timer(0.3, engine.scan, args=("SC4773731081",))
        trigger.start()
        try:
            assert serial_scanner(engine.path, timeout_s=5)() == "SC4773731081"
        finally:
            trigger.cancel()


def test_serial_scanner_with_nobody_scanning_times_out_with_a_message() -> None:
    with ScannerSimulator() as engine, pytest.raises(BarcodeError, match="no barcode was scanned") as err:
        serial_scanner(engine.path, timeout_s=0.3)()
    assert error_heading(err.value) == tr("No barcode could be read: aim at the label and retry")
