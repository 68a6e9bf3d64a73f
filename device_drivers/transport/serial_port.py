"""pyserial behind :class:`ByteTransport`: the only module that imports pyserial.

A port has one user at a time. Two users of one line read each other's replies (on a
pty, one of them is told "readiness to read but returned no data"): within the process
an opener waits up to :data:`PORT_WAIT` seconds for the port to be closed (the status
strip's device check and a technician's read, for instance); another process holding a
device port is refused at once (pyserial's exclusive lock).
"""

from __future__ import annotations

import os
import termios
import threading
import time

import serial

from device_drivers.errors import TransportError

_SERIAL_SCHEME = "serial://"
PORT_WAIT = 15.0  # seconds an opener waits for another user of the port in this process

_locks_guard = threading.Lock()
_port_locks: dict[str, threading.Lock] = {}


def _port_lock(target: str) -> threading.Lock:
    key = os.path.realpath(target) if "://" not in target else target
    with _locks_guard:
        return _port_locks.setdefault(key, threading.Lock())


class SerialTransport:
    """A pyserial port (any URL pyserial understands, or a plain device path)."""

    def __init__(self, port: serial.SerialBase, url: str, lock: threading.Lock | None = None) -> None:
        self._port = port
        self.url = url
        self._lock = lock

    @classmethod
    def open(cls, url: str, baudrate: int, parity: str, bytesize: int, stopbits: int) -> SerialTransport:
        """Open the port; a pty (which has no line, and which recent kernels refuse parity on)
        is opened without parity."""
        target = url[len(_SERIAL_SCHEME):] if url.startswith(_SERIAL_SCHEME) else url
        if parity != serial.PARITY_NONE and _is_pty(target):
            parity = serial.PARITY_NONE
        lock = _port_lock(target)
        if not lock.acquire(timeout=PORT_WAIT):
            raise TransportError(f"port {url} is busy: another step is still using it")
        extra = {} if "://" in target else {"exclusive": True}
        try:
            port = serial.serial_for_url(target, baudrate=baudrate, parity=parity,
                                         bytesize=bytesize, stopbits=stopbits, timeout=0, **extra)
        except (serial.SerialException, ValueError, OSError, termios.error) as exc:
            lock.release()
            raise TransportError(f"cannot open port {url}: {exc}") from exc
        return cls(port, url, lock)

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
        """Close the port and hand it to the next user (closing twice is harmless)."""
        try:
            self._port.close()
        finally:
            lock, self._lock = self._lock, None
            if lock is not None:
                lock.release()


def _is_pty(path: str) -> bool:
    """True for a pseudo-terminal (a simulator's end), following symlinks such as ``--link``."""
    if "://" in path:
        return False
    real = os.path.realpath(path)
    return real.startswith("/dev/pts/")
