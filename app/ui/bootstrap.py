"""Session bootstrap (plain Python, no Qt): open the store, list who can sign in, prepare a user's data.

This is the ONE place the demo's local seeding happens (:meth:`Bootstrap.prepare`).
When the demo gets its embedded server, that call becomes "sync once for this
user"; nothing else changes. View-models call these methods through
:mod:`app.ui.background`, never on the GUI thread.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.entities import Role, User

if TYPE_CHECKING:  # the storage stack (sqlite-utils) loads on the first worker call, not at start-up
    from app.domain.demo_data import DemoUtility
    from app.storage.db import Store
    from app.storage.work_orders import OrderSummary, WorkOrderRepo


@dataclass(frozen=True, slots=True)
class TeamRow:
    """One row of the supervisor's list: an order and the technician who holds it."""

    tech_id: str
    tech_name: str
    order: OrderSummary


SNAPSHOT_VERSION = 1
SESSION_HOURS = 12  # a remembered sign-in lasts a shift
SNAPSHOT_FIELDS = 10  # the fields of one row: task_list_model.Summary's, in order


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The list a technician last saw: painted first at start-up, then replaced by the store's rows."""

    user: User
    team_name: str
    rows: list[list[str]]


class Bootstrap:
    """Opens the terminal's store once and answers the session's questions about it."""

    def __init__(self, db_path: Path, demo: bool, opener: Callable[[], Store] | None = None) -> None:
        """``opener`` opens the handheld's store as its settings say (``app.terminal.storage``);
        None: :func:`~app.storage.db.open_store` of ``db_path`` with the default key store."""
        self.db_path = db_path
        self.demo = demo
        self._opener = opener
        self._store: Store | None = None
        self._demo_utility: DemoUtility | None = None
        self._lock = threading.Lock()
        self._files_lock = threading.Lock()  # session and snapshot files, written from workers
        self._remembered_generation = 0
        # Brings a user's work onto the terminal (the terminal's sync, app/ui/terminal_wiring.py).
        # None: the demo seeds the store locally instead (tests, --capture), through the same change path.
        self.provisioner: Callable[[Store, User], None] | None = None
        # Who this handheld belongs to (None: not enrolled); unset: no enrolment step (tests, capture).
        self.enrolment: Callable[[], object | None] | None = None

    def store(self) -> Store:
        """The store, opened (and migrated) on first use."""
        from app.storage.db import open_store

        with self._lock:
            if self._store is None:
                self._store = self._opener() if self._opener is not None else open_store(self.db_path)
            return self._store

    def _demo(self) -> DemoUtility:
        from app.domain.demo_data import generate

        with self._lock:
            if self._demo_utility is None:
                self._demo_utility = generate()
            return self._demo_utility

    def _repo(self) -> WorkOrderRepo:
        from app.storage.work_orders import WorkOrderRepo

        return WorkOrderRepo(self.store())

    # -- the remembered session: who was signed in when the app last closed ------------------
    @property
    def session_file(self) -> Path:
        return self.db_path.parent / "session.json"

    def remembered_user(self, now: float | None = None) -> str:
        """The user id signed in when the app last stopped ("" if they signed out, or if that was
        more than a shift ago: the next technician signs in with their own PIN)."""
        import time

        try:
            data = json.loads(self.session_file.read_text(encoding="utf-8"))
            user_id, since = str(data.get("user_id", "")), float(data.get("since", 0))
        except (OSError, ValueError, AttributeError, TypeError):
            return ""
        current = time.time() if now is None else now
        return user_id if 0 <= current - since <= SESSION_HOURS * 3600 else ""

    @property
    def snapshot_file(self) -> Path:
        return self.db_path.parent / "tasklist-snapshot.json"

    def save_snapshot(self, user: User, rows: list[list[str]]) -> None:
        """Keep the list a technician last saw, so the next start can paint it before the store opens."""
        data = {"version": SNAPSHOT_VERSION, "user": [user.user_id, user.name, user.role.value,
                                                      user.team_id, user.company_id],
                "team": self.team_names().get(user.team_id, ""), "rows": rows}
        with self._files_lock:
            self._write(self.snapshot_file, data)

    def snapshot(self) -> Snapshot | None:
        """The remembered user's last-seen list (None: no session, or no snapshot of it).

        Reads two small files and never touches the store, so it answers before the storage
        stack has even been imported.
        """
        remembered = self.remembered_user()
        try:
            data = json.loads(self.snapshot_file.read_text(encoding="utf-8"))
            if not remembered or data.get("version") != SNAPSHOT_VERSION or data["user"][0] != remembered:
                return None
            uid, name, role, team_id, company_id = data["user"]
            rows = [[str(v) for v in row] for row in data["rows"]]
            if any(len(row) != SNAPSHOT_FIELDS for row in rows):
                return None
            return Snapshot(User(uid, name, Role(role), team_id, company_id), str(data["team"]), rows)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def remember(self, user_id: str, generation: int = 0) -> None:
        """Remember (or, with "", forget) who is signed in, so a restart goes straight to their list.

        Workers may run these out of order: a call older (lower ``generation``) than the last
        one written is ignored.
        """
        with self._files_lock:
            if generation < self._remembered_generation:
                return
            self._remembered_generation = generation
            self._write(self.session_file, {"user_id": user_id, "since": _epoch()})

    def _write(self, path: Path, data: object) -> None:
        """Replace ``path`` atomically (the caller holds the files lock)."""
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)

    def is_enrolled(self) -> bool:
        """False while the handheld still needs its enrolment QR code scanned."""
        return self.enrolment is None or self.enrolment() is not None

    def revoked(self) -> bool:
        """The centre revoked this handheld: sign-in is refused."""
        from app.storage.sync_state import SyncState

        return self.enrolment is not None and SyncState(self.store()).revoked()

    def verify_pin(self, user_id: str, pin: str) -> User:
        """The user, if ``pin`` is theirs (checked offline; typed errors say why not)."""
        from app.services import sign_in

        self._refuse_if_revoked()
        return sign_in.verify(self.store(), user_id, pin, now=_now())

    def verify_badge(self, badge: str) -> User:
        """The user whose badge this is (checked offline)."""
        from app.services import sign_in

        self._refuse_if_revoked()
        return sign_in.verify_badge(self.store(), badge, now=_now())

    def _refuse_if_revoked(self) -> None:
        if self.revoked():
            from sync.errors import AuthError

            raise AuthError("this handheld was revoked by the centre", code="revoked")

    def reset_lockout(self, supervisor_id: str, supervisor_pin: str, user_id: str) -> None:
        from app.services import sign_in

        sign_in.reset_lockout(self.store(), supervisor_id, supervisor_pin, user_id, now=_now())

    def users(self) -> list[User]:
        """Who may sign in: the users the store knows, else (demo) the demo utility's people.

        An enrolled handheld knows its team's people: sync brings them, with their PIN hashes.
        """
        rows = list(self.store().reader().table("users").rows) if self._has_users() else []
        if rows:
            return [User(r["user_id"], r["name"], Role(r["role"]), r["team_id"] or "",
                         r["company_id"] or "") for r in rows]
        return list(self._demo().users) if self.demo else []

    def team_names(self) -> dict[str, str]:
        """Team id -> team name, from the store, else (demo) the demo utility."""
        reader = self.store().reader()
        if "teams" in reader.table_names():
            names = {r["team_id"]: r["name"] for r in reader.table("teams").rows}
            if names:
                return names
        return {t.team_id: t.name for t in self._demo().teams} if self.demo else {}

    def _has_users(self) -> bool:
        return "users" in self.store().reader().table_names()

    def prepare(self, user: User) -> int:
        """Make sure ``user``'s orders are on the terminal; returns how many they can see.

        Demo: seed the store for ``user`` when it holds none of their orders (the one seeding call).
        """
        if self.provisioner is not None:
            self.provisioner(self.store(), user)
        elif self.demo and self._someone_missing(user):
            from app.services.demo_seed import seed

            seed(self.store(), self._demo(), user)
        return len(self.summaries_for(user))

    def _someone_missing(self, user: User) -> bool:
        """True when a technician ``user`` looks after has no order on the terminal yet."""
        repo = self._repo()
        techs = [user] if user.role is Role.TECHNICIAN else self.technicians_of(user)
        return not techs or any(not repo.summaries(t.user_id) for t in techs)

    def technicians_of(self, user: User) -> list[User]:
        """The technicians a supervisor leads (an administrator: all of them)."""
        techs = [u for u in self.users() if u.role is Role.TECHNICIAN]
        if user.role is Role.ADMINISTRATOR:
            return techs
        return [t for t in techs if t.team_id == user.team_id]

    def summaries_for(self, user: User, query: str = "") -> list[OrderSummary]:
        repo = self._repo()
        if user.role is Role.TECHNICIAN:
            return repo.summaries(user.user_id, query)
        return [row.order for row in self.team_rows(user, query)]

    def team_rows(self, user: User, query: str = "") -> list[TeamRow]:
        """A supervisor's team's orders (an administrator: everyone's), technician by technician."""
        repo = self._repo()
        techs = self.technicians_of(user)
        rows = [TeamRow(t.user_id, t.name, s) for t in techs for s in repo.summaries(t.user_id, query)]
        rows.sort(key=lambda r: (r.order.window_start, r.tech_id))
        return rows

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None


def _now() -> datetime:
    return datetime.now(UTC)


def _epoch() -> float:
    import time

    return time.time()
