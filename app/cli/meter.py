"""``main.py meter``: read a meter over the IR probe (diagnosis in the field).

- ``meter address --port PORT``: the address of the meter under the probe;
- ``meter read --port PORT [--address ADDR] DI [DI ...] [--json]``: values with units;
- ``meter inspect --port PORT [--authorisation FILE]``: the whole inspection set.

PORT is a serial device (``/dev/ttyUSB0`` or ``serial:///dev/ttyUSB0``), a pty
path from ``main.py simulate meter``, or ``loop://``; it defaults to the
``meter_port`` setting. Failures print what to do and exit with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from app.cli import Subparsers
from app.settings import Settings

if TYPE_CHECKING:
    from device_drivers.meter.client import ItemError, MeterClient
    from device_drivers.meter.protocol import Reading


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("meter", help="read a meter over the infrared probe (DL/T 645)")
    commands = parser.add_subparsers(dest="meter_command", metavar="ACTION", required=True)
    address = commands.add_parser("address", help="read the address of the meter under the probe")
    _common(address)
    address.set_defaults(handler=run_address)
    read = commands.add_parser("read", help="read data items (8 hex digits each, e.g. 00010000)")
    _common(read)
    read.add_argument("--address", help="the meter's 12-digit address (default: the one under the probe)")
    read.add_argument("--json", action="store_true", help="print JSON")
    read.add_argument("di", nargs="+", metavar="DI")
    read.set_defaults(handler=run_read)
    inspect = commands.add_parser("inspect", help="read the whole inspection set (readings + parameters)")
    _common(inspect)
    inspect.add_argument("--json", action="store_true", help="print JSON")
    inspect.add_argument("--demo-auth", action="store_true",
                         help="IR-authenticate first with a demo authorisation (demo keys; also with --demo)")
    inspect.set_defaults(handler=run_inspect)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", help="serial device, pty path or loop:// (default: setting meter_port)")
    parser.add_argument("--timeout", type=float, default=1.0, help="reply timeout in seconds (default 1)")
    parser.add_argument("--retries", type=int, default=2, help="retries per request (default 2)")


def _open(args: argparse.Namespace, settings: Settings, address: str | None = None) -> MeterClient:
    from device_drivers.meter.client import LineTiming, MeterClient
    from device_drivers.meter.frame import WILDCARD

    port = args.port or settings.meter_port
    if not port:
        raise SystemExit("no meter port: give --port or set meter_port in settings")
    timing = LineTiming(baudrate=settings.meter_baud, reply_timeout=args.timeout, retries=args.retries)
    return MeterClient.open(port, address=address or WILDCARD, timing=timing)


def run_address(args: argparse.Namespace, settings: Settings) -> int:
    from device_drivers.errors import DeviceError

    try:
        with _open(args, settings) as client:
            print(client.read_address())
    except DeviceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def run_read(args: argparse.Namespace, settings: Settings) -> int:
    from device_drivers.errors import DeviceError
    from device_drivers.meter.di_table import parse_di

    try:
        dis = [parse_di(text) for text in args.di]
        with _open(args, settings, args.address) as client:
            client.resolve_address()
            readings = client.read_each(dis)
            meter = client.address
    except DeviceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(_render(meter, readings, as_json=args.json))
    return 0 if all(hasattr(r, "value") for r in readings) else 1


def run_inspect(args: argparse.Namespace, settings: Settings) -> int:
    from device_drivers.errors import DeviceError
    from device_drivers.meter.inspection import INSPECTION_SET

    try:
        with _open(args, settings) as client:
            meter = client.resolve_address()
            if args.demo_auth or settings.demo:
                _demo_ir_auth(client, meter)
            readings = client.read_each(INSPECTION_SET)
    except DeviceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(_render(meter, readings, as_json=args.json))
    return 0


def _demo_ir_auth(client: MeterClient, meter: str) -> None:
    """IR authentication with an authorisation issued on the spot from the demo keys."""
    import time

    from app.cli.simulate.meter import KEYS_FILE
    from device_drivers.meter.secure import SecureSession
    from device_drivers.meter.simulator import keys as demo_keys
    from device_drivers.security.meter_ops import SoftwareMeterSecurityModule
    from signed_commands import authorisation as au

    keys = demo_keys.load(KEYS_FILE if KEYS_FILE.is_file() else None)
    now = int(time.time())
    blob = au.issue_meter_authorisation(
        keys.signing_key, keys.transport_key, master_keys=keys.master_keys, task_id="demo-inspect",
        meter_address=meter, meter_number=meter, operations=(au.IR_AUTH, au.READ_SECURE),
        issued_at=now - 60, expires_at=now + 600)
    module = SoftwareMeterSecurityModule(keys.transport_key, keys.public_key)
    SecureSession(client, module, blob).ir_authenticate()


def _render(meter: str, results: list[Reading | ItemError], *, as_json: bool) -> str:
    from device_drivers.meter.client import ItemError
    from device_drivers.meter.values import to_jsonable

    readings = [r for r in results if not isinstance(r, ItemError)]
    refused = [r for r in results if isinstance(r, ItemError)]
    if as_json:
        doc = {"meter": meter, "readings": [
            {"di": r.code, "name": r.name, "value": to_jsonable(r.value), "unit": r.unit,
             "raw": r.raw.hex().upper()} for r in readings],
            "errors": [{"di": r.code, "name": r.name, "error": str(r.error),
                        "kind": type(r.error).__name__} for r in refused]}
        return json.dumps(doc, ensure_ascii=False, indent=2)
    lines = [f"meter {meter}"]
    for r in results:
        if isinstance(r, ItemError):
            lines.append(f"{r.code}  {r.name:<40} error: {r.error}")
            continue
        lines.append(f"{r.code}  {r.name:<40} {_text(r)} {r.unit}".rstrip())
    return "\n".join(lines)


def _text(reading: Reading) -> str:
    from device_drivers.meter.di_table import describe_status3, lookup
    from device_drivers.meter.values import Word, to_jsonable

    if isinstance(lookup(reading.di).fmt, Word) and isinstance(reading.value, int):
        flags = describe_status3(reading.value) if reading.di == 0x04000503 else []
        return f"{reading.value:04X}H" + (f" ({', '.join(flags)})" if flags else "")
    value = to_jsonable(reading.value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    return str(value)

