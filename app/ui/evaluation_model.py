"""The evaluation of technicians and teams (评价考核), in the supervisor's desktop build.

A period (today, the last 7 days, the last 30 days) and a grouping (technician, team, area, day)
ask the centre's KPIs (``GET /v1/monitor/kpis``): orders done, unfinished and open, first-time
completions, rework, anomalies, average work and order time on the devices' clocks, the upload
delay, travel between orders and the score (the rules: docs/monitoring.md). The period's anomalies
are listed under the table, each with its order. The table is saved as XLSX or CSV with the same
filters, in the desk's export folder.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Property, QCoreApplication, QObject, Signal, Slot

from app.domain.entities import UTILITY_TZ, Role, User
from app.terminal.terminal import Terminal
from app.ui.background import Background
from app.ui.centre_screen import CentreScreen

if TYPE_CHECKING:
    from sync.centre_client import CentreClient

CTX = "Evaluation"
PERIODS = {"today": 0, "week": 6, "month": 29}  # days before today
GROUPS = ("technician", "team", "area", "day")
LABELS = {
    "today": QT_TRANSLATE_NOOP("Evaluation", "Today"), "week": QT_TRANSLATE_NOOP("Evaluation", "7 days"),
    "month": QT_TRANSLATE_NOOP("Evaluation", "30 days"),
    "technician": QT_TRANSLATE_NOOP("Evaluation", "By technician"),
    "team": QT_TRANSLATE_NOOP("Evaluation", "By team"), "area": QT_TRANSLATE_NOOP("Evaluation", "By area"),
    "day": QT_TRANSLATE_NOOP("Evaluation", "By day"),
}
ANOMALIES = {  # server.analytics' codes
    "wrong_meter": QT_TRANSLATE_NOOP("Evaluation", "wrong meter scanned"),
    "seal_refused": QT_TRANSLATE_NOOP("Evaluation", "seal refused"),
    "tariff_refused": QT_TRANSLATE_NOOP("Evaluation", "tariff write refused"),
    "no_authorisation": QT_TRANSLATE_NOOP("Evaluation", "no authorisation for the meter"),
    "no_tag": QT_TRANSLATE_NOOP("Evaluation", "no RFID tag read"),
    "step_failed": QT_TRANSLATE_NOOP("Evaluation", "a step failed"),
    "seal_not_in_stock": QT_TRANSLATE_NOOP("Evaluation", "seal not in the technician's stock"),
    "seal_reused": QT_TRANSLATE_NOOP("Evaluation", "seal already used"),
    "reassigned": QT_TRANSLATE_NOOP("Evaluation", "work on a reassigned order"),
    "cover_opened": QT_TRANSLATE_NOOP("Evaluation", "meter cover opened"),
    "reading_below_last": QT_TRANSLATE_NOOP("Evaluation", "reading below the last one"),
    "chain_gap": QT_TRANSLATE_NOOP("Evaluation", "monitoring records missing"),
    "chain_altered": QT_TRANSLATE_NOOP("Evaluation", "monitoring record altered"),
    "chain_forged": QT_TRANSLATE_NOOP("Evaluation", "monitoring record not signed by the handheld"),
    "chain_broken": QT_TRANSLATE_NOOP("Evaluation", "monitoring records out of order"),
    "chain_missing": QT_TRANSLATE_NOOP("Evaluation", "monitoring record without its seal"),
}
OTHER = QT_TRANSLATE_NOOP("Evaluation", "other anomaly")


def _t(text: object) -> str:
    return QCoreApplication.translate(CTX, str(text))


def anomaly_text(code: str) -> str:
    return _t(ANOMALIES.get(code, OTHER))


class EvaluationModel(CentreScreen):
    viewChanged = Signal()  # noqa: N815

    def __init__(self, terminal: Terminal, background: Background, export_dir: Path | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(terminal, background, parent)
        self._user: User | None = None
        self._period, self._group = "week", "technician"
        self._kpis: dict[str, Any] = {}
        self._anomalies: list[dict[str, Any]] = []
        self._export_dir = export_dir
        self._order: dict[str, Any] = {}
        self._evidence: list[str] = []  # the order's photos and signature, saved for the screen

    def set_user(self, user: User | None) -> None:
        self._user = user if self.acts_for(user, (Role.SUPERVISOR, Role.ADMINISTRATOR)) else None
        self._kpis, self._anomalies, self._loaded = {}, [], False
        self.closed_for()
        self.notify()

    def _query(self) -> str:
        today = datetime.now(UTILITY_TZ).date()
        start = today - timedelta(days=PERIODS[self._period])
        return f"from={start.isoformat()}&to={today.isoformat()}&by={self._group}"

    @Slot()
    def reload(self) -> None:
        if self._user is None:
            return
        query = self._query()

        def read(centre: CentreClient) -> tuple[dict[str, Any], list[dict[str, Any]]]:
            kpis = centre.get(f"/v1/monitor/kpis?{query}")
            found = centre.get(f"/v1/monitor/anomalies?{query}").get("anomalies") or []
            return kpis, [a for a in found if isinstance(a, dict)]

        self.fetch(read, self._show)

    def _show(self, answer: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
        self._kpis, self._anomalies = answer

    @Slot(str)
    def setPeriod(self, period: str) -> None:  # noqa: N802
        if period in PERIODS and period != self._period:
            self._period = period
            self.reload()

    @Slot(str)
    def setGroup(self, group: str) -> None:  # noqa: N802
        if group in GROUPS and group != self._group:
            self._group = group
            self.reload()

    @Slot(str)
    def openOrder(self, order_no: str) -> None:  # noqa: N802
        """The drill-down: the order's steps, readings, photos and signature, and its GPS trail."""
        folder = (self._export_dir.parent if self._export_dir else Path(".")) / "evidence"

        def read(centre: CentreClient) -> tuple[dict[str, Any], list[str]]:
            detail = centre.get(f"/v1/monitor/orders/{order_no}")
            files = []
            for a in detail.get("attachments") or []:
                sha = str(a.get("sha256", ""))
                if len(sha) != 64 or not all(c in "0123456789abcdef" for c in sha):
                    continue
                path = folder / f"{sha}.{'png' if 'png' in str(a.get('mime', '')) else 'jpg'}"
                if not path.exists():
                    folder.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(centre.download(f"/v1/attachments/{sha}"))
                files.append(path.as_uri())
            return detail, files

        self._run(read, self._order_shown, clear_notice=False)  # not a read of the table (CentreScreen.fetch)

    def _order_shown(self, answer: tuple[dict[str, Any], list[str]]) -> None:
        self._order, self._evidence = answer

    @Slot()
    def closeOrder(self) -> None:  # noqa: N802
        self._order, self._evidence = {}, []
        self.notify()

    @Slot(str)
    def exportTable(self, fmt: str) -> None:  # noqa: N802
        """Save the table as shown (XLSX or CSV) in the desk's export folder."""
        if fmt not in ("xlsx", "csv") or self._export_dir is None:
            return
        query, folder = self._query(), self._export_dir
        lang = "en" if QCoreApplication.translate(CTX, "Today") == "Today" else "zh_CN"

        def save(centre: CentreClient) -> str:
            data = centre.download(f"/v1/monitor/kpis.{fmt}?{query}&lang={lang}")
            folder.mkdir(parents=True, exist_ok=True)
            name = f"kpi-{query.replace('&', '_').replace('=', '-')}.{fmt}"
            (folder / name).write_bytes(data)
            return str(folder / name)

        self.act(save, lambda path: ("exported", (str(path),)))

    # -- what QML reads ---------------------------------------------------------------------------
    @Property(bool, notify=viewChanged)
    def available(self) -> bool:
        return self._user is not None

    @Property(str, notify=viewChanged)
    def period(self) -> str:
        return self._period

    @Property(str, notify=viewChanged)
    def group(self) -> str:
        return self._group

    @Property(list, notify=viewChanged)
    def periods(self) -> list[dict[str, str]]:
        return [{"code": p, "label": _t(LABELS[p])} for p in PERIODS]

    @Property(list, notify=viewChanged)
    def groups(self) -> list[dict[str, str]]:
        return [{"code": g, "label": _t(LABELS[g])} for g in GROUPS]

    @Property(str, notify=viewChanged)
    def span(self) -> str:
        return f"{self._kpis.get('from', '')} – {self._kpis.get('to', '')}" if self._kpis else ""

    @Property(list, notify=viewChanged)
    def rows(self) -> list[dict[str, str]]:
        return [_row(r) for r in self._kpis.get("rows") or [] if isinstance(r, dict)]

    @Property(list, notify=viewChanged)
    def anomalies(self) -> list[dict[str, str]]:
        return [{"orderNo": str(a.get("order_no", "")),
                 "text": f"{a.get('day', '')} · {a.get('tech_id', '')} · {a.get('order_no', '')} · "
                         f"{anomaly_text(str(a.get('code', '')))}"} for a in self._anomalies]

    @Property(bool, notify=viewChanged)
    def orderOpen(self) -> bool:  # noqa: N802
        return bool(self._order)

    @Property(dict, notify=viewChanged)
    def order(self) -> dict[str, Any]:
        """The drill-down, as the screen says it."""
        d = self._order
        if not d:
            return {}
        facts = d.get("facts") or {}
        steps = [f"{_local_time(st.get('started_at'))} · {step_text(str(st.get('step', '')))} · "
                 f"{_num(st.get('duration_s'), 0)} s · " + _result(st)
                 for st in d.get("steps") or [] if isinstance(st, dict)]
        readings = [f"{_t(METER_ROLES.get(str(r.get('role', '')), OTHER_METER))} {r.get('di', '')}: "
                    f"{r.get('value', '')} {r.get('unit', '')}"
                    for r in d.get("readings") or [] if isinstance(r, dict)]
        return {"orderNo": str(d.get("order_no", "")), "steps": steps, "readings": readings,
                "evidence": list(self._evidence), "trail": _trail(d.get("trail") or []),
                "trailKm": _num(d.get("trail_km"), 2),
                "summary": _summary(facts)}


