"""Who is signed in, and which screen shows: the session view-model.

States: ``starting`` (opening the store), ``enrol`` (a handheld that belongs to no one
yet: scan the administrator's QR code), ``signin`` (choose yourself, then your PIN or
badge, checked offline), ``preparing`` (loading the user's orders), ``ready``, ``error``. Screens: ``signin``,
``tasks`` (a technician's orders), ``team`` (a supervisor's list), with the order
``detail`` shown over either. All store work goes through :class:`Background`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QCoreApplication, QObject, Signal, Slot

from app.domain.entities import Role, User
from app.ui.background import Background
from app.ui.bootstrap import Bootstrap, Snapshot
from app.ui.labels import ROLES, label
from app.ui.terminal_messages import SIGN_IN, code_of, message

FEATURED_CITY = "C-CD"


class SessionModel(QObject):
    changed = Signal()
    usersChanged = Signal()  # noqa: N815
    signedIn = Signal(object)  # the User, once their orders are on the terminal  # noqa: N815
    signedOut = Signal()  # noqa: N815
    resumed = Signal(object)  # a start-up Snapshot: paint it while the store opens
    storeReady = Signal()  # noqa: N815 (the store answered: replace anything painted from a snapshot)

    def __init__(self, bootstrap: Bootstrap, background: Background,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bootstrap = bootstrap
        self._bg = background
        self._state = "starting"
        self._screen = "signin"
        self._detail_open = False
        self._error = ""
        self._user: User | None = None
        self._users: list[User] = []
        self._teams: dict[str, str] = {}
        self._filter = ""
        self._resume_cancelled = False
        self._remember_generation = 0
        self._chosen: User | None = None
        self._unlock_for: User | None = None  # a locked user a team leader is unlocking
        self._locked = False  # the chosen user is locked out
        self._devices_open = False
        self._sign_in_error = ""
        self._checking = False
        self.hint = ""  # shown under the PIN pad (the settings' sign_in_hint)
        self.team_id = ""  # this handheld's team (its members are offered first)
        self.badge_scanner: Callable[[], str] | None = None
        self.after_users: list[Callable[[], None]] = []  # hooks (auto sign-in for benchmarks)

    # -- start and sign-in -------------------------------------------------------------
    @Slot()
    def start(self) -> None:
        """Open the store and list who may sign in, off the GUI thread; resume a remembered session.

        A remembered technician's last-seen list is painted first, from a small snapshot file
        read before the storage stack is even imported; the store's rows replace it moments later.
        """
        self._set_state("starting")
        self._resume_cancelled = False
        self._bg.run(self._bootstrap.snapshot, self._snapshot_read, lambda _exc: self._snapshot_read(None))

    def _snapshot_read(self, snap: Snapshot | None) -> None:
        # The store opens only after the snapshot is painted: opening it alongside (both on
        # workers) slows the first frame more than it speeds the store's answer (measured).
        if snap is not None and self._user is None:
            self._user = snap.user
            self._teams = {snap.user.team_id: snap.team_name}
            self._screen = "tasks"
            self._detail_open = False
            self._set_state("ready")
            self.resumed.emit(snap)
        self._bg.run(self._load_people, self._people_loaded, self._failed)

    def _load_people(self) -> tuple[list[User], dict[str, str], User | None, bool]:
        """Worker: who may sign in; and, for a remembered session, that user's orders made ready."""
        b = self._bootstrap
        if not b.is_enrolled():
            return [], {}, None, False
        users, remembered = b.users(), b.remembered_user()
        returning = next((u for u in users if u.user_id == remembered), None)
        if returning is not None and b.revoked():
            returning = None  # a revoked handheld resumes no one
        if returning is not None:
            b.prepare(returning)
        return users, b.team_names(), returning, True

    def _people_loaded(self, result: tuple[list[User], dict[str, str], User | None, bool]) -> None:
        self._users, self._teams, returning, enrolled = result
        self.usersChanged.emit()
        if not enrolled:
            self._set_state("enrol")
            self.storeReady.emit()
            return
        if returning is not None and self._resume_cancelled:
            returning = None  # signed out while the store was opening
        showing = self._user is not None and self._state == "ready"
        if returning is not None and showing and self._user == returning:
            self.changed.emit()  # already on their list (from the snapshot)
        elif returning is not None:  # straight back to the list, no sign-in screen
            self._user = returning
            self._prepared(returning)
        elif not showing:
            self._set_state("signin")
        self.storeReady.emit()
        for hook in self.after_users:
            hook()

    def enrolled(self, first_sync: Callable[[], None]) -> None:
        """The handheld was just enrolled: bring its team down (``first_sync``), then sign-in."""
        self._set_state("preparing")

        def sync_then_people() -> tuple[list[User], dict[str, str], User | None, bool]:
            first_sync()
            return self._load_people()

        self._bg.run(sync_then_people, self._people_loaded, self._failed)

    def lock(self, code: str) -> None:
        """The centre revoked this handheld: whoever is signed in is signed out, with the reason."""
        if self._state in ("ready", "preparing", "signin"):
            if self._user is not None:
                self.signOut()
            self._chosen = None
            self._sign_in_error = message(SIGN_IN, code)
            self.changed.emit()

    def set_team(self, team_id: str) -> None:
        """This handheld's team: its members are the big buttons of the sign-in screen."""
        if team_id != self.team_id:
            self.team_id = team_id
            self.usersChanged.emit()

    def refresh_users(self) -> None:
        """Sync brought people (or their PINs) down: the sign-in list follows."""
        if self._state == "signin":
            self._bg.run(lambda: (self._bootstrap.users(), self._bootstrap.team_names()),
                         self._users_refreshed)

    def _users_refreshed(self, result: tuple[list[User], dict[str, str]]) -> None:
        self._users, self._teams = result
        self.usersChanged.emit()

    @Slot(str)
    def choose(self, user_id: str) -> None:
        """The technician tapped their name: the PIN pad asks for their PIN."""
        self._chosen = next((u for u in self._users if u.user_id == user_id), None)
        self._sign_in_error, self._unlock_for, self._locked = "", None, False
        self.changed.emit()

    @Slot()
    def startUnlock(self) -> None:  # noqa: N802
        """A team leader unlocks the chosen (locked) user: the pad now asks for the leader's PIN."""
        locked = self._chosen
        leader = next((u for u in self._users if u.role is Role.SUPERVISOR and locked is not None
                       and u.team_id == locked.team_id), None)
        if locked is None or leader is None:
            self._sign_in_error = message(SIGN_IN, "not_supervisor")
        else:
            self._unlock_for, self._chosen, self._sign_in_error = locked, leader, ""
        self.changed.emit()

    def _unlock(self, leader_id: str, pin: str) -> None:
        locked = self._unlock_for
        assert locked is not None
        self._checking = True
        self.changed.emit()

        def unlocked(_result: object) -> None:
            self._checking, self._chosen, self._unlock_for, self._locked = False, locked, None, False
            self._sign_in_error = ""
            self.changed.emit()

        self._bg.run(lambda: self._bootstrap.reset_lockout(leader_id, pin, locked.user_id), unlocked,
                     self._refused)

    @Slot(str, str)
    def signIn(self, user_id: str, pin: str) -> None:  # noqa: N802 (Qt slot name)
        """Check ``pin`` offline (on a worker); when it is theirs, prepare the user's day."""
        user = next((u for u in self._users if u.user_id == user_id), None)
        if user is None or self._state == "preparing" or self._checking:
            return
        if self._unlock_for is not None:
            self._unlock(user_id, pin)
            return
        self._checking, self._sign_in_error = True, ""
        self.changed.emit()
        self._bg.run(lambda: self._bootstrap.verify_pin(user_id, pin), self._verified,
                     self._refused)

    @Slot()
    def signInWithBadge(self) -> None:  # noqa: N802
        """Scan the badge (scan engine or camera) instead of typing the PIN."""
        scanner = self.badge_scanner
        if scanner is None or self._state == "preparing" or self._checking:
            return
        self._checking, self._sign_in_error = True, ""
        self.changed.emit()
        self._bg.run(lambda: self._bootstrap.verify_badge(scanner()), self._verified, self._refused)

    def _verified(self, verified: User) -> None:
        self._checking = False
        user = next((u for u in self._users if u.user_id == verified.user_id), verified)
        self._user, self._chosen = user, None
        self._set_state("preparing")
        self._remember(user.user_id)
        self._bg.run(lambda: self._bootstrap.prepare(user), lambda _n: self._prepared(user), self._failed)

    def _refused(self, exc: BaseException) -> None:
        from device_drivers.barcode.model import BarcodeError
        from device_drivers.errors import DeviceError

        self._checking = False
        if isinstance(exc, BarcodeError):
            code = "no_badge_seen"
        elif isinstance(exc, DeviceError):
            code = "no_scanner"
        else:
            code = code_of(exc)
        self._locked = code == "locked_out" and self._unlock_for is None
        text = message(SIGN_IN, code)
        left = getattr(exc, "attempts_left", None)
        self._sign_in_error = text.replace("%1", str(left)) if left is not None else text
        self.changed.emit()

    def _remember(self, user_id: str) -> None:
        """Record who is signed in (on a worker; the generation keeps the last word last)."""
        self._remember_generation += 1
        generation = self._remember_generation
        self._bg.run(lambda: self._bootstrap.remember(user_id, generation))

    def _prepared(self, user: User) -> None:
        if self._user is not user:
            return  # signed out meanwhile
        self._screen = "tasks" if user.role is Role.TECHNICIAN else "team"
        self._detail_open = False
        self._set_state("ready")
        self.signedIn.emit(user)

    @Slot()
    def signOut(self) -> None:  # noqa: N802
        self._resume_cancelled = True
        self._remember("")
        self._user = None
        self._screen = "signin"
        self._detail_open = False
        self._devices_open = False
        self._set_state("signin")
        self.signedOut.emit()

    def _failed(self, exc: BaseException) -> None:
        self._error = str(exc)
        self._set_state("error")

    def _set_state(self, state: str) -> None:
        self._state = state
        self.changed.emit()

    # -- navigation ----------------------------------------------------------------
    @Slot(str)
    def openOrder(self, order_no: str) -> None:  # noqa: N802
        self._detail_open = bool(order_no)
        self.changed.emit()

    @Slot()
    def closeOrder(self) -> None:  # noqa: N802
        self._detail_open = False
        self.changed.emit()

    @Slot(bool)
    def openDevices(self, open_: bool) -> None:  # noqa: N802
        """The device settings screen: while the handheld is set up, or for a team leader."""
        self._devices_open = open_ and self._may_open_devices()
        self.changed.emit()

    def _may_open_devices(self) -> bool:
        if self._state == "enrol":
            return True
        return self._state == "ready" and self._user is not None and self._user.role is not Role.TECHNICIAN

    @Property(bool, notify=changed)
    def devicesOpen(self) -> bool:  # noqa: N802
        return self._devices_open

    @Property(bool, notify=changed)
    def canOpenDevices(self) -> bool:  # noqa: N802
        return self._may_open_devices()

    # -- users for the sign-in screen ----------------------------------------------
    @Slot(str)
    def filterUsers(self, text: str) -> None:  # noqa: N802
        self._filter = text.strip().lower()
        self.usersChanged.emit()

    def _row(self, user: User) -> dict[str, Any]:
        return {"userId": user.user_id, "name": user.name, "role": user.role.value,
                "roleLabel": label(ROLES, user.role.value), "team": self._teams.get(user.team_id, "")}

    def featured(self) -> list[User]:
        """Big buttons: this handheld's team (a store with no enrolment, e.g. a locally seeded one:
        a technician of each team of one city, its supervisors, the administrator)."""
        if self.team_id:
            return [u for u in self._users if u.team_id == self.team_id]
        city = [u for u in self._users if u.company_id == FEATURED_CITY]
        picks: list[User] = []
        for team in sorted({u.team_id for u in city}):
            techs = [u for u in city if u.team_id == team and u.role is Role.TECHNICIAN]
            picks.extend(techs[:1])
        picks.extend([u for u in city if u.role is Role.SUPERVISOR][:1])
        picks.extend([u for u in self._users if u.role is Role.ADMINISTRATOR][:1])
        return picks

    @Property(list, notify=usersChanged)
    def featuredUsers(self) -> list[dict[str, Any]]:  # noqa: N802
        return [self._row(u) for u in self.featured()]

    @Property(list, notify=usersChanged)
    def userResults(self) -> list[dict[str, Any]]:  # noqa: N802
        rows = [self._row(u) for u in self._users]
        if self._filter:
            rows = [r for r in rows if any(self._filter in str(r[k]).lower()
                                           for k in ("userId", "name", "team", "roleLabel"))]
        return rows

    @Property(bool, notify=usersChanged)
    def hasUsers(self) -> bool:  # noqa: N802
        """False on a terminal that knows nobody yet (not enrolled, not synced, not a demo)."""
        return bool(self._users)

    def retranslate(self) -> None:
        self.usersChanged.emit()
        self.changed.emit()

    # -- properties ---------------------------------------------------------------
    @Property(str, notify=changed)
    def state(self) -> str:
        return self._state

    @Property(str, notify=changed)
    def screen(self) -> str:
        return self._screen

    @Property(bool, notify=changed)
    def detailOpen(self) -> bool:  # noqa: N802
        return self._detail_open

    @Property(str, notify=changed)
    def error(self) -> str:
        return self._error

    @Property(str, notify=changed)
    def chosenUserId(self) -> str:  # noqa: N802
        return self._chosen.user_id if self._chosen else ""

    @Property(str, notify=changed)
    def chosenName(self) -> str:  # noqa: N802
        return self._chosen.name if self._chosen else ""

    @Property(str, notify=changed)
    def signInError(self) -> str:  # noqa: N802
        return self._sign_in_error

    @Property(bool, notify=changed)
    def chosenLocked(self) -> bool:  # noqa: N802
        return self._locked

    @Property(str, notify=changed)
    def unlockingName(self) -> str:  # noqa: N802
        """While a team leader unlocks someone: whom."""
        return self._unlock_for.name if self._unlock_for else ""

    @Property(bool, notify=changed)
    def checking(self) -> bool:
        return self._checking

    @Property(str, notify=changed)
    def signInHint(self) -> str:  # noqa: N802
        return self.hint

    @Property(bool, notify=changed)
    def canScanBadge(self) -> bool:  # noqa: N802
        return self.badge_scanner is not None

    @Property(str, notify=changed)
    def userName(self) -> str:  # noqa: N802
        return self._user.name if self._user else ""

    @Property(str, notify=changed)
    def roleLabel(self) -> str:  # noqa: N802
        return label(ROLES, self._user.role.value) if self._user else ""

    @Property(str, notify=changed)
    def teamName(self) -> str:  # noqa: N802
        return self._teams.get(self._user.team_id, "") if self._user else ""

    @Property(str, notify=changed)
    def statusText(self) -> str:  # noqa: N802
        """What the loading screen says."""
        if self._state == "starting":
            return QCoreApplication.translate("SessionModel", "Opening the terminal's data…")
        if self._state == "preparing" and self._user is None:
            return QCoreApplication.translate("SessionModel", "Enrolled. Fetching the team…")
        if self._state == "preparing":
            return QCoreApplication.translate("SessionModel", "Loading today's work orders…")
        if self._state == "error":
            text = QCoreApplication.translate("SessionModel", "Something went wrong: %1")
            return text.replace("%1", self._error)
        return ""

    @property
    def user(self) -> User | None:
        return self._user
