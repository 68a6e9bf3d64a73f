"""Owner-only folders and files, whatever the process's umask.

The handheld's home, its data folder, its database and the key store hold what a thief
would want (the sync identity, customers' records, photos). Modes are set at creation
(``os.open(..., 0o600)``, ``mkdir(mode=0o700)``), not left to the umask, and an existing
folder or file that others may read (left by an earlier version) is tightened, with a
log line saying so.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def private_dir(path: Path) -> Path:
    """``path`` as a folder only its owner can enter (0700): created so, or tightened."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    tighten(path, 0o700)
    return path


def private_file(path: Path) -> Path:
    """``path`` as a file only its owner can read (0600): created empty so if missing, else tightened."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        tighten(path, 0o600)
    return path


def private_sqlite(path: Path) -> None:
    """Create a database file 0600 before SQLite opens it (SQLite gives the -wal and -shm files the
    database file's mode), and tighten side files an earlier run left wider."""
    private_file(path)
    for suffix in SQLITE_SIDE_FILES:
        tighten(path.with_name(path.name + suffix), 0o600)


def tighten(path: Path, mode: int) -> None:
    """Remove every permission beyond ``mode`` from an existing ``path`` (logged); missing: nothing."""
    try:
        current = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    if not current & ~mode:
        return
    try:
        os.chmod(path, current & mode)
    except OSError as exc:
        log.error("%s is open to others (%04o) and cannot be made owner-only: %s", path, current, exc)
        return
    log.warning("%s was open to others (%04o): made owner-only (%04o)", path, current, current & mode)
