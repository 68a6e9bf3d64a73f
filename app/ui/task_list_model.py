"""The list of work orders: a technician's day, or a supervisor's team, with search and sections.

Rows are sorted so each section is one contiguous run: a technician's list by
family (replacement, inspection, prepaid), then status (work under way first),
then time; a supervisor's by technician, then time. The search is debounced and
runs on a worker (:class:`Background`); a late answer for an older query is dropped.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    Property,
    QAbstractListModel,
    QByteArray,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QTimer,
    Signal,
    Slot,
)

from app.domain.entities import Role, User
from app.ui.background import Background
from app.ui.bootstrap import Bootstrap, TeamRow
from app.ui.labels import FAMILIES, KINDS, STATUSES, STEPS, family_rank, label, status_rank

if TYPE_CHECKING:
    from app.storage.work_orders import OrderSummary

DEBOUNCE_MS = 250
USER_ROLE = 0x0100  # Qt.ItemDataRole.UserRole (the Qt namespace costs ~25 ms to load at start-up)
ROLE_NAMES = ["orderNo", "customerName", "address", "assetNo", "timeWindow", "statusCode",
              "statusLabel", "kindLabel", "familyLabel", "stepLabel", "section", "urgent", "techName"]


@dataclass(frozen=True, slots=True)
class Summary:
    """What one row shows of an order (the UI's copy of the store's OrderSummary)."""

    order_no: str
    kind: str
    family: str
    status: str
    step: str
    priority: str
    window_start: str
    customer_name: str
    address: str
    asset_no: str

    @classmethod
    def of(cls, s: OrderSummary) -> Summary:
        return cls(s.order_no, s.kind, s.family, s.status, s.step, s.priority, s.window_start,
                   s.customer_name, s.address, s.asset_no)

    def fields(self) -> list[str]:
        return list(astuple(self))


@dataclass(frozen=True, slots=True)
class Row:
    order: Summary
    tech_id: str = ""
    tech_name: str = ""


def _sort_tech(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (family_rank(r.order.family), status_rank(r.order.status),
                                       r.order.window_start, r.order.order_no))


def _sort_team(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (r.tech_id, r.order.window_start, r.order.order_no))


class TaskListModel(QAbstractListModel):
    changed = Signal()

    def __init__(self, bootstrap: Bootstrap, background: Background,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bootstrap = bootstrap
        self._bg = background
        self._rows: list[Row] = []
        self._counts: dict[str, int] = {}
        self._user: User | None = None
        self._query = ""
        self._generation = 0
        self._busy = False
        self._loaded = False
        self._stale = False  # showing the start-up snapshot, not yet the store's rows
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        self._roles = {USER_ROLE + 1 + i: name for i, name in enumerate(ROLE_NAMES)}

    # -- Qt model ---------------------------------------------------------------
    def roleNames(self) -> dict[int, QByteArray]:  # noqa: N802
        return {role: QByteArray(name.encode()) for role, name in self._roles.items()}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        name = self._roles.get(role)
        return None if name is None else self.value(self._rows[index.row()], name)

    def value(self, row: Row, name: str) -> Any:
        """One role's value for ``row`` (labels translated now, so a language switch shows at once)."""
        o = row.order
        simple = {"orderNo": o.order_no, "customerName": o.customer_name, "address": o.address,
                  "assetNo": o.asset_no, "statusCode": o.status, "techName": row.tech_name,
                  "urgent": o.priority == "urgent", "timeWindow": o.window_start[11:16]}
        if name in simple:
            return simple[name]
        if name == "section":
            return self._section(row)
        tables = {"statusLabel": (STATUSES, o.status), "kindLabel": (KINDS, o.kind),
                  "familyLabel": (FAMILIES, o.family), "stepLabel": (STEPS, o.step)}
        table, code = tables[name]
        return label(table, code) if code else ""

    def _section_key(self, row: Row) -> str:
        if self._is_team():
            return row.tech_id
        return f"{row.order.family}/{row.order.status}"

    def _section(self, row: Row) -> str:
        count = self._counts.get(self._section_key(row), 0)
        if self._is_team():
            head = f"{row.tech_name} · {row.tech_id}"
        else:
            head = f"{label(FAMILIES, row.order.family)} · {label(STATUSES, row.order.status)}"
        return QCoreApplication.translate("TaskListModel", "%1 (%2)").replace("%1", head).replace(
            "%2", str(count))

    def _is_team(self) -> bool:
        return self._user is not None and self._user.role is not Role.TECHNICIAN

    # -- loading -------------------------------------------------------------------
    def set_user(self, user: User | None) -> None:
        """Show ``user``'s orders (none when signed out)."""
        self._user = user
        self._query = ""
        self._loaded = False
        self._stale = False
        self._replace([])
        if user is not None:
            self.refresh()

    @Slot(str)
    def setQuery(self, text: str) -> None:  # noqa: N802
        """Search as the technician types: the query runs 250 ms after the last key."""
        if text == self._query:
            return
        self._query = text
        self.changed.emit()
        self._timer.start()

    @Slot()
    def refresh(self) -> None:
        user = self._user
        if user is None:
            return
        self._timer.stop()
        self._generation += 1
        generation, query = self._generation, self._query
        self._set_busy(True)
        self._bg.run(lambda: self._fetch(user, query), lambda rows: self._arrived(generation, rows),
                     lambda _exc: self._set_busy(False))

    def _fetch(self, user: User, query: str) -> list[Row]:
        """Worker side: query the store and sort."""
        if user.role is Role.TECHNICIAN:
            return _sort_tech([Row(Summary.of(s)) for s in self._bootstrap.summaries_for(user, query)])
        team: list[TeamRow] = self._bootstrap.team_rows(user, query)
        return _sort_team([Row(Summary.of(t.order), t.tech_id, t.tech_name) for t in team])

    def _arrived(self, generation: int, rows: list[Row]) -> None:
        if generation != self._generation:
            return  # an older query answered late
        self._loaded = True
        self._stale = False
        self._set_busy(False)
        self._replace(rows)
        user = self._user
        if user is not None and user.role is Role.TECHNICIAN and not self._query:
            snapshot = [row.order.fields() for row in rows]
            self._bg.run(lambda: self._bootstrap.save_snapshot(user, snapshot))

    def show_snapshot(self, user: User, rows: list[list[str]]) -> None:
        """Paint the list the technician last saw, until :meth:`refresh` brings the store's rows."""
        self._user = user
        self._query = ""
        self._loaded = True
        self._stale = True
        self._replace(_sort_tech([Row(Summary(*fields)) for fields in rows]))

    def _replace(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = rows
        counts: dict[str, int] = {}
        for row in rows:
            key = self._section_key(row)
            counts[key] = counts.get(key, 0) + 1
        self._counts = counts
        self.endResetModel()
        self.changed.emit()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.changed.emit()

    def retranslate(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))
        self.changed.emit()

    # -- properties ----------------------------------------------------------------
    @Property(int, notify=changed)
    def count(self) -> int:
        return len(self._rows)

    @Property(str, notify=changed)
    def query(self) -> str:
        return self._query

    @Property(bool, notify=changed)
    def busy(self) -> bool:
        return self._busy

    @Property(bool, notify=changed)
    def loaded(self) -> bool:
        return self._loaded

    @Property(bool, notify=changed)
    def stale(self) -> bool:
        """True while the rows are the start-up snapshot (the store has not answered yet)."""
        return self._stale

    def rows(self) -> list[Row]:
        return list(self._rows)
