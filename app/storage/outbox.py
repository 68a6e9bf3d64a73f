"""The outbox: every change that must reach the server, written in the same transaction.

A row leaves only when the server acks it (:meth:`Outbox.complete_through`); it
is then moved to ``outbox_sent`` (kept for the audit trail), in one transaction.

A row that cannot be read back (text that is not UTF-8, a payload that is not a JSON
object) is returned by :meth:`Outbox.read` as a :class:`DamagedRow` instead of failing
the whole read; :meth:`Outbox.quarantine` then moves it, bytes for bytes, to
``outbox_quarantine`` and puts the report of the damage in its place, under the SAME
seq, in one transaction: the sequence the server acknowledges stays contiguous.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from app.storage.db import Store
from app.storage.errors import StorageError

# The reasons a row cannot be read (stable codes; the sync side adds its own for rows it cannot send).
BAD_TEXT = "bad_text"  # a column is not valid UTF-8 (sqlite3 cannot decode it)
BAD_JSON = "bad_json"  # the payload is not JSON (NaN and Infinity are not JSON either)
NOT_OBJECT = "not_object"  # the payload is JSON, but not an object

_COLUMNS = ("entity", "entity_id", "op", "payload", "created_at")


@dataclass(frozen=True, slots=True)
class RawRow:
    """An outbox row exactly as stored: the bytes of each column (``b""`` for a NULL)."""

    seq: int
    entity: bytes
    entity_id: bytes
    op: bytes
    payload: bytes
    created_at: bytes


@dataclass(frozen=True, slots=True)
class OutboxRow:
    seq: int
    entity: str
    entity_id: str
    op: str
    payload: dict[str, Any]
    created_at: str
    raw: RawRow | None = field(default=None, repr=False, compare=False)  # as stored (from read())


@dataclass(frozen=True, slots=True)
class DamagedRow:
    """A row that cannot be read: why (one of the codes above) and what it holds."""

    raw: RawRow
    reason: str
    detail: str

    @property
    def seq(self) -> int:
        return self.raw.seq


@dataclass(frozen=True, slots=True)
class Replacement:
    """What takes a quarantined row's place in the outbox (same seq): the report of the damage."""

    entity: str
    entity_id: str
    op: str
    payload: dict[str, Any]
    created_at: str


