"""The devices' status strip and the device settings screen.

The strip shows, before a technician starts an order, which devices answer. The
settings screen (for a team leader, or before enrolment while the handheld is set up)
chooses each device from what this handheld has (serial ports, Bluetooth serial
links, cameras) with taps, tests them, and saves the choice in ``settings.toml``.
All checks run on a worker.
"""

from __future__ import annotations

import glob
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from app.settings import Settings, save_settings
from app.terminal import DEVICES
from app.terminal.terminal import Terminal

if TYPE_CHECKING:
    from app.terminal.devices import DeviceCheck
from app.ui.background import Background
from app.ui.terminal_messages import DEVICE_STATES, message
from app.ui.terminal_messages import DEVICES as DEVICE_NAMES

# Which setting chooses each device, and where this handheld's candidates are found.
SETTING_OF = {"meter": "meter_port", "scanner": "scanner_port", "printer": "printer_port", "camera": "camera"}
SERIAL_GLOBS = ("/dev/ttyUSB*", "/dev/ttyACM*", "/dev/rfcomm*", "/dev/ttyS[0-3]")


def serial_candidates() -> list[str]:
    return sorted({p for pattern in SERIAL_GLOBS for p in glob.glob(pattern)})


class DevicesModel(QObject):
    changed = Signal()
    reconfigured = Signal()  # a device setting was saved: whoever uses the devices rebuilds them

    def __init__(self, terminal: Terminal, background: Background, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._terminal = terminal
        self._bg = background
        self._checks: dict[str, DeviceCheck] = {}
        self._checking = False
        self._again = False

    @Slot()
    def check(self) -> None:
        """Ask every device (on a worker); the strip fills in as they answer."""
        if self._checking:
            self._again = True
            return
        self._checking = True
        self.changed.emit()
        self._bg.run(self._terminal.check_devices, self._checked, lambda _exc: self._checked([]))

    def _checked(self, checks: list[DeviceCheck]) -> None:
        self._checks = {c.device: c for c in checks}
        self._checking = False
        self.changed.emit()
        if self._again:
            self._again = False
            self.check()

    @Slot(str, str)
    def choose(self, device: str, value: str) -> None:
        """Set the device to ``value`` (one of its candidates), save, and test again."""
        setting = SETTING_OF.get(device)
        if setting is None:
            return
        settings = self._terminal.settings
        self._bg.run(lambda: self._save(settings, setting, value), self._saved)

    def _saved(self, _result: object) -> None:
        self.reconfigured.emit()
        self.check()

    def _save(self, settings: Settings, setting: str, value: str) -> None:
        save_settings(settings.home, {setting: value})
        self._terminal.reconfigure(settings.with_overrides(**{setting: value}))

    def retranslate(self) -> None:
        self.changed.emit()

    def _row(self, device: str) -> dict[str, Any]:
        check = self._checks.get(device)
        state = "checking" if check is None else check.state
        setting = SETTING_OF.get(device, "")
        current = str(getattr(self._terminal.settings, setting, "")) if setting else ""
        options = [current] if current else []
        if device in ("meter", "scanner", "printer"):
            options += [p for p in serial_candidates() if p != current]
        return {"device": device, "name": message(DEVICE_NAMES, device), "state": state,
                "stateLabel": message(DEVICE_STATES, state), "ok": state == "ok",
                "setting": current, "options": options, "choosable": bool(setting)}

    @Property(list, notify=changed)
    def devices(self) -> list[dict[str, Any]]:
        return [self._row(d) for d in DEVICES]

    @Property(bool, notify=changed)
    def checking(self) -> bool:
        return self._checking

    @Property(bool, notify=changed)
    def allReady(self) -> bool:  # noqa: N802
        configured = [c for c in self._checks.values() if c.state != "not_configured"]
        return bool(configured) and all(c.ok for c in configured)
