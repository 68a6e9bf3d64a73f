"""The terminal's devices, each opened from the URL its setting holds, and a check of each.

Every device is reached through its driver, whatever is at the far end: hardware in
the field, a simulator in the demo and the tests.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from app.services.field_devices import FieldDevices
from app.settings import Settings
from device_drivers.camera.model import Camera, NoCameraError, Photo
from device_drivers.errors import DeviceError
from device_drivers.gps.client import GpsdClient
from device_drivers.security.card_ops import DEMO_PASSPHRASE, CardSecurityModule, SoftwareCardSecurityModule
from device_drivers.security.errors import SecurityError
from device_drivers.security.meter_ops import MeterSecurityModule, SoftwareMeterSecurityModule


class NoSecurityModuleError(DeviceError):
    """Setting a meter needs the security module, and none is configured."""


class _NoCamera:
    def capture(self) -> Photo:
        raise NoCameraError("no camera is configured on this terminal: set camera in the settings")


class _NoSecurityModule:
    """Stands in for a missing security module: every use says what to do."""

    def __getattr__(self, name: str) -> Callable[..., object]:
        def refuse(*_args: object, **_kwargs: object) -> object:
            raise NoSecurityModuleError("the meter security module is not configured: "
                                        "ask the administrator to set security_module")
        return refuse


def security_module(setting: str, command_key: bytes) -> MeterSecurityModule:
    """The security module a ``security_module`` setting names (``soft:KEYFILE``)."""
    if not setting:
        return _NoSecurityModule()  # type: ignore[return-value]
    server_key = Ed25519PublicKey.from_public_bytes(command_key)
    return SoftwareMeterSecurityModule(transport_key(setting), server_key)


def transport_key(setting: str) -> bytes:
    """The software module's transport key from its key file (``soft:KEYFILE``); DeviceError if unreadable."""
    if not setting.startswith("soft:"):
        raise DeviceError(f"unknown security module {setting!r}: use soft:KEYFILE")
    try:
        doc = json.loads(Path(setting[5:]).read_text(encoding="utf-8"))
        return bytes.fromhex(doc["terminal_transport_key"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DeviceError(f"the security module's key file {setting[5:]} cannot be read") from exc


def field_devices(settings: Settings, command_key: bytes, camera: Camera | None) -> FieldDevices:
    """The devices a workflow drives, from the settings (the server key verifies authorisations)."""
    position = GpsdClient(settings.gps_host, settings.gps_port) if settings.gps_port else None
    return FieldDevices(meter_port=settings.meter_port,
                        meter_security=security_module(settings.security_module, command_key),
                        camera=camera or _NoCamera(), position=position,
                        printer_port=settings.printer_port, tag_reader=settings.tag_reader,
                        card_reader=settings.card_reader,
                        card_security=card_security_module(settings.card_security, demo=settings.demo))


CARD_PASSPHRASE_ENV = "METERFIELD_CARD_KEYS_PASSPHRASE"


def card_security_module(setting: str, *, demo: bool = False,
                         environ: Mapping[str, str] = os.environ) -> CardSecurityModule | None:
    """The card security module a ``card_security`` setting names (``soft:SEALED_KEYFILE``), its
    passphrase from the environment (the demo's own file: its public passphrase, in demo mode only);
    None when the setting is empty. DeviceError when the file or passphrase does not open it."""
    if not setting:
        return None
    if not setting.startswith("soft:"):
        raise DeviceError(f"unknown card security module {setting!r}: use soft:SEALED_KEYFILE")
    path = Path(setting[5:])
    try:
        sealed = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DeviceError(f"the card security module's key file {path} cannot be read") from exc
    passphrase = environ.get(CARD_PASSPHRASE_ENV, "")
    if not passphrase and demo and isinstance(sealed, dict) and sealed.get("passphrase") == DEMO_PASSPHRASE:
        passphrase = DEMO_PASSPHRASE
    if not passphrase:
        raise DeviceError(f"the card key file {path} needs its passphrase in {CARD_PASSPHRASE_ENV}")
    try:
        return SoftwareCardSecurityModule.from_sealed(sealed, passphrase)
    except SecurityError as exc:
        raise DeviceError(f"the card key file {path} does not open with that passphrase: {exc}") from exc


@dataclass(frozen=True, slots=True)
class DeviceCheck:
    """What one device answered. ``state``: ok, not_configured, absent, no_meter, no_fix, paper_out."""

    device: str
    state: str
    detail: str = ""  # what the driver said (English; for the log and the English screen)

    @property
    def ok(self) -> bool:
        return self.state == "ok"
