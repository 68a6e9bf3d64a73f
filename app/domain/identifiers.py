"""Formats of the numbers a technician scans or reads, with rejections they understand.

- meter asset number: 22 digits (the barcode on the meter, Q/GDW 1205 style);
- meter communication address: 12 digits (DL/T 645 address, read over infrared);
- customer number: 10 digits (the marketing system's account number);
- seal number: 2 capital letters + 10 digits (e.g. ``SC4773731081``);
- card serial: 16 hexadecimal digits.
"""

from __future__ import annotations

import re

from app.domain.errors import ValidationError

_DIGITS = re.compile(r"\d+")
_SEAL = re.compile(r"[A-Z]{2}\d{10}")
_HEX16 = re.compile(r"[0-9A-F]{16}")


def _digits(field: str, what: str, value: str, length: int) -> str:
    text = value.strip()
    if not _DIGITS.fullmatch(text):
        raise ValidationError(field, f"{what} must be digits only, got '{text}'")
    if len(text) != length:
        hint = ""
        if field == "asset_no" and len(text) == 12:
            hint = " (this looks like a meter address, not the asset barcode)"
        elif field == "meter_address" and len(text) == 22:
            hint = " (this looks like the asset barcode, not the meter address)"
        raise ValidationError(field, f"{what} must have {length} digits, got {len(text)}{hint}")
    return text


def asset_no(value: str) -> str:
    """A meter asset number (22 digits)."""
    return _digits("asset_no", "meter asset number", value, 22)


def meter_address(value: str) -> str:
    """A DL/T 645 communication address (12 digits)."""
    return _digits("meter_address", "meter address", value, 12)


def customer_no(value: str) -> str:
    """A customer (account) number (10 digits)."""
    return _digits("customer_no", "customer number", value, 10)


def seal_no(value: str) -> str:
    """A seal number: two capital letters and ten digits."""
    text = value.strip().upper()
    if not _SEAL.fullmatch(text):
        raise ValidationError("seal_no", f"'{value.strip()}' is not a seal number "
                                         "(expected 2 letters and 10 digits, e.g. SC4773731081)")
    return text


def card_serial(value: str) -> str:
    """A prepaid card's serial number (16 hex digits)."""
    text = value.strip().upper()
    if not _HEX16.fullmatch(text):
        raise ValidationError("card_serial", f"'{value.strip()}' is not a card serial (16 hex digits)")
    return text
