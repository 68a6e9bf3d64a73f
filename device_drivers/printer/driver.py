"""An ESC/POS receipt printer on a serial port (Bluetooth SPP ``/dev/rfcomm0``, USB serial, a pty).

Before each job the driver asks the printer's real-time status (``DLE EOT 1``,
``2``, ``4``) and refuses to send to a printer that is offline or out of paper,
so the job is never half-sent into a void; after the job it asks again, so a
roll that ran out mid-receipt is reported. Either way the caller still has the
job bytes and prints again once the technician has fixed the printer.
"""

from __future__ import annotations

from dataclasses import dataclass

from device_drivers.printer.errors import (
    PaperOutError,
    PrinterError,
    PrinterNotRespondingError,
    PrinterOfflineError,
)
from device_drivers.printer.escpos_codec import (
    CAUSE_COVER_OPEN,
    CAUSE_PAPER_END_STOP,
    PAPER_END,
    PAPER_NEAR_END,
    STATUS_OFFLINE,
)
from device_drivers.transport import ByteTransport, open_transport

CHUNK = 512  # Bluetooth SPP printers have small input buffers


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    online: bool
    cover_open: bool
    paper_out: bool
    paper_low: bool


class ReceiptPrinter:
    """Sends ESC/POS jobs to a printer after checking that it can print them."""

    def __init__(self, transport: ByteTransport, status_timeout: float = 1.0, name: str = "printer") -> None:
        self._transport = transport
        self._timeout = status_timeout
        self.name = name

    @classmethod
    def open(cls, url: str, baudrate: int = 9600, status_timeout: float = 1.0) -> ReceiptPrinter:
        """Open the printer's port, 8N1."""
        return cls(open_transport(url, baudrate=baudrate, parity="N"), status_timeout, name=url)

    def _ask(self, n: int) -> int:
        self._transport.write(b"\x10\x04" + bytes([n]))
        reply = self._transport.read(1, self._timeout)
        if not reply:
            raise PrinterNotRespondingError(
                f"the printer ({self.name}) does not answer: is it switched on, in range and paired?")
        if reply[0] & 0x93 != 0x12:
            raise PrinterError(f"the printer ({self.name}) gave a strange status 0x{reply[0]:02X}: "
                               "is this an ESC/POS printer at the right baud rate?")
        return reply[0]

    def status(self) -> PrinterStatus:
        """The printer's state now (three real-time status requests)."""
        self._transport.reset_input()
        printer, cause, paper = self._ask(1), self._ask(2), self._ask(4)
        return PrinterStatus(
            online=not printer & STATUS_OFFLINE,
            cover_open=bool(cause & CAUSE_COVER_OPEN),
            paper_out=bool(paper & PAPER_END) or bool(cause & CAUSE_PAPER_END_STOP),
            paper_low=bool(paper & PAPER_NEAR_END),
        )

    def ensure_ready(self) -> PrinterStatus:
        """The status if the printer can print; otherwise raise saying what to fix."""
        status = self.status()
        if status.paper_out:
            raise PaperOutError("the printer is out of paper: load a new roll, then print again")
        if status.cover_open:
            raise PrinterOfflineError("the printer's cover is open: close it, then print again")
        if not status.online:
            raise PrinterOfflineError("the printer is offline: check it for errors, then print again")
        return status

    def print_job(self, job: bytes) -> PrinterStatus:
        """Print ``job`` (ESC/POS bytes). Raises before sending if the printer cannot print it."""
        self.ensure_ready()
        for start in range(0, len(job), CHUNK):
            self._transport.write(job[start:start + CHUNK])
        after = self.status()
        if after.paper_out:
            raise PaperOutError("the paper ran out while printing: load a new roll and print "
                                "the receipt again")
        return after

    def close(self) -> None:
        self._transport.close()
