"""The team leader's stock screen (desktop build): the meters and seals each technician of the team
holds, as the centre records them (``GET /v1/stock``), and the acts on them: issue a meter or a
seal to a technician (its number scanned with the desk's barcode scanner), take one back.

What a technician installs is consumed at the centre when the result arrives; the technician's
handheld gets every issue and return at its next sync.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from app.domain.entities import Role, User
from app.terminal.terminal import Terminal
from app.ui.background import Background
from app.ui.bootstrap import Bootstrap
from app.ui.centre_screen import CentreScreen

if TYPE_CHECKING:
    from sync.centre_client import CentreClient

KINDS = ("meter", "seal")
MANAGERS = (Role.SUPERVISOR, Role.ADMINISTRATOR)


class StockModel(CentreScreen):
    viewChanged = Signal()  # noqa: N815

    def __init__(self, terminal: Terminal, bootstrap: Bootstrap, background: Background,
                 parent: QObject | None = None) -> None:
        super().__init__(terminal, background, parent)
        self._bootstrap = bootstrap
        self._user: User | None = None
        self._items: list[dict[str, Any]] = []
        self._techs: list[User] = []
        self._chosen = ""

    def set_user(self, user: User | None) -> None:
        self._user = user if self.acts_for(user, MANAGERS) else None
        self._items, self._techs, self._loaded, self._chosen = [], [], False, ""
        self.closed_for()
        self.notify()

    @Slot()
    def reload(self) -> None:
        user = self._user
        if user is None:
            return

        def read(centre: CentreClient) -> tuple[list[dict[str, Any]], list[User]]:
            answer = centre.get("/v1/stock")
            items = answer.get("items", [])
            return [i for i in items if isinstance(i, dict)], self._bootstrap.technicians_of(user)

        self.fetch(read, self._show)

    def _show(self, answer: tuple[list[dict[str, Any]], list[User]]) -> None:
        self._items, self._techs = answer
        if not self._chosen and self._techs:
            self._chosen = self._techs[0].user_id

    @Slot(str)
    def choose(self, tech_id: str) -> None:
        self._chosen = tech_id
        self.notify()

    @Slot(str, str, str)
    def issue(self, kind: str, number: str, address: str) -> None:
        """Issue a meter (``address``: its 12-digit address) or a seal to the chosen technician."""
        tech_id, number = self._chosen, number.strip()
        if kind not in KINDS or not tech_id or not number:
            return
        body: dict[str, str] = {"tech_id": tech_id, "kind": kind, "item_no": number}
        if kind == "meter":
            body["address"] = address.strip()
        self.act(lambda c: c.post("/v1/stock/issue", body),
                 lambda _a: ("stock_issued", (number, self._name_of(tech_id))))

    @Slot(str, str)
    def takeBack(self, kind: str, number: str) -> None:  # noqa: N802
        self.act(lambda c: c.post("/v1/stock/return", {"kind": kind, "item_no": number}),
                 lambda _a: ("stock_returned", (number,)))

    def _name_of(self, tech_id: str) -> str:
        return next((t.name for t in self._techs if t.user_id == tech_id), tech_id)

    # -- what QML reads ---------------------------------------------------------------------------
    @Property(bool, notify=viewChanged)
    def available(self) -> bool:
        return self._user is not None

    @Property(str, notify=viewChanged)
    def chosen(self) -> str:
        return self._chosen

    @Property(list, notify=viewChanged)
    def technicians(self) -> list[dict[str, Any]]:
        """Each technician with how many meters and seals they hold."""
        def held(tech_id: str, kind: str) -> int:
            return sum(1 for i in self._items if i.get("tech_id") == tech_id and i.get("kind") == kind)

        return [{"userId": t.user_id, "name": t.name, "meters": held(t.user_id, "meter"),
                 "seals": held(t.user_id, "seal")} for t in self._techs]

    @Property(list, notify=viewChanged)
    def items(self) -> list[dict[str, Any]]:
        """What the chosen technician holds: meters first, then seals, by number."""
        mine = [i for i in self._items if i.get("tech_id") == self._chosen]
        mine.sort(key=lambda i: (i.get("kind") != "meter", str(i.get("item_no", ""))))
        return [{"kind": i.get("kind", ""), "itemNo": i.get("item_no", ""), "address": i.get("address") or "",
                 "model": i.get("model") or ""} for i in mine]
