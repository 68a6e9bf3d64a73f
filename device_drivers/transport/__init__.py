"""Byte transports chosen by URL: a serial device, a pty path, ``loop://``, ``socket://``."""

from device_drivers.transport.port import ByteTransport, open_transport

__all__ = ["ByteTransport", "open_transport"]
