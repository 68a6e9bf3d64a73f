"""``main.py simulate card``: insert the virtual customer card (or an RFID tag) into vpcd.

The card connects to vsmartcard's vpcd inside pcscd (reader ``Virtual PCD 00 00``)
and answers APDUs until stopped, keeping its EEPROM in ``--state FILE`` (a new
demo card is made when the file is missing). ``--pull-after N`` pulls it out
after N APDUs. ``--tag UID`` presents a meter's RFID tag on ``Virtual PCD 00 01``
instead.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli import Subparsers
from app.settings import Settings

DEMO_SERIAL = "4D46000000000001"


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("card", help="virtual prepaid card (or RFID tag) in the virtual reader")
    parser.add_argument("--state", type=Path, help="card state file (default <home>/data/virtual_card.json)")
    parser.add_argument("--blank", action="store_true", help="a new card is blank (not opened)")
    parser.add_argument("--serial", default=DEMO_SERIAL, help="serial (16 hex digits) of a new card")
    parser.add_argument("--pull-after", type=int, metavar="N", help="pull the card out after N APDUs")
    parser.add_argument("--lose-reply", action="store_true",
                        help="with --pull-after: execute the Nth APDU but pull before answering it")
    parser.add_argument("--tag", metavar="UID", help="present an RFID tag with this UID (hex) instead")
    parser.add_argument("--host", default="127.0.0.1", help="vpcd host (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="vpcd port (default 35963 card, 35964 tag)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from device_drivers.card.errors import CardError
    from device_drivers.card.virtual_card import runner

    try:
        if args.tag:
            return runner.run_tag(bytes.fromhex(args.tag), args.host, args.port or runner.TAG_PORT)
        state_path = args.state or settings.data_dir / "virtual_card.json"
        plan = runner.PullPlan(args.pull_after, not args.lose_reply) if args.pull_after else None
        return runner.run_card(state_path, host=args.host, port=args.port or runner.CARD_PORT,
                               plan=plan, serial=bytes.fromhex(args.serial), blank=args.blank)
    except (CardError, ValueError) as exc:
        print(f"simulate card: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
