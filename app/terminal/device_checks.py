"""Asking each configured device whether it answers (the status strip, the settings screen).

A check never raises: it says ``ok``, ``not_configured`` or what is wrong, with the
driver's words as the detail. Checks are short (a second or two each) and run on a
worker thread.
"""

from __future__ import annotations

from collections.abc import Callable

from app.settings import Settings
from app.terminal import DEVICES
from app.terminal.devices import DeviceCheck
from device_drivers.camera.model import Camera
from device_drivers.errors import DeviceError
from device_drivers.meter.client import LineTiming, MeterClient

QUICK_LINE = LineTiming(reply_timeout=1.0, retries=0)


def check_meter(settings: Settings) -> DeviceCheck:
    if not settings.meter_port:
        return DeviceCheck("meter", "not_configured")
    try:
        client = MeterClient.open(settings.meter_port, timing=QUICK_LINE)
    except (DeviceError, OSError) as exc:
        return DeviceCheck("meter", "absent", str(exc))
    try:
        address = client.read_address()
    except DeviceError as exc:  # the probe is there, no meter in front of it
        return DeviceCheck("meter", "no_meter", str(exc))
    finally:
        client.close()
    return DeviceCheck("meter", "ok", address)


def check_printer(settings: Settings) -> DeviceCheck:
    from device_drivers.printer.driver import ReceiptPrinter

    if not settings.printer_port:
        return DeviceCheck("printer", "not_configured")
    try:
        printer = ReceiptPrinter.open(settings.printer_port)
    except (DeviceError, OSError) as exc:
        return DeviceCheck("printer", "absent", str(exc))
    try:
        status = printer.status()
    except DeviceError as exc:
        return DeviceCheck("printer", "absent", str(exc))
    finally:
        printer.close()
    if status.paper_out or status.cover_open or not status.online:
        return DeviceCheck("printer", "paper_out", str(status))
    return DeviceCheck("printer", "ok")


def check_gps(settings: Settings) -> DeviceCheck:
    from device_drivers.gps.client import GpsdClient
    from device_drivers.gps.model import GpsdNotRunningError

    if not settings.gps_port:
        return DeviceCheck("gps", "not_configured")
    client = GpsdClient(settings.gps_host, settings.gps_port, timeout=1.5)
    try:
        fix = client.current()
    except GpsdNotRunningError as exc:
        return DeviceCheck("gps", "absent", str(exc))
    except DeviceError as exc:
        return DeviceCheck("gps", "no_fix", str(exc))
    finally:
        client.close()
    return DeviceCheck("gps", "ok", f"{fix.lat:.5f}, {fix.lon:.5f}")


def check_card(settings: Settings) -> DeviceCheck:
    try:
        from device_drivers.card.pcsc_reader import find_reader

        reader = find_reader(settings.card_reader or None)
    except (DeviceError, ImportError, OSError) as exc:
        return DeviceCheck("card", "absent", str(exc))
    except Exception as exc:  # pyscard raises its own errors when pcscd is not running
        return DeviceCheck("card", "absent", f"no PC/SC service: {exc}")
    return DeviceCheck("card", "ok", reader.name)


def check_camera(camera: Camera | None) -> DeviceCheck:
    if camera is None:
        return DeviceCheck("camera", "not_configured")
    try:
        camera.capture()
    except DeviceError as exc:
        return DeviceCheck("camera", "absent", str(exc))
    return DeviceCheck("camera", "ok")


def check_scanner(settings: Settings, camera: Camera | None) -> DeviceCheck:
    if not settings.scanner_port:  # the camera is the scanner
        seen = check_camera(camera)
        return DeviceCheck("scanner", seen.state, seen.detail or "camera")
    from device_drivers.barcode.scan_engine import SerialScanEngine

    try:
        engine = SerialScanEngine.open(settings.scanner_port)
    except (DeviceError, OSError) as exc:
        return DeviceCheck("scanner", "absent", str(exc))
    engine.close()
    return DeviceCheck("scanner", "ok", settings.scanner_port)


def check_all(settings: Settings, camera: Camera | None) -> list[DeviceCheck]:
    """Every device, in the order of :data:`DEVICES`."""
    checks: dict[str, Callable[[], DeviceCheck]] = {
        "meter": lambda: check_meter(settings), "scanner": lambda: check_scanner(settings, camera),
        "camera": lambda: check_camera(camera), "printer": lambda: check_printer(settings),
        "card": lambda: check_card(settings), "gps": lambda: check_gps(settings)}
    return [checks[name]() for name in DEVICES]
