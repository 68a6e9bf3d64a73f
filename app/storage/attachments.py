"""Photos and signatures: content-addressed files plus a row, and their upload progress.

The file is written and fsynced under its SHA-256 name *before* the row and the
outbox entry are committed, so a row never points at a missing or partial file.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.domain.records import Attachment
from app.domain.serialize import to_record
from app.storage.db import Store
from app.storage.outbox import enqueue


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
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".part")
            with tmp.open("wb") as fh:
                fh.write(content)
                fh.flush()
                os.fsync(fh.fileno())
            tmp.replace(path)
        with self.store.transaction() as db:
            exists = db.execute("SELECT 1 FROM attachments WHERE sha256 = ?", [digest]).fetchone()
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
