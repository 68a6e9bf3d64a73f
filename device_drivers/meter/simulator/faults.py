"""Fault injection for the simulated meter: what goes wrong on a real IR link.

Faults are queued and each applies to the next reply (``count`` times):

- ``no-reply``: the meter stays silent (probe off the window);
- ``bad-checksum``: the reply's CS byte is wrong;
- ``garble``: one byte inside the reply is corrupted (sunlight on the window);
- ``noise``: junk bytes before an intact reply (the driver must resynchronise);
- ``tamper``: the first data byte after the DI is changed and the checksum made
  right again (an attacker on the line: only MACs can catch it);
- ``abnormal``: an abnormal reply with ERR/SERR code ``arg`` instead of the answer;
- ``slow``: the reply starts ``arg`` seconds late.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from device_drivers.meter import protocol as p
from device_drivers.meter.frame import PREAMBLE, Frame

KINDS = ("no-reply", "bad-checksum", "garble", "noise", "tamper", "abnormal", "slow")
NOISE = bytes([0x00, 0x5A, 0x68, 0x12, 0xFF, 0x16])


@dataclass(frozen=True, slots=True)
class Fault:
    kind: str
    arg: float = 0


class FaultPlan:
    """A queue of faults, one taken per reply."""

    def __init__(self) -> None:
        self._queue: deque[Fault] = deque()

    def add(self, kind: str, count: int = 1, arg: float = 0) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown fault {kind!r}: one of {', '.join(KINDS)}")
        self._queue.extend(Fault(kind, arg) for _ in range(count))

    def clear(self) -> None:
        self._queue.clear()

    def __len__(self) -> int:
        return len(self._queue)

    def take(self) -> Fault | None:
        return self._queue.popleft() if self._queue else None


def apply(fault: Fault | None, request: Frame, reply: Frame | None) -> tuple[bytes, float]:
    """The bytes to send for ``reply`` under ``fault``, and the extra delay in seconds."""
    if reply is None:
        return b"", 0.0
    if fault is None:
        return reply.encode(PREAMBLE), 0.0
    if fault.kind == "no-reply":
        return b"", 0.0
    if fault.kind == "abnormal":
        return p.abnormal_reply(request, reply.address, int(fault.arg) or p.ERR_OTHER).encode(PREAMBLE), 0.0
    if fault.kind == "tamper" and len(reply.data) > 4:
        data = bytearray(reply.data)
        data[4] ^= 0x01
        return Frame(reply.address, reply.control, bytes(data)).encode(PREAMBLE), 0.0
    wire = bytearray(reply.encode(PREAMBLE))
    if fault.kind == "bad-checksum":
        wire[-2] ^= 0xFF
    elif fault.kind == "garble":
        wire[len(PREAMBLE) + 10] ^= 0x5A  # first DATA byte, or CS when there is no data
    elif fault.kind == "noise":
        wire[0:0] = NOISE
    elif fault.kind == "slow":
        return bytes(wire), float(fault.arg)
    return bytes(wire), 0.0
