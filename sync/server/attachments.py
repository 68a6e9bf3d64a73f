"""Resumable, content-addressed attachment uploads (photos, signatures).

A device uploads the bytes whose SHA-256 names the attachment, in chunks of
at most :data:`~sync.protocol.CHUNK_SIZE`. The server confirms a byte offset
only once the chunk is committed; a chunk is accepted only at exactly the
confirmed offset (else 409 with the confirmed offset), so after a cut the
device asks (HEAD) and resumes from there. The final chunk (``final=1``) makes
the server verify the hash: only then does the attachment exist and become
readable; on a mismatch the partial upload is discarded and nothing is visible.
Partial uploads are per device, so one device can never disturb another's.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, delete, insert, select, update

from sync.protocol import CHUNK_SIZE
from sync.server.auth import Caller
from sync.server.db import lock_device, reading, tables
from sync.server.errors import ServerError, bad_request, conflict, forbidden
from sync.server.scope import may_see_team

H_OFFSET = "X-MF-Offset"
H_COMPLETE = "X-MF-Complete"
_SHA = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class UploadState:
    offset: int  # bytes the server has durably confirmed
    complete: bool  # verified and visible

    def headers(self) -> dict[str, str]:
        return {H_OFFSET: str(self.offset), H_COMPLETE: "1" if self.complete else "0"}


def check_sha(sha256: str) -> str:
    if not _SHA.fullmatch(sha256):
        raise bad_request("an attachment is named by its SHA-256 in 64 lowercase hex digits")
    return sha256


def state(engine: Engine, caller: Caller, sha256: str) -> UploadState:
    with reading(engine) as conn:
        return _state(conn, caller, check_sha(sha256))


def _state(conn: Connection, caller: Caller, sha256: str) -> UploadState:
    size = conn.execute(select(tables.attachments.c.size).where(tables.attachments.c.sha256 == sha256)
                        ).scalar()
    if size is not None:
        return UploadState(int(size), True)
    u = tables.uploads.c
    confirmed = conn.execute(select(u.confirmed).where(u.device_id == caller.device_id,
                                                       u.sha256 == sha256)).scalar()
    return UploadState(int(confirmed or 0), False)


def put_chunk(engine: Engine, caller: Caller, sha256: str, offset: int, data: bytes, *, final: bool,
              now: int, max_bytes: int) -> UploadState:
    """Append ``data`` at ``offset``; with ``final`` verify and publish. Raises 409/413/422."""
    check_sha(sha256)
    if len(data) > CHUNK_SIZE:
        raise ServerError(413, "chunk_too_large", f"a chunk may hold at most {CHUNK_SIZE} bytes")
    with engine.begin() as conn:
        lock_device(conn, caller.device_id)
        current = _state(conn, caller, sha256)
        if current.complete:
            return current  # already verified (by this or another device): nothing to do
        if offset != current.offset:
            raise conflict("offset", f"the server has confirmed {current.offset} bytes; resume there",
                           current.headers())
        if offset + len(data) > max_bytes:
            raise ServerError(413, "too_large", f"an attachment may hold at most {max_bytes} bytes")
        confirmed = _append(conn, caller, sha256, offset, data, now=now)
        if not final:
            return UploadState(confirmed, False)
        if _verify_and_publish(conn, caller, sha256, now):
            return UploadState(confirmed, True)
        _discard(conn, caller, sha256)
    raise ServerError(422, "hash_mismatch", "the uploaded bytes do not match their SHA-256; the upload "
                                            "was discarded, send it again from the start",
                      UploadState(0, False).headers())


def _append(conn: Connection, caller: Caller, sha256: str, offset: int, data: bytes, *, now: int) -> int:
    u = tables.uploads.c
    if offset == 0:
        _discard(conn, caller, sha256)
        conn.execute(insert(tables.uploads).values(device_id=caller.device_id, sha256=sha256,
                                                   confirmed=0, updated_at=now))
    if data:
        conn.execute(insert(tables.upload_chunks).values(device_id=caller.device_id, sha256=sha256,
                                                         offset=offset, data=data))
        conn.execute(update(tables.uploads).where(u.device_id == caller.device_id, u.sha256 == sha256)
                     .values(confirmed=offset + len(data), updated_at=now))
    return offset + len(data)


def _verify_and_publish(conn: Connection, caller: Caller, sha256: str, now: int) -> bool:
    c = tables.upload_chunks.c
    chunks = conn.execute(select(c.data).where(c.device_id == caller.device_id, c.sha256 == sha256)
                          .order_by(c.offset)).scalars()
    blob = b"".join(chunks)
    if hashlib.sha256(blob).hexdigest() != sha256:
        return False
    conn.execute(insert(tables.attachments).values(
        sha256=sha256, size=len(blob), device_id=caller.device_id, user_id=caller.user_id,
        team_id=caller.team_id, company_id=caller.company_id, completed_at=now, data=blob))
    _discard(conn, caller, sha256)
    return True


def _discard(conn: Connection, caller: Caller, sha256: str) -> None:
    conn.execute(delete(tables.upload_chunks).where(tables.upload_chunks.c.device_id == caller.device_id,
                                                    tables.upload_chunks.c.sha256 == sha256))
    conn.execute(delete(tables.uploads).where(tables.uploads.c.device_id == caller.device_id,
                                              tables.uploads.c.sha256 == sha256))


def read(engine: Engine, caller: Caller, sha256: str) -> bytes:
    """The verified bytes, for the uploader's user and supervisors in scope; 404 while partial."""
    a = tables.attachments.c
    with reading(engine) as conn:
        row = conn.execute(select(a.data, a.user_id, a.team_id, a.company_id)
                           .where(a.sha256 == check_sha(sha256))).first()
    if row is None:
        raise ServerError(404, "not_found", "no complete attachment with this hash")
    if not may_see_team(caller, row.user_id, row.team_id, row.company_id):
        raise forbidden("out_of_scope", "this attachment belongs to another team")
    return bytes(row.data)