OK = QT_TRANSLATE_NOOP("Evaluation", "done")
METER_ROLES = {  # app.domain.records.Reading.role
    "old": QT_TRANSLATE_NOOP("Evaluation", "old meter"), "new": QT_TRANSLATE_NOOP("Evaluation", "new meter"),
    "inspected": QT_TRANSLATE_NOOP("Evaluation", "inspected meter"),
}
OTHER_METER = QT_TRANSLATE_NOOP("Evaluation", "meter")
SUMMARY = QT_TRANSLATE_NOOP("Evaluation", "Work %1 min · order %2 min · anomalies: %3")
ERROR_CODES = {"WrongMeterError": "wrong_meter", "SealReusedError": "seal_refused",
               "TariffMismatchError": "tariff_refused", "NoTagError": "no_tag"}


OTHER_STEP = QT_TRANSLATE_NOOP("Evaluation", "a device operation")


def step_text(step: str) -> str:
    """A step's name as the technician's screens say it (a step without a label: a device operation)."""
    from app.ui.labels import STEPS, label

    return label(STEPS, step) if step in STEPS else _t(OTHER_STEP)


def _local_time(text: Any) -> str:
    """A device time (UTC on the wire) as the utility's clock shows it."""
    try:
        return datetime.fromisoformat(str(text)).astimezone(UTILITY_TZ).strftime("%H:%M:%S")
    except ValueError:
        return ""


