"""What a sign-in PIN and a badge value look like (shared by the server and the terminal).

A PIN is 4 to 8 ASCII digits. A badge is the text of the barcode on a technician's badge,
stripped of surrounding blanks. Neither is ever stored: the server keeps an argon2id hash
(``server.pins``) and sends it to the terminals of the user's team, which verify offline.
"""

from __future__ import annotations

PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 8
BADGE_MAX_LENGTH = 128

# The demo utility's sign-in PIN: every demo user gets it when the demo is seeded
# (``main.py server --seed-demo``, ``--demo``). Never used outside demo seeding.
DEMO_PIN = "1234"


def pin_problem(pin: str) -> str:
    """Why ``pin`` is not a valid PIN ("" when it is)."""
    if not (pin.isascii() and pin.isdigit()):
        return "a PIN is digits only"
    if not PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS:
        return f"a PIN has {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits"
    return ""


def normalise_badge(value: str) -> str:
    """The badge value as it is hashed and compared (blanks around the scanned text removed)."""
    return value.strip()


def badge_problem(value: str) -> str:
    """Why ``value`` is not a usable badge value ("" when it is)."""
    text = normalise_badge(value)
    if not text:
        return "the badge value is empty"
    if len(text) > BADGE_MAX_LENGTH:
        return f"a badge value has at most {BADGE_MAX_LENGTH} characters"
    return ""
