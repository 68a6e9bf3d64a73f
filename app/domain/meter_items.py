"""The meter data items our workflows, screens and the centre name: one typed catalogue.

Each is a DL/T 645-2007 data identifier (DI3 DI2 DI1 DI0). Services read and write the meter by
these members (an ``IntEnum``: the drivers take them as the integers they are); a stored or
synced reading carries the item as ``code``, 8 upper-case hex digits, and the screens and the
server find readings by that code. How each item is encoded on the wire is the drivers' data
table (``device_drivers/meter/di_table.py``); a test checks every item here is in it, with the
write class a correction needs.
"""

from __future__ import annotations

from enum import IntEnum


class MeterItem(IntEnum):
    # energy registers (kWh): total, then tariffs 1-4 (sharp, peak, flat, valley)
    FORWARD_TOTAL = 0x00010000
    FORWARD_SHARP = 0x00010100
    FORWARD_PEAK = 0x00010200
    FORWARD_FLAT = 0x00010300
    FORWARD_VALLEY = 0x00010400
    REVERSE_TOTAL = 0x00020000
    REVERSE_SHARP = 0x00020100
    REVERSE_PEAK = 0x00020200
    REVERSE_FLAT = 0x00020300
    REVERSE_VALLEY = 0x00020400
    # prepaid account (yuan) and purchases
    REMAINING_MONEY = 0x00900200
    OVERDRAFT = 0x00900201
    PURCHASE_COUNT = 0x03330201
    TOTAL_PURCHASED = 0x03330601
    # event records
    POWER_DOWN_COUNT = 0x03110000
    COVER_OPEN_COUNT = 0x03300D00
    LAST_COVER_OPEN = 0x03300D01
    # clock: date (YYMMDDWW) and time (hhmmss) apart, or both as one item (written by a correction)
    DATE = 0x04000101
    TIME = 0x04000102
    CLOCK = 0x0400010C
    # identity
    ADDRESS = 0x04000401
    METER_NUMBER = 0x04000402
    ASSET_NUMBER = 0x04000403
    CUSTOMER_NUMBER = 0x0400040E
    # running status words 1-7 (word 3: relay, keep-power, account state)
    STATUS_1 = 0x04000501
    STATUS_2 = 0x04000502
    STATUS_3 = 0x04000503
    STATUS_4 = 0x04000504
    STATUS_5 = 0x04000505
    STATUS_6 = 0x04000506
    STATUS_7 = 0x04000507
    # tariff: the first set's day table 1 (switching points hhmmNN), the current prices
    TOU_DAY = 0x04010001
    PRICE_SHARP = 0x04050101
    PRICE_PEAK = 0x04050102
    PRICE_FLAT = 0x04050103
    PRICE_VALLEY = 0x04050104
    PRICE_TABLE = 0x040501FF  # the four prices as one block

    @property
    def code(self) -> str:
        """The item as a reading carries it: 8 upper-case hex digits, e.g. ``00010000``."""
        return f"{self.value:08X}"


M = MeterItem
FORWARD = (M.FORWARD_TOTAL, M.FORWARD_SHARP, M.FORWARD_PEAK, M.FORWARD_FLAT, M.FORWARD_VALLEY)
REVERSE = (M.REVERSE_TOTAL, M.REVERSE_SHARP, M.REVERSE_PEAK, M.REVERSE_FLAT, M.REVERSE_VALLEY)
PRICES = (M.PRICE_SHARP, M.PRICE_PEAK, M.PRICE_FLAT, M.PRICE_VALLEY)  # the tariff's four price slots
STATUS_WORDS = (M.STATUS_1, M.STATUS_2, M.STATUS_3, M.STATUS_4, M.STATUS_5, M.STATUS_6, M.STATUS_7)


def codes(items: tuple[MeterItem, ...]) -> tuple[str, ...]:
    """The codes of ``items``, in order (as readings carry them)."""
    return tuple(i.code for i in items)
