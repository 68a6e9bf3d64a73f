"""The team leader's dispatch screen (desktop build): the team's orders at the centre, and the acts
on them: assign an unassigned order, give an open one to another technician, cancel one.

The list is the centre's (``GET /v1/dispatch/orders``), read again after every act; the
technicians to choose from are the leader's team as this terminal knows it (synced down),
each with the number of open orders the centre holds for them. A technician's handheld
learns of an act at its next sync; work done on an order since given away is flagged at the
centre, never lost (the server's rule).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Property, QCoreApplication, QObject, Signal, Slot

from app.domain.entities import Role, User
from app.domain.work_orders import OPEN_STATUSES, Status
from app.terminal.terminal import Terminal
from app.ui.background import Background
from app.ui.bootstrap import Bootstrap
from app.ui.centre_screen import CentreScreen
from app.ui.labels import KINDS, PRIORITIES, STATUSES, label

if TYPE_CHECKING:
    from sync.centre_client import CentreClient

FILTERS = ("unassigned", "assigned", "all")
DISPATCHERS = (Role.SUPERVISOR, Role.ADMINISTRATOR)
OPEN = frozenset(s.value for s in OPEN_STATUSES)
# Why an order is cancelled: a tap, not typing (the reason goes to the centre's audit log).
CANCEL_REASONS: dict[str, object] = {
    "customer_request": QT_TRANSLATE_NOOP("Dispatch", "The customer asked to cancel"),
    "duplicate": QT_TRANSLATE_NOOP("Dispatch", "A duplicate of another order"),
    "archive_error": QT_TRANSLATE_NOOP("Dispatch", "The archive is wrong: back to the marketing system"),
    "no_access": QT_TRANSLATE_NOOP("Dispatch", "The site cannot be reached"),
}


def reason_label(code: str) -> str:
    return QCoreApplication.translate("Dispatch", str(CANCEL_REASONS[code]))


class DispatchModel(CentreScreen):
    viewChanged = Signal()  # noqa: N815

    def __init__(self, terminal: Terminal, bootstrap: Bootstrap, background: Background,
                 parent: QObject | None = None) -> None:
        super().__init__(terminal, background, parent)
        self._bootstrap = bootstrap
        self._user: User | None = None
        self._orders: list[dict[str, Any]] = []
        self._techs: list[User] = []
        self._filter = "unassigned"

    def set_user(self, user: User | None) -> None:
        """Who is signed in: a team leader or an administrator on their own terminal dispatches."""
        self._user = user if self.acts_for(user, DISPATCHERS) else None
        self._orders, self._techs, self._loaded = [], [], False
        self.closed_for()
        self.notify()

    @Slot()
    def reload(self) -> None:
        user = self._user
        if user is None:
            return

        def read(centre: CentreClient) -> tuple[list[dict[str, Any]], list[User]]:
            orders = centre.get("/v1/dispatch/orders").get("orders", [])
            return [o for o in orders if isinstance(o, dict)], self._bootstrap.technicians_of(user)

        self.fetch(read, self._show)

    def _show(self, answer: tuple[list[dict[str, Any]], list[User]]) -> None:
        self._orders, self._techs = answer

    @Slot(str)
    def setFilter(self, name: str) -> None:  # noqa: N802
        if name in FILTERS and name != self._filter:
            self._filter = name
            self.notify()

    @Slot(str, str)
    def assign(self, order_no: str, tech_id: str) -> None:
        self._give("assign", "assigned", order_no, tech_id)

    @Slot(str, str)
    def reassign(self, order_no: str, tech_id: str) -> None:
        self._give("reassign", "reassigned", order_no, tech_id)

    def _give(self, act: str, notice: str, order_no: str, tech_id: str) -> None:
        name = self._name_of(tech_id)
        self.act(lambda c: c.post(f"/v1/dispatch/orders/{order_no}/{act}", {"tech_id": tech_id}),
                 lambda _answer: (notice, (order_no, name)))

    @Slot(str, str)
    def cancel(self, order_no: str, reason: str) -> None:
        if reason not in CANCEL_REASONS:
            return
        text = reason_label(reason)
        self.act(lambda c: c.post(f"/v1/dispatch/orders/{order_no}/cancel", {"reason": text}),
                 lambda _answer: ("cancelled", (order_no,)))

    def _name_of(self, tech_id: str) -> str:
        return next((t.name for t in self._techs if t.user_id == tech_id), tech_id)

    # -- what QML reads ---------------------------------------------------------------------------
    def _row(self, o: dict[str, Any]) -> dict[str, Any]:
        status, tech = str(o.get("status", "")), str(o.get("tech_id", ""))
        start, end = str(o.get("window_start", "")), str(o.get("window_end", ""))
        open_ = status in OPEN
        return {"orderNo": o.get("order_no", ""), "title": o.get("title", ""),
                "kindLabel": label(KINDS, str(o.get("kind", ""))), "statusCode": status,
                "statusLabel": label(STATUSES, status), "techId": tech,
                "techName": self._name_of(tech) if tech else "",
                "window": f"{start[5:10]} {start[11:16]}–{end[11:16]}" if len(end) >= 16 else "",
                "customer": o.get("customer", ""), "address": o.get("address", ""),
                "assetNo": o.get("meter_asset_no", ""), "urgent": o.get("priority") == "urgent",
                "priorityLabel": label(PRIORITIES, str(o.get("priority", ""))),
                "canAssign": not tech and status == Status.REQUESTED.value,
                "canReassign": bool(tech) and open_, "canCancel": open_}

    @staticmethod
    def _in_filter(o: dict[str, Any], name: str) -> bool:
        status, tech = str(o.get("status", "")), str(o.get("tech_id", ""))
        if name == "unassigned":
            return not tech and status == Status.REQUESTED.value
        if name == "assigned":
            return bool(tech) and status in OPEN
        return True

    @Property(list, notify=viewChanged)
    def orders(self) -> list[dict[str, Any]]:
        return [self._row(o) for o in self._orders if self._in_filter(o, self._filter)]

    @Property(str, notify=viewChanged)
    def filter(self) -> str:
        return self._filter

    @Property(list, notify=viewChanged)
    def counts(self) -> list[int]:
        """How many orders each filter shows (unassigned, assigned, all)."""
        return [sum(1 for o in self._orders if self._in_filter(o, name)) for name in FILTERS]

    @Property(list, notify=viewChanged)
    def technicians(self) -> list[dict[str, Any]]:
        load = Counter(str(o.get("tech_id", "")) for o in self._orders if o.get("status") in OPEN)
        return [{"userId": t.user_id, "name": t.name, "open": load.get(t.user_id, 0)} for t in self._techs]

    @Property(list, notify=viewChanged)
    def cancelReasons(self) -> list[dict[str, str]]:  # noqa: N802
        return [{"code": code, "label": reason_label(code)} for code in CANCEL_REASONS]

    @Property(bool, notify=viewChanged)
    def available(self) -> bool:
        """The signed-in person dispatches (a team leader or an administrator)."""
        return self._user is not None
