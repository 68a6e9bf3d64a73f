"""``main.py simulate printer``: an ESC/POS receipt printer on a pty that draws what it prints.

Prints the pty path (use it as the ``printer_port`` setting). Every receipt that
is cut becomes ``receipt-NNNN.png`` in ``--out``. ``--sample`` prints a demo
recharge and replacement receipt through the real driver at start.
"""

from __future__ import annotations

import argparse
import os
import signal
import threading
import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli import Subparsers
from app.settings import Settings

if TYPE_CHECKING:
    from device_drivers.printer.simulator import PrinterSimulator


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("printer", help="an ESC/POS receipt printer on a pty, printing to PNG")
    parser.add_argument("--out", type=Path, help="folder for receipt PNGs (default <home>/data/printer)")
    parser.add_argument("--paper-out", action="store_true", help="start with an empty paper roll")
    parser.add_argument("--cover-open", action="store_true", help="start with the cover open (offline)")
    parser.add_argument("--sample", action="store_true", help="print two demo receipts at start")
    parser.add_argument("--link", type=Path, help="also make this symlink to the pty (a stable port)")
    parser.add_argument("--seconds", type=float, help="stop after this many seconds")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from device_drivers.printer.simulator import PrinterSimulator

    out: Path = args.out or settings.data_dir / "printer"
    sim = PrinterSimulator(out).start()
    sim.set_state(paper_out=args.paper_out, cover_open=args.cover_open)
    if args.link:
        args.link.unlink(missing_ok=True)
        os.symlink(sim.path, args.link)
    print(f"printer on {sim.path}, receipts to {out}", flush=True)
    status = 0
    try:
        if args.sample:
            status = _print_samples(sim.path)
        _serve(sim, args.seconds)
    finally:
        sim.stop()
        if args.link:
            args.link.unlink(missing_ok=True)
    return status


def _serve(sim: PrinterSimulator, seconds: float | None) -> None:
    """Report each receipt as it is cut, until stopped (Ctrl-C, SIGTERM) or ``seconds`` pass."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    end = None if seconds is None else time.monotonic() + seconds
    reported = 0
    try:
        while not stop.is_set() and (end is None or time.monotonic() < end):
            receipts = sim.wait_for_receipts(reported + 1, timeout=0.2)
            for receipt in receipts[reported:]:
                print(f"printed {receipt.png_path}", flush=True)
            reported = len(receipts)
    except KeyboardInterrupt:
        pass


def _print_samples(port: str) -> int:
    from device_drivers.printer.driver import ReceiptPrinter
    from device_drivers.printer.errors import PrinterError
    from device_drivers.printer.receipts import (
        RechargeReceipt,
        ReplacementReceipt,
        SealEntry,
        recharge_bytes,
        replacement_bytes,
    )

    now = datetime.now().replace(microsecond=0)
    recharge = RechargeReceipt(
        transaction_id=f"TX{now:%Y%m%d%H%M%S}001", customer_no="1255609162", customer_name="郑辉",
        meter_asset_no="5102309418876227931535", amount_yuan=Decimal("200.00"), purchase_count=5,
        balance_yuan=Decimal("235.60"), time=now, technician="T83550326")
    replacement = ReplacementReceipt(
        order_no="WO202406121000", customer_no="1255609162", customer_name="郑辉",
        old_meter_asset_no="5102309418876227931535", old_final_reading_kwh=Decimal("1411.51"),
        new_meter_asset_no="5102309418876227939999", new_start_reading_kwh=Decimal("0.00"),
        seals=(SealEntry("SC4773731081", "表尾盖"), SealEntry("SC8067121460", "计量箱门"),
               SealEntry("SC7753458854", "联合接线盒")),
        time=now, technician="T83550326")
    printer = ReceiptPrinter.open(port)
    try:
        for job in (recharge_bytes(recharge), replacement_bytes(replacement)):
            printer.print_job(job)
    except PrinterError as exc:
        print(f"sample not printed: {exc}", flush=True)
        return 1
    finally:
        printer.close()
    return 0
