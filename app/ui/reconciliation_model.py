"""The team leader's prepaid reconciliation for the day (desktop build): per technician, the money
collected (cash, QR), the tokens the centre issued, the credits the customers' cards confirmed,
and the purchases no card has confirmed yet (``GET /v1/monitor/reconciliation``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from app.domain.entities import UTILITY_TZ, Role, User
from app.terminal.terminal import Terminal
from app.ui.background import Background
from app.ui.centre_screen import CentreScreen

if TYPE_CHECKING:
    from sync.centre_client import CentreClient


def yuan(fen: Any) -> str:
    value = int(fen or 0)
    return f"{value // 100}.{value % 100:02d}"


class ReconciliationModel(CentreScreen):
    viewChanged = Signal()  # noqa: N815

    def __init__(self, terminal: Terminal, background: Background, parent: QObject | None = None) -> None:
        super().__init__(terminal, background, parent)
        self._user: User | None = None
        self._account: dict[str, Any] = {}

    def set_user(self, user: User | None) -> None:
        self._user = user if self.acts_for(user, (Role.SUPERVISOR, Role.ADMINISTRATOR)) else None
        self._account, self._loaded = {}, False
        self.closed_for()
        self.notify()

    @Slot()
    def reload(self) -> None:
        if self._user is None:
            return
        day = datetime.now(UTILITY_TZ).date().isoformat()

        def read(centre: CentreClient) -> dict[str, Any]:
            return centre.get(f"/v1/monitor/reconciliation?day={day}")

        self.fetch(read, self._show)

    def _show(self, account: dict[str, Any]) -> None:
        self._account = account

    @Property(bool, notify=viewChanged)
    def available(self) -> bool:
        return self._user is not None

    @Property(str, notify=viewChanged)
    def day(self) -> str:
        return str(self._account.get("day", ""))

    @Property(list, notify=viewChanged)
    def technicians(self) -> list[dict[str, Any]]:
        return [_row(t) for t in self._account.get("technicians") or [] if isinstance(t, dict)]

    @Property(dict, notify=viewChanged)
    def totals(self) -> dict[str, str]:
        t = self._account.get("totals") or {}
        return {"cash": yuan(t.get("cash_fen")), "qr": yuan(t.get("qr_fen")),
                "issuedYuan": yuan(t.get("issued_fen")), "creditedYuan": yuan(t.get("credited_fen"))}


def _row(t: dict[str, Any]) -> dict[str, Any]:
    unconfirmed = [f"{u.get('order_no', '')} · {u.get('customer_no', '')} · {yuan(u.get('amount_fen'))}"
                   for u in t.get("unconfirmed") or [] if isinstance(u, dict)]
    discrepancies = [f"{d.get('order_no', '')}: {d.get('discrepancy', '')}"
                     for d in t.get("discrepancies") or [] if isinstance(d, dict)]
    return {"techId": t.get("tech_id", ""), "teamId": t.get("team_id", ""), "cash": yuan(t.get("cash_fen")),
            "qr": yuan(t.get("qr_fen")), "issued": int(t.get("issued") or 0),
            "issuedYuan": yuan(t.get("issued_fen")), "credited": int(t.get("credited") or 0),
            "creditedYuan": yuan(t.get("credited_fen")), "unconfirmed": unconfirmed,
            "discrepancies": discrepancies}
