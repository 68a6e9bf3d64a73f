"""The per-row checks of a marketing-system import (:mod:`server.importer`): a row's typed
getters, each recording a problem in the batch's report and returning a default, and the
report itself (every error by where, row and field)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.domain.entities import UTILITY_TZ
from app.domain.errors import ValidationError
from server.import_rows import NUMBER_CELL, REQUIRED, Row

_YES = {"yes", "y", "true", "1", "是"}
_NO = {"no", "n", "false", "0", "否"}


@dataclass(frozen=True, slots=True)
class RowError:
    where: str  # sheet, file or record type
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.where} row {self.row}, {self.field or '-'}: {self.message}"


@dataclass(slots=True)
class ImportReport:
    batch_id: str
    imported: bool = False
    errors: list[RowError] = field(default_factory=list)
    archives_created: int = 0
    archives_updated: int = 0
    archives_unchanged: int = 0
    orders_created: int = 0
    orders_unchanged: int = 0
    order_nos: dict[str, str] = field(default_factory=dict)  # external id -> order_no

    def to_dict(self) -> dict[str, Any]:
        return {"batch_id": self.batch_id, "imported": self.imported,
                "errors": [{"where": e.where, "row": e.row, "field": e.field, "message": e.message}
                           for e in self.errors],
                "archives": {"created": self.archives_created, "updated": self.archives_updated,
                             "unchanged": self.archives_unchanged},
                "orders": {"created": self.orders_created, "unchanged": self.orders_unchanged},
                "order_nos": self.order_nos}

    def lines(self) -> list[str]:
        if not self.imported:
            return [f"batch {self.batch_id}: REFUSED, nothing imported ({len(self.errors)} error(s))",
                    *(f"  {e}" for e in self.errors)]
        return [f"batch {self.batch_id}: imported; archives {self.archives_created} created, "
                f"{self.archives_updated} updated, {self.archives_unchanged} unchanged; orders "
                f"{self.orders_created} created, {self.orders_unchanged} already imported"]


class Rows:
    """Error collection for one row: typed getters that record a problem and return a default."""

    def __init__(self, report: ImportReport, row: Row) -> None:
        self.report, self.row, self.ok = report, row, True

    def error(self, name: str, message: str) -> None:
        self.ok = False
        self.report.errors.append(RowError(self.row.where, self.row.number, name, message))

    def text(self, name: str) -> str:
        value = self.row.get(name)
        if value.startswith(NUMBER_CELL):
            self.error(name, "must be a text cell, not a number (long numbers and leading zeros do not "
                             "survive as spreadsheet numbers)")
            return ""
        if not value and name in REQUIRED[self.row.kind]:
            self.error(name, "is required")
        return value

    def ident(self, name: str, check: Any) -> str:
        value = self.text(name)
        if not value:
            return ""
        try:
            return str(check(value))
        except ValidationError as exc:
            self.error(name, str(exc))
            return ""


def yes_no(r: Rows, name: str) -> bool | None:
    value = r.text(name).lower()
    if value in _YES:
        return True
    if value in _NO:
        return False
    if value:
        r.error(name, f"must be yes or no, got '{value}'")
    return None


def enum_of(r: Rows, name: str, kind: Any) -> Any:
    value = r.text(name)
    try:
        return kind(value) if value else None
    except ValueError:
        r.error(name, f"'{value}' is not one of {', '.join(k.value for k in kind)}")
        return None


def date_of(r: Rows, name: str) -> date | None:
    value = r.text(name)
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        r.error(name, f"'{value}' is not a date (YYYY-MM-DD)")
        return None


def datetime_of(r: Rows, name: str) -> datetime | None:
    value = r.text(name)
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        r.error(name, f"'{value}' is not an ISO 8601 date-time")
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTILITY_TZ)
