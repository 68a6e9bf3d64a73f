"""``main.py card``: diagnose the customer card or meter tag in a PC/SC reader.

``card info`` prints what the card holds (customer, meter, balance, purchase
count, tariffs, what the meter took); ``card tag`` prints a meter tag's UID.

``card info`` opens the card security module's sealed key file: ``--keys FILE`` and
its passphrase (``--passphrase-file FILE``, the ``METERFIELD_CARD_KEYS_PASSPHRASE``
environment variable, or asked on the terminal). The public DEMO key file and
passphrase are used only when asked for: ``--demo-keys``, or ``main.py --demo``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app.cli import Subparsers
from app.settings import Settings
from device_drivers.security.card_ops import DEMO_KEYS_FILE

ROOT = Path(__file__).resolve().parents[2]
DEMO_KEYS = DEMO_KEYS_FILE
PASSPHRASE_ENV = "METERFIELD_CARD_KEYS_PASSPHRASE"


class KeyChoiceError(Exception):
    """No card key file or no passphrase was given (and no demo was asked for)."""


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("card", help="read the customer card or meter tag in the reader")
    actions = parser.add_subparsers(dest="card_action", metavar="ACTION", required=True)
    info = actions.add_parser("info", help="print what the customer card holds")
    info.add_argument("--reader", help="reader name (default: the first with a card)")
    info.add_argument("--keys", type=Path, default=None,
                      help="the card security module's sealed key file (required unless --demo-keys)")
    info.add_argument("--passphrase-file", type=Path, default=None, metavar="FILE",
                      help=f"a file whose first line is the key file's passphrase (else ${PASSPHRASE_ENV}, "
                           "else asked on the terminal)")
    info.add_argument("--demo-keys", action="store_true",
                      help="use the public DEMO key file and passphrase (also with main.py --demo)")
    info.add_argument("--timeout", type=float, default=3.0, help="seconds to wait for a card")
    info.set_defaults(handler=run_info)
    tag = actions.add_parser("tag", help="print the UID of the meter tag on the RFID reader")
    tag.add_argument("--reader", default="Virtual PCD 00 01", help="reader name")
    tag.add_argument("--timeout", type=float, default=3.0, help="seconds to wait for a tag")
    tag.set_defaults(handler=run_tag)


def run_info(args: argparse.Namespace, settings: Settings) -> int:
    from device_drivers.card.errors import CardError
    from device_drivers.card.pcsc_reader import find_reader
    from device_drivers.card.repair import meter_status
    from device_drivers.card.user_card import UserCard
    from device_drivers.errors import DeviceError
    from device_drivers.security.card_ops import SoftwareCardSecurityModule

    try:
        keys, passphrase = card_keys(args, demo=args.demo_keys or settings.demo)
    except KeyChoiceError as exc:
        print(f"card info: {exc}", file=sys.stderr)
        return 2
    try:
        security = SoftwareCardSecurityModule.from_file(keys, passphrase=passphrase)
        reader = find_reader(args.reader or settings.card_reader or None)
        with reader.connect(timeout=args.timeout) as conn:
            info = UserCard(conn, security).info()
    except (CardError, DeviceError) as exc:
        print(f"card info: {exc}", file=sys.stderr)
        return 1
    print(f"Reader:          {reader.name}")
    print(f"Card serial:     {info.serial.hex().upper()}")
    if info.parameters is None:
        print("Card state:      blank (not opened for a customer)")
    else:
        p = info.parameters
        print(f"Customer:        {p.customer_number}")
        print(f"Meter:           {p.meter_number}")
        print(f"Card type:       {p.card_type.name.lower().replace('_', '-')}")
        print(f"Tariff version:  {p.tariff_version}")
    print(f"Balance:         {info.purse.balance_fen // 100}.{info.purse.balance_fen % 100:02d} yuan")
    print(f"Purchase count:  {info.purse.count}")
    if info.tariffs is not None:
        prices = ", ".join(f"{price / 10000:.4f}" for price in info.tariffs.prices)
        print(f"Tariffs:         {prices} yuan/kWh (version {info.tariffs.version})")
    print(f"Meter:           {meter_status(info.purse, info.return_write)}")
    return 0


def card_keys(args: argparse.Namespace, *, demo: bool) -> tuple[Path, str]:
    """The key file and its passphrase: as given, or the demo's in demo mode only."""
    from device_drivers.security.card_ops import DEMO_PASSPHRASE

    keys: Path | None = args.keys or (DEMO_KEYS if demo else None)
    if keys is None:
        raise KeyChoiceError("which card keys? Pass --keys FILE (the card security module's sealed "
                             "keys from the key system), or --demo-keys for the public demo keys")
    if args.passphrase_file is not None:
        try:
            return keys, args.passphrase_file.read_text(encoding="utf-8").splitlines()[0]
        except (OSError, IndexError) as exc:
            raise KeyChoiceError(f"cannot read the passphrase from {args.passphrase_file}: {exc}") from None
    if os.environ.get(PASSPHRASE_ENV):
        return keys, os.environ[PASSPHRASE_ENV]
    if demo and args.keys is None:
        return keys, DEMO_PASSPHRASE
    if sys.stdin.isatty():
        import getpass

        return keys, getpass.getpass(f"passphrase of {keys}: ")
    raise KeyChoiceError(f"the key file {keys} needs its passphrase: pass --passphrase-file FILE or "
                         f"set {PASSPHRASE_ENV}")


def run_tag(args: argparse.Namespace, settings: Settings) -> int:
    from device_drivers.card.errors import CardError
    from device_drivers.card.pcsc_reader import find_reader
    from device_drivers.card.rfid import read_tag_id

    try:
        with find_reader(args.reader).connect(timeout=args.timeout) as conn:
            tag = read_tag_id(conn)
    except CardError as exc:
        print(f"card tag: {exc}", file=sys.stderr)
        return 1
    print(f"Tag UID: {tag}")
    return 0
