"""Benchmark: read the full inspection set from a simulated meter at real IR line pacing.

The simulator serves a pty at 1200 bps (11 bits a byte, 9.17 ms) with the
meter's turnaround; the client reads the meter address, does IR authentication
(most inspection items need it), then reads every item of
``device_drivers.meter.inspection.INSPECTION_SET``.

The line-time limit is what the line itself costs: every byte sent and
received x 11 bits / 1200 bps, plus the meter's turnaround once per exchange.
Target: measured <= 1.2 x limit.

    python benches/bench_meter_inspection.py [--turnaround MS] [--runs N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from device_drivers.meter.client import ItemError, LineTiming, MeterClient  # noqa: E402
from device_drivers.meter.inspection import INSPECTION_SET  # noqa: E402
from device_drivers.meter.plan import plan_reads  # noqa: E402
from device_drivers.meter.secure import SecureSession  # noqa: E402
from device_drivers.meter.simulator import keys as demo_keys  # noqa: E402
from device_drivers.meter.simulator.server import MeterSimulator  # noqa: E402
from device_drivers.meter.simulator.state import MeterState  # noqa: E402
from device_drivers.security.meter_ops import SoftwareMeterSecurityModule  # noqa: E402
from signed_commands import authorisation as au  # noqa: E402

ADDRESS = "202107072529"


def run_once(turnaround: float) -> tuple[float, float, int, int, int]:
    keys = demo_keys.generate()
    now = int(time.time())
    blob = au.issue_meter_authorisation(
        keys.signing_key, keys.transport_key, master_keys=keys.master_keys, task_id="BENCH",
        meter_address=ADDRESS, meter_number=ADDRESS, operations=(au.IR_AUTH, au.READ_SECURE),
        issued_at=now - 60, expires_at=now + 3600)
    module = SoftwareMeterSecurityModule(keys.transport_key, keys.public_key)
    with MeterSimulator([MeterState.create(ADDRESS, keys)], turnaround=turnaround) as sim, \
            MeterClient.open(sim.port, timing=LineTiming()) as client:
        start = time.monotonic()
        SecureSession(client, module, blob).ir_authenticate()
        results = client.read_each(INSPECTION_SET)
        elapsed = time.monotonic() - start
        stats = client.stats
    limit = stats.line_bytes * client.timing.byte_time + stats.exchanges * turnaround
    read = sum(1 for r in results if not isinstance(r, ItemError))
    return elapsed, limit, stats.exchanges, read, stats.line_bytes


def naive_limit(turnaround: float) -> tuple[int, float]:
    """The line-time limit had every item been read on its own (no composite reads)."""
    from device_drivers.meter.di_table import lookup

    byte_time = LineTiming().byte_time
    total = 0.0
    for di in INSPECTION_SET:
        size = lookup(di).fmt.length or 0
        total += (20 + 4 + 12 + 4 + size) * byte_time + turnaround
    return len(INSPECTION_SET), total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--turnaround", type=float, default=50.0, help="meter turnaround in ms (default 50)")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    ratios = []
    for run in range(args.runs):
        elapsed, limit, exchanges, read, line_bytes = run_once(args.turnaround / 1000)
        ratios.append(elapsed / limit)
        planned = len(plan_reads(list(INSPECTION_SET)))
        print(f"run {run + 1}: {len(INSPECTION_SET)} items ({read} answered) in {exchanges} exchanges "
              f"(address, IR auth, {planned} planned reads), {line_bytes} bytes on the line")
        print(f"  measured {elapsed:.2f} s, line-time limit {limit:.2f} s, ratio {elapsed / limit:.3f}")
    count, naive = naive_limit(args.turnaround / 1000)
    print(f"for comparison: one request per item would be {count} reads, line-time limit {naive:.2f} s")
    worst = max(ratios)
    print(f"worst ratio {worst:.3f} (target <= 1.2): {'OK' if worst <= 1.2 else 'OVER'}")
    print("command: python " + " ".join(["benches/bench_meter_inspection.py", *sys.argv[1:]]))
    return 0 if worst <= 1.2 else 1


if __name__ == "__main__":
    sys.exit(main())
