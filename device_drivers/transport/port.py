"""The byte-transport port that drivers talk through.

Drivers depend on :class:`ByteTransport` only; :func:`open_transport` picks the
implementation from a URL, so the same driver runs on a real serial device, a
pty served by a simulator, or pyserial's ``loop://``.
"""

from __future__ import annotations

from typing import Protocol


class ByteTransport(Protocol):
    """A half-duplex byte pipe with a read timeout."""

    def write(self, data: bytes) -> None:
        """Send all of ``data``."""

    def read(self, size: int, timeout: float) -> bytes:
        """Return up to ``size`` bytes, fewer (maybe none) if ``timeout`` seconds pass."""

    def reset_input(self) -> None:
        """Discard whatever has been received and not read."""

    def close(self) -> None:
        """Release the port."""


def open_transport(url: str, baudrate: int = 1200, parity: str = "E", bytesize: int = 8,
                   stopbits: int = 1) -> ByteTransport:
    """Open ``url`` (``serial:///dev/ttyUSB0``, ``/dev/pts/3``, ``loop://``, ``socket://h:p``).

    Parity is ``"N"``, ``"E"`` or ``"O"``. Raises :class:`TransportError` with a
    message naming the port when it cannot be opened.
    """
    from device_drivers.transport.serial_port import SerialTransport

    return SerialTransport.open(url, baudrate=baudrate, parity=parity, bytesize=bytesize,
                                stopbits=stopbits)
