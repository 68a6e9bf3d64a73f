"""A simulated single-phase prepaid smart meter: answers DL/T 645 request frames (pure, no I/O).

``handle(request, now)`` returns the reply frame (or ``None`` where a meter
stays silent: broadcasts, 08H broadcast time at any address, other addresses).
Access rules as the FW13 firmware: over IR, without IR authentication only the
items marked ``ir_free`` in the DI table can be read; everything else gets ERR
b2. Replies longer than ``max_reply_data`` are split into follow-up frames
(B1 ... 12H DI+SEQ ... B2/92 DI+part+SEQ). The read-address reply (93H)
carries the address in its data field as well as in its header. Write address,
passwords and clears are in :mod:`.admin`. Every reply is checked byte for
byte against the standard's layouts in ``tests/device_drivers/meter/test_conformance.py``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable

from device_drivers.meter import protocol as p
from device_drivers.meter.control import Control, Function
from device_drivers.meter.di_table import lookup
from device_drivers.meter.errors import MeterError
from device_drivers.meter.frame import BROADCAST, Frame, encode_address
from device_drivers.meter.simulator import admin
from device_drivers.meter.simulator.esam import Esam, EsamRefusal
from device_drivers.meter.simulator.registers import advance, apply_write, epoch_of, value_table
from device_drivers.meter.simulator.state import MeterState
from device_drivers.meter.timeformats import DateTimeFormat

DI_IR_REQUEST, DI_IR_AUTH = p.DI_IR_REQUEST, p.DI_IR_AUTH
DI_IDENTITY_AUTH, DI_CANCEL_AUTH = p.DI_IDENTITY_AUTH, p.DI_CANCEL_AUTH
BROADCAST_TIME_LIMIT_S = 300  # meters accept broadcast time corrections of at most 5 minutes
IDENTITY_BIT = 1 << 13
_ADMIN: dict[int, Callable[[MeterState, bytes], bytes]] = {
    Function.WRITE_ADDRESS: admin.write_address, Function.CHANGE_PASSWORD: admin.change_password,
    Function.CLEAR_DEMAND: admin.clear_demand, Function.CLEAR_METER: admin.clear_meter,
    Function.CLEAR_EVENTS: admin.clear_events}


class SimulatedMeter:
    def __init__(self, state: MeterState, *, random: Callable[[int], bytes] = os.urandom,
                 max_reply_data: int = 200) -> None:
        self.state = state
        self.esam = Esam(state, random)
        self.max_reply_data = max_reply_data
        self.changed = False  # set when something worth saving changed
        self._pending: tuple[bytes, bytes] | None = None  # DI, the part not sent yet
        self._last_follow: tuple[bytes, Frame] | None = None  # the last 12H request and its reply

    @property
    def address(self) -> str:
        return self.state.address

    def matches(self, address: str) -> bool:
        """Our address, or a pattern whose AA wildcards cover the rest."""
        return all(a in ("A", "a") or a == b for a, b in zip(address, self.address, strict=True))

    def handle(self, request: Frame, now: float) -> Frame | None:
        advance(self.state, now)
        if request.address == BROADCAST:
            self._broadcast(request, now)
            return None
        if (not self.matches(request.address) or request.control.from_meter
                or request.control.function == Function.BROADCAST_TIME):
            return None  # 08H is never answered, whatever the address
        handlers: dict[int, Callable[[Frame, float], Frame]] = {
            Function.READ: self._read, Function.READ_FOLLOW_UP: self._follow_up,
            Function.READ_ADDRESS: lambda r, n: self._ok(r, encode_address(self.address)),
            Function.WRITE: self._write, Function.SECURITY: self._security,
            Function.FREEZE: self._freeze, Function.CHANGE_BAUD: self._change_baud}
        handler = handlers.get(request.control.function)
        if handler is not None:
            return handler(request, now)
        command = _ADMIN.get(request.control.function)
        if command is None:  # 1CH needs the ESAM's control key; anything else is not a command
            remote = request.control.function == Function.REMOTE_CONTROL
            refusal = p.ERR_UNAUTHORISED if remote else p.ERR_OTHER
            return p.abnormal_reply(request, self.address, refusal)
        try:
            data = command(self.state, request.data)
        except admin.Refused as refusal:
            return p.abnormal_reply(request, self.address, refusal.code)
        self.changed = True
        return self._ok(request, data)

    def _ok(self, request: Frame, data: bytes, *, more: bool = False) -> Frame:
        return Frame(self.address, Control.reply(request.control.function, follow_up=more), data)

    def _read(self, request: Frame, now: float) -> Frame:
        self._pending = self._last_follow = None  # a new read ends any follow-up sequence
        if len(request.data) < 4:
            return p.abnormal_reply(request, self.address, p.ERR_OTHER)
        di_raw = request.data[:4]
        di = int.from_bytes(di_raw, "little")
        item = lookup(di)
        if not item.ir_free and not self.esam.ir_authenticated(now):
            return p.abnormal_reply(request, self.address, p.ERR_UNAUTHORISED)
        self._status_bits(now)
        source = value_table(self.state, now).get(di)
        if source is None:
            return p.abnormal_reply(request, self.address, p.ERR_NO_DATA)
        try:
            raw = item.fmt.encode(source())
        except MeterError:
            return p.abnormal_reply(request, self.address, p.ERR_OTHER)
        room = self.max_reply_data - 4
        if len(raw) <= room:
            return self._ok(request, di_raw + raw)
        self._pending = (di_raw, raw[room:])
        return self._ok(request, di_raw + raw[:room], more=True)

    def _status_bits(self, now: float) -> None:
        """Status word 3 bit 13: identity authentication valid (as FW13 keeps it)."""
        if self.esam.identity_valid(now):
            self.state.status[2] |= IDENTITY_BIT
        else:
            self.state.status[2] &= ~IDENTITY_BIT

    def _follow_up(self, request: Frame, now: float) -> Frame:
        """12H: DI + SEQ asks for the next part; the reply is DI + part + the same SEQ (92H, B2H).

        The same request again (the master's retry after a lost reply) gets the same part again.
        """
        if self._last_follow is not None and request.data == self._last_follow[0]:
            return self._last_follow[1]
        if len(request.data) != 5 or self._pending is None or request.data[:4] != self._pending[0]:
            return p.abnormal_reply(request, self.address, p.ERR_NO_DATA)
        di_raw, rest = self._pending
        room = self.max_reply_data - 5
        part, rest = rest[:room], rest[room:]
        self._pending = (di_raw, rest) if rest else None
        reply = self._ok(request, di_raw + part + request.data[4:5], more=bool(rest))
        self._last_follow = (request.data, reply)
        return reply

    def _freeze(self, request: Frame, now: float) -> Frame:
        """16H: MMDDhhmm (99 = every); reply 96H, L=0."""
        if len(request.data) != 4:
            return p.abnormal_reply(request, self.address, p.ERR_OTHER)
        return self._ok(request, b"")

    def _write(self, request: Frame, now: float) -> Frame:
        data = request.data
        if len(data) < 12:
            return p.abnormal_reply(request, self.address, p.ERR_OTHER)
        di = int.from_bytes(data[:4], "little")
        level, payload = data[4], data[12:]
        item = lookup(di)
        try:
            plain = self.esam.open_write(di, level, payload, now)
        except EsamRefusal as refusal:
            self.changed = True  # the MAC failure counter persists
            return p.abnormal_reply(request, self.address, refusal.code)
        wanted_class = 1 if level == p.LEVEL_CLASS1 else 2
        if item.write_class != wanted_class:
            return p.abnormal_reply(request, self.address, p.ERR_UNAUTHORISED)
        try:
            ok = apply_write(self.state, di, item.fmt.decode(plain), now)
        except MeterError:
            ok = False
        if not ok:
            return p.abnormal_reply(request, self.address, p.ERR_OTHER)
        self.changed = True
        return self._ok(request, b"")

    def _security(self, request: Frame, now: float) -> Frame:
        data = request.data
        di = int.from_bytes(data[:4], "little")
        payload = data[8:]
        try:
            if di == DI_IR_REQUEST:
                out = self.esam.ir_request(payload)
            elif di == DI_IR_AUTH:
                self.esam.ir_auth(payload, now)
                out = b""
            elif di == DI_IDENTITY_AUTH:
                out = self.esam.identity_auth(payload, now)
            elif di == p.DI_STATUS_QUERY:
                out = self.esam.status_query(now)
            elif di == DI_CANCEL_AUTH:
                self.esam.cancel()
                out = b""
            else:
                return p.abnormal_reply(request, self.address, p.SERR_OTHER)
        except EsamRefusal as refusal:
            return p.abnormal_reply(request, self.address, refusal.code)
        return self._ok(request, data[:4] + out)

    def _change_baud(self, request: Frame, now: float) -> Frame:
        if request.data != bytes([p.BAUD_FEATURES[1200]]):  # the IR port is fixed at 1200 bps
            return p.abnormal_reply(request, self.address, p.ERR_BAUD)
        return self._ok(request, request.data)

    def _broadcast(self, request: Frame, now: float) -> None:
        if request.control.function != Function.BROADCAST_TIME:
            return
        try:
            when = DateTimeFormat("YYMMDDhhmmss").decode(request.data)
        except MeterError:
            return
        if isinstance(when, dt.datetime):
            offset = epoch_of(when) - now
            if abs(offset - self.state.clock_offset) <= BROADCAST_TIME_LIMIT_S:
                self.state.clock_offset = offset
                self.changed = True
