"""The administrator's screens (desktop build): users, teams, terminals and the audit log, as the
centre holds them (``/v1/admin/...``), and the acts on them: create a user or a team, send a new
PIN, issue an enrolment code, lock a terminal. Every act is in the centre's audit log under
this terminal's administrator; the screen reads everything again after each act.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Property, QCoreApplication, QObject, Signal, Slot

from app.domain.entities import Role, User
from app.terminal.terminal import Terminal
from app.ui.background import Background
from app.ui.centre_screen import CentreScreen
from app.ui.labels import ROLES, label

if TYPE_CHECKING:
    from sync.centre_client import CentreClient

TABS = ("users", "teams", "devices", "audit")
AUDIT_SHOWN = 300  # the newest entries the screen lists
CODE_TTL_S = 24 * 3600
# The audit log's acts (server codes) and its actor for the server's own command line.
ACTIONS: dict[str, object] = {
    "user.create": QT_TRANSLATE_NOOP("Admin", "User created"),
    "user.update": QT_TRANSLATE_NOOP("Admin", "User changed"),
    "user.reset_pin": QT_TRANSLATE_NOOP("Admin", "PIN reset"),
    "user.set_credentials": QT_TRANSLATE_NOOP("Admin", "PIN or badge set"),
    "team.create": QT_TRANSLATE_NOOP("Admin", "Team created"),
    "area.set": QT_TRANSLATE_NOOP("Admin", "Service area set"),
    "enrol_code.issue": QT_TRANSLATE_NOOP("Admin", "Enrolment code issued"),
    "device.revoke": QT_TRANSLATE_NOOP("Admin", "Terminal locked"),
    "order.assign": QT_TRANSLATE_NOOP("Admin", "Order assigned"),
    "order.reassign": QT_TRANSLATE_NOOP("Admin", "Order reassigned"),
    "order.cancel": QT_TRANSLATE_NOOP("Admin", "Order cancelled"),
    "stock.issue": QT_TRANSLATE_NOOP("Admin", "Stock issued"),
    "stock.return": QT_TRANSLATE_NOOP("Admin", "Stock returned"),
    "cli": QT_TRANSLATE_NOOP("Admin", "Server command line"),
    "other": QT_TRANSLATE_NOOP("Admin", "Other act"),
}


def action_label(code: str) -> str:
    return QCoreApplication.translate("Admin", str(ACTIONS.get(code, ACTIONS["other"])))


def _when(epoch: Any) -> str:
    """A centre time (epoch seconds) as the local date and time, "" when there is none."""
    if not isinstance(epoch, int | float) or not epoch:
        return ""
    return datetime.fromtimestamp(epoch).strftime("%Y-%m-%d %H:%M")


def read_all(centre: CentreClient) -> dict[str, list[dict[str, Any]]]:
    """Everything the administration screens list, in one worker call."""
    audit: list[dict[str, Any]] = []
    since = 0
    while True:  # oldest first, a page at a time: keep the newest
        page = centre.get(f"/v1/admin/audit?since={since}")
        entries = [e for e in page.get("entries", []) if isinstance(e, dict)]
        audit = (audit + entries)[-AUDIT_SHOWN:]
        if not entries or page.get("next", since) == since:
            break
        since = int(page["next"])
    return {"users": centre.get("/v1/admin/users").get("users", []),
            "teams": centre.get("/v1/admin/teams").get("teams", []),
            "devices": centre.get("/v1/admin/devices").get("devices", []),
            "audit": audit[::-1]}


class AdminModel(CentreScreen):
    viewChanged = Signal()  # noqa: N815

    def __init__(self, terminal: Terminal, background: Background, parent: QObject | None = None) -> None:
        super().__init__(terminal, background, parent)
        self._admin = False
        self._data: dict[str, list[dict[str, Any]]] = {tab: [] for tab in TABS}
        self._tab = "users"

    def set_user(self, user: User | None) -> None:
        self._admin = self.acts_for(user, (Role.ADMINISTRATOR,))
        self._data = {tab: [] for tab in TABS}
        self._loaded = False
        self.closed_for()
        self.notify()

    @Slot()
    def reload(self) -> None:
        if self._admin:
            self.fetch(read_all, self._show)

    def _show(self, data: dict[str, list[dict[str, Any]]]) -> None:
        self._data = data

    @Slot(str)
    def setTab(self, tab: str) -> None:  # noqa: N802
        if tab in TABS and tab != self._tab:
            self._tab = tab
            self.notify()

    # -- acts ------------------------------------------------------------------------------------
    @Slot(str, str, str, str)
    def createUser(self, user_id: str, name: str, role: str, team_id: str) -> None:  # noqa: N802
        body = {"user_id": user_id.strip(), "name": name.strip(), "role": role}
        if team_id:
            body["team_id"] = team_id
        self.act(lambda c: c.post("/v1/admin/users", body), lambda _a: ("user_created", (user_id.strip(),)))

    @Slot(str, str, str)
    def createTeam(self, team_id: str, company_id: str, name: str) -> None:  # noqa: N802
        body = {"team_id": team_id.strip(), "company_id": company_id.strip(), "name": name.strip()}
        self.act(lambda c: c.post("/v1/admin/teams", body), lambda _a: ("team_created", (team_id.strip(),)))

    @Slot(str, str)
    def setPin(self, user_id: str, pin: str) -> None:  # noqa: N802
        self.act(lambda c: c.post(f"/v1/admin/users/{user_id}/reset-pin", {"pin": pin}),
                 lambda _a: ("pin_set", (self._name_of(user_id),)))

    @Slot(str)
    def issueCode(self, user_id: str) -> None:  # noqa: N802
        self.act(lambda c: c.post("/v1/admin/enrol-codes", {"user_id": user_id, "ttl_s": CODE_TTL_S}),
                 lambda a: ("code_issued", (self._name_of(user_id), str(a.get("code", "")))))

    @Slot(str)
    def revokeDevice(self, device_id: str) -> None:  # noqa: N802
        self.act(lambda c: c.post(f"/v1/admin/devices/{device_id}/revoke", {}),
                 lambda _a: ("revoked", (device_id,)))

    def _name_of(self, user_id: str) -> str:
        return next((str(u.get("name")) for u in self._data["users"] if u.get("user_id") == user_id), user_id)

    # -- what QML reads ---------------------------------------------------------------------------
    @Property(bool, notify=viewChanged)
    def available(self) -> bool:
        return self._admin

    @Property(str, notify=viewChanged)
    def tab(self) -> str:
        return self._tab

    @Property(list, notify=viewChanged)
    def users(self) -> list[dict[str, Any]]:
        teams = {t.get("team_id"): t.get("name", "") for t in self._data["teams"]}
        return [{"userId": u.get("user_id", ""), "name": u.get("name", ""),
                 "roleLabel": label(ROLES, str(u.get("role", ""))),
                 "team": teams.get(u.get("team_id"), u.get("team_id", "")) or ""}
                for u in self._data["users"]]

    @Property(list, notify=viewChanged)
    def teams(self) -> list[dict[str, Any]]:
        members: dict[str, int] = {}
        for u in self._data["users"]:
            members[str(u.get("team_id", ""))] = members.get(str(u.get("team_id", "")), 0) + 1
        return [{"teamId": t.get("team_id", ""), "name": t.get("name", ""),
                 "companyId": t.get("company_id", ""),
                 "members": members.get(str(t.get("team_id", "")), 0)} for t in self._data["teams"]]

    @Property(list, notify=viewChanged)
    def devices(self) -> list[dict[str, Any]]:
        names = {u.get("user_id"): u.get("name", "") for u in self._data["users"]}
        return [{"deviceId": d.get("device_id", ""), "name": d.get("name", ""),
                 "owner": names.get(d.get("user_id"), d.get("user_id", "")) or "",
                 "enrolled": _when(d.get("enrolled_at")), "lastSeen": _when(d.get("last_seen")),
                 "revoked": bool(d.get("revoked_at"))} for d in self._data["devices"]]

    @Property(list, notify=viewChanged)
    def audit(self) -> list[dict[str, Any]]:
        names = {u.get("user_id"): u.get("name", "") for u in self._data["users"]}
        def actor(user_id: Any) -> str:
            return action_label("cli") if user_id == "cli" else str(names.get(user_id) or user_id or "")

        return [{"at": _when(e.get("at")), "actor": actor(e.get("actor_user_id")),
                 "action": action_label(str(e.get("action", ""))), "target": e.get("target", "")}
                for e in self._data["audit"]]

    @Property(list, notify=viewChanged)
    def roles(self) -> list[dict[str, str]]:
        return [{"code": r.value, "label": label(ROLES, r.value)} for r in Role]

    @Property(list, notify=viewChanged)
    def teamChoices(self) -> list[dict[str, str]]:  # noqa: N802
        return [{"teamId": str(t.get("team_id", "")), "name": str(t.get("name", ""))}
                for t in self._data["teams"]]

