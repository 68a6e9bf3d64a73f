"""Round trips for an incremental sync cycle on a warm connection, and the cost of an idle sync.

After the day's download, the terminal records one result and syncs: the figure is the number of
HTTP requests (and new connections) the cycle takes and its wall time over 40 kbit/s with 600 ms
round trips, TLS on. Then an idle sync (nothing changed either side): requests and bytes.

    python benches/bench_sync_roundtrips.py [--kbps 40] [--rtt-ms 600]
"""

from __future__ import annotations

import argparse
import time

from _sync_common import (
    LinkEmulator,
    LinkProfile,
    MemoryTerminal,
    bench_server,
    command,
    enrol,
    link_url,
    load_day,
    runner_for,
    upload_mutations,
)

IDLE_TARGET = 600


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kbps", type=float, default=40.0)
    parser.add_argument("--rtt-ms", type=float, default=600.0)
    args = parser.parse_args()
    day = load_day()
    rows = {}
    for tls in (True, False):
        with bench_server(day, tls=tls, raw_payloads=True) as srv:
            terminal = MemoryTerminal()
            enrol(terminal, srv)
            with LinkEmulator(("127.0.0.1", srv.port), LinkProfile.gprs(args.kbps, args.rtt_ms)) as link:
                runner = runner_for(terminal, link_url(link, tls))
                runner.start()
                runner.wait_settled(120)  # the day's download; the connection is now warm
                for phase in ("incremental", "idle"):
                    if phase == "incremental":
                        terminal.outbox = upload_mutations(day)[:1]
                    link.reset_counters()
                    before = runner.cycles
                    start = time.monotonic()
                    runner.sync_now()
                    status = runner.wait_settled(60)
                    elapsed = time.monotonic() - start
                    assert not status.last_error and not terminal.outbox, status
                    rows[(tls, phase)] = (runner.cycles - before, link.connections, elapsed,
                                          link.bytes_up, link.bytes_down)
                runner.stop()
    rtt = args.rtt_ms / 1000
    for phase in ("incremental", "idle"):
        requests, conns, elapsed, up, down = rows[(True, phase)]
        plain = rows[(False, phase)]
        wire = (up + down) / (args.kbps * 125)
        line = (f"{phase} cycle, warm connection: {requests} request(s) = {requests} round trip(s), "
                f"{conns} new connection(s); {elapsed:.2f} s wall = {rtt:.1f} s RTT + {wire:.2f} s "
                f"serialisation at {args.kbps:g} kbit/s + {max(0.0, elapsed - rtt - wire):.2f} s rest (TLS); "
                f"{up + down:,} bytes with TLS ({up} up + {down} down), "
                f"{plain[3] + plain[4]:,} bytes without TLS")
        if phase == "idle":
            size = plain[3] + plain[4]
            verdict = "meets" if size <= IDLE_TARGET else "MISSES"
            line += f"; target one request <= {IDLE_TARGET} bytes: {verdict}"
        print(line)
    print(f"command: {command()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
