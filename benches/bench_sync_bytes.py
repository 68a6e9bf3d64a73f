"""Bytes on the wire for the field day's download and upload, against the LZMA lower bound.

The terminal syncs with the real server through the link emulator; the figure is the TCP payload
both ways (HTTP headers included), first without TLS, then with TLS to give its overhead. The
server's change log carries the data set's order records verbatim and the upload is one outbox row
per finished order holding its result record verbatim, so the wire carries exactly the records the
bound is computed over. Also prints the idle sync (nothing changed).

    python benches/bench_sync_bytes.py
"""

from __future__ import annotations

from typing import Any

from _sync_common import (
    LinkEmulator,
    LinkProfile,
    MemoryTerminal,
    bench_server,
    command,
    enrol,
    link_url,
    load_day,
    lzma_bound,
    per_record_mutations,
    runner_for,
    upload_mutations,
)

from sync.protocol import MAX_BATCH, PROTOCOL_VERSION, SCHEMA_VERSION, SyncRequest, encode

TARGET = 1.25


def measure(day: dict[str, Any], tls: bool) -> dict[str, tuple[int, int, int]]:
    """phase -> (bytes up, bytes down, requests)."""
    out: dict[str, tuple[int, int, int]] = {}
    with bench_server(day, tls=tls, raw_payloads=True) as srv:
        terminal = MemoryTerminal()
        enrol(terminal, srv)
        with LinkEmulator(("127.0.0.1", srv.port), LinkProfile()) as link:
            runner = runner_for(terminal, link_url(link, tls))
            runner.start()  # cold connection: TCP (+ TLS) handshake counted in the download
            runner.wait_settled(60)
            assert len(terminal.applied) == len(day["down"]["work_orders"]), terminal.applied
            out["download"] = (link.bytes_up, link.bytes_down, runner.cycles)
            for phase in ("upload", "idle"):
                if phase == "upload":
                    terminal.outbox = upload_mutations(day)
                link.reset_counters()
                before = runner.cycles
                runner.sync_now()
                status = runner.wait_settled(60)
                assert not terminal.outbox and not status.last_error, status
                out[phase] = (link.bytes_up, link.bytes_down, runner.cycles - before)
            runner.stop()
    return out


def main() -> int:
    day = load_day()
    bounds = {"download": lzma_bound(day["down"]["work_orders"]), "upload": lzma_bound(day["up"]["results"])}
    plain = measure(day, tls=False)
    tls = measure(day, tls=True)
    print("both ends compress with the shared zstd dictionary:")
    report(bounds, plain, tls)
    per_record(day, bounds["upload"])
    print(f"command: {command()}")
    return 0


def per_record(day: dict[str, Any], bound: int) -> None:
    """Codec only (no HTTP): the upload as one outbox row per record, as app.storage writes them."""
    rows = per_record_mutations(day)
    size = sum(len(encode(SyncRequest(PROTOCOL_VERSION, SCHEMA_VERSION, "D0123456789ABCDEF", 40,
                                      rows[i:i + MAX_BATCH]), dictionary=True))
               for i in range(0, len(rows), MAX_BATCH))
    requests = -(-len(rows) // MAX_BATCH)
    print(f"per-record upload (codec only, request bodies, no HTTP): {len(rows)} outbox rows in "
          f"{requests} requests = {size:,} bytes vs LZMA bound {bound:,} = {size / bound:.2f}x "
          "(each row carries its own seq, entity, id, op and time)")


def report(bounds: dict[str, int], plain: dict[str, tuple[int, int, int]],
           tls: dict[str, tuple[int, int, int]]) -> None:
    for phase in ("download", "upload"):
        up, down, requests = plain[phase]
        total = up + down
        tls_total = sum(tls[phase][:2])
        ratio = total / bounds[phase]
        verdict = "meets" if ratio <= TARGET else "MISSES"
        print(f"  {phase}: {total:,} bytes on the wire ({up:,} up + {down:,} down, HTTP headers included, "
              f"{requests} request(s)) vs LZMA bound {bounds[phase]:,} = {ratio:.2f}x ({verdict} the "
              f"{TARGET}x target); with TLS {tls_total:,} bytes: TLS overhead +{tls_total - total:,} "
              f"({'cold connection: handshake included' if phase == 'download' else 'warm connection'})")
    up, down, requests = plain["idle"]
    print(f"  idle sync: {up + down:,} bytes ({up} up + {down} down) in {requests} request(s); "
          f"with TLS {sum(tls['idle'][:2]):,} bytes (warm connection)")


if __name__ == "__main__":
    raise SystemExit(main())
