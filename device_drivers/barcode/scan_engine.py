"""A serial scan engine: one line of text per scan, CR or CRLF terminated.

Rugged terminals carry a 1D/2D scan engine on an internal UART (or a Bluetooth
SPP scanner shows up as a serial port). Each trigger pull sends the decoded text
and a terminator. Engines can be set to prefix the AIM symbology identifier
(``]C0`` Code 128, ``]Q1`` QR, ``]d2`` Data Matrix...); when present it is
stripped and reported as the symbology.

:class:`ScanLineDecoder` is the pure codec (bytes in, scans out);
:class:`SerialScanEngine` reads a :class:`ByteTransport`.
"""

from __future__ import annotations

import collections
import re
import time

from device_drivers.barcode.model import BarcodeError, Scan, ScanSource, Symbology
from device_drivers.transport import ByteTransport, open_transport

MAX_LINE = 4096
_AIM = re.compile(r"\][A-Za-z][0-9A-Za-z]")
_AIM_SYMBOLOGY = {
    "C": Symbology.CODE128,
    "Q": Symbology.QR,
    "d": Symbology.DATAMATRIX,
    "E": Symbology.EAN13,
    "A": Symbology.CODE39,
    "G": Symbology.CODE93,
    "I": Symbology.I25,
    "L": Symbology.PDF417,
}


class ScanLineError(BarcodeError):
    """One line from the scan engine could not be turned into a scan (the others are kept)."""


def _decode_text(raw: bytes) -> str:
    # Engines send UTF-8, or GBK/GB18030 when set up for Chinese Windows hosts.
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ScanLineError("the scanner sent text in an unknown encoding: set it to UTF-8")


def parse_line(raw: bytes) -> Scan:
    """One scan from one line (terminator removed)."""
    text = _decode_text(raw)
    if any(ord(ch) < 0x20 and ch != "\x1d" for ch in text):  # GS is legal (GS1 separators)
        raise ScanLineError("the scanner sent control characters: check its baud rate and settings")
    symbology = Symbology.UNKNOWN
    if _AIM.match(text):
        symbology = _AIM_SYMBOLOGY.get(text[1], Symbology.OTHER)
        text = text[3:]
    if not text.strip():
        raise ScanLineError("the scanner sent an empty scan: scan again")
    return Scan(text=text, symbology=symbology, source=ScanSource.SCAN_ENGINE)


class ScanLineDecoder:
    """Split a byte stream into scans at CR, LF or CRLF (a CRLF split across reads counts once)."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self._after_cr = False
        self._overflow = False

    def feed(self, data: bytes) -> list[Scan | ScanLineError]:
        """Scans (or the error for each bad line) completed by ``data``, in order."""
        out: list[Scan | ScanLineError] = []
        for byte in data:
            if byte == 0x0A and self._after_cr:
                self._after_cr = False
                continue
            self._after_cr = byte == 0x0D
            if byte in (0x0D, 0x0A):
                out.extend(self._end_line())
            elif len(self._buf) >= MAX_LINE:
                self._overflow = True
            else:
                self._buf.append(byte)
        return out

    def _end_line(self) -> list[Scan | ScanLineError]:
        raw, overflow = bytes(self._buf), self._overflow
        self._buf.clear()
        self._overflow = False
        if overflow:
            return [ScanLineError(f"a scan longer than {MAX_LINE} bytes without an end of line: "
                                  "set the scanner's terminator to CR or CRLF")]
        if not raw:
            return []  # blank lines between scans are harmless
        try:
            return [parse_line(raw)]
        except ScanLineError as exc:
            return [exc]


class SerialScanEngine:
    """Scans from a scan engine on a serial port (or pty, or Bluetooth SPP)."""

    def __init__(self, transport: ByteTransport) -> None:
        self._transport = transport
        self._decoder = ScanLineDecoder()
        self._pending: collections.deque[Scan | ScanLineError] = collections.deque()

    @classmethod
    def open(cls, url: str, baudrate: int = 9600) -> SerialScanEngine:
        """Open the scanner's port (8N1, the scan-engine default)."""
        return cls(open_transport(url, baudrate=baudrate, parity="N"))

    def read_scan(self, timeout: float) -> Scan | None:
        """The next scan, or ``None`` if nobody scanned within ``timeout`` seconds.

        A bad line raises :class:`ScanLineError`; scans after it stay queued.
        """
        if not self._pending:
            self._fill(timeout)
        if not self._pending:
            return None
        item = self._pending.popleft()
        if isinstance(item, ScanLineError):
            raise item
        return item

    def _fill(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not self._pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            # The transport waits for all it is asked: take one byte, then what follows it.
            first = self._transport.read(1, remaining)
            if first:
                self._pending.extend(self._decoder.feed(first + self._transport.read(255, 0.02)))

    def close(self) -> None:
        self._transport.close()
