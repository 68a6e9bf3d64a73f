"""The devices a workflow drives, as the composition root wires them.

Every device is reached through its driver; in demo mode and in tests the far
ends are the simulators, which the drivers cannot tell from real hardware.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from app.domain.records import GpsFix, Reading, Source
from app.services.errors import NoTagError
from device_drivers.camera.model import Camera
from device_drivers.errors import DeviceError
from device_drivers.gps.model import PositionSource
from device_drivers.meter.client import LineTiming, MeterClient
from device_drivers.meter.frame import WILDCARD
from device_drivers.meter.protocol import Reading as MeterValue
from device_drivers.printer.driver import ReceiptPrinter
from device_drivers.security.card_ops import CardSecurityModule
from device_drivers.security.meter_ops import MeterSecurityModule


@dataclass
class FieldDevices:
    meter_port: str  # infrared probe: a serial device, a pty, loop://
    meter_security: MeterSecurityModule
    camera: Camera
    position: PositionSource | None = None
    printer_port: str = ""  # "" = no printer paired
    meter_timing: LineTiming | None = None
    tag_reader: str = ""  # PC/SC reader of meter RFID tags; "" = none (identify by barcode)
    card_reader: str = ""  # PC/SC reader of customer cards; "": the first one holding a card
    card_security: CardSecurityModule | None = None  # None: no prepaid card work here

    @contextmanager
    def meter(self, address: str = WILDCARD) -> Iterator[MeterClient]:
        """The infrared probe, opened for one step and closed after it."""
        if not self.meter_port:
            raise DeviceError("no infrared probe is configured: set meter_port in the settings")
        client = MeterClient.open(self.meter_port, address=address, timing=self.meter_timing)
        try:
            yield client
        finally:
            client.close()

    def read_tag(self, timeout: float = 5.0) -> str:
        """The UID (hex) of the meter tag held to the RFID reader; :class:`NoTagError` when no tag is
        held to it in ``timeout`` seconds, a DeviceError when no reader is configured or connected."""
        if not self.tag_reader:
            raise DeviceError("no RFID reader is configured: set tag_reader in the settings")
        from device_drivers.card.errors import NoCardError
        from device_drivers.card.pcsc_reader import find_reader
        from device_drivers.card.rfid import read_tag_id

        try:
            with find_reader(self.tag_reader).connect(timeout=timeout) as conn:
                return str(read_tag_id(conn))
        except NoCardError:
            raise NoTagError("no RFID tag is held to the reader: hold the handheld against the meter's "
                             "tag") from None

    def fix(self) -> GpsFix | None:
        """The current position, or None (no receiver, no fix): never fails a step."""
        if self.position is None:
            return None
        try:
            f = self.position.current()
        except DeviceError:
            return None
        return GpsFix(lat=f.lat, lon=f.lon, accuracy_m=f.accuracy_m or 0.0, satellites=f.satellites_used,
                      fixed_at=f.time, mode=int(f.mode))

    def print_job(self, job: bytes) -> None:
        """Print ``job``; raises a PrinterError (offline, out of paper) that the caller may retry."""
        if not self.printer_port:
            raise DeviceError("no receipt printer is paired: pair the Bluetooth printer and retry")
        printer = ReceiptPrinter.open(self.printer_port)
        try:
            printer.print_job(job)
        finally:
            printer.close()


def value_text(value: object) -> str:
    """A meter value as the text a Reading keeps."""
    if isinstance(value, Decimal | int | str):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return json.dumps(value, default=str, ensure_ascii=False)


def to_readings(values: list[MeterValue], *, order_no: str, meter_address: str, role: str,
                at: datetime) -> list[Reading]:
    return [Reading(order_no=order_no, meter_address=meter_address, di=v.code, value=value_text(v.value),
                    unit=v.unit, read_at=at, source=Source.INFRARED, role=role) for v in values]
