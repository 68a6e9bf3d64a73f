"""pyserial behind :class:`ByteTransport`: the only module that imports pyserial."""

from __future__ import annotations

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
        target = url[len(_SERIAL_SCHEME):] if url.startswith(_SERIAL_SCHEME) else url
        try:
            port = serial.serial_for_url(target, baudrate=baudrate, parity=parity,
                                         bytesize=bytesize, stopbits=stopbits, timeout=0)
        except (serial.SerialException, ValueError, OSError) as exc:
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
        except (serial.SerialException, OSError) as exc:
            raise TransportError(f"port {self.url} failed while receiving: {exc}") from exc
        return bytes(out)

    def reset_input(self) -> None:
        try:
            self._port.reset_input_buffer()
        except (serial.SerialException, OSError) as exc:
            raise TransportError(f"port {self.url} failed: {exc}") from exc

    def close(self) -> None:
        self._port.close()
