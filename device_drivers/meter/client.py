"""The meter client: a :class:`Transaction` driven over a byte transport chosen by URL.

IR defaults: 1200 bps, 8E1, four FE wake-up bytes before every request. Each
exchange waits for the first reply byte for ``reply_timeout`` plus the time the
request takes on the line, then allows each expected byte ``byte_margin`` times
its line time; timeouts and garbled replies are retried ``retries`` times. Every
failure is a :class:`~device_drivers.meter.errors.MeterError`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from types import TracebackType

from device_drivers.meter import protocol
from device_drivers.meter.control import Function
from device_drivers.meter.di_table import lookup
from device_drivers.meter.errors import (
    AbnormalReplyError,
    FrameError,
    MeterError,
    NoDataError,
    UnexpectedReplyError,
    ValueFormatError,
)
from device_drivers.meter.frame import WILDCARD, Frame, decode_address
from device_drivers.meter.plan import PlannedRead, cut, plan_reads
from device_drivers.meter.protocol import Reading, decode_reading
from device_drivers.meter.session import Done, Failed, MeterSession, NeedData, Send, Transaction
from device_drivers.meter.values import Value
from device_drivers.transport import ByteTransport, open_transport

IR_BAUD = 1200
BITS_PER_BYTE = 11  # start + 8 data + even parity + stop


def line_parity(url: str) -> str:
    """Even parity (8E1) on real ports; none on a pty.

    A pty has no line, so parity means nothing there, and recent Linux kernels
    refuse PARENB on a pty with EINVAL (pyserial then fails to open or to set a
    timeout). The simulator paces the line itself, including the parity bit.
    """
    path = url.removeprefix("serial://")
    if "://" not in path and os.path.realpath(path).startswith("/dev/pts/"):
        return "N"
    return "E"


@dataclass(frozen=True, slots=True)
class LineTiming:
    """Timeouts and retries of the line."""

    baudrate: int = IR_BAUD
    reply_timeout: float = 1.0
    inter_byte_timeout: float = 0.5
    byte_margin: float = 2.0
    retries: int = 2

    @property
    def byte_time(self) -> float:
        return BITS_PER_BYTE / self.baudrate


@dataclass(frozen=True, slots=True)
class ItemError:
    """A data item the meter refused (or sent in a form that does not decode)."""

    di: int
    name: str
    error: MeterError

    @property
    def code(self) -> str:
        return f"{self.di:08X}"


@dataclass(slots=True)
class LineStats:
    """What went over the line: for comparing a session against its line-time limit."""

    exchanges: int = 0
    line_bytes: int = 0
    attempts: int = 0


class MeterClient:
    """Talk DL/T 645-2007 to the meter under the probe (or a given address)."""

    def __init__(self, transport: ByteTransport, *, address: str = WILDCARD,
                 timing: LineTiming | None = None) -> None:
        self.transport = transport
        self.address = address
        self.timing = timing or LineTiming()
        self.stats = LineStats()
        self._session = MeterSession(retries=self.timing.retries)

    @classmethod
    def open(cls, url: str, *, address: str = WILDCARD, timing: LineTiming | None = None) -> MeterClient:
        timing = timing or LineTiming()
        return cls(open_transport(url, baudrate=timing.baudrate, parity=line_parity(url)),
                   address=address, timing=timing)

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> MeterClient:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # --- exchanges -------------------------------------------------------------------------

    def exchange(self, request: Frame) -> Frame | None:
        """Send ``request`` and return the (joined) reply; ``None`` for broadcasts."""
        self._session.retries = self.timing.retries
        self.transport.reset_input()
        sent = self._session.send(request)
        tx = self._session.current
        assert tx is not None
        try:
            return self._drive(tx, sent)
        finally:
            self._account(tx)
            self._session.abandon()

    def _drive(self, tx: Transaction, sent: bytes) -> Frame | None:
        self.transport.write(sent)
        fresh = True
        while True:
            event = tx.next_event()
            if isinstance(event, NeedData):
                chunk = self.transport.read(event.size, self._timeout(event.size, len(sent) if fresh else 0))
                if chunk:
                    fresh = False
                    tx.receive_data(chunk)
                    continue
                event = tx.timed_out()
            if isinstance(event, Send):
                if event.flush_input:
                    self.transport.reset_input()
                sent, fresh = event.data, True
                self.transport.write(sent)
            elif isinstance(event, Done):
                return event.reply
            elif isinstance(event, Failed):
                raise event.error

    def _timeout(self, size: int, just_sent: int) -> float:
        t = self.timing
        wait = t.reply_timeout + just_sent * t.byte_time if just_sent else t.inter_byte_timeout
        return wait + size * t.byte_time * t.byte_margin

    def _account(self, tx: Transaction) -> None:
        self.stats.exchanges += 1
        self.stats.line_bytes += tx.line_bytes
        self.stats.attempts += tx.attempts

    def _reply(self, request: Frame) -> Frame:
        reply = self.exchange(request)
        if reply is None:
            raise UnexpectedReplyError("no reply frame to a request that needs one")
        return reply

    # --- reads -----------------------------------------------------------------------------

    def read_address(self) -> str:
        """The address of the meter under the probe (13H with AA wildcards).

        The meter puts its address in the reply's data field (93H, L=06, A0..A5
        low byte first) as well as in the header; the data field is the answer,
        and it must agree with the header.
        """
        reply = self._reply(protocol.read_address())
        if reply.control.function != Function.READ_ADDRESS:
            raise UnexpectedReplyError("the meter did not answer the read-address request")
        try:
            address = decode_address(reply.data)
        except FrameError:
            raise UnexpectedReplyError(
                f"the meter's read-address reply carries {len(reply.data)} data bytes "
                f"({reply.data.hex().upper() or 'none'}), not a 6-byte address") from None
        if address != reply.address:
            raise UnexpectedReplyError(
                f"the meter's read-address reply names {address} in its data but {reply.address} "
                "in its header")
        return address

    def resolve_address(self) -> str:
        """Use the meter's real address from now on (reads it if only a wildcard is known)."""
        if "A" in self.address.upper():
            self.address = self.read_address()
        return self.address

    def read_raw(self, di: int) -> bytes:
        return self._reply(protocol.read(self.address, di)).data[4:]

    def read(self, di: int) -> Reading:
        return decode_reading(di, self.read_raw(di))

    def read_many(self, dis: Iterable[int], *, skip_missing: bool = False) -> list[Reading]:
        """Read several items in as few line turns as the composite items allow.

        A refused item fails the whole list, except that with ``skip_missing``
        an item the meter does not have (ERR b1) is left out.
        """
        out: list[Reading] = []
        for result in self.read_each(dis):
            if isinstance(result, ItemError):
                if skip_missing and isinstance(result.error, NoDataError):
                    continue
                raise result.error
            out.append(result)
        return out

    def read_each(self, dis: Iterable[int]) -> list[Reading | ItemError]:
        """Like :meth:`read_many`, but an item the meter refuses becomes an :class:`ItemError`.

        Line failures (no reply, garbled replies) still raise: nothing more can be read.
        """
        wanted = list(dis)
        raw: dict[int, bytes | AbnormalReplyError] = {}
        for plan in plan_reads(wanted):
            raw.update(self._read_planned(plan))
        results: list[Reading | ItemError] = []
        for di in wanted:
            got = raw[di]
            if isinstance(got, AbnormalReplyError):
                results.append(ItemError(di, lookup(di).name, got))
            else:
                try:
                    results.append(decode_reading(di, got))
                except ValueFormatError as exc:
                    results.append(ItemError(di, lookup(di).name, exc))
        return results

    def _read_planned(self, plan: PlannedRead) -> dict[int, bytes | AbnormalReplyError]:
        try:
            parts: dict[int, bytes] | None = cut(plan, self.read_raw(plan.di))
        except AbnormalReplyError as exc:
            if not plan.members:
                return {plan.di: exc}
            parts = None
        if parts is not None:
            return dict(parts)
        out: dict[int, bytes | AbnormalReplyError] = {}
        for member in plan.members:  # the meter refused the composite: one by one
            out.update(self._read_planned(PlannedRead(member.di)))
        return out

    # --- writes and commands ---------------------------------------------------------------

    def write_raw(self, di: int, level: int, operator: bytes, data: bytes,
                  password: bytes = b"\x00\x00\x00") -> None:
        self._reply(protocol.write(self.address, di, level, operator, data, password=password))

    def write_value(self, di: int, value: Value, *, level: int, operator: bytes,
                    password: bytes = b"\x00\x00\x00") -> None:
        """A plaintext write with a password level (meters without an ESAM)."""
        self.write_raw(di, level, operator, lookup(di).fmt.encode(value), password)

    def security(self, di: int, operator: bytes, payload: bytes) -> bytes:
        """A 03H security command; returns the reply data after the DI."""
        return self._reply(protocol.security(self.address, di, operator, payload)).data[4:]

    def broadcast_time(self, when: dt.datetime) -> None:
        self.exchange(protocol.broadcast_time(when))

    def freeze(self, when: str = "99999999") -> None:
        self._reply(protocol.freeze(self.address, when))

    def change_baud(self, baud: int) -> None:
        reply = self._reply(protocol.change_baud(self.address, baud))
        if reply.data[:1] != bytes([protocol.BAUD_FEATURES[baud]]):
            raise MeterError("the meter did not confirm the baud rate change")
