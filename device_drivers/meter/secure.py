"""Secure operations with a meter: IR authentication, identity authentication, protected writes.

The security module (:class:`~device_drivers.security.meter_ops.MeterSecurityModule`)
checks the task's authorisation and computes every cryptogram *before* the
client sends a byte, so a refused authorisation (expired, tampered, for
another meter, missing the operation) never reaches the meter. Over IR the
order is: IR request + IR auth (unlocks secure reads), identity
authentication (opens a write session), then 99H/98H writes.
"""

from __future__ import annotations

from device_drivers.meter.client import MeterClient
from device_drivers.meter.di_table import lookup
from device_drivers.meter.errors import ValueFormatError
from device_drivers.meter.protocol import (
    DI_IDENTITY_AUTH,
    DI_IR_AUTH,
    DI_IR_REQUEST,
    DI_STATUS_QUERY,
    LEVEL_CLASS1,
    LEVEL_CLASS2,
    Reading,
)
from device_drivers.meter.values import Value
from device_drivers.security.meter_ops import EsamStatus, MeterSecurityModule
from signed_commands.authorisation import READ_SECURE

DEFAULT_OPERATOR = b"\x00\x00\x00\x01"


class SecureSession:
    """One task's secure work on the meter under the probe."""

    def __init__(self, client: MeterClient, module: MeterSecurityModule, authorisation: bytes, *,
                 operator: bytes = DEFAULT_OPERATOR) -> None:
        self.client = client
        self.module = module
        self.authorisation = authorisation
        self.operator = operator

    @property
    def address(self) -> str:
        return self.client.resolve_address()

    def ir_authenticate(self) -> None:
        """IR request (078003FF) then IR auth (070003FF)."""
        address = self.address
        random1 = self.module.ir_request(self.authorisation, address)
        reply = self.client.security(DI_IR_REQUEST, self.operator, random1)
        answer = self.module.ir_response(self.authorisation, address, reply)
        self.client.security(DI_IR_AUTH, self.operator, answer)

    def identity_authenticate(self) -> None:
        """Identity authentication (070000FF): opens the session that MACs and encrypts writes."""
        address = self.address
        request = self.module.identity_request(self.authorisation, address)
        reply = self.client.security(DI_IDENTITY_AUTH, self.operator, request)
        self.module.identity_established(self.authorisation, address, reply)

    def status(self) -> EsamStatus:
        """The ESAM's purse (money, purchase count) with MACs checked: 03H status query 078102FF."""
        address = self.address
        self.module.check(self.authorisation, address, READ_SECURE)  # before anything is sent
        reply = self.client.security(DI_STATUS_QUERY, self.operator, b"")
        return self.module.open_status(self.authorisation, address, reply)

    def write(self, di: int, value: Value) -> None:
        """Write a class-1 (99H, MAC) or class-2 (98H, encrypted) item, as the DI table says."""
        item = lookup(di)
        if item.write_class not in (1, 2):
            raise ValueFormatError(f"{item.code} ({item.name}) cannot be written to a meter")
        data = item.fmt.encode(value)
        protected = self.module.protect_write(self.authorisation, self.address, di, data,
                                              item.write_class)
        level = LEVEL_CLASS1 if item.write_class == 1 else LEVEL_CLASS2
        self.client.write_raw(di, level, self.operator, protected)

    def write_and_verify(self, di: int, value: Value) -> Reading:
        """Write, read back and compare: returns the read-back reading."""
        self.write(di, value)
        reading = self.client.read(di)
        if reading.value != value:
            raise ValueFormatError(f"{reading.code} reads back {reading.value!s}, not {value!s}: the write "
                                   "did not take; retry")
        return reading
