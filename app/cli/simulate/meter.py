"""``main.py simulate meter``: simulated prepaid meters behind a pty, until stopped.

Prints the pty path to use as ``--port``. State (registers, money, events,
ESAM counters) persists in ``--state`` so a demo meter keeps its readings.
Switch the meter under the probe or inject faults by writing commands to the
control file (``probe ADDRESS``, ``fault no-reply 2``, ``clear-faults``, ``save``).
"""

from __future__ import annotations

import argparse
import signal
import threading
import time
from pathlib import Path
from types import FrameType

from app.cli import Subparsers
from app.settings import Settings

KEYS_FILE = Path(__file__).resolve().parents[3] / "resources" / "keys" / "demo_meter_keys.json"


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("meter", help="simulated DL/T 645 prepaid meters on a pty")
    parser.add_argument("--address", action="append", default=[], metavar="ADDR",
                        help="a meter's 12-digit address (repeat for several; the first is under the probe; "
                             "default 202107072529)")
    parser.add_argument("--state", type=Path, help="state file (default <home>/data/meter-simulator.json)")
    parser.add_argument("--control", type=Path, help="control file (default: the state file + .control)")
    parser.add_argument("--link", type=Path, help="also make this symlink to the pty (a stable --port)")
    parser.add_argument("--turnaround", type=float, default=50.0, metavar="MS",
                        help="the meter's turnaround before replying, in ms (default 50)")
    parser.add_argument("--fast", action="store_true", help="no line pacing (tests only)")
    parser.add_argument("--keys", type=Path, default=KEYS_FILE, help="demo key file")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from device_drivers.meter.simulator import keys as demo_keys
    from device_drivers.meter.simulator.server import MeterSimulator
    from device_drivers.meter.simulator.state import load_or_create

    state_file: Path = args.state or settings.data_dir / "meter-simulator.json"
    state_file.parent.mkdir(parents=True, exist_ok=True)
    keys = demo_keys.load(args.keys if args.keys.is_file() else None)
    meters, probe = load_or_create(state_file, args.address, keys, time.time())
    control = args.control or state_file.with_suffix(".control")
    control.write_text("")
    sim = MeterSimulator(meters, state_file=state_file, fast=args.fast, turnaround=args.turnaround / 1000,
                         control_file=control)
    sim.probe(probe)
    if args.link:
        args.link.unlink(missing_ok=True)
        args.link.symlink_to(sim.port)
    stopped = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stopped.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    sim.start()
    print(f"meter simulator on {sim.port}", flush=True)
    print(f"meters: {', '.join(sim.meters)}; under the probe: {sim.under_probe}", flush=True)
    print(f"state: {state_file}; control: {control}", flush=True)
    stopped.wait()
    sim.stop()
    if args.link:
        args.link.unlink(missing_ok=True)
    return 0
