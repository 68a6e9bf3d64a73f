"""The amount the customer insists on, tapped on a numeric keypad: whole yuan, never typed free-hand.

The presets cover nearly every purchase; when the customer wants another amount the technician taps
it digit by digit. Only digits reach it, at most :data:`MAX_DIGITS` of them, and the amount is at
most :data:`MAX_YUAN` (what one purchase may be at the door); a leading zero is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_DIGITS = 4
MAX_YUAN = 5000  # one purchase at the door; more goes through the business hall
KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back")


@dataclass
class AmountKeypad:
    digits: str = ""

    def press(self, key: str) -> None:
        """One key: a digit, ``back`` (remove the last) or ``clear``; anything else is ignored."""
        if key == "clear":
            self.digits = ""
        elif key == "back":
            self.digits = self.digits[:-1]
        elif len(key) == 1 and key in "0123456789" and len(self.digits) < MAX_DIGITS:
            typed = (self.digits + key).lstrip("0")
            if int(typed or "0") <= MAX_YUAN:
                self.digits = typed

    @property
    def fen(self) -> int:
        """The amount tapped, in fen (0: nothing yet)."""
        return int(self.digits or "0") * 100
