"""``main.py simulate scanner``: a serial scan engine on a pty (a line of text per scan).

Prints the pty path (use it as the ``scanner_port`` setting, or ``main.py scan --scanner``).
Scans the ``--code`` values every ``--interval`` seconds, or, with ``--stdin``,
each line typed.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli import Subparsers
from app.settings import Settings

if TYPE_CHECKING:
    from device_drivers.barcode.simulator import ScannerSimulator

DEMO_CODES = ("5102309418876227931535", "SC4773731081", "SC8067121460", "SC7753458854")


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("scanner", help="a serial barcode scan engine on a pty")
    parser.add_argument("--code", action="append", default=[], metavar="TEXT",
                        help="a label to scan (repeat; default: demo meter and seal numbers)")
    parser.add_argument("--interval", type=float, default=3.0, help="seconds between scans (default 3)")
    parser.add_argument("--stdin", action="store_true", help="scan each line typed instead")
    parser.add_argument("--aim", action="store_true", help="prefix AIM symbology ids (]C0 ...)")
    parser.add_argument("--link", type=Path, help="also make this symlink to the pty (a stable port)")
    parser.add_argument("--seconds", type=float, help="stop after this many seconds")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from device_drivers.barcode.simulator import ScannerSimulator

    sim = ScannerSimulator(aim_prefix=args.aim)
    if args.link:
        args.link.unlink(missing_ok=True)
        os.symlink(sim.path, args.link)
    print(f"scanner on {sim.path}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        if args.stdin:
            for line in sys.stdin:
                if line.strip():
                    sim.scan(line.strip())
                    print(f"scanned {line.strip()}", flush=True)
        else:
            _scan_codes(sim, args.code or list(DEMO_CODES), args.interval, args.seconds, stop)
    except KeyboardInterrupt:
        pass
    finally:
        sim.close()
        if args.link:
            args.link.unlink(missing_ok=True)
    return 0


def _scan_codes(sim: ScannerSimulator, codes: list[str], interval: float, seconds: float | None,
                stop: threading.Event) -> None:
    end = None if seconds is None else time.monotonic() + seconds
    index = 0
    while not stop.is_set() and (end is None or time.monotonic() < end):
        sim.scan(codes[index % len(codes)])
        print(f"scanned {codes[index % len(codes)]}", flush=True)
        index += 1
        wait = interval if end is None else min(interval, max(end - time.monotonic(), 0))
        stop.wait(wait)
