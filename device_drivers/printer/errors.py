"""Printer errors. Each says what the technician should do; the print job is never lost:
the driver raises before sending, and the caller keeps the job to print again."""

from __future__ import annotations

from device_drivers.errors import DeviceError, DeviceTimeoutError


class PrinterError(DeviceError):
    """The receipt could not be printed."""


class PrinterNotRespondingError(PrinterError, DeviceTimeoutError):
    """No answer to a status request: off, out of range, or not paired."""


class PrinterOfflineError(PrinterError):
    """The printer answers but is offline (cover open, error)."""


class PaperOutError(PrinterOfflineError):
    """The paper roll is empty."""
