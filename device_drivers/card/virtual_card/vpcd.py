"""The card end of vsmartcard's vpcd protocol: a TCP client of the reader driver.

vpcd (inside pcscd) listens on 35963 (reader ``Virtual PCD 00 00``) and 35964
(``Virtual PCD 00 01``); the card connects to it. Each message is a 2-byte
big-endian length and a payload. A 1-byte payload is a control: 0 power off,
1 power on, 2 reset (no reply), 4 send the ATR (reply: the ATR). A longer
payload is a command APDU; the reply is the response APDU.

Closing the socket is pulling the card out. :class:`PullPlan` does that after
N APDUs: either after answering the Nth, or after *executing* it but before its
answer leaves (the worst case for the terminal: the card changed, the terminal
does not know). EEPROM changes are persisted before the answer is sent.
"""

from __future__ import annotations

import socket
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from device_drivers.card.errors import CardError

VPCD_HOST = "127.0.0.1"
CARD_PORT = 35963
TAG_PORT = 35964
_LEN = struct.Struct(">H")


class CardOS(Protocol):
    def power_on(self) -> None: ...

    def process(self, raw: bytes) -> bytes: ...


@dataclass(frozen=True, slots=True)
class PullPlan:
    """Pull the card out at APDU number ``after`` (1-based); ``answered``: after its reply."""

    after: int
    answered: bool = True


def connect(host: str, port: int, timeout: float) -> socket.socket:
    """Connect to vpcd, retrying until ``timeout`` (pcscd may still be starting)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            sock = socket.create_connection((host, port), timeout=1.0)
        except OSError as exc:
            if time.monotonic() >= deadline:
                raise CardError(f"cannot reach the virtual reader at {host}:{port} ({exc}): "
                                "is pcscd running with vsmartcard-vpcd installed?") from None
            time.sleep(0.1)
            continue
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock


def _recv_exact(sock: socket.socket, n: int) -> bytes | None:
    buf = b""
    while len(buf) < n:
        # vpcd writes the length and the payload separately: answer its first write at
        # once (no 40 ms delayed ACK against its Nagle), or every APDU takes 40 ms.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(_LEN.pack(len(payload)) + payload)


def serve(sock: socket.socket, card: CardOS, atr: bytes, *, plan: PullPlan | None = None,
          on_apdu: Callable[[], None] = lambda: None) -> int:
    """Answer vpcd until it disconnects or the card is pulled; returns the APDU count.

    ``on_apdu`` runs after each APDU is executed and before its answer is sent:
    the place to persist the card's EEPROM.
    """
    apdus = 0
    try:
        while (head := _recv_exact(sock, 2)) is not None:
            payload = _recv_exact(sock, _LEN.unpack(head)[0])
            if payload is None:
                break
            if len(payload) == 1:
                if payload[0] == 4:
                    _send(sock, atr)
                elif payload[0] in (1, 2):
                    card.power_on()
                continue
            apdus += 1
            response = card.process(payload)
            on_apdu()
            if plan is not None and apdus == plan.after and not plan.answered:
                break
            _send(sock, response)
            if plan is not None and apdus == plan.after:
                break
    except OSError:
        pass
    finally:
        sock.close()
    return apdus
