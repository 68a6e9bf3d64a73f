"""What a meter replacement reads and writes, in one place (DL/T 645 data identifiers)."""

from __future__ import annotations

from decimal import Decimal

from app.domain.entities import Tariff

FORWARD_TOTAL = "00010000"
# The old meter's final reading (止度): forward and reverse active energy, total and per tariff,
# the meter's date and time, status word 3 (relay, keep-power, account state), remaining money.
FINAL_READING = (0x0001FF00, 0x0002FF00, 0x04000101, 0x04000102, 0x04000503, 0x00900200)
# The new meter's address check and initial readings.
INITIAL_READING = (0x0001FF00, 0x04000101, 0x04000102)
TARIFF_PRICE_DIS = (0x04050101, 0x04050102, 0x04050103, 0x04050104)  # sharp, peak, flat, valley


def tariff_prices(tariff: Tariff) -> tuple[Decimal, ...]:
    """The four tariff prices to write: the time-of-use prices, or the flat price four times."""
    if tariff.time_of_use and len(tariff.tou_prices) == len(TARIFF_PRICE_DIS):
        return tuple(tariff.tou_prices)
    return (tariff.unit_price,) * len(TARIFF_PRICE_DIS)

SEAL_NAMES = {"terminal_cover": "表尾盖", "meter_cover": "表盖", "meter_box": "计量箱门",
              "junction_box": "联合接线盒"}
