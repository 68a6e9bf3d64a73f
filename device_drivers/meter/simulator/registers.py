"""What a simulated meter reports for each data item, and which items it lets a writer set.

The meter's clock is the host clock plus ``clock_offset``; energy advances with
the simulated load in the tariff of the meter's hour, and the purse runs down
at that tariff's price. When the money runs out the relay trips (status word 3
bit 4, a trip record).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from device_drivers.meter.simulator.state import METER_TZ, TARIFFS, MeterState
from device_drivers.meter.values import Value

RELAY_OPEN = 1 << 4
KWH = Decimal("0.01")


def meter_time(state: MeterState, now: float) -> dt.datetime:
    """The meter's clock as it shows it: local time of the grid it serves, without a zone (DL/T 645)."""
    return dt.datetime.fromtimestamp(now + state.clock_offset, METER_TZ).replace(microsecond=0, tzinfo=None)


def epoch_of(shown: dt.datetime) -> float:
    """The instant a meter time (local, without a zone) stands for."""
    return shown.replace(tzinfo=METER_TZ).timestamp()


def advance(state: MeterState, now: float) -> None:
    """Move the registers and the purse on to ``now``."""
    if state.updated_at <= 0 or now <= state.updated_at:
        state.updated_at = max(state.updated_at, now)
        return
    hours = Decimal(now - state.updated_at) / 3600
    state.updated_at = now
    if state.status[2] & RELAY_OPEN:
        return  # tripped: no load flows
    tariff = tariff_at(state.tou_table, meter_time(state, now).strftime("%H:%M")) - 1
    kwh = (state.load_kw * hours).quantize(Decimal("0.000001"))
    state.forward[tariff] += kwh
    cost = kwh * state.prices[tariff]
    state.money -= cost
    if state.money < 0:
        state.overdraft += -state.money
        state.money = Decimal(0)
        state.status[2] |= RELAY_OPEN
        stamp = meter_time(state, now).isoformat()
        state.trips.insert(0, {"time": stamp, "operator": "00000000",
                               "forward_kwh": str(_cents(sum(state.forward))),
                               "reverse_kwh": str(_cents(sum(state.reverse)))})


def tariff_at(table: list[str], hhmm: str) -> int:
    """The tariff (1 sharp ... 4 valley) billed at ``hhmm`` by the day's switching points: the last
    one started, or before the first of the day the last of the day before."""
    points = sorted(table)
    started = [p for p in points if p.split("=")[0] <= hhmm]
    tariff = int((started or points)[-1].split("=")[1]) if points else 3
    return tariff if 1 <= tariff <= TARIFFS else 3


def _cents(value: Decimal | int) -> Decimal:
    return Decimal(value).quantize(KWH, rounding="ROUND_DOWN")


def _with_total(values: list[Decimal]) -> tuple[Value, ...]:
    return (_cents(sum(values)), *(_cents(v) for v in values))


def _record(doc: dict[str, str]) -> dict[str, Value]:
    out: dict[str, Value] = {}
    for key, text in doc.items():
        if key in ("start", "end", "time"):
            out[key] = dt.datetime.fromisoformat(text)
        elif key == "operator":
            out[key] = text
        else:
            out[key] = Decimal(text)
    return out


def _energy_values(state: MeterState, values: dict[int, Callable[[], Value]]) -> None:
    def combined() -> list[Decimal]:
        return [f + r for f, r in zip(state.forward, state.reverse, strict=True)]

    sources: dict[int, Callable[[], list[Decimal]]] = {
        0x00000000: combined, 0x00010000: lambda: state.forward, 0x00020000: lambda: state.reverse,
        0x00010001: lambda: state.settled_forward, 0x00000001: lambda: state.settled_forward,
        0x00020001: lambda: [Decimal(0)] * TARIFFS}
    for base, source in sources.items():
        values[base | 0xFF00] = lambda s=source: _with_total(s())  # type: ignore[misc]
        for t in range(TARIFFS + 1):
            values[base | t << 8] = lambda s=source, t=t: _with_total(s())[t]  # type: ignore[misc]
    values[0x000C0000] = lambda: _cents(sum(state.forward) - sum(state.settled_forward))
    values[0x000B0000] = values[0x000C0000]
    values[0x000D0000] = lambda: Decimal("0.00")