def dump_payload(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def enqueue(db: sqlite_utils.Database, entity: str, entity_id: str, payload: dict[str, Any],
            op: str = "upsert") -> int:
    """Add an outbox row; call it inside the transaction that makes the change. Returns its seq."""
    cursor = db.execute(
        "INSERT INTO outbox (entity, entity_id, op, payload, created_at) VALUES (?, ?, ?, ?, ?)",
        [entity, entity_id, op, dump_payload(payload), datetime.now(UTC).isoformat()])
    return int(cursor.lastrowid or 0)


def parse(raw: RawRow) -> OutboxRow | DamagedRow:
    """Read one stored row: every text column strict UTF-8, the payload a strict JSON object."""
    try:
        entity, entity_id, op, text, created_at = (bytes(getattr(raw, c)).decode("utf-8") for c in _COLUMNS)
    except UnicodeDecodeError as exc:
        return DamagedRow(raw, BAD_TEXT, f"not UTF-8 at byte {exc.start}")
    try:
        payload = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        return DamagedRow(raw, BAD_JSON, _short(exc))
    if not isinstance(payload, dict):
        return DamagedRow(raw, NOT_OBJECT, f"the payload is a JSON {type(payload).__name__}")
    return OutboxRow(raw.seq, entity, entity_id, op, payload, created_at, raw)


class Outbox:
    """Reading and completing the outbox (the sync runner's side)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def read(self, limit: int = 500) -> list[OutboxRow | DamagedRow]:
        """The oldest ``limit`` rows, each read or reported damaged (never a failed read for one row).

        Columns are fetched as BLOBs and decoded here, so text that is not UTF-8 does not make
        sqlite3 fail the whole query: it becomes a :class:`DamagedRow` with the exact bytes."""
        with _reading("read the outbox"):
            rows = self.store.reader().execute(
                "SELECT seq, CAST(entity AS BLOB), CAST(entity_id AS BLOB), CAST(op AS BLOB), "
                "CAST(payload AS BLOB), CAST(created_at AS BLOB) FROM outbox ORDER BY seq LIMIT ?",
                [limit]).fetchall()
        return [parse(RawRow(int(r[0]), *(bytes(v or b"") for v in r[1:]))) for r in rows]

    def pending(self, limit: int = 500) -> list[OutboxRow]:
        """The readable rows among the oldest ``limit`` (see :meth:`read` for the damaged ones)."""
        return [r for r in self.read(limit) if isinstance(r, OutboxRow)]

    def count(self) -> int:
        with _reading("count the outbox"):
            return int(self.store.reader().execute("SELECT count(*) FROM outbox").fetchone()[0])

    def complete_through(self, seq: int) -> int:
        """The server has every row up to ``seq``: move them out. Returns how many left."""
        now = datetime.now(UTC).isoformat()
        with self.store.transaction() as db:
            db.execute("INSERT OR IGNORE INTO outbox_sent (seq, entity, entity_id, acked_at) "
                       "SELECT seq, entity, entity_id, ? FROM outbox WHERE seq <= ?", [now, seq])
            return int(db.execute("DELETE FROM outbox WHERE seq <= ?", [seq]).rowcount)

    def quarantine(self, seq: int, reason: str, detail: str, replacement: Replacement) -> bool:
        """Move row ``seq`` to ``outbox_quarantine`` as stored (every byte, every type) and put
        ``replacement`` in its place under the same seq, in one transaction. False if the row is
        no longer in the outbox (then nothing changed)."""
        now = datetime.now(UTC).isoformat()
        with self.store.transaction() as db:
            moved = db.execute(
                "INSERT INTO outbox_quarantine (seq, entity, entity_id, op, payload, created_at, reason, "
                "detail, quarantined_at) SELECT seq, entity, entity_id, op, payload, created_at, ?, ?, ? "
                "FROM outbox WHERE seq = ?", [reason, detail, now, seq]).rowcount
            if not moved:
                return False
            db.execute("UPDATE outbox SET entity = ?, entity_id = ?, op = ?, payload = ?, created_at = ? "
                       "WHERE seq = ?", [replacement.entity, replacement.entity_id, replacement.op,
                                         dump_payload(replacement.payload), replacement.created_at, seq])
        return True

    def damaged(self) -> tuple[int, int]:
        """Rows quarantined on this handheld, and how many of their reports still wait in the outbox."""
        with _reading("count the quarantined records"):
            row = self.store.reader().execute(
                "SELECT count(DISTINCT q.seq), count(DISTINCT o.seq) FROM outbox_quarantine q "
                "LEFT JOIN outbox o ON o.seq = q.seq").fetchone()
        return int(row[0]), int(row[1])

    def quarantined(self) -> list[tuple[int, str, RawRow]]:
        """Every quarantined row: seq, reason, and the row's exact bytes (oldest first)."""
        rows = self.store.reader().execute(
            "SELECT seq, reason, CAST(entity AS BLOB), CAST(entity_id AS BLOB), CAST(op AS BLOB), "
            "CAST(payload AS BLOB), CAST(created_at AS BLOB) FROM outbox_quarantine "
            "ORDER BY quarantine_id").fetchall()
        return [(int(r[0]), str(r[1]), RawRow(int(r[0]), *(bytes(v or b"") for v in r[2:]))) for r in rows]


@contextmanager
def _reading(what: str) -> Iterator[None]:
    """A read that fails in the database is a :class:`StorageError` (writes are, by ``Store``)."""
    try:
        yield
    except sqlite3.Error as exc:
        raise StorageError(f"the local database could not {what}: {exc}") from exc


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _short(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc)[:200]
