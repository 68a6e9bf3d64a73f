"""The KPI and anomaly tables as the desk shows them, to XLSX (openpyxl) and CSV, with the filters
applied: the same rows and the same numbers as ``GET /v1/monitor/kpis`` answers."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook

COLUMNS = ("name", "orders", "done", "unfinished", "open", "first_time", "first_time_rate", "rework",
           "failed_steps", "anomalies", "work_min_avg", "elapsed_min_avg", "sync_delay_min_avg", "travel_km",
           "score")
HEADERS = {
    "zh_CN": {"name": "对象", "orders": "工单数", "done": "完成", "unfinished": "未完成", "open": "进行中",
              "first_time": "一次完成", "first_time_rate": "一次完成率", "rework": "返工",
              "failed_steps": "失败步骤", "anomalies": "异常", "work_min_avg": "平均作业时长(分)",
              "elapsed_min_avg": "平均工单时长(分)", "sync_delay_min_avg": "平均上传延迟(分)",
              "travel_km": "行程(公里)", "score": "考核得分"},
    "en": {c: c.replace("_", " ") for c in COLUMNS},
}
GROUP_TITLES = {"zh_CN": {"technician": "按人员", "team": "按班组", "area": "按台区", "day": "按日"},
                "en": {"technician": "by technician", "team": "by team", "area": "by area", "day": "by day"}}


def _cell(value: Any) -> Any:
    """A value as a spreadsheet cell: text that a spreadsheet would run as a formula is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _table(kpis: dict[str, Any], lang: str) -> tuple[list[str], list[list[Any]]]:
    names = HEADERS.get(lang, HEADERS["zh_CN"])
    return [names[c] for c in COLUMNS], [[_cell(row.get(c)) for c in COLUMNS] for row in kpis["rows"]]


def to_xlsx(kpis: dict[str, Any], lang: str = "zh_CN") -> bytes:
    """One sheet: the period and grouping on top, then the header row and one row per group."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "KPI"
    titles = GROUP_TITLES.get(lang, GROUP_TITLES["zh_CN"])
    sheet.append([f"{kpis['from']} – {kpis['to']}", titles.get(kpis["by"], kpis["by"])])
    header, rows = _table(kpis, lang)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_csv(kpis: dict[str, Any], lang: str = "zh_CN") -> bytes:
    """The header row and one row per group, UTF-8 with a BOM (spreadsheets open it as UTF-8)."""
    header, rows = _table(kpis, lang)
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return ("\ufeff" + text.getvalue()).encode("utf-8")
