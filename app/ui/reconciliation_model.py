"""The team leader's prepaid reconciliation for the day (desktop build): per technician, the money
collected (cash, QR), the tokens the centre issued, the credits the customers' cards confirmed,
and the purchases no card has confirmed yet (``GET /v1/monitor/reconciliation``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Property, QCoreApplication, QObject, Signal, Slot

from app.domain.entities import UTILITY_TZ, Role, User
from app.terminal.terminal import Terminal
from app.ui.background import Background
from app.ui.centre_screen import CentreScreen
from app.ui.replacement_format import yuan

if TYPE_CHECKING:
    from sync.centre_client import CentreClient


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


MISMATCH = {  # server.ledger's fields
    "amount": QT_TRANSLATE_NOOP("Reconciliation", "amount %1 yuan, issued %2 yuan"),
    "count": QT_TRANSLATE_NOOP("Reconciliation", "card purchase %1, issued as purchase %2"),
    "card": QT_TRANSLATE_NOOP("Reconciliation", "card %1, issued for card %2"),
}


def _mismatch(f: dict[str, Any]) -> str:
    field, found, issued = str(f.get("field", "")), str(f.get("found", "")), str(f.get("issued", ""))
    if field == "amount":
        found, issued = (yuan(v) if v.isdigit() else v for v in (found, issued))
    text = MISMATCH.get(field)
    if text is None:
        return QCoreApplication.translate("Reconciliation", "does not match")
    return QCoreApplication.translate("Reconciliation", str(text)).replace("%1", found).replace("%2", issued)


CARD_OPS = QT_TRANSLATE_NOOP("Reconciliation", "Cards opened %1 · parameters written %2 · repairs checked %3")
DECISIONS = {  # server.card_tasks.REPAIR_DECISIONS
    "credited": QT_TRANSLATE_NOOP("Reconciliation", "already on the card"),
    "not_credited": QT_TRANSLATE_NOOP("Reconciliation", "written again (purchase %1)"),
    "card_ahead": QT_TRANSLATE_NOOP("Reconciliation", "refused: the card is ahead of the ledger"),
    "card_behind": QT_TRANSLATE_NOOP("Reconciliation", "refused: the card lacks a purchase"),
    "cancelled": QT_TRANSLATE_NOOP("Reconciliation", "refused: the purchase was cancelled"),
    "nothing_issued": QT_TRANSLATE_NOOP("Reconciliation", "no purchase issued for the card"),
}


def _card_ops(t: dict[str, Any]) -> str:
    ops = t.get("card_ops") or {}
    if not ops:
        return ""
    counts = (str(int(ops.get(k) or 0)) for k in ("open_card", "write_card", "recharge_repair"))
    text = QCoreApplication.translate("Reconciliation", str(CARD_OPS))
    for n, count in enumerate(counts, start=1):
        text = text.replace(f"%{n}", count)
    return text


def _repair(r: dict[str, Any]) -> str:
    decision = DECISIONS.get(str(r.get("decision", "")), DECISIONS["nothing_issued"])
    said = QCoreApplication.translate("Reconciliation", str(decision))
    said = said.replace("%1", str(r.get("credits_order", "")))
    return f"{r.get('order_no', '')} · {r.get('customer_no', '')} · {said}"


def _row(t: dict[str, Any]) -> dict[str, Any]:
    unconfirmed = [f"{u.get('order_no', '')} · {u.get('customer_no', '')} · {yuan(u.get('amount_fen'))}"
                   for u in t.get("unconfirmed") or [] if isinstance(u, dict)]
    discrepancies = [f"{d.get('order_no', '')}: " + "; ".join(_mismatch(f) for f in d.get("fields") or []
                                                             if isinstance(f, dict))
                     for d in t.get("discrepancies") or [] if isinstance(d, dict)]
    return {"techId": t.get("tech_id", ""), "teamId": t.get("team_id", ""), "cash": yuan(t.get("cash_fen")),
            "qr": yuan(t.get("qr_fen")), "issued": int(t.get("issued") or 0),
            "issuedYuan": yuan(t.get("issued_fen")), "credited": int(t.get("credited") or 0),
            "creditedYuan": yuan(t.get("credited_fen")), "unconfirmed": unconfirmed,
            "discrepancies": discrepancies, "cardOps": _card_ops(t),
            "repairs": [_repair(r) for r in t.get("repairs") or [] if isinstance(r, dict)]}
