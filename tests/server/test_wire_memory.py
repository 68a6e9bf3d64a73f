"""The server as its own process (``main.py server``) under hostile bodies: decompression bombs
and long enrolment codes are refused with 413 while its peak memory (VmHWM) stays bounded, and
a cut upload is one log line, not a traceback."""

from __future__ import annotations

from collections.abc import Iterator

import msgspec
import pytest
import requests
import zstandard

from sync import protocol
from sync.protocol import CONTENT_TYPE, PATH_ATTACHMENT, PATH_ENROL, PATH_SYNC, EnrolRequest
from tests.server.client import Device, enrol, error_of
from tests.support.processes import peak_rss_kib
from tests.support.services import free_tcp_port, wait_until
from tests.sync.conftest import ServerProcess
from tests.sync.hostile import GIB, lying_frame, raw_request, rle_bomb

MIB = 1 << 20
BOUND_MIB = 50  # peak growth allowed over all the hostile requests below


@pytest.fixture(scope="module")
def proc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    srv = ServerProcess(tmp_path_factory.mktemp("wire-server"), free_tcp_port()).start(seed=True)
    yield srv
    assert srv.proc is not None
    srv.proc.stop()


def _base(proc: ServerProcess) -> str:
    return f"http://127.0.0.1:{proc.port}"


def _code_body(length: int) -> bytes:
    """An enrolment request carrying a code of ``length`` characters (a few KB compressed)."""
    packed = msgspec.msgpack.encode(EnrolRequest(1, "A" * length, "thief"))
    return zstandard.ZstdCompressor(level=1).compress(packed)


HOSTILE_ENROLMENTS = {
    "1 GiB declared, 32 KiB": rle_bomb(GIB),
    "1 MB undeclared, 4 KiB": rle_bomb(1000 * 1024, declare=-1, window_log=10),
    "declares 5e18 bytes": lying_frame(5 * 10**18),
    "60 MiB code": _code_body(60 * MIB),
    "1 MB code": _code_body(1_000_000),
}
HOSTILE_SYNCS = {
    "1 GiB declared, 32 KiB": rle_bomb(GIB),
    "1 GiB undeclared, 16 MiB window": rle_bomb(GIB, declare=-1, window_log=24),
    "declares 5e18 bytes": lying_frame(5 * 10**18),
}


def _outcome(resp: requests.Response) -> tuple[int, str]:
    code, message = error_of(resp)
    return resp.status_code, code or message[:40]  # the text of a bare 500


def test_bombs_and_long_codes_are_refused_with_bounded_memory(proc: ServerProcess) -> None:
    assert proc.proc is not None
    base = _base(proc)
    device = enrol(base, proc.codes()["CD101"])
    device.sync()  # warm up: the sync route, the shared dictionary, the thread pool
    warm = requests.post(base + PATH_ENROL, data=protocol.encode(EnrolRequest(1, "AAAA-BBBB-CCCC", "w")),
                         timeout=30)
    assert warm.status_code == 401
    before = peak_rss_kib(proc.proc.pid)
    answers = {}
    for name, body in HOSTILE_ENROLMENTS.items():
        resp = requests.post(base + PATH_ENROL, data=body, headers={"Content-Type": CONTENT_TYPE}, timeout=60)
        answers[f"enrol: {name}"] = _outcome(resp)
    for name, body in HOSTILE_SYNCS.items():
        resp = device.request("POST", PATH_SYNC, body)
        answers[f"sync: {name}"] = _outcome(resp)
    growth_mib = (peak_rss_kib(proc.proc.pid) - before) / 1024
    figures = f"server peak RSS {before / 1024:.0f} MiB before, grew {growth_mib:.1f} MiB; {answers}"
    print(figures)
    assert all(answer == (413, "too_large") for answer in answers.values()), figures
    assert growth_mib < BOUND_MIB, figures
    assert requests.get(base + "/health", timeout=10).ok and device.sync().acked_through == 0


def test_a_body_over_the_route_limit_is_refused_before_it_is_sent(proc: ServerProcess) -> None:
    """Only the headers go out: the answer comes without the server waiting for the body."""
    sha = "0" * 64
    for target, length in ((PATH_ENROL, 60 * MIB), (PATH_ENROL, 4097), (PATH_SYNC, 9 * MIB),
                           (PATH_ATTACHMENT.format(sha256=sha) + "?offset=0", protocol.CHUNK_SIZE + 1),
                           ("/v1/admin/enrol-codes", 64 * 1024 + 1)):
        method = "PUT" if target.startswith("/v1/attachments") else "POST"
        answer = raw_request(proc.port, f"{method} {target} HTTP/1.1\r\nHost: x\r\nContent-Length: {length}",
                             timeout=10)
        assert answer.startswith(b"HTTP/1.1 413 "), (target, answer[:200])


def test_a_cut_upload_is_one_warning_line_without_traceback(proc: ServerProcess) -> None:
    assert proc.proc is not None
    device = Device(_base(proc), "DCUT0000000000000", b"k" * 32)
    target = PATH_ATTACHMENT.format(sha256="1" * 64) + "?offset=0"
    for method, path in (("PUT", target), ("POST", PATH_SYNC)):
        headers = "".join(f"\r\n{k}: {v}" for k, v in device.headers(method, path, b"x" * 9000).items())
        raw_request(proc.port, f"{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 9000{headers}",
                    b"x" * 3000, close_after_send=True)  # a GPRS link dropping mid-body

    def cut_lines() -> list[str]:
        return [line for line in proc.proc.log_tail(400).splitlines()  # type: ignore[union-attr]
                if "disconnected before its body arrived" in line]

    wait_until(lambda: len(cut_lines()) >= 2, 20, "the two disconnect warnings")
    log = proc.proc.log_tail(400)
    assert "Traceback" not in log and "ClientDisconnect" not in log, log
    first, second = cut_lines()
    prefix = " WARNING meterfield.server: "  # one line, with its time and level
    assert f"{prefix}PUT {target.split('?')[0]}:" in first and "device DCUT0000000000000" in first
    assert f"{prefix}POST {PATH_SYNC}:" in second and "9000 bytes declared" in second
