"""The server's database: engine set-up, migrations, and the few dialect-specific locks.

This package is the only place in the server that knows which database it runs
on. SQLite (the embedded default) runs in WAL mode with foreign keys on, and
every write transaction starts ``BEGIN IMMEDIATE`` so writers queue on the busy
timeout instead of failing on a lock upgrade; reads (:func:`reading`) use a
deferred transaction and never wait for a writer. PostgreSQL (production) takes a
row lock per device and a transaction-level advisory lock around change-log
appends, so cursors become visible in commit order and a reader can never skip
a change that commits late. Writers that may append take the advisory lock
first, before any row lock, so two writers can never deadlock on each other.

Files are owner-only whatever the umask: the SQLite file is created 0600 before
SQLite opens it (SQLite gives its -wal and -shm files the database file's mode),
and an existing file, -wal or -shm that others could read is tightened (logged).
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url, select, text

from server.db import tables

_log = logging.getLogger("meterfield.server")
_READ_ONLY = "mf_read_only"
_CHANGE_LOG_LOCK = 0x4D46434C  # "MFCL": the advisory lock that orders change-log appends


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def private_dir(path: Path) -> Path:
    """``path`` as a folder only its owner can enter (0700): created so, or tightened (logged)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    _tighten(path, 0o700)
    return path


def private_file(path: Path) -> Path:
    """``path`` as a file only its owner can read (0600): created empty so if missing, else tightened."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        _tighten(path, 0o600)
    return path


def _tighten(path: Path, mode: int) -> None:
    try:
        current = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    if current & ~mode:
        try:
            os.chmod(path, current & mode)
        except OSError as exc:
            _log.error("%s is open to others (%04o) and cannot be made owner-only: %s", path, current, exc)
            return
        _log.warning("%s was open to others (%04o): made owner-only (%04o)", path, current, current & mode)


def sqlite_path(url: str) -> Path | None:
    """The file a ``sqlite:///`` URL names (None for another database or an in-memory one)."""
    if not url.startswith("sqlite"):
        return None
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _private_sqlite_files(path: Path) -> None:
    if not path.parent.is_dir():
        return  # SQLite will say so when it opens
    private_file(path)
    for suffix in ("-wal", "-shm", "-journal"):
        _tighten(path.with_name(path.name + suffix), 0o600)


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (``sqlite:///...`` or ``postgresql+psycopg://...``)."""
    if url.startswith("sqlite"):
        path = sqlite_path(url)
        if path is not None:
            _private_sqlite_files(path)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                               pool_size=8, max_overflow=8)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return create_engine(url, pool_size=8, max_overflow=8, pool_pre_ping=True)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")  # an acknowledged mutation survives power loss
    cursor.close()


def _sqlite_on_begin(conn: Connection) -> None:
    read_only = conn.get_execution_options().get(_READ_ONLY, False)
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def reading(engine: Engine) -> Connection:
    """A connection for reads only: on SQLite a deferred transaction that never waits for writers
    (WAL gives it a consistent snapshot); writes go through ``engine.begin()``."""
    return engine.connect().execution_options(**{_READ_ONLY: True})


def is_postgres(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def lock_change_log(conn: Connection) -> None:
    """Serialise change-log appends until commit (PostgreSQL; SQLite writers are serial already)."""
    if is_postgres(conn):
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CHANGE_LOG_LOCK})


def lock_device(conn: Connection, device_id: str) -> None:
    """Serialise requests of one device (the row lock is a no-op on SQLite, already serial)."""
    if is_postgres(conn):
        conn.execute(select(tables.devices.c.device_id)
                     .where(tables.devices.c.device_id == device_id).with_for_update())


def lock_order(conn: Connection, order_no: str) -> None:
    if is_postgres(conn):
        conn.execute(select(tables.orders.c.order_no)
                     .where(tables.orders.c.order_no == order_no).with_for_update())


def checkpoint(engine: Engine) -> None:
    """SQLite: copy the WAL into the database file and empty it (after rewriting secrets, so the
    old pages do not linger in the -wal file). A no-op on PostgreSQL."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as conn:
        raw: Any = conn.connection.driver_connection
        busy = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:
            _log.warning("the WAL checkpoint could not complete (a reader is active); it completes later")


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (run at every start-up)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).resolve().parents[1] / "migrations"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
