"""``main.py gps fix``: ask gpsd where the terminal is (diagnosis); ``gps trail``: follow it."""

from __future__ import annotations

import argparse
import json
import time
from typing import TYPE_CHECKING

from app.cli import Subparsers
from app.settings import Settings

if TYPE_CHECKING:
    from device_drivers.gps.client import GpsdClient


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("gps", help="GPS diagnosis through gpsd (fix, trail)")
    parser.add_argument("--host", help="gpsd host (default: the gps_host setting)")
    parser.add_argument("--port", type=int, help="gpsd port (default: the gps_port setting)")
    actions = parser.add_subparsers(dest="gps_action", metavar="ACTION", required=True)
    fix = actions.add_parser("fix", help="print the current fix")
    fix.add_argument("--wait", type=float, default=10.0, help="seconds to wait for a fix (default 10)")
    fix.add_argument("--json", action="store_true", help="print the fix as JSON")
    fix.set_defaults(handler=run_fix)
    trail = actions.add_parser("trail", help="print a fix every --interval seconds")
    trail.add_argument("--interval", type=float, default=2.0)
    trail.add_argument("--seconds", type=float, default=20.0)
    trail.set_defaults(handler=run_trail)


def _client(args: argparse.Namespace, settings: Settings) -> GpsdClient:
    from device_drivers.gps.client import GpsdClient

    return GpsdClient(args.host or settings.gps_host, args.port or settings.gps_port)


def run_fix(args: argparse.Namespace, settings: Settings) -> int:
    """Exit 0 with a fix, 2 without one, 3 when gpsd is not running."""
    from device_drivers.gps.model import GpsdNotRunningError, NoFixError

    client = _client(args, settings)
    deadline = time.monotonic() + args.wait
    while True:
        try:
            fix = client.current()
            break
        except GpsdNotRunningError as exc:
            print(f"error: {exc}")
            return 3
        except NoFixError as exc:
            if time.monotonic() >= deadline:
                print(f"error: {exc}")
                return 2
            time.sleep(0.5)
    client.close()
    if args.json:
        print(json.dumps({"lat": fix.lat, "lon": fix.lon, "alt_m": fix.alt_m, "mode": fix.mode.name,
                          "satellites_used": fix.satellites_used, "satellites_seen": fix.satellites_seen,
                          "hdop": fix.hdop, "accuracy_m": fix.accuracy_m, "time": fix.time.isoformat(),
                          "speed_mps": fix.speed_mps, "course_deg": fix.course_deg}))
        return 0
    alt = f"{fix.alt_m:.1f} m" if fix.alt_m is not None else "-"
    accuracy = f"±{fix.accuracy_m:.0f} m" if fix.accuracy_m else "unknown"
    print(f"fix        {fix.mode.value}D\n"
          f"position   {fix.lat:.6f}, {fix.lon:.6f}  (accuracy {accuracy}, HDOP {fix.hdop})\n"
          f"altitude   {alt}\n"
          f"satellites {fix.satellites_used} used / {fix.satellites_seen} seen\n"
          f"time (UTC) {fix.time:%Y-%m-%d %H:%M:%S}\n"
          f"speed      {fix.speed_mps:.1f} m/s, course {fix.course_deg:.0f}°")
    return 0


def run_trail(args: argparse.Namespace, settings: Settings) -> int:
    from device_drivers.gps.model import Fix, GpsError
    from device_drivers.gps.trail import PositionTrail

    def show(fix: Fix) -> None:
        print(f"{fix.time:%H:%M:%S} {fix.lat:.6f} {fix.lon:.6f} {fix.mode.name}", flush=True)

    def problem(exc: GpsError) -> None:
        print(f"{time.strftime('%H:%M:%S')} no position: {exc}", flush=True)

    client = _client(args, settings)
    with PositionTrail(client, show, interval_s=args.interval, on_error=problem) as trail:
        time.sleep(args.seconds)
    client.close()
    return 0 if trail.fixes else 2
