"""What a scanned identifier must look like: pure rules, stdlib only.

The formats (the domain layer applies the same rules):

- meter asset number (资产编号, Q/GDW 1205 style): exactly 22 digits. The shared
  archive data carries no check digit, so the rule is format only.
- meter communication address (通信地址, DL/T 645): exactly 12 digits.
- seal number (封印编号): 2 uppercase letters and 10 digits, e.g. ``SC4773731081``.
- customer number (户号): exactly 10 digits.

Each ``check_*`` function returns the normalised text (surrounding whitespace
removed) or raises :class:`IdentifierError` whose message says what was expected
and what came instead, so a technician who scanned the wrong label knows which
one to scan.
"""

from __future__ import annotations

import enum
import re

from device_drivers.errors import DeviceError


class IdentifierKind(enum.Enum):
    """The kinds of identifier a technician scans."""

    ASSET_NUMBER = "meter asset number"
    METER_ADDRESS = "meter communication address"
    SEAL_NUMBER = "seal number"
    CUSTOMER_NUMBER = "customer number"


class IdentifierError(DeviceError, ValueError):
    """A scanned text is not the identifier that was expected."""

    def __init__(self, expected: IdentifierKind, text: str, reason: str) -> None:
        super().__init__(f"this is not a {expected.value}: {reason}")
        self.expected = expected
        self.text = text
        self.reason = reason


_DIGITS_ONLY = {
    IdentifierKind.ASSET_NUMBER: 22,
    IdentifierKind.METER_ADDRESS: 12,
    IdentifierKind.CUSTOMER_NUMBER: 10,
}
_SEAL = re.compile(r"[A-Z]{2}[0-9]{10}")
_ASCII_DIGITS = re.compile(r"[0-9]+")


def classify(text: str) -> IdentifierKind | None:
    """The kind of identifier ``text`` has the form of, or ``None``."""
    clean = text.strip()
    if _SEAL.fullmatch(clean):
        return IdentifierKind.SEAL_NUMBER
    if _ASCII_DIGITS.fullmatch(clean):
        for kind, length in _DIGITS_ONLY.items():
            if len(clean) == length:
                return kind
    return None


def _looks_like(text: str) -> str:
    kind = classify(text)
    return f" (looks like a {kind.value})" if kind is not None else ""


def _describe(text: str) -> str:
    shown = text if len(text) <= 40 else text[:37] + "..."
    return repr(shown)


def _check_digits(text: str, kind: IdentifierKind) -> str:
    clean = text.strip()
    length = _DIGITS_ONLY[kind]
    if not clean:
        raise IdentifierError(kind, text, f"expected {length} digits, got nothing")
    if not _ASCII_DIGITS.fullmatch(clean):
        raise IdentifierError(kind, text, f"expected {length} digits only, got {_describe(clean)}"
                              f"{_looks_like(clean)}")
    if len(clean) != length:
        raise IdentifierError(kind, text, f"expected {length} digits, got {len(clean)}"
                              f"{_looks_like(clean)}")
    return clean


def check_asset_number(text: str) -> str:
    """A meter asset number: exactly 22 digits."""
    return _check_digits(text, IdentifierKind.ASSET_NUMBER)


def check_meter_address(text: str) -> str:
    """A meter communication address: exactly 12 digits."""
    return _check_digits(text, IdentifierKind.METER_ADDRESS)


def check_customer_number(text: str) -> str:
    """A customer number: exactly 10 digits."""
    return _check_digits(text, IdentifierKind.CUSTOMER_NUMBER)


def check_seal_number(text: str) -> str:
    """A seal number: 2 uppercase letters then 10 digits (``SC4773731081``)."""
    kind = IdentifierKind.SEAL_NUMBER
    clean = text.strip()
    if not clean:
        raise IdentifierError(kind, text, "expected 2 capital letters and 10 digits, got nothing")
    if _SEAL.fullmatch(clean):
        return clean
    if _SEAL.fullmatch(clean.upper()):
        raise IdentifierError(kind, text, f"the letters must be capitals, got {_describe(clean)}")
    raise IdentifierError(kind, text, "expected 2 capital letters and 10 digits "
                          f"(like SC4773731081), got {_describe(clean)}{_looks_like(clean)}")


_CHECKS = {
    IdentifierKind.ASSET_NUMBER: check_asset_number,
    IdentifierKind.METER_ADDRESS: check_meter_address,
    IdentifierKind.SEAL_NUMBER: check_seal_number,
    IdentifierKind.CUSTOMER_NUMBER: check_customer_number,
}


def check(kind: IdentifierKind, text: str) -> str:
    """Check ``text`` against the rule for ``kind``; return it normalised."""
    return _CHECKS[kind](text)
