"""Date and time formats of DL/T 645 (BCD, low byte first on the wire)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from device_drivers.meter.errors import ValueFormatError
from device_drivers.meter.values import Value, bcd_digits, digits_bcd

# Field layouts, most significant first as written in the standard.
_LAYOUTS = {
    "YYMMDDWW": 4, "hhmmss": 3, "YYMMDDWWhhmmss": 7, "YYMMDDhhmmss": 6, "YYMMDDhhmm": 5,
    "MMDDhhmm": 4,
}


def week_day(day: dt.date) -> int:
    """DL/T 645 week day: 0 = Sunday .. 6 = Saturday."""
    return (day.weekday() + 1) % 7


@dataclass(frozen=True, slots=True)
class DateTimeFormat:
    """One of the BCD date/time layouts (``YYMMDDWW``, ``hhmmss``, ``YYMMDDWWhhmmss``, ...)."""

    layout: str

    @property
    def length(self) -> int:
        return _LAYOUTS[self.layout]

    def decode(self, raw: bytes) -> Value:
        if len(raw) != self.length:
            raise ValueFormatError(f"{self.layout}: expected {self.length} bytes, got {len(raw)}")
        digits = bcd_digits(raw)
        fields = {self.layout[i:i + 2]: int(digits[i:i + 2]) for i in range(0, len(digits), 2)}
        try:
            if self.layout == "hhmmss":
                return dt.time(fields["hh"], fields["mm"], fields["ss"])
            if self.layout == "MMDDhhmm":
                return f"{digits[0:2]}-{digits[2:4]} {digits[4:6]}:{digits[6:8]}"
            year = 2000 + fields["YY"]
            if self.layout == "YYMMDDWW":
                return dt.date(year, fields["MM"], fields["DD"])
            return dt.datetime(year, fields["MM"], fields["DD"], fields.get("hh", 0),
                               fields.get("mm", 0), fields.get("ss", 0))
        except ValueError as exc:
            raise ValueFormatError(f"the meter's {self.layout} value {digits} is not a valid date/time"
                                   f" ({exc})") from None

    def encode(self, value: Value) -> bytes:
        text = self._digits(value)
        return digits_bcd(text, self.length)

    def _digits(self, value: Value) -> str:
        if self.layout == "hhmmss" and isinstance(value, dt.time | dt.datetime):
            return value.strftime("%H%M%S")
        if self.layout == "MMDDhhmm" and isinstance(value, str):
            return "".join(c for c in value if c.isdigit())
        if isinstance(value, dt.datetime):
            day, clock = value.date(), value
        elif isinstance(value, dt.date) and self.layout == "YYMMDDWW":
            day, clock = value, dt.datetime(2000, 1, 1)
        else:
            raise ValueFormatError(f"{self.layout} needs a date/time, got {value!r}")
        if not 2000 <= day.year <= 2099:
            raise ValueFormatError(f"year {day.year} does not fit {self.layout}")
        ww = f"{week_day(day):02d}"
        parts = {"YY": f"{day.year % 100:02d}", "MM": f"{day.month:02d}", "DD": f"{day.day:02d}",
                 "WW": ww, "hh": f"{clock.hour:02d}", "mm": f"{clock.minute:02d}",
                 "ss": f"{clock.second:02d}"}
        return "".join(parts[self.layout[i:i + 2]] for i in range(0, len(self.layout), 2))

    def describe(self) -> str:
        return self.layout
