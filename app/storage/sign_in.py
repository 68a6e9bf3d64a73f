"""What offline sign-in reads and writes: users' credential hashes and failed attempts.

Hashes come from the centre in "user" changes (``app.storage.changes``); they are never
written here. Failed attempts are counted per user, consecutive, in ``sign_in_failures``;
a user is locked once ``locked_at`` is set, until :func:`clear_failures` (a supervisor's
reset, a successful sign-in before the lock, or a new PIN from the centre).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.entities import Role, User
from app.storage.db import Store


@dataclass(frozen=True, slots=True)
class Credentials:
    """A user as sign-in sees them: who, and their hashes ("" = none set)."""

    user: User
    pin_hash: str
    badge_hash: str


@dataclass(frozen=True, slots=True)
class Failures:
    count: int  # consecutive failed attempts
    locked_at: str  # ISO time the user was locked out, "" if not locked

    @property
    def locked(self) -> bool:
        return bool(self.locked_at)


NO_FAILURES = Failures(0, "")
_COLUMNS = "user_id, name, role, team_id, company_id, pin_hash, badge_hash"


def _credentials(row: tuple[str, ...]) -> Credentials:
    return Credentials(User(row[0], row[1], Role(row[2]), row[3] or "", row[4] or ""), row[5] or "",
                       row[6] or "")


def credentials(store: Store, user_id: str) -> Credentials | None:
    row = store.reader().execute(f"SELECT {_COLUMNS} FROM users WHERE user_id = ?", [user_id]).fetchone()
    return None if row is None else _credentials(row)


def team_credentials(store: Store, team_id: str) -> list[Credentials]:
    """The users of ``team_id`` known to this terminal, by id."""
    rows = store.reader().execute(f"SELECT {_COLUMNS} FROM users WHERE team_id = ? ORDER BY user_id",
                                  [team_id]).fetchall()
    return [_credentials(r) for r in rows]


def failures(store: Store, user_id: str) -> Failures:
    row = store.reader().execute("SELECT failures, locked_at FROM sign_in_failures WHERE user_id = ?",
                                 [user_id]).fetchone()
    return NO_FAILURES if row is None else Failures(int(row[0]), str(row[1]))


def record_failure(store: Store, user_id: str, *, at: str, limit: int) -> Failures:
    """Count one more failed attempt (one transaction); the ``limit``-th locks the user."""
    with store.transaction() as db:
        row = db.execute("SELECT failures, locked_at FROM sign_in_failures WHERE user_id = ?",
                         [user_id]).fetchone()
        count = (int(row[0]) if row else 0) + 1
        locked_at = str(row[1]) if row and row[1] else (at if count >= limit else "")
        db.execute("INSERT INTO sign_in_failures (user_id, failures, last_failure_at, locked_at) "
                   "VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET failures = excluded.failures, "
                   "last_failure_at = excluded.last_failure_at, locked_at = excluded.locked_at",
                   [user_id, count, at, locked_at])
    return Failures(count, locked_at)


def clear_failures(store: Store, user_id: str) -> None:
    with store.transaction() as db:
        db.execute("DELETE FROM sign_in_failures WHERE user_id = ?", [user_id])
