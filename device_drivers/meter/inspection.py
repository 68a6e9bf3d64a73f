"""The inspection set: what a technician reads from a meter on site (final readings + parameters).

Listed item by item; :func:`~device_drivers.meter.plan.plan_reads` folds
members into composite reads (tariff blocks, status-word block, price block,
date + time), so the set costs far fewer line turns than items. Most items
need IR authentication first (only energy, money, date/time and numbers are
readable without it).
"""

from __future__ import annotations

TARIFF_ITEMS = 5  # total + 4 tariffs


def _energy(kind: int, period: int = 0) -> list[int]:
    return [kind << 16 | t << 8 | period for t in range(TARIFF_ITEMS)]


INSPECTION_SET: tuple[int, ...] = (
    0x04000101, 0x04000102,                                  # date, time
    *_energy(0x00), *_energy(0x01), *_energy(0x02),          # combined / forward / reverse, tariffs
    *_energy(0x01, 1),                                       # forward at the last settlement
    0x02010100, 0x02020100, 0x02030000, 0x02060000, 0x02800002,  # U, I, P, PF, f
    0x04000401, 0x04000402, 0x04000403, 0x0400040E,          # address, meter/asset/customer number
    *range(0x04000501, 0x04000508),                          # status words 1-7
    *range(0x04050101, 0x04050105),                          # tariff prices
    0x04010001,                                              # the day's time-of-use switching points
    0x00900200, 0x00900201,                                  # remaining money, overdraft
    0x03330201, 0x03330601, 0x03330101, 0x03330301,          # purchases
    0x03300D00, 0x03300D01,                                  # cover-open count, last record
    0x03110000,                                              # power-down count
    0x1D000001, 0x1D000101, 0x1E000001, 0x1E000101,          # trips, closes
)
