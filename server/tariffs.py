"""The deployment's tariff table: the marketing system's tariffs (IEC 61968 ``PricingStructure``),
loaded by the import like the archives, so that "a known tariff" means one this utility sent.

A tariff a batch changes is rewritten in every archive that uses it: those archives go through
the import's changed-archive path (published to supervisors, their open orders republished).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from sqlalchemy import Connection, insert, select, update

from app.domain.entities import Tariff, TouPoint
from app.domain.serialize import from_record, to_record
from server.db import tables
from server.import_checks import Rows, yes_no
from server.import_rows import NUMBER_CELL

FIELDS = ("tariff_code", "name", "unit_price", "time_of_use", "sharp_price", "peak_price", "flat_price",
          "valley_price", "tou_schedule")
TOU_FIELDS = FIELDS[4:8]
MAX_POINTS = 14  # a meter's day table (DL/T 645 04010001) holds 14 switching points
_POINT = re.compile(r"((?:[01][0-9]|2[0-3]):[0-5][0-9])=([1-4])")
MAX_PRICE = Decimal("100")  # yuan per kWh: far above any tariff; a larger one is a unit mistake (fen?)


def load(conn: Connection) -> dict[str, Tariff]:
    """The deployment's tariffs by code."""
    return {r.tariff_code: from_record(Tariff, r.payload) for r in conn.execute(select(tables.tariffs))}


def parse(r: Rows) -> Tariff | None:
    """One ``PricingStructure`` row as a tariff, or None with its errors recorded."""
    code, name = r.text("tariff_code"), r.text("name")
    if code and not (code.isascii() and code.isalnum() and len(code) <= 16):
        r.error("tariff_code", "must be 1 to 16 letters or digits")
        code = ""
    unit = _price(r, "unit_price")
    tou = yes_no(r, "time_of_use") if r.text("time_of_use") else False
    prices = tuple(_price(r, f) for f in TOU_FIELDS) if tou else ()
    if not tou and any(r.row.get(f) for f in (*TOU_FIELDS, "tou_schedule")):
        r.error("time_of_use", "time-of-use prices or a schedule are given but time_of_use is no")
        return None
    schedule = _schedule(r)
    if not code or not name or unit is None or tou is None or schedule is None or None in prices:
        return None
    return Tariff(code, name, unit, bool(tou), tuple(p for p in prices if p is not None), schedule)


def _schedule(r: Rows) -> tuple[TouPoint, ...] | None:
    """``tou_schedule`` ("00:00=4;07:00=3;..."): the day's switching points, each the start of a
    period and its tariff (1 sharp, 2 peak, 3 flat, 4 valley); () when not given; None if bad."""
    text = r.text("tou_schedule")
    if not text:
        return ()
    points: list[TouPoint] = []
    for part in (p.strip() for p in text.split(";") if p.strip()):
        match = _POINT.fullmatch(part)
        if match is None:
            r.error("tou_schedule", f"each switching point is HH:MM=N with N 1 (sharp) to 4 (valley), "
                                    f"got '{part}'")
            return None
        points.append((match[1], int(match[2])))
    starts = [hhmm for hhmm, _ in points]
    if not 1 <= len(points) <= MAX_POINTS or starts != sorted(set(starts)):
        r.error("tou_schedule", f"1 to {MAX_POINTS} switching points, in order of time, each time once")
        return None
    return tuple(points)


def _price(r: Rows, name: str) -> Decimal | None:
    text = r.row.get(name).removeprefix(NUMBER_CELL)  # a price may be a spreadsheet number
    if not text:
        r.error(name, "is required")
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        r.error(name, f"must be a price in yuan per kWh, got '{text}'")
        return None
    exponent = value.as_tuple().exponent  # an int for a finite number
    if not isinstance(exponent, int) or exponent < -6 or value <= 0 or value > MAX_PRICE:
        r.error(name, f"must be a price above 0 and at most {MAX_PRICE} yuan per kWh (at most 6 decimals), "
                      f"got {text}")
        return None
    return value


def store(conn: Connection, tariffs: dict[str, Tariff]) -> list[str]:
    """Insert or update ``tariffs``; the codes of those that existed and changed."""
    known = load(conn)
    changed = []
    for code, tariff in tariffs.items():
        record = to_record(tariff)
        if code not in known:
            conn.execute(insert(tables.tariffs).values(tariff_code=code, payload=record))
        elif known[code] != tariff:
            conn.execute(update(tables.tariffs).where(tables.tariffs.c.tariff_code == code)
                         .values(payload=record))
            changed.append(code)
    return changed
