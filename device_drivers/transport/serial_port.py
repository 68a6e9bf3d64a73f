"""pyserial behind :class:`ByteTransport`: the only module that imports pyserial."""

from __future__ import annotations

import os
import termios
import time

import serial

from device_drivers.errors import TransportError

_SERIAL_SCHEME = "serial://"


class SerialTransport:
    """A pyserial port (any URL pyserial understands, or a plain device path)."""

    def __init__(self, port: serial.SerialBase, url: str) -> None:
        self._port = port
        self.url = url

    @classmethod
    def open(cls, url: str, baudrate: int, parity: str, bytesize: int, stopbits: int) -> SerialTransport:
        """Open the port; a pty (which has no line, and which recent kernels refuse parity on)
        is opened without parity."""
        target = url[len(_SERIAL_SCHEME):] if url.startswith(_SERIAL_SCHEME) else url
        if parity != serial.PARITY_NONE and _is_pty(target):
            parity = serial.PARITY_NONE
        try:
            port = serial.serial_for_url(target, baudrate=baudrate, parity=parity,
                                         bytesize=bytesize, stopbits=stopbits, timeout=0)
        except (serial.SerialException, ValueError, OSError, termios.error) as exc:
            raise TransportError(f"cannot open port {url}: {exc}") from exc
        return cls(port, url)

    def write(self, data: bytes) -> None:
        try:
            self._port.write(data)
            self._port.flush()
        except (serial.SerialException, OSError) as exc:
            raise TransportError(f"port {self.url} failed while sending: {exc}") from exc

    def read(self, size: int, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        out = bytearray()
        try:
            while len(out) < size:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._port.timeout = remaining
                chunk = self._port.read(size - len(out))
                if chunk:
                    out += chunk
        except (serial.SerialException, OSError, termios.error) as exc:
            raise TransportError(f"port {self.url} failed while receiving: {exc}") from exc
        return bytes(out)

    def reset_input(self) -> None:
        try:
            self._port.reset_input_buffer()
        except (serial.SerialException, OSError) as exc:
            raise TransportError(f"port {self.url} failed: {exc}") from exc

    def close(self) -> None:
        self._port.close()


def _is_pty(path: str) -> bool:
    """True for a pseudo-terminal (a simulator's end), following symlinks such as ``--link``."""
    if "://" in path:
        return False
    real = os.path.realpath(path)
    return real.startswith("/dev/pts/")
