"""DEMO ONLY: how the demo's inspected meters are found on the wall.

What inspections are for: a clock 10 minutes slow, last year's prices still in the meter and
a time-of-use day that switches an hour late. The demo world and the screenshots' in-process
bench seed every inspected meter this way, so the centre finds each and corrects it.
"""

from __future__ import annotations

from decimal import Decimal

from app.domain.inspection import expected_prices
from app.domain.work_orders import WorkOrder
from device_drivers.meter.simulator.state import MeterState

CLOCK_SLOW_S = 600.0
LAST_YEARS_STEP = Decimal("0.05")


def an_hour_late(day: tuple[tuple[str, int], ...]) -> list[str]:
    """A time-of-use day with every switch an hour late (the hours before the tariff moved them)."""
    return sorted(f"{(int(hhmm[:2]) + 1) % 24:02d}{hhmm[2:]}={n}" for hhmm, n in day)


def as_found(meter: MeterState, order: WorkOrder) -> MeterState:
    """``meter`` (the inspection's) with the demo's discrepancies against ``order``'s archive."""
    meter.clock_offset = -CLOCK_SLOW_S
    meter.prices = [p - LAST_YEARS_STEP for p in expected_prices(order.archive.tariff)]
    meter.tou_table = an_hour_late(order.archive.tariff.tou_table) or meter.tou_table
    return meter
