"""A 2 MB photo through a link cut at random byte offsets: bytes re-sent after each cut.

The terminal uploads a 2 MB incompressible photo (as JPEG is) to the real server; the link
emulator cuts the connection after a random number of bytes, again and again, until the photo
is through. For each cut: the bytes that went up but were not confirmed by the server (so must
be sent again). The server's copy is then checked against the SHA-256. With ``--goodput``, a
smaller photo also goes over 40 kbit/s, 600 ms RTT to measure goodput against link capacity.

    python benches/bench_sync_photo.py [--cuts 12] [--seed 1] [--goodput]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from _sync_common import (
    LinkEmulator,
    LinkProfile,
    MemoryTerminal,
    bench_server,
    command,
    enrol,
    link_url,
    load_day,
)

from sync.attachments_client import AttachmentUploader, attachment_path
from sync.client_http import SyncHttpClient
from sync.errors import SyncError
from sync.protocol import CHUNK_SIZE
from sync.store_port import PendingAttachment

SIZE = 2 * 1024 * 1024


@dataclass
class OnePhoto(MemoryTerminal):
    photo: PendingAttachment | None = None
    done: bool = False

    def pending_uploads(self) -> list[PendingAttachment]:
        return [] if self.done or self.photo is None else [self.photo]

    def mark_progress(self, sha256: str, offset: int) -> None:
        assert self.photo is not None
        self.photo = PendingAttachment(sha256, self.photo.path, self.photo.size, offset)

    def mark_uploaded(self, sha256: str) -> None:
        self.done = True


def upload_with_cuts(srv_port: int, terminal: OnePhoto, client_args: tuple[str, bytes], *,
                     cuts: int, rng: random.Random) -> list[int]:
    wasted: list[int] = []
    with LinkEmulator(("127.0.0.1", srv_port), LinkProfile()) as link:
        client = SyncHttpClient(link_url(link, False), *client_args)
        uploader = AttachmentUploader(client, terminal)
        while not terminal.done:
            assert terminal.photo is not None
            before_sent, before_ok = uploader.stats.sent, terminal.photo.confirmed_offset
            if len(wasted) < cuts:
                link.cut_after(up=rng.randint(1, SIZE // 10))
            drops = link.drops
            with contextlib.suppress(SyncError):
                uploader.upload_all()
            if link.drops > drops:
                progress = terminal.photo.confirmed_offset - before_ok
                wasted.append(uploader.stats.sent - before_sent - progress)
        client.close()
    return wasted


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cuts", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--goodput", action="store_true", help="also 256 KB over 40 kbit/s, 600 ms RTT")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    content = rng.randbytes(SIZE)
    sha = hashlib.sha256(content).hexdigest()
    with bench_server(load_day(), tls=False, raw_payloads=False) as srv, \
            tempfile.TemporaryDirectory(prefix="mf-photo-") as tmp:
        path = Path(tmp) / sha
        path.write_bytes(content)
        terminal = OnePhoto(photo=PendingAttachment(sha, path, SIZE, 0))
        enrol(terminal, srv)
        ident = terminal.identity()
        assert ident is not None
        wasted = upload_with_cuts(srv.port, terminal, (ident.device_id, ident.secret), cuts=args.cuts,
                                  rng=rng)
        direct = SyncHttpClient(srv.url, ident.device_id, ident.secret)
        stored = direct.request("GET", attachment_path(sha)).content
        verified = hashlib.sha256(stored).hexdigest() == sha
        print(f"photo: {SIZE:,} bytes, {len(wasted)} cuts at random offsets; re-sent per cut: max "
              f"{max(wasted):,} bytes, mean {sum(wasted) / len(wasted):,.0f} (target <= {CHUNK_SIZE:,} = one "
              f"chunk: {'meets' if max(wasted) <= CHUNK_SIZE else 'MISSES'}); server copy SHA-256 "
              f"{'matches' if verified else 'DIFFERS'}")
        if args.goodput:
            goodput(srv.port, ident.device_id, ident.secret, Path(tmp))
        direct.close()
    print(f"command: {command()}")
    return 0


def goodput(port: int, device_id: str, secret: bytes, tmp: Path) -> None:
    size = 256 * 1024
    content = random.Random(2).randbytes(size)
    sha = hashlib.sha256(content).hexdigest()
    (tmp / sha).write_bytes(content)
    terminal = OnePhoto(photo=PendingAttachment(sha, tmp / sha, size, 0))
    with LinkEmulator(("127.0.0.1", port), LinkProfile.gprs(40, 600)) as link:
        client = SyncHttpClient(link_url(link, False), device_id, secret)
        start = time.monotonic()
        AttachmentUploader(client, terminal).upload_all()
        elapsed = time.monotonic() - start
        client.close()
    capacity = 40_000 / 8
    print(f"goodput: {size:,} bytes in {elapsed:.1f} s over 40 kbit/s, 600 ms RTT = "
          f"{size / elapsed / capacity:.0%} of link capacity")


if __name__ == "__main__":
    raise SystemExit(main())