def _summary(facts: dict[str, Any]) -> str:
    work = facts.get("work_s")
    elapsed = facts.get("elapsed_s")
    found = ", ".join(anomaly_text(str(c)) for c in facts.get("anomalies") or []) or "—"
    return (_t(SUMMARY).replace("%1", _num(work / 60 if work is not None else None))
            .replace("%2", _num(elapsed / 60 if elapsed is not None else None)).replace("%3", found))


def _result(step: dict[str, Any]) -> str:
    if step.get("result") == "ok":
        return _t(OK)
    return anomaly_text(ERROR_CODES.get(str(step.get("error", "")), "step_failed"))


def _trail(points: list[Any]) -> list[dict[str, float]]:
    """The trail scaled into a unit square (x east, y south) for the screen's small map."""
    pts = [(float(p["lat"]), float(p["lon"])) for p in points if isinstance(p, dict)]
    if not pts:
        return []
    lats, lons = [p[0] for p in pts], [p[1] for p in pts]
    span = max(max(lats) - min(lats), max(lons) - min(lons)) or 1.0
    return [{"x": (lon - min(lons)) / span, "y": (max(lats) - lat) / span} for lat, lon in pts]


def _num(value: Any, digits: int = 1) -> str:
    return "—" if value is None else f"{float(value):.{digits}f}"


def _row(r: dict[str, Any]) -> dict[str, str]:
    return {"name": str(r.get("name", "")), "orders": str(r.get("orders", 0)), "done": str(r.get("done", 0)),
            "unfinished": str(r.get("unfinished", 0)), "open": str(r.get("open", 0)),
            "firstTime": f"{float(r.get('first_time_rate') or 0) * 100:.0f}%",
            "rework": str(r.get("rework", 0)),
            "anomalies": str(r.get("anomalies", 0)), "work": _num(r.get("work_min_avg")),
            "elapsed": _num(r.get("elapsed_min_avg")), "delay": _num(r.get("sync_delay_min_avg")),
            "travel": _num(r.get("travel_km"), 2), "score": _num(r.get("score"))}
