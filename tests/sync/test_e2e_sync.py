"""Terminal and real server through the link emulator: download, upload, cuts, replays, reorders."""

from __future__ import annotations

import random

from sqlalchemy import Engine

from server.run import EmbeddedServer
from sync.client_http import SyncHttpClient
from sync.link_emulator import LinkEmulator
from sync.protocol import PROTOCOL_VERSION, SCHEMA_VERSION, Mutation, SyncRequest
from sync.runner import SyncRunner
from tests.sync.conftest import TECH, Terminal, assert_exactly_once


def settle_clean(runner: SyncRunner, timeout: float = 30.0) -> None:
    """Sync until a cycle ends with no error (the link may fail a few times first)."""
    runner.sync_now()
    for _ in range(50):
        status = runner.wait_settled(timeout)
        if status.phase == "idle" and not status.last_error:
            return
        runner.sync_now()
    raise AssertionError(f"sync never settled cleanly: {runner.status()}")


def test_fresh_terminal_downloads_its_orders_and_status_reports_it(
        server: EmbeddedServer, terminal: Terminal, link: LinkEmulator) -> None:
    terminal.enrol(server.url, server.codes[TECH])
    runner = terminal.runner(link.url)
    seen = []
    runner.add_listener(seen.append)
    runner.start()
    try:
        status = runner.wait_settled(30)
    finally:
        runner.stop()
    assert status.phase == "idle" and status.online and not status.syncing
    assert status.last_success and status.last_error == "" and status.pending == 0
    assert len(terminal.orders()) >= 10  # the demo gives each technician 10-16 orders
    assert any(s.syncing for s in seen)  # the UI saw the cycle run
    assert link.bytes_up > 0 and link.bytes_down > 0


def test_upload_reaches_the_server_exactly_once_and_the_outbox_drains(
        server: EmbeddedServer, server_db: Engine, terminal: Terminal, link: LinkEmulator) -> None:
    terminal.enrol(server.url, server.codes[TECH])
    runner = terminal.runner(link.url)
    runner.start()
    try:
        runner.wait_settled(30)
        terminal.capture(30)
        runner.outbox_changed()
        settle_clean(runner)
    finally:
        runner.stop()
    identity = terminal.local.identity()
    assert identity is not None
    assert terminal.local.pending_count() == 0
    assert_exactly_once(server_db, identity.device_id, 30)


def test_cuts_at_random_byte_offsets_lose_nothing_and_duplicate_nothing(
        server: EmbeddedServer, server_db: Engine, terminal: Terminal, link: LinkEmulator) -> None:
    terminal.enrol(server.url, server.codes[TECH])
    runner = terminal.runner(link.url, batch_size=20)
    runner.start()
    rng = random.Random(20261124)
    try:
        runner.wait_settled(30)
        for _round in range(6):
            terminal.capture(25, rng)
            # cut somewhere inside the next requests or their responses
            drops = link.drops
            if rng.random() < 0.5:
                link.cut_after(up=rng.randint(1, 1500))
            else:
                link.cut_after(down=rng.randint(1, 400))
            for _try in range(10):
                runner.sync_now()
                runner.wait_settled(30)
                if link.drops > drops:
                    break
        link.cut_after()  # the link heals
        left = terminal.local.pending_count()
        sends_before = runner.cycles
        runner.sync_now()
        settle_clean(runner)
        heal_cycles = runner.cycles - sends_before
    finally:
        runner.stop()
    identity = terminal.local.identity()
    assert identity is not None
    assert terminal.local.pending_count() == 0
    assert_exactly_once(server_db, identity.device_id, 150)
    assert link.drops >= 6
    # drained within two cycles, plus one per extra full batch of 20 still waiting at the heal
    assert heal_cycles <= max(2, -(-left // 20) + 1), (heal_cycles, left)


def test_replayed_requests_on_new_connections_are_harmless(
        server: EmbeddedServer, server_db: Engine, terminal: Terminal, link: LinkEmulator) -> None:
    link.duplicate_requests = True  # every request is also sent again on a fresh connection
    terminal.enrol(server.url, server.codes[TECH])
    runner = terminal.runner(link.url)
    runner.start()
    try:
        runner.wait_settled(30)
        terminal.capture(10)
        runner.outbox_changed()
        settle_clean(runner)
    finally:
        runner.stop()
    # and an old request replayed once more, after newer ones: a reordered duplicate
    replies = [link.replay(i) for i in range(len(link.requests))]
    identity = terminal.local.identity()
    assert identity is not None
    assert_exactly_once(server_db, identity.device_id, 10)
    assert all(r.startswith(b"HTTP/1.1 ") for r in replies)
    assert not any(r.startswith(b"HTTP/1.1 200") for r in replies[2:]), "a replay was accepted twice"


def test_resent_and_reordered_batches_are_stored_once(
        server: EmbeddedServer, server_db: Engine, terminal: Terminal) -> None:
    """A device that lost responses resends overlapping batches, out of order, freshly signed."""
    terminal.enrol(server.url, server.codes[TECH])
    terminal.runner()  # writes nothing; just checks the identity
    runner = terminal.runner()
    runner.start()
    try:
        runner.wait_settled(30)
    finally:
        runner.stop()
    terminal.capture(12)
    identity = terminal.local.identity()
    assert identity is not None
    batch = terminal.local.read_batch(100).mutations
    client = SyncHttpClient(server.url, identity.device_id, identity.secret)
    cursor = terminal.local.read_batch(1).cursor

    def push(mutations: tuple[Mutation, ...]) -> int:
        request = SyncRequest(PROTOCOL_VERSION, SCHEMA_VERSION, identity.device_id, cursor,
                              list(mutations), 1)
        return client.sync(request).acked_through

    assert push(batch[6:12]) == 0  # a later batch first: stored, but not contiguous yet
    assert push(batch[0:8]) == 12  # the gap filled, overlapping rows not stored again
    assert push(batch[3:5]) == 12  # a stale duplicate
    assert push(tuple(reversed(batch))) == 12
    client.close()
    assert_exactly_once(server_db, identity.device_id, 12)


def test_cuts_inside_tls_lose_nothing_and_duplicate_nothing(tls_server: EmbeddedServer,
                                                            terminal: Terminal) -> None:
    """The same faults with TLS in the way: cuts land in handshakes and in encrypted records."""
    from server.app import open_store as open_server_store
    from sync.link_emulator import LinkProfile

    terminal.enrol(tls_server.url, tls_server.codes[TECH], tls_server.fingerprint)
    rng = random.Random(11)
    with LinkEmulator(("127.0.0.1", tls_server.config.port), LinkProfile(), seed=5) as link:
        runner = terminal.runner(link.url.replace("http://", "https://"), batch_size=10)
        runner.start()
        try:
            runner.wait_settled(30)
            for _round in range(5):
                terminal.capture(12, rng)
                if rng.random() < 0.5:
                    link.cut_after(up=rng.randint(1, 2500))
                else:
                    link.cut_after(down=rng.randint(1, 2500))
                runner.sync_now()
                runner.wait_settled(30)
            link.cut_after()
            settle_clean(runner)
        finally:
            runner.stop()
        assert link.drops >= 2
    identity = terminal.local.identity()
    assert identity is not None
    engine = open_server_store(tls_server.config)
    try:
        assert terminal.local.pending_count() == 0
        assert_exactly_once(engine, identity.device_id, 60)
    finally:
        engine.dispose()
