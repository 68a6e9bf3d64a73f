"""Photos and signatures: content-addressed files plus a row, and their upload progress.

The file is written and fsynced under its SHA-256 name *before* the row and the
outbox entry are committed, so a row never points at a missing or partial file.
It is written inside the row's transaction: through a ``.part`` file, fsynced, renamed,
the directory fsynced. If anything fails (a full disk: :class:`DiskFullError`), the
``.part`` file is removed at once, and a file this transaction created is removed when
the transaction rolls back (a step that keeps a photo and a signature keeps both or
neither, and leaves no orphan file taking space).
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.domain.records import Attachment
from app.domain.serialize import to_record
from app.storage.db import Store
from app.storage.errors import DiskFullError, StorageError
from app.storage.outbox import enqueue

log = logging.getLogger(__name__)
_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


@dataclass(frozen=True, slots=True)
class AttachmentRow:
    sha256: str
    path: Path
    size: int
    confirmed_offset: int


class AttachmentStore:
    def __init__(self, store: Store, data_dir: Path) -> None:
        self.store = store
        self.root = data_dir / "attachments"

    def path_of(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def add(self, content: bytes, meta: Attachment) -> Attachment:
        """Keep ``content`` (verified against ``meta.sha256``) and queue it for upload."""
        digest = hashlib.sha256(content).hexdigest()
        if digest != meta.sha256:
            raise ValueError("attachment content does not match its hash")
        path = self.path_of(digest)
        with self.store.transaction() as db:
            exists = db.execute("SELECT 1 FROM attachments WHERE sha256 = ?", [digest]).fetchone()
            if not path.exists():
                _write_file(path, content, meta.kind)
                self.store.on_rollback(lambda: _remove(path))
            if exists is None:
                db.table("attachments").insert({"sha256": digest, "kind": meta.kind, "mime": meta.mime,
                                          "size": len(content), "order_no": meta.order_no, "path": str(path),
                                          "confirmed_offset": 0, "uploaded": 0,
                                          "created_at": datetime.now(UTC).isoformat()})
                enqueue(db, "attachment", digest, to_record(meta))
        return meta

    def hashes_of(self, order_no: str) -> list[dict[str, str]]:
        """The attachments of an order: kind and SHA-256, in the order they were taken."""
        rows = self.store.reader().execute(
            "SELECT kind, sha256 FROM attachments WHERE order_no = ? ORDER BY created_at", [order_no])
        return [{"kind": r[0], "sha256": r[1]} for r in rows]

    def pending_uploads(self) -> list[AttachmentRow]:
        rows = self.store.reader().execute(
            "SELECT sha256, path, size, confirmed_offset FROM attachments WHERE uploaded = 0 "
            "ORDER BY created_at").fetchall()
        return [AttachmentRow(r[0], Path(r[1]), r[2], r[3]) for r in rows]

    def mark_progress(self, sha256: str, offset: int) -> None:
        with self.store.transaction() as db:
            db.execute("UPDATE attachments SET confirmed_offset = ? WHERE sha256 = ?", [offset, sha256])

    def mark_uploaded(self, sha256: str) -> None:
        with self.store.transaction() as db:
            db.execute("UPDATE attachments SET uploaded = 1, confirmed_offset = size WHERE sha256 = ?",
                       [sha256])


def _write_file(path: Path, content: bytes, kind: str) -> None:
    """``content`` durably at ``path``, or nothing there and no ``.part`` left (raises DiskFullError
    when the disk is full, StorageError for any other failure of the file system)."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            view = memoryview(content)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except OSError as exc:
        _remove(tmp)
        if exc.errno in _FULL:
            raise DiskFullError(f"the terminal's storage is full: the {kind} was not saved and nothing was "
                                "recorded; free space (sync, then delete old photos) and try again") from exc
        log.error("could not write %s: %s", path, exc)
        raise StorageError(f"the {kind} could not be saved on this terminal ({exc.strerror}); "
                           "nothing was recorded: try again") from exc


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable: the row that names the file commits after this."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not remove %s: %s", path, exc)
