"""Resumable, content-addressed attachment uploads (photos, signatures).

A device uploads the bytes whose SHA-256 names the attachment, in chunks of
at most :data:`~sync.protocol.CHUNK_SIZE`. The server confirms a byte offset
only once the chunk is committed; a chunk is accepted only at exactly the
confirmed offset (else 409 with the confirmed offset), so after a cut the
device asks (HEAD) and resumes from there. The final chunk (``final=1``) makes
the server verify the hash: only then does the attachment exist and become
readable; on a mismatch the partial upload is discarded and nothing is visible.
Partial uploads are per device, so one device can never disturb another's.

Attachments belong to their uploaders. The bytes are kept once per hash, but each
device that uploaded all of them is an owner (``attachment_owners``), and a device sees
only its own state: HEAD and PUT answer "complete" only to an owner, so no device can
learn whether someone else holds a hash. A second device with the same bytes uploads
them all (that proves it has them) and then becomes an owner too. GET is allowed when
any owner is in the caller's scope; anything else (unknown, partial, someone else's) is
the same 404, so reading does not reveal existence either. Partial uploads not touched
for a while are pruned (:func:`prune_abandoned`).
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from server.auth import Caller
from server.db import lock_device, reading, tables
from server.errors import ServerError, bad_request, conflict
from server.scope import may_see_team
from sync.protocol import CHUNK_SIZE

H_OFFSET = "X-MF-Offset"
H_COMPLETE = "X-MF-Complete"
PRUNE_EVERY_S = 3600
_SHA = re.compile(r"[0-9a-f]{64}")
_log = logging.getLogger("meterfield.server")


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
    """The caller's own state: complete only if its device is an owner, else its partial upload."""
    a, o = tables.attachments.c, tables.attachment_owners.c
    size = conn.execute(select(a.size).join(tables.attachment_owners, o.sha256 == a.sha256)
                        .where(a.sha256 == sha256, o.device_id == caller.device_id)).scalar()
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
            return current  # this device uploaded it already (the answer was lost): nothing to do
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
    _keep_bytes(conn, sha256, blob, now)
    conn.execute(insert(tables.attachment_owners).values(
        sha256=sha256, device_id=caller.device_id, user_id=caller.user_id, team_id=caller.team_id,
        company_id=caller.company_id, completed_at=now))
    _discard(conn, caller, sha256)
    return True


def _keep_bytes(conn: Connection, sha256: str, blob: bytes, now: int) -> None:
    """Store the verified bytes unless another owner's upload already did (the same bytes)."""
    a = tables.attachments.c
    if conn.execute(select(a.sha256).where(a.sha256 == sha256)).first() is not None:
        return
    try:
        with conn.begin_nested():
            conn.execute(insert(tables.attachments).values(sha256=sha256, size=len(blob), completed_at=now,
                                                           data=blob))
    except IntegrityError:  # another device finished the same bytes at the same moment
        if conn.execute(select(a.sha256).where(a.sha256 == sha256)).first() is None:
            raise


def _discard(conn: Connection, caller: Caller, sha256: str) -> None:
    conn.execute(delete(tables.upload_chunks).where(tables.upload_chunks.c.device_id == caller.device_id,
                                                    tables.upload_chunks.c.sha256 == sha256))
    conn.execute(delete(tables.uploads).where(tables.uploads.c.device_id == caller.device_id,
                                              tables.uploads.c.sha256 == sha256))


def read(engine: Engine, caller: Caller, sha256: str) -> bytes:
    """The verified bytes, if any owner is in the caller's scope (their own user, supervisors of
    the owner's team or region); otherwise 404, the same as for a hash nobody uploaded."""
    a, o = tables.attachments.c, tables.attachment_owners.c
    with reading(engine) as conn:
        owners = conn.execute(select(o.user_id, o.team_id, o.company_id)
                              .where(o.sha256 == check_sha(sha256))).all()
        if any(may_see_team(caller, r.user_id, r.team_id, r.company_id) for r in owners):
            data = conn.execute(select(a.data).where(a.sha256 == sha256)).scalar()
            if data is not None:
                return bytes(data)
    raise ServerError(404, "not_found", "no complete attachment with this hash that you may read")


def prune_abandoned(engine: Engine, now: int, max_age_s: int) -> int:
    """Delete partial uploads not touched for ``max_age_s`` (their device gave up or was lost);
    the number pruned. A device that comes back later is told offset 0 and starts again."""
    u, c = tables.uploads.c, tables.upload_chunks.c
    cutoff = now - max_age_s
    pruned = 0
    with engine.begin() as conn:
        stale = conn.execute(select(u.device_id, u.sha256).where(u.updated_at < cutoff)).all()
        for device_id, sha256 in stale:
            # the age again: a chunk that arrived since the select keeps its upload
            gone = conn.execute(delete(tables.uploads).where(u.device_id == device_id, u.sha256 == sha256,
                                                             u.updated_at < cutoff)).rowcount
            if gone:
                conn.execute(delete(tables.upload_chunks).where(c.device_id == device_id, c.sha256 == sha256))
                pruned += 1
    if pruned:
        _log.info("pruned %d abandoned partial upload(s) older than %d s", pruned, max_age_s)
    return pruned


@dataclass
class Pruner:
    """Runs :func:`prune_abandoned` at most once every ``every_s`` (cheap to call on every PUT)."""

    max_age_s: int
    every_s: int = PRUNE_EVERY_S
    last: int | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def maybe(self, engine: Engine, now: int) -> int:
        if not self._lock.acquire(blocking=False):
            return 0  # another request is pruning right now
        try:
            if self.last is not None and now - self.last < self.every_s:
                return 0
            self.last = now
        finally:
            self._lock.release()
        return prune_abandoned(engine, now, self.max_age_s)
