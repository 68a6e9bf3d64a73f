"""How the composition root builds a replacement flow and a scanner (plain Python, no Qt).

The replacement view-model gets two callables: ``flow_for(order_no) -> ReplacementFlow``
and ``scan() -> str`` (the barcode text the technician aimed at), so a test or the
demo can hand it a temporary store and real simulators.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.domain.work_orders import WorkOrder
    from app.services.field_devices import FieldDevices
    from app.services.replacement import ReplacementFlow
    from app.storage.db import Store
    from device_drivers.camera.model import Camera

Scanner = Callable[[], str]


def camera_scanner(camera: Camera) -> Scanner:
    """Scan with the camera: take stills (up to three) and decode the one barcode in them."""

    def scan() -> str:
        from device_drivers.barcode.camera_scan import scan_with_camera

        return scan_with_camera(camera).text

    return scan


def serial_scanner(port: str, timeout_s: float = 8.0) -> Scanner:
    """Scan with a serial scan engine (the handheld's built-in scanner): the next label read."""

    def scan() -> str:
        from device_drivers.barcode.model import BarcodeError
        from device_drivers.barcode.scan_engine import SerialScanEngine

        engine = SerialScanEngine.open(port)
        try:
            found = engine.read_scan(timeout_s)
        finally:
            engine.close()
        if found is None:
            raise BarcodeError("no barcode was scanned: aim the scanner at the label and press again")
        return found.text

    return scan


def flows(store: Store, devices: FieldDevices, data_dir: Path, device_id: str, user_id: str,
          technician: str = "") -> Callable[[str], ReplacementFlow]:
    """``order_no -> ReplacementFlow`` over this terminal's store and devices."""
    from app.services.workflows import Workflows

    return Workflows(store, devices, data_dir, device_id, user_id, technician).replacement


@dataclass
class ReplacementWiring:
    """The three callables the replacement view-model is built with."""

    flow_for: Callable[[str], ReplacementFlow]
    scan: Scanner
    on_step: Callable[[str, WorkOrder], None] | None = None  # DEMO ONLY (see app/demo/scene.py)
    stop: Callable[[], None] = lambda: None


def unconfigured() -> ReplacementWiring:
    """A terminal whose field devices are not set up: every step says so."""

    def no_devices(_order_no: str) -> ReplacementFlow:
        from device_drivers.errors import DeviceError

        raise DeviceError("the field devices (infrared probe, scanner, printer) are not configured "
                          "on this terminal: ask the administrator to set them in the settings")

    def no_scanner() -> str:
        from device_drivers.errors import DeviceError

        raise DeviceError("no barcode scanner is configured on this terminal")

    return ReplacementWiring(no_devices, no_scanner)
