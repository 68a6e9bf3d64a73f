"""Opening the store: WAL, one writer, transactions that are all-or-nothing.

A process killed in the middle of a transaction leaves the database as it was
before the transaction: SQLite's journal guarantees it, and every multi-row
change here (a record and its outbox row) goes through :meth:`Store.transaction`.

The database, its -wal and -shm files and its folder are owner-only (created so whatever
the umask; see :mod:`app.storage.files`), deleted rows are overwritten with zeros
(``secure_delete=FAST``), and the secrets kept in the store are sealed by the store's
:class:`~app.storage.keystore.Keystore` (:mod:`app.storage.sync_state`).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from app.storage.errors import DiskFullError, StorageError
from app.storage.files import private_dir, private_sqlite
from app.storage.keystore import Keystore, SoftwareKeystore, default_path
from app.storage.migrations import MIGRATIONS, applied, apply_one

log = logging.getLogger(__name__)
CHECKPOINT_WAIT_MS = 200  # how long a checkpoint waits for readers before leaving it to the next one


class Store:
    """The terminal's database: one writer connection, per-thread reader connections.

    ``keystore`` seals the secrets the store keeps (the sync identity)."""

    def __init__(self, path: Path, keystore: Keystore) -> None:
        self.path = path
        self.keystore = keystore
        self._write_lock = threading.RLock()
        self._writer = self._connect()
        self.db = sqlite_utils.Database(self._writer)
        self._readers = threading.local()
        self._writing_thread: int | None = None
        self._commit_listeners: list[Callable[[], None]] = []
        self._undo: list[Callable[[], None]] = []  # of the open transaction, run if it rolls back

    def add_commit_listener(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` after every committed transaction that changed rows.

        This is how every local write wakes the sync runner (it debounces): the listener
        runs on the writing thread, after the commit and outside the write lock.
        """
        self._commit_listeners.append(listener)

    def remove_commit_listener(self, listener: Callable[[], None]) -> None:
        if listener in self._commit_listeners:
            self._commit_listeners.remove(listener)

    def on_rollback(self, undo: Callable[[], None]) -> None:
        """Inside a transaction: call ``undo`` if it rolls back (e.g. remove a file written for it)."""
        assert self._writer.in_transaction and self._writing_thread == threading.get_ident()
        self._undo.append(undo)

    def _rolled_back(self) -> None:
        undo, self._undo = self._undo, []
        for fn in reversed(undo):
            try:
                fn()
            except Exception:
                log.exception("could not undo a side effect of a rolled-back transaction")

    def _notify_committed(self) -> None:
        for listener in list(self._commit_listeners):
            listener()

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=10)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")  # a handheld loses power: durability first
            conn.execute("PRAGMA foreign_keys=ON")
            # A replaced or deleted row (the identity) leaves no copy in the page's free space; FAST
            # zeroes what is in pages written anyway, so it costs no extra I/O.
            conn.execute("PRAGMA secure_delete=FAST")
        except sqlite3.Error as exc:
            raise StorageError(f"cannot open the local database {self.path}: {exc}") from exc
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """All writes inside happen together or not at all (re-entrant: inner blocks join)."""
        with self._write_lock:
            if self._writer.in_transaction:
                yield self.db
                return
            before = self._writer.total_changes
            try:
                self._writer.execute("BEGIN IMMEDIATE")
                self._writing_thread = threading.get_ident()
                yield self.db
                self._writer.execute("COMMIT")
                self._undo = []
            except BaseException as exc:
                if self._writer.in_transaction:
                    self._writer.execute("ROLLBACK")
                self._rolled_back()
                raise _translate(exc) from exc
            finally:
                self._writing_thread = None
            changed = self._writer.total_changes != before
        if changed:
            self._notify_committed()

    def reader(self) -> sqlite_utils.Database:
        """A read connection for the calling thread (WAL: never blocked by the writer).

        Inside a transaction, the thread that writes reads through the writer, so it sees
        its own uncommitted changes."""
        if self._writing_thread == threading.get_ident():
            return self.db
        db: sqlite_utils.Database | None = getattr(self._readers, "db", None)
        if db is None:
            conn = sqlite3.connect(self.path, check_same_thread=False, timeout=10)
            conn.execute("PRAGMA query_only=ON")
            db = sqlite_utils.Database(conn)
            self._readers.db = db
        return db

    def checkpoint(self) -> bool:
        """Copy the write-ahead log into the database and truncate it to nothing.

        SQLite's automatic checkpoints copy the WAL back but never shrink the file, so after a
        big sync it would keep its largest size for good. This is ``PRAGMA wal_checkpoint(TRUNCATE)``
        on the writer, outside any transaction; it waits at most :data:`CHECKPOINT_WAIT_MS` for a
        reader in the middle of a read, and returns False when one kept it from finishing (the WAL
        is then merely reused from the start; the next checkpoint truncates it)."""
        with self._write_lock:
            if self._writer.in_transaction:
                return False
            try:
                self._writer.execute(f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}")
                busy = self._writer.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            except sqlite3.Error as exc:
                log.warning("WAL checkpoint failed: %s", exc)
                return False
            finally:
                self._writer.execute("PRAGMA busy_timeout = 10000")
        return int(busy) == 0

    def close(self) -> None:
        """Checkpoint the WAL (so the file left behind is the whole database), then close."""
        with contextlib.suppress(sqlite3.Error):  # already closed
            self.checkpoint()
        self._writer.close()


def _translate(exc: BaseException) -> BaseException:
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        if "full" in text:
            return DiskFullError("the terminal's storage is full: nothing was saved; free space "
                                 "(sync, then delete old photos) and try again")
        return StorageError(f"the local database refused the change: {exc}")
    if isinstance(exc, sqlite3.Error):
        return StorageError(f"the local database refused the change: {exc}")
    return exc


def open_store(path: Path, keystore: Keystore | None = None) -> Store:
    """Open (creating if needed) the store at ``path`` with every migration applied.

    ``keystore``: this handheld's key store (``app.terminal.storage`` builds it from the
    settings); by default a software key store at :func:`~app.storage.keystore.default_path`
    of the database's folder. An identity an earlier version kept in plain is sealed now."""
    private_dir(path.parent)
    private_sqlite(path)
    store = Store(path, keystore or SoftwareKeystore(default_path(path.parent)))
    with store.transaction() as db:
        done = applied(db)
    for name, migrate in MIGRATIONS:
        if name not in done:
            with store.transaction() as db:
                apply_one(db, name, migrate)
    _seal_secrets(store)
    return store


def _seal_secrets(store: Store) -> None:
    from app.storage.sync_state import SyncState  # sync_state builds on this module

    try:
        SyncState(store).seal_stored()
    except StorageError as exc:  # e.g. the key store is gone: loading the identity will say so
        log.error("the identity in %s could not be sealed: %s", store.path, exc)