def _prepaid_values(state: MeterState, values: dict[int, Callable[[], Value]]) -> None:
    purchase = state.last_purchase
    values.update({
        0x00900200: lambda: _cents(state.money), 0x00900201: lambda: _cents(state.overdraft),
        0x03330101: lambda: dt.datetime.fromisoformat(purchase["time"]),
        0x03330201: lambda: state.purchase_count,
        0x03330301: lambda: Decimal(purchase["amount"]), 0x03330401: lambda: Decimal(purchase["before"]),
        0x03330501: lambda: Decimal(purchase["after"]), 0x03330601: lambda: state.cumulative_purchase,
    })


def value_table(state: MeterState, now: float) -> dict[int, Callable[[], Value]]:
    """Each supported DI -> a function giving its current value."""
    clock = meter_time(state, now)
    tripped = bool(state.status[2] & RELAY_OPEN)
    load = Decimal(0) if tripped else state.load_kw
    current = (load * 1000 / state.voltage / state.power_factor).quantize(Decimal("0.001"))
    values: dict[int, Callable[[], Value]] = {
        0x02010100: lambda: state.voltage, 0x0201FF00: lambda: (state.voltage,),
        0x02020100: lambda: current, 0x0202FF00: lambda: (current,),
        0x02030000: lambda: load, 0x02030100: lambda: load, 0x0203FF00: lambda: (load, load),
        0x02060000: lambda: state.power_factor, 0x02060100: lambda: state.power_factor,
        0x0206FF00: lambda: (state.power_factor, state.power_factor),
        0x02800002: lambda: state.frequency,
        0x04000101: clock.date, 0x04000102: clock.time, 0x0400010C: lambda: clock,
        0x04000401: lambda: state.address, 0x04000402: lambda: state.meter_number,
        0x04000403: lambda: state.asset_number, 0x0400040E: lambda: state.customer_number,
        0x04000701: lambda: 0x04, 0x040005FF: lambda: tuple(state.status),
        0x040501FF: lambda: tuple(state.prices), 0x040502FF: lambda: tuple(state.standby_prices),
        0x04001001: lambda: state.alarm1, 0x04001002: lambda: state.alarm2,
        0x04010001: lambda: tuple(state.tou_table), 0x03110000: lambda: state.power_downs,
        0x03300D00: lambda: len(state.cover_open), 0x1D000001: lambda: len(state.trips),
        0x1E000001: lambda: len(state.closes),
    }
    _energy_values(state, values)
    _prepaid_values(state, values)
    for n in range(7):
        values[0x04000501 + n] = lambda n=n: state.status[n]  # type: ignore[misc]
    for t in range(TARIFFS):
        values[0x04050101 + t] = lambda t=t: state.prices[t]  # type: ignore[misc]
        values[0x04050201 + t] = lambda t=t: state.standby_prices[t]  # type: ignore[misc]
    for base, records in ((0x03300D00, state.cover_open), (0x1D000100, state.trips),
                          (0x1E000100, state.closes)):
        for i, doc in enumerate(records[:10]):
            values[base + i + 1] = lambda doc=doc: _record(doc)  # type: ignore[misc]
    return values


def apply_write(state: MeterState, di: int, value: Value, now: float) -> bool:
    """Set a writable item; False if this meter does not let it be written."""
    if 0x04050101 <= di <= 0x04050100 + TARIFFS and isinstance(value, Decimal):
        state.prices[di - 0x04050101] = value
    elif 0x04050201 <= di <= 0x04050200 + TARIFFS and isinstance(value, Decimal):
        state.standby_prices[di - 0x04050201] = value
    elif di == 0x0400040E and isinstance(value, str):
        state.customer_number = value
    elif di == 0x04001001 and isinstance(value, Decimal):
        state.alarm1 = value
    elif di == 0x04001002 and isinstance(value, Decimal):
        state.alarm2 = value
    elif di == 0x04010001 and isinstance(value, tuple) and all(isinstance(p, str) for p in value):
        state.tou_table = [str(p) for p in value]
    elif di == 0x0400010C and isinstance(value, dt.datetime):
        state.clock_offset = epoch_of(value) - now
    else:
        return False
    return True
