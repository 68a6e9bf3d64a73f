"""The marketing-system import format (``docs/interfaces.md``): its rows, and readers for JSON, CSV, XLSX.

Every reader produces the same :class:`Batch`: rows of three IEC 61968-9 row types
(``CustomerMeterDataSet``, ``MeterConfig``, ``MeterServiceRequests``), each value as text
(``""`` when absent) and each row with where it came from (sheet or record type, row number),
so the one validator (:mod:`server.importer`) reports the same error the same way whatever
the file was. A file that cannot be read as the format at all raises :class:`MalformedFileError`
(one message, no traceback); everything about the values is the validator's.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "resources" / "interfaces" / "import-v1.schema.json"
FORMAT = "meterfield-import/1"
TARIFFS = "PricingStructure"
CUSTOMERS = "CustomerMeterDataSet"
METERS = "MeterConfig"
REQUESTS = "MeterServiceRequests"
BATCH = "Batch"
ROW_TYPES = (TARIFFS, CUSTOMERS, METERS, REQUESTS)
FIELDS: dict[str, tuple[str, ...]] = {
    TARIFFS: ("tariff_code", "name", "unit_price", "time_of_use", "sharp_price", "peak_price", "flat_price",
              "valley_price", "tou_schedule"),
    CUSTOMERS: ("customer_no", "name", "address", "phone", "company_id", "tariff_code", "prepaid",
                "transformer"),
    METERS: ("asset_no", "meter_address", "model", "manufacturer", "wiring", "rated_current",
             "customer_no", "install_date", "tag_uid"),
    REQUESTS: ("external_id", "kind", "customer_no", "team_id", "tech_id", "priority", "window_start",
               "window_end", "title", "instructions", "new_meter_asset_no", "new_meter_address"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    TARIFFS: ("tariff_code", "name", "unit_price"),
    CUSTOMERS: ("customer_no", "name", "address", "company_id", "tariff_code", "prepaid"),
    METERS: ("asset_no", "meter_address", "model", "customer_no"),
    REQUESTS: ("external_id", "kind", "customer_no", "window_start", "window_end"),
}
MAX_ROWS = 50_000  # per row type: a day's work of a large utility is a few thousand


class MalformedFileError(Exception):
    """The file is not the import format at all (not XLSX, broken CSV, JSON off the schema)."""


@dataclass(frozen=True, slots=True)
class Row:
    kind: str  # one of ROW_TYPES
    where: str  # the sheet, file or record type the row came from
    number: int  # its row (XLSX, CSV: the line; JSON: 1-based position in its array)
    values: dict[str, str]

    def get(self, name: str) -> str:
        return self.values.get(name, "")


@dataclass(frozen=True, slots=True)
class Batch:
    batch_id: str
    rows: dict[str, list[Row]] = field(default_factory=dict)
    row_count: int | None = None  # the sender's control total (rows of every type), when given

    def of(self, kind: str) -> list[Row]:
        return self.rows.get(kind, [])


def read_file(path: Path) -> Batch:
    """The batch in ``path``, by its extension: ``.json``, ``.csv`` or ``.xlsx``."""
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MalformedFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    if suffix == ".json":
        return read_json(data)
    if suffix == ".csv":
        return read_csv(data, name=path.name)
    if suffix == ".xlsx":
        return read_xlsx(data)
    raise MalformedFileError(f"{path.name}: unknown file type (expected .json, .csv or .xlsx)")


# -- JSON ------------------------------------------------------------------------------------------

def read_json(data: bytes) -> Batch:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise MalformedFileError(f"not JSON: {exc}") from None
    return from_document(doc)


def from_document(doc: Any) -> Batch:
    """The batch in an already decoded JSON document, checked against the published schema."""
    schema = _schema()
    problem = check_schema(doc, schema, schema, "$")
    if problem:
        raise MalformedFileError(f"the JSON does not match the import schema: {problem}")
    rows = {kind: [Row(kind, kind, i, {k: _json_text(v) for k, v in item.items()})
                   for i, item in enumerate(doc.get(kind, []), start=1)] for kind in ROW_TYPES}
    return _checked(Batch(doc["batch_id"], rows, doc.get("row_count")))


@cache
def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


def _json_text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def check_schema(value: Any, node: dict[str, Any], root: dict[str, Any], path: str) -> str:
    """The first way ``value`` breaks ``node`` (the subset of JSON Schema the import schema uses:
    ``$ref`` to ``#/$defs``, ``type``, ``properties``, ``required``, ``additionalProperties``,
    ``items``, ``maxItems``, ``enum``, ``const``, ``maxLength``), or ``""``."""
    if "$ref" in node:
        return check_schema(value, root["$defs"][node["$ref"].rsplit("/", 1)[-1]], root, path)
    types = node.get("type")
    if types is not None:
        wanted = types if isinstance(types, list) else [types]
        if not any(_is(value, t) for t in wanted):
            return f"{path} must be {' or '.join(wanted)}"
    if "const" in node and value != node["const"]:
        return f"{path} must be {json.dumps(node['const'])}"
    if "enum" in node and value not in node["enum"]:
        return f"{path} must be one of {', '.join(map(str, node['enum']))}"
    if isinstance(value, str) and len(value) > node.get("maxLength", math.inf):
        return f"{path} is longer than {node['maxLength']} characters"
    if isinstance(value, dict):
        return _check_object(value, node, root, path)
    if isinstance(value, list):
        if len(value) > node.get("maxItems", math.inf):
            return f"{path} has more than {node['maxItems']} items"
        for i, item in enumerate(value):
            problem = check_schema(item, node.get("items", {}), root, f"{path}[{i}]")
            if problem:
                return problem
    return ""


def _check_object(value: dict[str, Any], node: dict[str, Any], root: dict[str, Any], path: str) -> str:
    props: dict[str, Any] = node.get("properties", {})
    for name in node.get("required", []):
        if name not in value:
            return f"{path}: '{name}' is required"
    for name, item in value.items():
        if name in props:
            problem = check_schema(item, props[name], root, f"{path}.{name}")
            if problem:
                return problem
        elif node.get("additionalProperties", True) is False:
            return f"{path}: unknown field '{name}'"
    return ""


def _is(value: Any, kind: str) -> bool:
    return {"object": isinstance(value, dict), "array": isinstance(value, list),
            "string": isinstance(value, str), "boolean": isinstance(value, bool), "null": value is None,
            "number": isinstance(value, int | float) and not isinstance(value, bool),
            "integer": isinstance(value, int) and not isinstance(value, bool)}.get(kind, False)


# -- CSV -------------------------------------------------------------------------------------------

def read_csv(data: bytes, *, name: str = "import.csv") -> Batch:
    """One CSV (UTF-8, a header row): a ``record_type`` column says which row type each row is;
    the other columns are the union of the row types' fields; one ``Batch`` row gives ``batch_id``."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MalformedFileError(f"{name}: not UTF-8 text") from None
    if "\x00" in text:
        raise MalformedFileError(f"{name}: not a CSV file (it holds binary data)")
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise MalformedFileError(f"{name}: broken CSV: {exc}") from None
    if not lines:
        raise MalformedFileError(f"{name}: empty file")
    header = [h.strip() for h in lines[0]]
    if "record_type" not in header:
        raise MalformedFileError(f"{name}: the header row has no 'record_type' column")
    _known_columns(name, header, {"record_type", "batch_id", "row_count",
                                  *(f for fs in FIELDS.values() for f in fs)})
    batch_ids: list[str] = []
    totals: list[str] = []
    rows: dict[str, list[Row]] = {kind: [] for kind in ROW_TYPES}
    for number, cells in enumerate(lines[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise MalformedFileError(f"{name} line {number}: {len(cells)} cells for {len(header)} columns")
        record = {h: c.strip() for h, c in zip(header, cells, strict=False) if h}
        kind = record.pop("record_type", "")
        if kind == BATCH:
            batch_ids.append(record.get("batch_id", ""))
            totals.append(record.get("row_count", ""))
        elif kind in rows:
            rows[kind].append(Row(kind, f"{name} ({kind})", number,
                                  {k: v for k, v in record.items() if k in FIELDS[kind] and v}))
        else:
            raise MalformedFileError(f"{name} line {number}: record_type '{kind}' is not one of "
                                     f"{BATCH}, {', '.join(ROW_TYPES)}")
    return _checked(Batch(_one_batch_id(name, batch_ids), rows, _control_total(name, totals)))


# -- XLSX ------------------------------------------------------------------------------------------

def read_xlsx(data: bytes) -> Batch:
    """An XLSX workbook: one sheet per row type (named as the row type, a header row), and a
    ``Batch`` sheet with a ``batch_id`` column. Identifiers must be text cells."""
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise MalformedFileError(f"not an XLSX workbook: {exc}") from None
    try:
        if BATCH not in book.sheetnames:
            raise MalformedFileError(f"the workbook has no '{BATCH}' sheet (with a batch_id column)")
        batch = [r.values for r in _sheet_rows(book[BATCH], BATCH, {"batch_id", "row_count"})]
        rows: dict[str, list[Row]] = {kind: [] for kind in ROW_TYPES}
        for kind in ROW_TYPES:
            if kind in book.sheetnames:
                rows[kind] = [Row(kind, kind, r.number, {k: v for k, v in r.values.items()
                                                         if k in FIELDS[kind] and v})
                              for r in _sheet_rows(book[kind], kind, set(FIELDS[kind]))]
    finally:
        book.close()
    return _checked(Batch(_one_batch_id(BATCH, [b.get("batch_id", "") for b in batch]), rows,
                          _control_total(BATCH, [b.get("row_count", "") for b in batch])))


@dataclass(frozen=True, slots=True)
class _SheetRow:
    number: int
    values: dict[str, str]


def _sheet_rows(sheet: Any, name: str, known: set[str]) -> list[_SheetRow]:
    cells = sheet.iter_rows(values_only=True)
    header_cells = next(cells, None)
    if header_cells is None:
        return []
    header = [str(h).strip() if h is not None else "" for h in header_cells]
    _known_columns(name, header, known)
    out: list[_SheetRow] = []
    for number, values in enumerate(cells, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        out.append(_SheetRow(number, {h: _cell_text(name, number, h, v)
                                      for h, v in zip(header, values, strict=False) if h}))
    return out


def _cell_text(sheet: str, number: int, column: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, float):
        if not value.is_integer() or abs(value) >= 2 ** 53:
            # 22-digit asset numbers and 12-digit addresses do not survive as numbers (and their
            # leading zeros never do): the marketing system must write them as text cells.
            return f"\x00number:{value!r}"
        return str(int(value))
    return str(value).strip()


NUMBER_CELL = "\x00number:"  # a numeric cell a text value was expected in (see _cell_text)


def _known_columns(name: str, header: list[str], known: set[str]) -> None:
    unknown = [h for h in header if h and h not in known]
    if unknown:
        raise MalformedFileError(f"{name}: unknown column(s) {', '.join(unknown)}")


def _one_batch_id(name: str, ids: list[str]) -> str:
    ids = [i for i in ids if i]
    if len(ids) != 1:
        raise MalformedFileError(f"{name}: exactly one {BATCH} row with a batch_id is needed, "
                                 f"found {len(ids)}")
    return ids[0]


def _control_total(name: str, values: list[str]) -> int | None:
    given = [v for v in values if v]
    if not given:
        return None
    if not given[0].isdigit():
        raise MalformedFileError(f"{name}: row_count must be a whole number, got '{given[0]}'")
    return int(given[0])


def _checked(batch: Batch) -> Batch:
    for kind in ROW_TYPES:
        if len(batch.of(kind)) > MAX_ROWS:
            raise MalformedFileError(f"{kind}: more than {MAX_ROWS} rows in one batch")
    if not batch.batch_id or len(batch.batch_id) > 64:
        raise MalformedFileError("batch_id must be 1 to 64 characters")
    held = sum(len(batch.of(kind)) for kind in ROW_TYPES)
    if batch.row_count is not None and batch.row_count != held:
        raise MalformedFileError(f"the batch's control total says {batch.row_count} rows, the file holds "
                                 f"{held}: an incomplete or damaged transfer; send the whole batch again")
    return batch


# -- writing (tests, the demo, the marketing-system simulator) -------------------------------------

def to_document(batch_id: str, rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The JSON document of a batch (row dicts of each row type)."""
    return {"format": FORMAT, "batch_id": batch_id, "row_count": _total(rows),
            **{k: rows.get(k, []) for k in ROW_TYPES}}


def _total(rows: dict[str, list[dict[str, Any]]]) -> int:
    return sum(len(rows.get(k, [])) for k in ROW_TYPES)


def to_csv(batch_id: str, rows: dict[str, list[dict[str, Any]]]) -> str:
    columns = ["record_type", "batch_id", "row_count",
               *dict.fromkeys(f for k in ROW_TYPES for f in FIELDS[k])]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerow({"record_type": BATCH, "batch_id": batch_id, "row_count": _total(rows)})
    for kind in ROW_TYPES:
        for row in rows.get(kind, []):
            writer.writerow({"record_type": kind, **{k: _json_text(v) for k, v in row.items()}})
    return buf.getvalue()
