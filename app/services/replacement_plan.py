"""What a meter replacement reads and writes, in one place (DL/T 645 data identifiers)."""

from __future__ import annotations

from decimal import Decimal

from app.domain.entities import Tariff
from app.domain.records import FORWARD_ACTIVE_TOTAL

FORWARD_TOTAL = FORWARD_ACTIVE_TOTAL
# The old meter's final reading (止度): forward and reverse active energy, total and per tariff,
# the meter's date and time, status word 3 (relay, keep-power, account state), remaining money.
# Items are listed one by one; the meter client folds them into composite reads (one line turn
# for a whole tariff block) and splits the answers again.
FORWARD = tuple(0x00010000 | t << 8 for t in range(5))  # total, sharp, peak, flat, valley
REVERSE = tuple(0x00020000 | t << 8 for t in range(5))
FINAL_READING = (*FORWARD, *REVERSE, 0x04000101, 0x04000102, 0x04000503, 0x00900200)
# The new meter's initial readings.
INITIAL_READING = (*FORWARD, 0x04000101, 0x04000102)
TARIFF_PRICE_DIS = (0x04050101, 0x04050102, 0x04050103, 0x04050104)  # sharp, peak, flat, valley


def tariff_prices(tariff: Tariff) -> tuple[Decimal, ...]:
    """The four tariff prices to write: the time-of-use prices, or the flat price four times."""
    if tariff.time_of_use and len(tariff.tou_prices) == len(TARIFF_PRICE_DIS):
        return tuple(tariff.tou_prices)
    return (tariff.unit_price,) * len(TARIFF_PRICE_DIS)

SEAL_NAMES = {"terminal_cover": "表尾盖", "meter_cover": "表盖", "meter_box": "计量箱门",
              "junction_box": "联合接线盒"}
