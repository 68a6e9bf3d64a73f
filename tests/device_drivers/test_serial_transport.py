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


def test_a_second_user_of_a_port_waits_until_the_first_closes_it() -> None:
    """The status strip's device check and a technician's read never share the line."""
    import threading
    import time

    master, slave = os.openpty()
    tty.setraw(slave)
    path = os.ttyname(slave)
    first = open_transport(path, baudrate=1200, parity="N")
    opened_at: list[float] = []

    def second_user() -> None:
        port = open_transport(path, baudrate=1200, parity="N")
        opened_at.append(time.monotonic())
        port.close()

    thread = threading.Thread(target=second_user)
    try:
        thread.start()
        time.sleep(0.3)
        assert opened_at == [], "the second user opened the port while the first still had it"
        closed_at = time.monotonic()
        first.close()
        thread.join(timeout=5)
        assert opened_at and opened_at[0] >= closed_at
        first.close()  # closing twice hands nothing over twice
        again = open_transport(path, baudrate=1200, parity="N")
        again.close()
    finally:
        thread.join(timeout=5)
        os.close(master)
        os.close(slave)


def test_a_port_still_busy_after_the_wait_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from device_drivers.transport import serial_port

    monkeypatch.setattr(serial_port, "PORT_WAIT", 0.2)
    master, slave = os.openpty()
    path = os.ttyname(slave)
    first = open_transport(path, baudrate=1200, parity="N")
    try:
        with pytest.raises(TransportError, match="busy"):
            open_transport(path, baudrate=1200, parity="N")
    finally:
        first.close()
        os.close(master)
        os.close(slave)
