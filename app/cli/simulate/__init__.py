"""``main.py simulate DEVICE``: run one device simulator until stopped.

Each module in this package registers one device (``meter``, ``card``, ``gps``,
``printer``, ``scanner``) the same way the top-level commands do.
"""

from __future__ import annotations

from app.cli import Subparsers, register_package


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "simulate", help="run a device simulator (meter, card, gps, printer, scanner)")
    devices = parser.add_subparsers(dest="device", metavar="DEVICE", required=True)
    register_package(__name__, devices)
