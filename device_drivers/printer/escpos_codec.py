"""A sans-io ESC/POS parser: bytes in, print events out (the simulated printer's ears).

It understands what our receipts use and what common Chinese 58 mm printers
accept: text (code page 437, or GB18030 after ``FS &``), ``ESC @``, ``ESC !``,
``ESC E``, ``ESC -``, ``ESC a``, ``ESC d``, ``GS !``, ``GS B``, ``GS V`` (cut),
``GS ( k`` (QR store/print), ``GS v 0`` (raster image), ``FS &`` / ``FS .``
(Chinese mode) and the real-time status request ``DLE EOT n``. Other known
commands are skipped with their parameters; an unknown one becomes an
:class:`Unknown` event and parsing goes on. :meth:`EscPosParser.feed` never raises.

Status bytes (``DLE EOT n`` replies) follow the ESC/POS definition: fixed bits
1 and 4 are set (0x12); n=1 bit 3 offline; n=2 bit 2 cover open, bit 5 stopped
by paper end; n=4 bits 2-3 paper near end, bits 5-6 paper end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

ESC, GS, FS, DLE, EOT, LF, CR = 0x1B, 0x1D, 0x1C, 0x10, 0x04, 0x0A, 0x0D
STATUS_FIXED = 0x12
STATUS_OFFLINE = 0x08           # n=1
CAUSE_COVER_OPEN = 0x04         # n=2
CAUSE_PAPER_END_STOP = 0x20     # n=2
PAPER_NEAR_END = 0x0C           # n=4
PAPER_END = 0x60                # n=4


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class LineFeed:
    lines: int = 1


@dataclass(frozen=True, slots=True)
class Init:
    pass


@dataclass(frozen=True, slots=True)
class Style:
    """A change of text style; ``None`` fields are unchanged."""

    bold: bool | None = None
    underline: bool | None = None
    width: int | None = None
    height: int | None = None
    align: str | None = None
    invert: bool | None = None


@dataclass(frozen=True, slots=True)
class ChineseMode:
    on: bool


@dataclass(frozen=True, slots=True)
class QrSetting:
    module_size: int | None = None
    error_level: str | None = None


@dataclass(frozen=True, slots=True)
class QrStore:
    data: bytes


@dataclass(frozen=True, slots=True)
class QrPrint:
    pass


@dataclass(frozen=True, slots=True)
class Raster:
    width_bytes: int
    height: int
    data: bytes


@dataclass(frozen=True, slots=True)
class Cut:
    partial: bool


@dataclass(frozen=True, slots=True)
class StatusRequest:
    n: int


@dataclass(frozen=True, slots=True)
class Unknown:
    data: bytes


Event = (Text | LineFeed | Init | Style | ChineseMode | QrSetting | QrStore | QrPrint | Raster | Cut
         | StatusRequest | Unknown)
Parsed = tuple[int, Event | None] | None  # (bytes consumed, event); None: need more bytes

# Commands skipped with a fixed number of parameter bytes.
_ESC_SKIP = {ord(c): n for c, n in {"2": 0, "3": 1, "t": 1, "{": 1, "G": 1, "V": 1, "R": 1, "=": 1,
                                    "M": 1, "J": 1, " ": 1, "p": 3, "B": 2, "c": 2, "U": 1}.items()}
_GS_SKIP = {ord(c): n for c, n in {"h": 1, "w": 1, "H": 1, "f": 1, "L": 2, "W": 2, "a": 1, "r": 1,
                                   "I": 1, "b": 1, "P": 2}.items()}
_FS_SKIP = {ord(c): n for c, n in {"!": 1, "-": 1, "W": 1, "C": 1, "S": 2, "p": 2}.items()}
_ALIGN = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}


def _size_from_print_mode(n: int) -> Style:
    return Style(bold=bool(n & 0x08), underline=bool(n & 0x80),
                 height=2 if n & 0x10 else 1, width=2 if n & 0x20 else 1)


_ESC_ONE: dict[int, Callable[[int], Event]] = {
    ord("!"): _size_from_print_mode,
    ord("E"): lambda n: Style(bold=bool(n & 1)),
    ord("-"): lambda n: Style(underline=bool(n & 3)),
    ord("a"): lambda n: Style(align=_ALIGN.get(n, "left")),
    ord("d"): LineFeed,
}


def _parse_esc(buf: bytes) -> Parsed:
    if len(buf) < 2:
        return None
    cmd = buf[1]
    if cmd == ord("@"):
        return 2, Init()
    if cmd in _ESC_ONE:
        return (3, _ESC_ONE[cmd](buf[2])) if len(buf) >= 3 else None
    if cmd in _ESC_SKIP:
        size = 2 + _ESC_SKIP[cmd]
        return (size, None) if len(buf) >= size else None
    return 2, Unknown(bytes(buf[:2]))


def _parse_gs_paren(buf: bytes) -> Parsed:
    if len(buf) < 5:
        return None
    length = buf[3] | buf[4] << 8
    end = 5 + length
    if len(buf) < end:
        return None
    body = bytes(buf[5:end])
    if buf[2] != ord("k") or len(body) < 2 or body[0] != ord("1"):
        return end, None  # graphics (GS ( L) and other 2D codes: skipped
    fn, args = body[1], body[2:]
    if fn == 67 and args:
        return end, QrSetting(module_size=args[0])
    if fn == 69 and args:
        return end, QrSetting(error_level={48: "L", 49: "M", 50: "Q", 51: "H"}.get(args[0], "L"))
    if fn == 80:
        return end, QrStore(args[1:])  # args[0] is the '0' modifier
    if fn == 81:
        return end, QrPrint()
    return end, None


def _parse_gs_cut(buf: bytes) -> Parsed:
    if len(buf) < 3:
        return None
    m = buf[2]
    if m in (65, 66):
        return (4, Cut(partial=m == 66)) if len(buf) >= 4 else None
    return 3, Cut(partial=m in (1, 49))


def _parse_gs_raster(buf: bytes) -> Parsed:
    if len(buf) < 8:
        return None
    width_bytes, height = buf[4] | buf[5] << 8, buf[6] | buf[7] << 8
    end = 8 + width_bytes * height
    if len(buf) < end:
        return None
    return end, Raster(width_bytes, height, bytes(buf[8:end]))


def _parse_gs(buf: bytes) -> Parsed:
    if len(buf) < 2:
        return None
    cmd = buf[1]
    if cmd == ord("("):
        return _parse_gs_paren(buf)
    if cmd == ord("V"):
        return _parse_gs_cut(buf)
    if cmd == ord("v"):
        return _parse_gs_raster(buf)
    if cmd in (ord("!"), ord("B")):
        if len(buf) < 3:
            return None
        n = buf[2]
        if cmd == ord("B"):
            return 3, Style(invert=bool(n & 1))
        return 3, Style(width=min((n >> 4) + 1, 8), height=min((n & 0x0F) + 1, 8))
    if cmd == ord("k"):
        return _parse_gs_barcode(buf)
    if cmd in _GS_SKIP:
        size = 2 + _GS_SKIP[cmd]
        return (size, None) if len(buf) >= size else None
    return 2, Unknown(bytes(buf[:2]))


def _parse_gs_barcode(buf: bytes) -> Parsed:
    """GS k: 1D barcodes are shown as their text (the simulator does not draw bars)."""
    if len(buf) < 3:
        return None
    m = buf[2]
    if m <= 6:
        end = buf.find(b"\x00", 3)
        if end < 0:
            return None
        return end + 1, Text(f"[barcode {buf[3:end].decode('ascii', 'replace')}]")
    if len(buf) < 4:
        return None
    end = 4 + buf[3]
    if len(buf) < end:
        return None
    return end, Text(f"[barcode {buf[4:end].decode('ascii', 'replace')}]")


def _parse_fs(buf: bytes) -> Parsed:
    if len(buf) < 2:
        return None
    cmd = buf[1]
    if cmd == ord("&"):
        return 2, ChineseMode(True)
    if cmd == ord("."):
        return 2, ChineseMode(False)
    if cmd in _FS_SKIP:
        size = 2 + _FS_SKIP[cmd]
        return (size, None) if len(buf) >= size else None
    return 2, Unknown(bytes(buf[:2]))


def _parse_dle(buf: bytes) -> Parsed:
    if len(buf) < 2:
        return None
    if buf[1] != EOT:
        return 1, Unknown(bytes(buf[:1]))
    if len(buf) < 3:
        return None
    return 3, StatusRequest(buf[2])


def _text_end(buf: bytes, chinese: bool) -> int:
    """Length of the text run at the start of ``buf`` that holds only whole characters."""
    i = 0
    while i < len(buf) and buf[i] >= 0x20:
        if chinese and 0x81 <= buf[i] <= 0xFE:
            width = 4 if i + 1 < len(buf) and 0x30 <= buf[i + 1] <= 0x39 else 2
            if i + width > len(buf):
                break  # a character cut between two reads: wait for its other bytes
            i += width
        else:
            i += 1
    return i


class EscPosParser:
    """Incremental ESC/POS parser: :meth:`feed` bytes, get the events they complete."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self.chinese = False

    def feed(self, data: bytes) -> list[Event]:
        self._buf += data
        events: list[Event] = []
        while self._buf:
            parsed = self._parse_one(bytes(self._buf))
            if parsed is None:
                break
            consumed, event = parsed
            del self._buf[:consumed]
            if isinstance(event, ChineseMode):
                self.chinese = event.on
            elif isinstance(event, Init):
                self.chinese = False
            if event is not None:
                events.append(event)
        return events

    def _parse_one(self, buf: bytes) -> Parsed:
        lead = buf[0]
        handler = {ESC: _parse_esc, GS: _parse_gs, FS: _parse_fs, DLE: _parse_dle}.get(lead)
        if handler is not None:
            return handler(buf)
        if lead == LF:
            return 1, LineFeed()
        if lead < 0x20:
            return 1, None  # CR, HT and other controls: nothing to print
        end = _text_end(buf, self.chinese)
        if end == 0:
            return None
        encoding = "gb18030" if self.chinese else "cp437"
        return end, Text(buf[:end].decode(encoding, errors="replace"))


def status_reply(n: int, offline: bool, cover_open: bool, paper_out: bool, paper_low: bool) -> int:
    """The byte a printer answers to ``DLE EOT n``."""
    value = STATUS_FIXED
    if n == 1 and (offline or cover_open or paper_out):
        value |= STATUS_OFFLINE
    elif n == 2:
        value |= (CAUSE_COVER_OPEN if cover_open else 0) | (CAUSE_PAPER_END_STOP if paper_out else 0)
    elif n == 4:
        value |= (PAPER_END if paper_out else 0) | (PAPER_NEAR_END if paper_low else 0)
    return value
