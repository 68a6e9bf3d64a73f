"""``main.py server stock issue | return | list``: the warehouse's side of each technician's stock
(meters and seals), thin wrappers over :mod:`server.stock` (the functions the REST routes call),
audited with the actor "cli".

    main.py server stock issue --tech CD101 --meter ASSET_NO --address 12DIGITS [--model M]
    main.py server stock issue --tech CD101 --seal SEAL_NO
    main.py server stock return --meter ASSET_NO | --seal SEAL_NO
    main.py server stock list [--tech CD101] [--team CD-T1]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from app.cli import Subparsers

COMMANDS = ("stock",)


def register(admin: Subparsers, db_options: Callable[[argparse.ArgumentParser], None]) -> None:
    stock = admin.add_parser("stock", help="issue, take back or list the technicians' meters and seals")
    actions = stock.add_subparsers(dest="stock_command", metavar="ACTION", required=True)
    issue = actions.add_parser("issue", help="issue a meter or a seal to a technician")
    issue.add_argument("--tech", required=True, help="the technician's user id")
    back = actions.add_parser("return", help="take an issued meter or seal back to the warehouse")
    for parser in (issue, back):
        one = parser.add_mutually_exclusive_group(required=True)
        one.add_argument("--meter", default="", metavar="ASSET_NO", help="a meter's asset number")
        one.add_argument("--seal", default="", metavar="SEAL_NO", help="a seal's number")
    issue.add_argument("--address", default="", metavar="12DIGITS", help="the meter's DL/T 645 address")
    issue.add_argument("--model", default="", help="the meter's model")
    listing = actions.add_parser("list", help="what each technician holds")
    listing.add_argument("--tech", default="", help="one technician")
    listing.add_argument("--team", default="", help="one team")
    for parser in (issue, back, listing):
        db_options(parser)


def run(args: argparse.Namespace, engine: Any) -> int:
    """Run the stock command; :class:`server.errors.ServerError` propagates (the caller prints it)."""
    from server import audit, stock

    now = int(time.time())
    if args.stock_command == "list":
        with engine.connect() as conn:
            items = stock.list_items(conn, None, tech_id=args.tech, team_id=args.team)
        for i in items:
            address = i["address"] or ""
            print(f"{i['tech_id']:<10} {i['kind']:<6} {i['item_no']:<24} {address:<14} {i['model']}")
        print(f"{len(items)} item(s) issued")
        return 0
    kind, number = (stock.METER, args.meter) if args.meter else (stock.SEAL, args.seal)
    with engine.begin() as conn:
        if args.stock_command == "issue":
            it = stock.item(kind, number, args.address, args.model)
            new = stock.issue(conn, audit.CLI, args.tech, it, now=now)
            print(f"{kind} {it.item_no} {'issued to' if new else 'was already issued to'} {args.tech}")
        else:
            row = stock.return_item(conn, audit.CLI, kind, stock.number(kind, number), now=now)
            print(f"{kind} {row['item_no']} taken back from {row['tech_id']}")
    return 0
