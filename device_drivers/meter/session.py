"""One request/reply exchange with a meter, as a sans-io state machine.

The client does the I/O; the :class:`Transaction` decides. Usage::

    tx = Transaction(request_frame, retries=2)
    transport.write(tx.start())
    while True:
        event = tx.next_event()
        if isinstance(event, NeedData):   # read event.size bytes (or time out)
            data = read(...);  tx.receive_data(data) if data else transport.write(...)  # see client
        elif isinstance(event, Send):     # a retry or a follow-up request
            ...
        elif isinstance(event, Done): return event.reply
        elif isinstance(event, Failed): raise event.error

Policy: garbage before a frame is skipped; frames sent by the master (our own
echo on an IR head) are ignored; a damaged frame or a timeout causes a resend
while retries last, then :class:`GarbledReplyError` / :class:`NoReplyError`; an
abnormal reply fails at once with its named error (resending would not help);
a reply from another meter fails with :class:`WrongMeterError`. A reply with
the follow-up bit set makes the transaction send a 12H request for the next
part and join the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from device_drivers.meter import protocol
from device_drivers.meter.control import Function
from device_drivers.meter.errors import (
    GarbledReplyError,
    MeterError,
    NoReplyError,
    UnexpectedReplyError,
    WrongMeterError,
)
from device_drivers.meter.frame import BROADCAST, PREAMBLE, BadFrame, Frame, FrameReader


@dataclass(frozen=True, slots=True)
class NeedData:
    """Read at least ``size`` more bytes; call ``timed_out()`` if none come in time."""

    size: int


@dataclass(frozen=True, slots=True)
class Send:
    """Write ``data`` (after discarding pending input when ``flush_input``)."""

    data: bytes
    flush_input: bool = False


@dataclass(frozen=True, slots=True)
class Done:
    """The exchange succeeded; ``reply`` carries the joined data of all parts."""

    reply: Frame | None
    line_bytes: int


@dataclass(frozen=True, slots=True)
class Failed:
    error: MeterError


Event = NeedData | Send | Done | Failed


class State(Enum):
    IDLE = "idle"
    WAITING = "waiting for the reply"
    DONE = "done"
    FAILED = "failed"


class StateError(MeterError):
    """An event that the transaction's state does not allow (a programming error)."""


def _where(address: str) -> str:
    return "the meter under the probe" if "A" in address.upper() else f"meter {address}"


def _covers(pattern: str, address: str) -> bool:
    """``address`` is the one asked for, where ``A`` wildcard digits match anything."""
    return len(pattern) == len(address) and all(
        p in "Aa" or p == a for p, a in zip(pattern, address, strict=True))


