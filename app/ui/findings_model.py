"""The team leader's list of what inspections found (desktop build): each finding at the centre
(``GET /v1/monitor/findings``), worst first, with the rule in the leader's words, what the records
say and what the meter showed, and whether it can be put right on site.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Property, QCoreApplication, QObject, Signal, Slot

from app.domain.entities import Role, User
from app.terminal.terminal import Terminal
from app.ui.background import Background
from app.ui.centre_screen import CentreScreen

if TYPE_CHECKING:
    from sync.centre_client import CentreClient

RULES: dict[str, object] = {  # app.domain.inspection_rules codes
    "clock_drift": QT_TRANSLATE_NOOP("Findings", "Meter clock off"),
    "tariff_differs": QT_TRANSLATE_NOOP("Findings", "Prices differ from the tariff"),
    "tou_table_differs": QT_TRANSLATE_NOOP("Findings", "Time-of-use table differs"),
    "address_differs": QT_TRANSLATE_NOOP("Findings", "Meter address differs from the archive"),
    "asset_no_differs": QT_TRANSLATE_NOOP("Findings", "Asset number differs from the archive"),
    "reading_below_last": QT_TRANSLATE_NOOP("Findings", "Reading below the last one"),
    "cover_opened": QT_TRANSLATE_NOOP("Findings", "Cover opened since the last visit"),
    "seal_missing": QT_TRANSLATE_NOOP("Findings", "Seal missing"),
    "seal_mismatch": QT_TRANSLATE_NOOP("Findings", "Seal is not the one on record"),
    "balance_inconsistent": QT_TRANSLATE_NOOP("Findings", "Balance does not match the purchases"),
}
SEVERITIES: dict[str, object] = {
    "critical": QT_TRANSLATE_NOOP("Findings", "Critical"),
    "warning": QT_TRANSLATE_NOOP("Findings", "Warning"),
    "info": QT_TRANSLATE_NOOP("Findings", "Note"),
}
STATUSES: dict[str, object] = {
    "open": QT_TRANSLATE_NOOP("Findings", "Open"),
    "corrected": QT_TRANSLATE_NOOP("Findings", "Corrected"),
    "correction_failed": QT_TRANSLATE_NOOP("Findings", "Correction failed"),
}
RANK = {"critical": 0, "warning": 1, "info": 2}


def _tr(table: dict[str, object], code: str) -> str:
    source = table.get(code)
    return code if source is None else QCoreApplication.translate("Findings", str(source))


class FindingsModel(CentreScreen):
    viewChanged = Signal()  # noqa: N815

    def __init__(self, terminal: Terminal, background: Background, parent: QObject | None = None) -> None:
        super().__init__(terminal, background, parent)
        self._user: User | None = None
        self._findings: list[dict[str, Any]] = []

    def set_user(self, user: User | None) -> None:
        self._user = user if self.acts_for(user, (Role.SUPERVISOR, Role.ADMINISTRATOR)) else None
        self._findings, self._loaded = [], False
        self.closed_for()
        self.notify()

    @Slot()
    def reload(self) -> None:
        if self._user is None:
            return

        def read(centre: CentreClient) -> list[dict[str, Any]]:
            return [f for f in centre.get("/v1/monitor/findings").get("findings", []) if isinstance(f, dict)]

        self.fetch(read, self._show)

    def _show(self, found: list[dict[str, Any]]) -> None:
        self._findings = sorted(found, key=lambda f: (RANK.get(str(f.get("severity")), 3),
                                                      -int(f.get("created_at") or 0)))

    @Property(bool, notify=viewChanged)
    def available(self) -> bool:
        return self._user is not None

    @Property(list, notify=viewChanged)
    def findings(self) -> list[dict[str, Any]]:
        return [{"orderNo": f.get("order_no", ""), "meter": f.get("meter_asset_no", ""),
                 "rule": f.get("rule", ""), "ruleLabel": _tr(RULES, str(f.get("rule", ""))),
                 "severity": f.get("severity", ""),
                 "severityLabel": _tr(SEVERITIES, str(f.get("severity", ""))),
                 "expected": f.get("expected", ""), "found": f.get("found", ""),
                 "correctable": bool(f.get("correctable")),
                 "statusLabel": _tr(STATUSES, str(f.get("status", "")))} for f in self._findings]

    @Property(int, notify=viewChanged)
    def openCount(self) -> int:  # noqa: N802
        return sum(1 for f in self._findings if f.get("status") == "open")
