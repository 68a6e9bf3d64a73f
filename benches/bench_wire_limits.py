"""Hostile bodies against ``main.py server`` in its own process: status, time to refuse, and
the growth of the server's peak memory (VmHWM) per request, after a warm-up.

Before issue 11 the 32 KiB frame declaring 1 GiB took the server from about 150 MiB to over
1 GiB, a frame declaring 5x10^18 bytes was a 500, and a 60 MiB code cost 4.3 s of CPU.

    python benches/bench_wire_limits.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import msgspec
import requests
import zstandard

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sync import protocol  # noqa: E402
from sync.protocol import CONTENT_TYPE, PATH_ENROL, PATH_SYNC, EnrolRequest  # noqa: E402
from tests.server.client import Device, enrol, error_of  # noqa: E402
from tests.support.processes import peak_rss_kib  # noqa: E402
from tests.support.services import free_tcp_port  # noqa: E402
from tests.sync.conftest import ServerProcess  # noqa: E402
from tests.sync.hostile import GIB, lying_frame, rle_bomb  # noqa: E402

MIB = 1 << 20


def code_body(length: int) -> bytes:
    packed = msgspec.msgpack.encode(EnrolRequest(1, "A" * length, "x"))
    return zstandard.ZstdCompressor(level=1).compress(packed)


def main() -> None:
    enrolments = {"1 GiB declared (32 KiB frame)": rle_bomb(GIB),
                  "1 MB undeclared (4 KiB frame)": rle_bomb(1000 * 1024, declare=-1, window_log=10),
                  "declares 5e18 bytes": lying_frame(5 * 10**18), "60 MiB code": code_body(60 * MIB),
                  "1 MB code": code_body(1_000_000)}
    syncs = {"1 GiB declared (32 KiB frame)": rle_bomb(GIB),
             "1 GiB undeclared, 16 MiB window": rle_bomb(GIB, declare=-1, window_log=24),
             "declares 5e18 bytes": lying_frame(5 * 10**18)}
    with tempfile.TemporaryDirectory() as home:
        srv = ServerProcess(Path(home), free_tcp_port()).start(seed=True)
        assert srv.proc is not None
        try:
            base = f"http://127.0.0.1:{srv.port}"
            device: Device = enrol(base, srv.codes()["CD101"])
            device.sync()
            requests.post(base + PATH_ENROL, data=protocol.encode(EnrolRequest(1, "AAAA", "w")), timeout=30)
            start = peak_rss_kib(srv.proc.pid)
            print(f"server peak RSS after warm-up: {start / 1024:.0f} MiB")
            print(f"{'request':<48} {'status':>6} {'ms':>7} {'peak +MiB':>10}")
            for route, bodies in (("enrol", enrolments), ("sync", syncs)):
                for name, body in bodies.items():
                    before, t0 = peak_rss_kib(srv.proc.pid), time.perf_counter()
                    if route == "enrol":
                        resp = requests.post(base + PATH_ENROL, data=body, timeout=60,
                                             headers={"Content-Type": CONTENT_TYPE})
                    else:
                        resp = device.request("POST", PATH_SYNC, body)
                    ms = (time.perf_counter() - t0) * 1000
                    grown = (peak_rss_kib(srv.proc.pid) - before) / 1024
                    label = f"{route}: {name} ({len(body)} B)"
                    print(f"{label:<48} {resp.status_code:>6} {ms:>7.1f} {grown:>10.1f}  {error_of(resp)[0]}")
            print(f"total peak growth: {(peak_rss_kib(srv.proc.pid) - start) / 1024:.1f} MiB")
        finally:
            srv.proc.stop()


if __name__ == "__main__":
    main()
