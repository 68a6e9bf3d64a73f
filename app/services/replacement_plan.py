"""What a meter replacement reads and writes, in one place (DL/T 645 data identifiers)."""

from __future__ import annotations

from app.domain.meter_items import FORWARD, PRICES, REVERSE, MeterItem

FORWARD_TOTAL = MeterItem.FORWARD_TOTAL.code
# The old meter's final reading (止度): forward and reverse active energy, total and per tariff,
# the meter's date and time, status word 3 (relay, keep-power, account state), remaining money.
# Items are listed one by one; the meter client folds them into composite reads (one line turn
# for a whole tariff block) and splits the answers again.
FINAL_READING = (*FORWARD, *REVERSE, MeterItem.DATE, MeterItem.TIME, MeterItem.STATUS_3,
                 MeterItem.REMAINING_MONEY)
# The new meter's initial readings.
INITIAL_READING = (*FORWARD, MeterItem.DATE, MeterItem.TIME)
TARIFF_PRICE_DIS = PRICES  # sharp, peak, flat, valley


SEAL_NAMES = {"terminal_cover": "表尾盖", "meter_cover": "表盖", "meter_box": "计量箱门",
              "junction_box": "联合接线盒"}
