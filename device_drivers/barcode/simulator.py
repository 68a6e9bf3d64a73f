"""A simulated serial scan engine on a pty: each scan is a line of text, as a real engine sends.

The driver opens :attr:`ScannerSimulator.path` like any serial port.
"""

from __future__ import annotations

import contextlib
import os
import tty

from device_drivers.barcode.model import Symbology

_AIM_PREFIX = {
    Symbology.CODE128: "]C0",
    Symbology.QR: "]Q1",
    Symbology.DATAMATRIX: "]d2",
    Symbology.EAN13: "]E0",
    Symbology.CODE39: "]A0",
}


class ScannerSimulator:
    """The scan-engine end of a pty pair."""

    def __init__(self, terminator: bytes = b"\r\n", aim_prefix: bool = False,
                 encoding: str = "utf-8") -> None:
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.path = os.ttyname(self._slave)
        self.terminator = terminator
        self.aim_prefix = aim_prefix
        self.encoding = encoding

    def frame(self, text: str, symbology: Symbology = Symbology.CODE128) -> bytes:
        """The bytes a scan engine sends for one scan of ``text``."""
        prefix = _AIM_PREFIX.get(symbology, "]X0") if self.aim_prefix else ""
        return (prefix + text).encode(self.encoding) + self.terminator

    def scan(self, text: str, symbology: Symbology = Symbology.CODE128) -> None:
        """Pull the trigger on a label reading ``text``."""
        self.write_raw(self.frame(text, symbology))

    def write_raw(self, data: bytes) -> None:
        """Send arbitrary bytes (noise, a cut line) as if from the engine."""
        view = memoryview(data)
        while view:
            written = os.write(self._master, view)
            view = view[written:]

    def close(self) -> None:
        for fd in (self._master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)

    def __enter__(self) -> ScannerSimulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
