"""``main.py scan IMAGE``: decode the barcodes in a picture and say what they are.

``--scanner URL`` reads one scan from a serial scan engine instead (for
example the pty of ``main.py simulate scanner``). ``--expect`` checks the text
against an identifier rule. Exit 0 when every code read is acceptable, 1 otherwise.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli import Subparsers
from app.settings import Settings

if TYPE_CHECKING:
    from device_drivers.barcode.model import Scan

EXPECT = {"asset": "ASSET_NUMBER", "address": "METER_ADDRESS", "seal": "SEAL_NUMBER",
          "customer": "CUSTOMER_NUMBER"}


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("scan", help="decode barcodes from an image or a scan engine")
    parser.add_argument("image", nargs="*", type=Path, help="picture(s) to decode (PNG, JPEG...)")
    parser.add_argument("--scanner", nargs="?", const="", metavar="URL",
                        help="read one scan from the serial scan engine (default: scanner_port setting)")
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for a scan")
    parser.add_argument("--expect", choices=sorted(EXPECT), help="the identifier that must be scanned")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from device_drivers.barcode.model import BarcodeError
    from device_drivers.errors import DeviceError

    if not args.image and args.scanner is None:
        print("error: give a picture to decode, or --scanner")
        return 2
    scans: list[tuple[str, Scan]] = []
    failed = False
    try:
        if args.scanner is not None:
            scans.append(("scanner", _from_scanner(args.scanner or settings.scanner_port, args.timeout)))
    except DeviceError as exc:
        print(f"scanner: error: {exc}")
        failed = True
    for image in args.image:
        try:
            scans.extend((str(image), scan) for scan in _from_image(image))
        except BarcodeError as exc:
            print(f"{image}: error: {exc}")
            failed = True
    for where, scan in scans:
        verdict = _verdict(scan.text, args.expect)
        failed = failed or verdict.startswith("REJECTED")
        print(f"{where}: {scan.symbology.value}: {scan.text}  [{verdict}]")
    return 1 if failed else 0


def _from_image(path: Path) -> list[Scan]:
    from device_drivers.barcode.decode import decode_all

    return decode_all(path)


def _from_scanner(url: str, timeout: float) -> Scan:
    from device_drivers.barcode.model import BarcodeError
    from device_drivers.barcode.scan_engine import SerialScanEngine

    if not url:
        raise BarcodeError("no scanner port: pass --scanner URL or set scanner_port")
    engine = SerialScanEngine.open(url)
    try:
        scan = engine.read_scan(timeout)
    finally:
        engine.close()
    if scan is None:
        raise BarcodeError(f"nothing scanned within {timeout:.0f} s")
    return scan


def _verdict(text: str, expect: str | None) -> str:
    from device_drivers.barcode.validate import IdentifierError, IdentifierKind, check, classify

    if expect is None:
        kind = classify(text)
        return kind.value if kind is not None else "not a known identifier"
    try:
        check(IdentifierKind[EXPECT[expect]], text)
    except IdentifierError as exc:
        return f"REJECTED: {exc}"
    return f"OK {IdentifierKind[EXPECT[expect]].value}"
