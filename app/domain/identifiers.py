"""Formats of the numbers a technician scans or reads, with rejections they understand.

- meter asset number: 22 digits (the barcode on the meter, Q/GDW 1205 style);
- meter communication address: 12 digits (DL/T 645 address, read over infrared);
- customer number: 10 digits (the marketing system's account number);
- seal number: 2 capital letters + 10 digits (e.g. ``SC4773731081``);
- card serial: 16 hexadecimal digits.

Every checker returns the number in its one canonical form (:func:`canonical`), the form
the terminal stores and the server compares and indexes: a seal or a meter is the same
whether it was scanned, read off the label with its grouping spaces, or came from a
keyboard wedge in full-width characters.
"""

from __future__ import annotations

import re
import unicodedata

from app.domain.errors import ValidationError

_DIGITS = re.compile(r"[0-9]+")
_SEAL = re.compile(r"[A-Z]{2}[0-9]{10}")
_HEX16 = re.compile(r"[0-9A-F]{16}")
# White space of any kind, control and invisible format characters (a scanner's CR/LF/TAB
# suffix, a zero-width space), dashes and connector punctuation (a label's grouping).
_DROPPED_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Pd", "Pc"})
_DROPPED_CHARS = frozenset("\u2212")  # the minus sign, typed for a hyphen


def canonical(value: str) -> str:
    """``value`` as identifiers are stored and compared: Unicode NFKC (full-width letters and
    digits become ASCII), any script's decimal digit as its ASCII digit, separators dropped
    (white space, control and format characters, dashes, underscores), upper-case.

    It never raises and never splits one number into two forms; whether the result is a
    valid number is for the checkers below. Letters outside ASCII stay as they are, so a
    look-alike (a Cyrillic "С") fails the check instead of passing as another number.
    """
    text = value
    for _ in range(4):  # dropping or upper-casing can leave a composable pair: settle it
        settled = unicodedata.normalize("NFKC", _folded(unicodedata.normalize("NFKC", text)).upper())
        if settled == text:
            break
        text = settled
    return text


def _folded(text: str) -> str:
    kept: list[str] = []
    for ch in text:
        category = unicodedata.category(ch)
        if category in _DROPPED_CATEGORIES or ch in _DROPPED_CHARS:
            continue
        kept.append(str(unicodedata.decimal(ch)) if category == "Nd" else ch)
    return "".join(kept)


def _digits(field: str, what: str, value: str, length: int) -> str:
    text = canonical(value)
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


# The check-digit rules a utility's asset numbering may use (a per-deployment choice: Q/GDW 1205
# style numbers carry one or not by the utility's own coding rules). The last digit checks the rest.
CHECK_DIGIT_RULES = ("none", "luhn", "gs1")


def asset_no_checked(value: str, rule: str) -> str:
    """:func:`asset_no`, and its last digit checked by ``rule`` (one of :data:`CHECK_DIGIT_RULES`)."""
    text = asset_no(value)
    if rule == "none":
        return text
    if rule not in CHECK_DIGIT_RULES:
        raise ValueError(f"unknown check-digit rule {rule!r} (one of {', '.join(CHECK_DIGIT_RULES)})")
    expected = check_digit(text[:-1], rule)
    if text[-1] != expected:
        raise ValidationError("asset_no", f"meter asset number {text} fails its check digit ({rule}: the "
                                          f"last digit should be {expected}): a misread or mistyped number")
    return text


def check_digit(body: str, rule: str) -> str:
    """The check digit of the digits ``body``: Luhn (ISO/IEC 7812) or GS1 mod 10 (weights 3, 1
    from the right)."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if rule == "luhn":
            d = d * 2 if i % 2 == 0 else d
            total += d - 9 if d > 9 else d
        else:
            total += d * (3 if i % 2 == 0 else 1)
    return str((10 - total % 10) % 10)


TAG_UID_LENGTHS = (8, 14, 20)  # ISO 14443-A UIDs: 4, 7 or 10 bytes, as hex


def tag_uid(value: str) -> str:
    """A meter's RFID tag identifier (its UID, 4, 7 or 10 bytes) as upper-case hex."""
    text = canonical(value).upper()
    if len(text) not in TAG_UID_LENGTHS or any(c not in "0123456789ABCDEF" for c in text):
        raise ValidationError("tag_uid", f"an RFID tag identifier is 8, 14 or 20 hexadecimal digits, "
                                         f"got '{text}'")
    return text


def meter_address(value: str) -> str:
    """A DL/T 645 communication address (12 digits)."""
    return _digits("meter_address", "meter address", value, 12)


def customer_no(value: str) -> str:
    """A customer (account) number (10 digits)."""
    return _digits("customer_no", "customer number", value, 10)


def seal_no(value: str) -> str:
    """A seal number: two capital letters and ten digits (``sc 7589-474527`` is ``SC7589474527``)."""
    text = canonical(value)
    if not _SEAL.fullmatch(text):
        raise ValidationError("seal_no", f"'{value.strip()}' is not a seal number "
                                         "(expected 2 letters and 10 digits, e.g. SC4773731081)")
    return text


def card_serial(value: str) -> str:
    """A prepaid card's serial number (16 hex digits)."""
    text = canonical(value)
    if not _HEX16.fullmatch(text):
        raise ValidationError("card_serial", f"'{value.strip()}' is not a card serial (16 hex digits)")
    return text
