"""A simulated ESC/POS receipt printer on a pty: it answers status requests, and draws each
cut receipt as a PNG so tests and reviewers see what the customer would get.

States: ``paper_out``, ``cover_open`` (offline), ``powered`` (off: it answers
nothing). While out of paper or with the cover open, print data is discarded, as
a real printer does; the driver checks the status first, so no job is lost.
``paper_lines`` makes the roll run out after that many more lines.
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
import tty
from dataclasses import dataclass
from pathlib import Path

from device_drivers.printer.escpos_codec import EscPosParser, Event, LineFeed, StatusRequest, status_reply
from device_drivers.printer.page import Page, PageBuilder
from device_drivers.printer.render import render_png


@dataclass(frozen=True, slots=True)
class PrintedReceipt:
    page: Page
    png_path: Path | None


class PrinterSimulator:
    """The printer end of a pty pair; the driver opens :attr:`path`."""

    def __init__(self, out_dir: Path | None = None) -> None:
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.path = os.ttyname(self._slave)
        self.out_dir = out_dir
        self.powered = True
        self.cover_open = False
        self.paper_out = False
        self.paper_low = False
        self.paper_lines: int | None = None
        self.discarded_bytes = 0
        self.receipts: list[PrintedReceipt] = []
        self._parser = EscPosParser()
        self._builder = PageBuilder()
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> PrinterSimulator:
        self._thread = threading.Thread(target=self.serve_forever, name="printer-sim", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master], [], [], 0.1)
            if not ready:
                continue
            try:
                data = os.read(self._master, 4096)
            except OSError:
                continue
            self.receive(data)

    def receive(self, data: bytes) -> None:
        """Handle bytes as they arrive from the driver."""
        with self._changed:
            for event in self._parser.feed(data):
                self._handle(event, len(data))
            self._changed.notify_all()

    def _handle(self, event: Event, size: int) -> None:
        if isinstance(event, StatusRequest):
            if self.powered:
                reply = status_reply(event.n, offline=False, cover_open=self.cover_open,
                                     paper_out=self.paper_out, paper_low=self.paper_low)
                os.write(self._master, bytes([reply]))
            return
        if not self.powered or self.paper_out or self.cover_open:
            self.discarded_bytes += size
            return
        if isinstance(event, LineFeed) and self.paper_lines is not None:
            self.paper_lines -= event.lines
            if self.paper_lines <= 0:
                self.paper_out = True  # the roll ends here: this receipt is never cut
                self._builder = PageBuilder()
                return
        page = self._builder.apply(event)
        if page is not None:
            self._save(page)

    def _save(self, page: Page) -> None:
        path = None
        if self.out_dir is not None:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            path = self.out_dir / f"receipt-{len(self.receipts) + 1:04d}.png"
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(render_png(page))
            tmp.replace(path)
        self.receipts.append(PrintedReceipt(page, path))

    def wait_for_receipts(self, count: int, timeout: float) -> list[PrintedReceipt]:
        """Block until ``count`` receipts were cut (or ``timeout``); return all receipts so far."""
        with self._changed:
            self._changed.wait_for(lambda: len(self.receipts) >= count, timeout)
            return list(self.receipts)

    def set_state(self, *, powered: bool | None = None, cover_open: bool | None = None,
                  paper_out: bool | None = None, paper_low: bool | None = None) -> None:
        with self._changed:
            for name, value in (("powered", powered), ("cover_open", cover_open),
                                ("paper_out", paper_out), ("paper_low", paper_low)):
                if value is not None:
                    setattr(self, name, value)
            if paper_out is False:
                self.paper_lines = None

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        for fd in (self._master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)

    def __enter__(self) -> PrinterSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
