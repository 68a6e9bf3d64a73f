"""The KPI table as a file: the same cells, and text a spreadsheet would run as a formula kept as text."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from server import kpi_export


def test_a_name_a_spreadsheet_would_run_is_exported_as_text() -> None:
    table = {"from": "2026-12-01", "to": "2026-12-01", "by": "area",
             "rows": [{"name": "=HYPERLINK(\"http://x\")", "orders": 1, "score": 58.3}]}
    sheet = load_workbook(io.BytesIO(kpi_export.to_xlsx(table))).active
    assert sheet is not None
    assert sheet["A3"].value == "'=HYPERLINK(\"http://x\")" and sheet["B3"].value == 1
    assert "'=HYPERLINK" in kpi_export.to_csv(table).decode("utf-8-sig")