class Transaction:
    """Send one request, collect its (possibly multi-part) reply, retry by policy."""

    def __init__(self, request: Frame, *, retries: int = 2, preamble: bytes = PREAMBLE) -> None:
        self.request = request
        self.retries = retries
        self.preamble = preamble
        self.state = State.IDLE
        self.attempts = 0
        self.garbled = 0
        self.line_bytes = 0  # every byte sent and received so far, for line-time accounting
        self._reader = FrameReader(policy="report")
        self._current = request
        self._parts: list[bytes] = []
        self._seq = 0
        self._expects_reply = request.address != BROADCAST

    @property
    def expects_reply(self) -> bool:
        return self._expects_reply

    def start(self) -> bytes:
        self._require(State.IDLE, "start")
        self.state = State.WAITING if self._expects_reply else State.DONE
        return self._emit(self.request)

    def receive_data(self, data: bytes) -> None:
        self._require(State.WAITING, "receive data")
        self.line_bytes += len(data)
        self._reader.feed(data)

    def timed_out(self) -> Event:
        """The reply did not come in time: resend, or fail with NoReplyError."""
        self._require(State.WAITING, "time out")
        if self.attempts <= self.retries:
            self._reader.clear()
            return Send(self._emit(self._current), flush_input=True)
        return self._fail(NoReplyError(
            f"no reply from {_where(self.request.address)} after {self.attempts} tries: is the probe "
            "on the meter's IR window, and the meter powered?"))

    def next_event(self) -> Event:
        if self.state is State.DONE:
            return Done(None, self.line_bytes)
        self._require(State.WAITING, "next event")
        while True:
            event = self._reader.next_event()
            if event is None:
                return NeedData(self._reader.bytes_needed())
            if isinstance(event, BadFrame):
                return self._garbled(event.reason)
            if not event.control.from_meter:
                continue  # our own request echoed by the IR head
            return self._on_reply(event)

    def _on_reply(self, reply: Frame) -> Event:
        asked = self.request.address
        if not _covers(asked, reply.address):
            return self._fail(WrongMeterError(
                f"meter {reply.address} answered, not meter {asked}: check which meter the probe is on"))
        expected = self._current.control.function
        if reply.control.function != expected:
            return self._fail(UnexpectedReplyError(
                f"the meter answered function {reply.control.function:02X} to a {expected:02X} request"))
        di = self._di()
        if reply.control.abnormal:
            return self._fail(protocol.abnormal_error(reply, di))
        data = reply.data
        echoes_di = expected in (Function.READ, Function.READ_FOLLOW_UP, Function.SECURITY)
        if di is not None and echoes_di:
            if data[:4] != self.request.data[:4]:
                return self._fail(UnexpectedReplyError(
                    f"the meter answered data item {data[:4][::-1].hex().upper()} instead of {di:08X}"))
            if self._parts and data[4:][-1:] != bytes([self._seq & 0xFF]):
                return self._fail(UnexpectedReplyError(
                    f"the meter's follow-up frame carries SEQ {data[4:][-1:].hex().upper() or 'none'}, "
                    f"not {self._seq & 0xFF:02X}"))
            data = data[4:] if not self._parts else data[4:-1]  # follow-ups end with SEQ
        self._parts.append(data)
        if reply.control.follow_up and di is not None and echoes_di:
            self._seq += 1
            self.attempts = 0  # each part has its own retries
            self._current = protocol.read_follow_up(asked, di, self._seq)
            return Send(self._emit(self._current))
        self.state = State.DONE
        joined = Frame(reply.address, reply.control, self.request.data[:4] * (di is not None and echoes_di)
                       + b"".join(self._parts))
        return Done(joined, self.line_bytes)

    def _di(self) -> int | None:
        function = self.request.control.function
        if function in (Function.READ, Function.WRITE, Function.SECURITY) and len(self.request.data) >= 4:
            return int.from_bytes(self.request.data[:4], "little")
        return None

    def _garbled(self, reason: str) -> Event:
        self.garbled += 1
        if self.attempts <= self.retries:
            self._reader.clear()
            return Send(self._emit(self._current), flush_input=True)
        return self._fail(GarbledReplyError(
            f"the meter's replies were garbled {self.garbled} times ({reason}): clean the IR window, "
            "hold the probe steady and shade it from direct sunlight"))

    def _emit(self, frame: Frame) -> bytes:
        self.attempts += 1
        data = frame.encode(self.preamble)
        self.line_bytes += len(data)
        return data

    def _fail(self, error: MeterError) -> Failed:
        self.state = State.FAILED
        return Failed(error)

    def _require(self, state: State, what: str) -> None:
        if self.state is not state:
            raise StateError(f"cannot {what} while {self.state.value}")


class MeterSession:
    """Exchanges with a meter, one at a time: ``send(request) -> bytes``, ``receive_data``, ``next_event``.

    Each ``send`` starts a :class:`Transaction`; sending while one is still
    waiting for its reply is a :class:`StateError` naming the state.
    """

    def __init__(self, *, retries: int = 2, preamble: bytes = PREAMBLE) -> None:
        self.retries = retries
        self.preamble = preamble
        self.current: Transaction | None = None

    def send(self, request: Frame) -> bytes:
        if self.current is not None and self.current.state is State.WAITING:
            raise StateError(f"cannot send a request while {State.WAITING.value}")
        self.current = Transaction(request, retries=self.retries, preamble=self.preamble)
        return self.current.start()

    def receive_data(self, data: bytes) -> None:
        self._tx("receive data").receive_data(data)

    def next_event(self) -> Event:
        return self._tx("next event").next_event()

    def timed_out(self) -> Event:
        return self._tx("time out").timed_out()

    def abandon(self) -> None:
        """Give up the exchange in progress (the port failed under it); the next send may start."""
        if self.current is not None and self.current.state is State.WAITING:
            self.current.state = State.FAILED

    def _tx(self, what: str) -> Transaction:
        if self.current is None:
            raise StateError(f"cannot {what} before a request was sent")
        return self.current
