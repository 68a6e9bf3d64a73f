"""The shared serial transport: ptys open despite asking for 8E1; bad ports give a clear error."""

from __future__ import annotations

import os
import tty

import pytest

from device_drivers.errors import TransportError
from device_drivers.transport import open_transport


def test_pty_opens_with_even_parity_requested_and_carries_bytes() -> None:
    master, slave = os.openpty()
    tty.setraw(slave)
    port = open_transport(os.ttyname(slave), baudrate=1200, parity="E")
    try:
        os.write(master, b"\x68\x16")
        assert port.read(2, timeout=1.0) == b"\x68\x16"
        port.write(b"\xfe\xfe")
        assert os.read(master, 2) == b"\xfe\xfe"
    finally:
        port.close()
        os.close(master)
        os.close(slave)


def test_missing_port_is_a_transport_error_naming_it() -> None:
    with pytest.raises(TransportError, match="/dev/does-not-exist"):
        open_transport("/dev/does-not-exist")


def test_loop_url_echoes() -> None:
    port = open_transport("loop://")
    port.write(b"abc")
    assert port.read(3, timeout=0.5) == b"abc"
    port.close()
