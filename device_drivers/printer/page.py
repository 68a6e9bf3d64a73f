"""What a printer puts on paper: ESC/POS events folded into lines, codes and images."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from device_drivers.printer.escpos_codec import (
    Cut,
    Event,
    Init,
    LineFeed,
    QrPrint,
    QrSetting,
    QrStore,
    Raster,
    Style,
    Text,
)


@dataclass(frozen=True, slots=True)
class TextStyle:
    bold: bool = False
    underline: bool = False
    invert: bool = False
    width: int = 1
    height: int = 1


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    style: TextStyle


@dataclass(frozen=True, slots=True)
class TextLine:
    runs: tuple[Run, ...]
    align: str = "left"

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True, slots=True)
class QrBlock:
    data: bytes
    module_size: int
    align: str = "left"


@dataclass(frozen=True, slots=True)
class RasterBlock:
    width_bytes: int
    height: int
    data: bytes
    align: str = "left"


Block = TextLine | QrBlock | RasterBlock


@dataclass(frozen=True, slots=True)
class Page:
    """One printed receipt, from the start of the job to the cut."""

    blocks: tuple[Block, ...]

    @property
    def text_lines(self) -> list[str]:
        return [b.text for b in self.blocks if isinstance(b, TextLine)]

    @property
    def qr_codes(self) -> list[bytes]:
        return [b.data for b in self.blocks if isinstance(b, QrBlock)]


@dataclass
class PageBuilder:
    """Folds events into pages. :meth:`apply` returns the page a cut completes."""

    style: TextStyle = field(default_factory=TextStyle)
    align: str = "left"
    qr_size: int = 3
    qr_data: bytes = b""
    runs: list[Run] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    def apply(self, event: Event) -> Page | None:
        if isinstance(event, Text):
            self.runs.append(Run(event.text, self.style))
        elif isinstance(event, LineFeed):
            self._end_line()
            for _ in range(event.lines - 1):
                self.blocks.append(TextLine((), self.align))
        elif isinstance(event, Style):
            self._restyle(event)
        elif isinstance(event, Init):
            self.style, self.align = TextStyle(), "left"
        elif isinstance(event, QrSetting) and event.module_size:
            self.qr_size = event.module_size
        elif isinstance(event, QrStore):
            self.qr_data = event.data
        elif isinstance(event, QrPrint):
            self._flush_runs()
            self.blocks.append(QrBlock(self.qr_data, self.qr_size, self.align))
        elif isinstance(event, Raster):
            self._flush_runs()
            self.blocks.append(RasterBlock(event.width_bytes, event.height, event.data, self.align))
        elif isinstance(event, Cut):
            return self.cut()
        return None

    def _restyle(self, event: Style) -> None:
        changes = {k: getattr(event, k) for k in ("bold", "underline", "invert", "width", "height")
                   if getattr(event, k) is not None}
        self.style = replace(self.style, **changes)
        if event.align is not None:
            self.align = event.align

    def _flush_runs(self) -> None:
        if self.runs:
            self._end_line()

    def _end_line(self) -> None:
        self.blocks.append(TextLine(tuple(self.runs), self.align))
        self.runs = []

    def cut(self) -> Page:
        """End the page here (a cut, or the end of a job without a cut)."""
        self._flush_runs()
        page = Page(tuple(self.blocks))
        self.blocks = []
        return page

    @property
    def empty(self) -> bool:
        return not self.blocks and not self.runs
