"""Resumable, content-addressed attachment upload (photos, signatures).

Each file goes up in chunks of at most :data:`~sync.protocol.CHUNK_SIZE` bytes:
``PUT /v1/attachments/{sha256}?offset=N`` (``&final=1`` on the last one, which
makes the server verify the SHA-256 and only then publish the attachment).
The server answers each chunk with the offset it has durably stored
(``X-MF-Offset``). After a cut, the upload restarts from the offset the store
remembers; if the server holds a different one it answers 409 with its own, and
we continue from there, so at most the chunk in flight is sent again and no
extra round trip is spent asking. ``HEAD`` gives the server's offset when asked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests

from sync.client_http import SyncHttpClient, error_detail
from sync.errors import ProtocolError, SyncError
from sync.protocol import CHUNK_SIZE, PATH_ATTACHMENT
from sync.store_port import AttachmentPort, PendingAttachment

H_OFFSET = "X-MF-Offset"
H_COMPLETE = "X-MF-Complete"  # "1" once the server has verified the hash and published it
MAX_CONFLICTS = 3  # 409s in a row before giving up on this attachment for this cycle


class AttachmentError(SyncError):
    """An attachment could not be uploaded (its file is missing or damaged)."""


@dataclass
class UploadStats:
    """Bytes of file content put on the wire, for progress and the benchmarks."""

    sent: int = 0
    requests: int = 0


def attachment_path(sha256: str, offset: int | None = None, final: bool = False) -> str:
    path = PATH_ATTACHMENT.format(sha256=sha256)
    if offset is None:
        return path
    return f"{path}?offset={offset}" + ("&final=1" if final else "")


class AttachmentUploader:
    """Uploads every pending attachment of an :class:`AttachmentPort`, resuming where it stopped."""

    def __init__(self, client: SyncHttpClient, store: AttachmentPort, chunk_size: int = CHUNK_SIZE,
                 on_progress: Callable[[str, int, int], None] | None = None,
                 stats: UploadStats | None = None) -> None:
        if not 0 < chunk_size <= CHUNK_SIZE:
            raise ValueError(f"chunk size must be 1..{CHUNK_SIZE}")
        self.client = client
        self.store = store
        self.chunk_size = chunk_size
        self.on_progress = on_progress
        self.stats = stats if stats is not None else UploadStats()

    def upload_all(self) -> int:
        """Upload everything pending; returns how many completed.

        A file that is missing or damaged on the handheld (or that the server found damaged)
        never holds back the others: it is skipped for this cycle, the rest go up, and the first
        such error is raised at the end so the cycle reports it. A network or server failure
        stops at once (the next cycle resumes)."""
        done = 0
        skipped: AttachmentError | None = None
        for item in self.store.pending_uploads():
            try:
                self.upload(item)
            except AttachmentError as exc:
                skipped = skipped or exc
                continue
            done += 1
        if skipped is not None:
            raise skipped
        return done

    def server_offset(self, sha256: str) -> int:
        reply = self.client.request("HEAD", attachment_path(sha256))
        return _offset_of(reply.headers.get(H_OFFSET))

    def upload(self, item: PendingAttachment) -> None:
        _verify_file(item.path, item.sha256, item.size)
        offset = min(item.confirmed_offset, item.size)
        conflicts = 0
        with item.path.open("rb") as fh:
            while True:
                fh.seek(offset)
                chunk = fh.read(self.chunk_size)
                final = offset + len(chunk) >= item.size
                reply = self._put(item.sha256, offset, chunk, final)
                confirmed = _offset_of(reply.headers.get(H_OFFSET)) if H_OFFSET in reply.headers \
                    else offset + len(chunk)
                if reply.status_code == 409:
                    conflicts += 1
                    if conflicts > MAX_CONFLICTS:
                        raise ProtocolError(f"the server keeps refusing attachment {item.sha256[:12]} "
                                            f"at offset {offset}")
                else:
                    conflicts = 0
                if reply.headers.get(H_COMPLETE) == "1" or (confirmed >= item.size and final
                                                             and reply.status_code == 200):
                    self.store.mark_uploaded(item.sha256)
                    return
                if confirmed != offset:
                    offset = confirmed
                    self.store.mark_progress(item.sha256, offset)
                    if self.on_progress:
                        self.on_progress(item.sha256, offset, item.size)

    def _put(self, sha256: str, offset: int, chunk: bytes, final: bool) -> requests.Response:
        path = attachment_path(sha256, offset, final)
        accept = frozenset({409, 400, 422}) if final else frozenset({409})
        self.stats.sent += len(chunk)  # counted before: a cut chunk was (partly) sent too
        self.stats.requests += 1
        reply = self.client.request("PUT", path, chunk, {"Content-Type": "application/octet-stream"},
                                    accept=accept)
        if reply.status_code in (400, 422):
            raise AttachmentError(f"the server found attachment {sha256[:12]} damaged on arrival "
                                  f"({error_detail(reply)}); it will be sent again")
        return reply


def _offset_of(value: str | None) -> int:
    try:
        return max(0, int(value or "0"))
    except ValueError:
        raise ProtocolError(f"the server sent a bad {H_OFFSET} header: {value!r}") from None


def _verify_file(path: Path, sha256: str, size: int) -> None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AttachmentError(f"the photo file {path.name} cannot be read: {exc.strerror}") from None
    if len(data) != size or hashlib.sha256(data).hexdigest() != sha256:
        raise AttachmentError(f"the photo file {path.name} is damaged (its content no longer "
                              "matches its hash)")
