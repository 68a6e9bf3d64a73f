"""Time until today's orders are usable on a fresh terminal over 40 kbit/s with 600 ms round trips,
TLS included (certificate pinned): the field day's 40 orders, from the first sync on a newly
enrolled terminal (cold connection: TCP and TLS handshakes counted) until all 40 are in its
local store and readable by the order list.

    python benches/bench_sync_first_orders.py [--kbps 40] [--rtt-ms 600]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _sync_common import (
    LinkEmulator,
    LinkProfile,
    bench_server,
    command,
    enrol,
    link_url,
    load_day,
    runner_for,
)

from app.storage.db import open_store
from app.storage.work_orders import WorkOrderRepo
from sync.local_store import LocalSyncStore

TARGET_S = 4.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kbps", type=float, default=40.0)
    parser.add_argument("--rtt-ms", type=float, default=600.0)
    args = parser.parse_args()
    day = load_day()
    wanted = len(day["down"]["work_orders"])
    with bench_server(day, tls=True, raw_payloads=False) as srv, \
            tempfile.TemporaryDirectory(prefix="mf-term-") as tmp:
        store = open_store(Path(tmp) / "terminal.sqlite3")
        terminal = LocalSyncStore(store, Path(tmp) / "data")
        enrol(terminal, srv)  # at the depot; the sync below is the first contact over the field link
        repo = WorkOrderRepo(store)
        with LinkEmulator(("127.0.0.1", srv.port), LinkProfile.gprs(args.kbps, args.rtt_ms)) as link:
            runner = runner_for(terminal, link_url(link, tls=True))
            start = time.monotonic()
            runner.start()
            while len(repo.summaries(srv.tech_id)) < wanted:
                if time.monotonic() - start > 120:
                    raise SystemExit(f"orders not usable after 120 s: {runner.status()}")
                time.sleep(0.01)
            usable = time.monotonic() - start
            runner.wait_settled(60)
            runner.stop()
            sent = link.bytes_up + link.bytes_down
        store.close()
    verdict = "meets" if usable <= TARGET_S else "MISSES"
    print(f"first orders usable: {wanted} orders in {usable:.2f} s over {args.kbps:g} kbit/s, "
          f"{args.rtt_ms:g} ms RTT, TLS included ({sent:,} bytes on the wire, {runner.cycles} sync "
          f"request(s)); target <= {TARGET_S:g} s: {verdict} (CouchDB-style peer: 7.9 s without TLS)")
    print(f"command: {command()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
