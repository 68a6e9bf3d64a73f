"""The HTTP client and the runner against the real server: TLS pinning, clock skew, revocation,
the link coming up, the status the UI sees."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from server import admin
from server.app import open_store as open_server_store
from server.run import EmbeddedServer
from sync.client_http import NetworkError, PinningError, SyncHttpClient, enrol
from sync.errors import MESSAGES_ZH, AuthError
from sync.protocol import PROTOCOL_VERSION, SCHEMA_VERSION, SyncRequest
from sync.runner import SyncStatus
from tests.sync.conftest import TECH, Terminal
from tests.sync.test_e2e_sync import settle_clean


def idle_request(device_id: str) -> SyncRequest:
    return SyncRequest(PROTOCOL_VERSION, SCHEMA_VERSION, device_id, 0, [], 1)


def test_pinned_tls_accepts_the_enrolled_certificate_only(tls_server: EmbeddedServer) -> None:
    reply = enrol(tls_server.url, tls_server.codes[TECH], "pinned", tls_server.fingerprint)
    good = SyncHttpClient(tls_server.url, reply.device_id, reply.secret, tls_server.fingerprint)
    assert good.sync(idle_request(reply.device_id)).changes  # the orders come down over pinned TLS
    good.close()
    wrong = "00" * 32
    bad = SyncHttpClient(tls_server.url, reply.device_id, reply.secret, wrong)
    with pytest.raises(PinningError, match="certificate") as caught:
        bad.sync(idle_request(reply.device_id))
    assert caught.value.code == "certificate_mismatch"
    bad.close()
    with pytest.raises(PinningError) as caught:
        enrol(tls_server.url, tls_server.codes["CD100"], "imposter check", wrong)
    assert caught.value.code == "certificate_mismatch"
    assert enrol(tls_server.url, tls_server.codes["CD100"], "the right pin", tls_server.fingerprint).user_id \
        == "CD100"  # the code was not spent by the refused attempt


def test_an_unreachable_server_is_a_network_error_not_a_pinning_error(tmp_path: Path) -> None:
    from tests.support.services import free_tcp_port

    url = f"https://127.0.0.1:{free_tcp_port()}"
    with pytest.raises(NetworkError) as caught:
        enrol(url, "J4K4-R7PV-5WEB", "nobody there", "00" * 32, timeout=(2.0, 2.0))
    assert caught.value.code == "network" and not isinstance(caught.value, AuthError)


def test_a_terminal_clock_a_day_off_adopts_the_server_clock(server: EmbeddedServer) -> None:
    reply = enrol(server.url, server.codes[TECH], "skewed")
    skewed = SyncHttpClient(server.url, reply.device_id, reply.secret, clock=lambda: time.time() + 86_400)
    assert skewed.sync(idle_request(reply.device_id)).cursor > 0
    assert abs(skewed.clock_offset + 86_400) < 60
    skewed.close()


def test_a_revoked_terminal_is_blocked_and_says_so(server: EmbeddedServer, terminal: Terminal) -> None:
    terminal.enrol(server.url, server.codes[TECH])
    identity = terminal.local.identity()
    assert identity is not None
    engine = open_server_store(server.config)
    admin.revoke_device(engine, identity.device_id, now=int(time.time()))
    engine.dispose()
    runner = terminal.runner()
    runner.start()
    try:
        status = runner.wait_settled(30)
    finally:
        runner.stop()
    assert status.phase == "blocked" and "enrolled again" in status.last_error
    assert status.error_code == "revoked" and status.as_dict()["error_code"] == "revoked"
    with pytest.raises(AuthError) as caught:
        SyncHttpClient(server.url, identity.device_id, identity.secret).sync(idle_request(identity.device_id))
    assert caught.value.code == "revoked" and caught.value.message_zh == MESSAGES_ZH["revoked"]


def test_sync_starts_by_itself_when_the_link_comes_up(server: EmbeddedServer, terminal: Terminal) -> None:
    terminal.enrol(server.url, server.codes[TECH])
    identity = terminal.local.identity()
    assert identity is not None
    from sync.runner import build_runner

    runner = build_runner(terminal.local, online=False)
    seen: list[SyncStatus] = []
    runner.add_listener(seen.append)
    runner.start()
    try:
        time.sleep(0.3)
        assert runner.status().phase == "offline" and runner.cycles == 0
        runner.link_up()
        status = runner.wait_settled(30)
        assert status.phase == "idle" and status.online and status.last_success
        assert terminal.orders()
        runner.link_down()
        runner.wait_settled(5)
        assert runner.status().phase == "offline" and not runner.status().online
    finally:
        runner.stop()
    assert seen[-1].as_dict()["online"] is False and "last_success" in seen[-1].as_dict()
    phases = [s.phase for s in seen]
    assert "sending" in phases and phases[-2:] == ["offline", "stopped"]


def test_pending_count_follows_the_outbox(server: EmbeddedServer, terminal: Terminal) -> None:
    terminal.enrol(server.url, server.codes[TECH])
    runner = terminal.runner()
    runner.start()
    try:
        runner.wait_settled(30)
        terminal.capture(7)
        runner.outbox_changed()
        time.sleep(0.005)
        assert runner.status().pending in (0, 7)
        settle_clean(runner)
        assert runner.status().pending == 0
    finally:
        runner.stop()


def test_enrolment_needs_https_and_a_pinned_certificate(server: EmbeddedServer, tmp_path: Path) -> None:
    from sync.errors import SyncError
    from sync.runner import enrol_device

    terminal = Terminal(tmp_path / "t")
    for url, fingerprint in ((server.url, ""), (server.url.replace("http://", "https://"), "")):
        with pytest.raises(SyncError, match="https address and its certificate fingerprint"):
            enrol_device(terminal.local, url, server.codes[TECH], "unpinned", fingerprint)
    assert terminal.local.identity() is None  # nothing was asked of the server, nothing kept
