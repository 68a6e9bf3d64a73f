"""``main.py simulate gps``: a GPS receiver driving around a demo city, read by a real gpsd.

Writes NMEA (GGA, GSA, GSV, RMC) to a pty and starts ``gpsd -N -n -b -S PORT``
on it (port from ``--gpsd-port``, default the ``gps_port`` setting), so
``main.py gps fix`` and the app see a live position. gpsd is stopped by its pid
on exit.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import threading
from pathlib import Path

from app.cli import Subparsers
from app.settings import Settings

CITIES = ("chengdu", "deyang", "neijiang", "mianyang")


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("gps", help="a GPS receiver on a pty, with a real gpsd reading it")
    parser.add_argument("--city", choices=CITIES, default="chengdu", help="route (default chengdu)")
    parser.add_argument("--speed", type=float, default=8.0, help="m/s along the route (default 8)")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between fixes (default 1)")
    parser.add_argument("--gpsd-port", type=int, help="gpsd's port (default: the gps_port setting)")
    parser.add_argument("--no-gpsd", action="store_true", help="only the pty: start gpsd yourself")
    parser.add_argument("--no-fix", action="store_true", help="satellites in view but no fix")
    parser.add_argument("--link", type=Path, help="also make this symlink to the pty")
    parser.add_argument("--seconds", type=float, help="stop after this many seconds")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from device_drivers.gps.model import GpsError
    from device_drivers.gps.routes import CITY_NAMES_ZH, route_for
    from device_drivers.gps.simulator import GpsdProcess, GpsSimulator

    sim = GpsSimulator(route_for(args.city), speed_mps=args.speed, interval=args.interval)
    sim.fix = not args.no_fix
    sim.start()
    if args.link:
        args.link.unlink(missing_ok=True)
        os.symlink(sim.path, args.link)
    gpsd = None
    try:
        print(f"GPS receiver on {sim.path}, route around {args.city} ({CITY_NAMES_ZH[args.city]})",
              flush=True)
        if not args.no_gpsd:
            port = args.gpsd_port or settings.gps_port
            gpsd = GpsdProcess(sim.path, port).start()
            print(f"gpsd pid {gpsd.pid} listening on 127.0.0.1:{port}", flush=True)
        _wait(args.seconds)
    except GpsError as exc:
        print(f"error: {exc}", flush=True)
        return 1
    finally:
        if gpsd is not None:
            gpsd.stop()
        sim.stop()
        if args.link:
            args.link.unlink(missing_ok=True)
    return 0


def _wait(seconds: float | None) -> None:
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait(seconds)
