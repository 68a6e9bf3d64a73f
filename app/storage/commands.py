"""Server-signed commands received by sync (authorisations, credit tokens, corrections)."""

from __future__ import annotations

from app.storage.db import Store


class CommandRepo:
    def __init__(self, store: Store) -> None:
        self.store = store

    def for_order(self, order_no: str, kind: str) -> list[bytes]:
        """The signed commands of ``kind`` for ``order_no``, newest first."""
        rows = self.store.reader().execute(
            "SELECT data FROM commands WHERE order_no = ? AND kind = ? ORDER BY received_at DESC, rowid DESC",
            [order_no, kind]).fetchall()
        return [bytes(r[0]) for r in rows]
