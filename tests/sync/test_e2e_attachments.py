"""A photo through a link that cuts at random offsets: resumes from the confirmed byte, re-sends at
most one chunk per cut, and is never visible on the server until complete and verified."""

from __future__ import annotations

import hashlib
import random
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from app.domain.records import Attachment
from app.storage.attachments import AttachmentStore
from server.run import EmbeddedServer
from sync.attachments_client import attachment_path
from sync.client_http import SyncHttpClient
from sync.errors import SyncError
from sync.link_emulator import LinkEmulator
from sync.protocol import CHUNK_SIZE
from tests.sync.conftest import TECH, Terminal, server_orders
from tests.sync.test_e2e_sync import settle_clean

SIZE = 300_000  # ~10 chunks: enough for several cuts, quick on loopback


def add_photo(terminal: Terminal, order_no: str, seed: int = 1) -> tuple[str, bytes]:
    content = random.Random(seed).randbytes(SIZE)
    sha = hashlib.sha256(content).hexdigest()
    meta = Attachment(sha, "photo", "image/jpeg", SIZE, order_no, "old meter",
                      datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    AttachmentStore(terminal.store, terminal.home / "data").add(content, meta)
    return sha, content


def fetch(client: SyncHttpClient, sha: str) -> bytes | None:
    try:
        return client.request("GET", attachment_path(sha)).content
    except SyncError:
        return None


def test_photo_resumes_after_cuts_and_appears_only_when_verified(
        server: EmbeddedServer, server_db: Engine, terminal: Terminal, link: LinkEmulator) -> None:
    terminal.enrol(server.url, server.codes[TECH])
    sha, content = add_photo(terminal, server_orders(server_db)[0])
    identity = terminal.local.identity()
    assert identity is not None
    direct = SyncHttpClient(server.url, identity.device_id, identity.secret)
    runner = terminal.runner(link.url)
    rng = random.Random(7)
    # Four cuts, armed together (the runner retries on its own: a cut armed after it settles
    # could come too late). Their budgets add up to less than the photo, so all four fire.
    budgets = [rng.randint(CHUNK_SIZE, 2 * CHUNK_SIZE)] + [rng.randint(1, 2 * CHUNK_SIZE) for _ in range(3)]
    assert sum(budgets) < SIZE
    link.cut_each(budgets)
    runner.start()
    try:
        deadline = time.monotonic() + 60
        while terminal.local.pending_uploads():
            assert time.monotonic() < deadline, "the photo did not get through the cuts"
            # until the final chunk is verified nothing is readable; then the whole photo is
            assert fetch(direct, sha) in (None, content), "a partial photo is visible on the server"
            time.sleep(0.05)
        settle_clean(runner)
    finally:
        runner.stop()
    cuts = link.drops
    assert cuts == len(budgets)
    assert terminal.local.pending_uploads() == []
    assert fetch(direct, sha) == content
    resent = runner.upload_stats.sent - SIZE
    assert resent <= cuts * CHUNK_SIZE, f"{resent} bytes re-sent after {cuts} cuts"
    direct.close()


def test_damaged_local_file_is_reported_not_sent(server: EmbeddedServer, server_db: Engine,
                                                 terminal: Terminal) -> None:
    terminal.enrol(server.url, server.codes[TECH])
    add_photo(terminal, server_orders(server_db)[0], seed=2)
    path = terminal.local.pending_uploads()[0].path
    path.write_bytes(b"not the photo")
    runner = terminal.runner()
    runner.start()
    try:
        status = runner.wait_settled(30)
    finally:
        runner.stop()
    assert "damaged" in status.last_error
    assert runner.upload_stats.sent == 0


def test_a_damaged_photo_does_not_hold_back_the_photos_after_it(server: EmbeddedServer, server_db: Engine,
                                                                 terminal: Terminal) -> None:
    terminal.enrol(server.url, server.codes[TECH])
    order_no = server_orders(server_db)[0]
    add_photo(terminal, order_no, seed=3)
    later_sha, later = add_photo(terminal, order_no, seed=4)
    first = next(p for p in terminal.local.pending_uploads() if p.sha256 != later_sha)
    first.path.write_bytes(b"not the photo")
    runner = terminal.runner()
    runner.start()
    try:
        status = runner.wait_settled(30)
    finally:
        runner.stop()
    assert "damaged" in status.last_error  # the damaged one is still reported
    identity = terminal.local.identity()
    assert identity is not None
    direct = SyncHttpClient(server.url, identity.device_id, identity.secret)
    assert fetch(direct, later_sha) == later  # and the next one went up
    assert [p.sha256 for p in terminal.local.pending_uploads()] == [first.sha256]


@pytest.mark.parametrize("offset", [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1])
def test_resume_from_a_wrong_local_offset_follows_the_server(
        offset: int, server: EmbeddedServer, server_db: Engine, terminal: Terminal) -> None:
    """The local progress may be behind or ahead of the server (lost ack): the 409 corrects it."""
    terminal.enrol(server.url, server.codes[TECH])
    sha, content = add_photo(terminal, server_orders(server_db)[0], seed=3)
    terminal.local.mark_progress(sha, offset)
    runner = terminal.runner()
    runner.start()
    try:
        settle_clean(runner)
    finally:
        runner.stop()
    identity = terminal.local.identity()
    assert identity is not None
    direct = SyncHttpClient(server.url, identity.device_id, identity.secret)
    assert fetch(direct, sha) == content
    direct.close()
