"""The persistent state of a simulated single-phase prepaid meter, and its JSON file.

Everything a meter remembers (registers, prices, money, events, ESAM keys and
counters) is a field here; the state file holds one entry per meter so a demo
meter keeps its readings between runs. Decimals are stored as text.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from device_drivers.meter.simulator.keys import DemoMeterKeys

TARIFFS = 4


# The demo utility's day: valley overnight, flat, peak mornings and evenings, sharp 19-21.
DAY_TABLE = ("00:00=4", "07:00=3", "08:00=2", "11:00=3", "18:00=2", "19:00=1", "21:00=2", "23:00=4")


def _d(values: list[str]) -> list[Decimal]:
    return [Decimal(v) for v in values]


# A meter keeps the local time of the grid it serves (China Standard Time for these meters), as a
# date and a time without a zone; the simulator shows that whatever the host's own zone.
METER_TZ = ZoneInfo("Asia/Shanghai")


@dataclass
class MeterState:
    """One meter: identity, registers, parameters, prepaid purse, events, ESAM."""

    address: str
    meter_number: str
    asset_number: str = ""
    customer_number: str = "000000000000"
    forward: list[Decimal] = field(default_factory=lambda: _d(["120.50", "240.75", "300.10", "180.00"]))
    reverse: list[Decimal] = field(default_factory=lambda: [Decimal(0)] * TARIFFS)
    settled_forward: list[Decimal] = field(default_factory=lambda: _d(["110.00", "220.00", "280.00",
                                                                         "170.00"]))
    load_kw: Decimal = Decimal("1.2")
    voltage: Decimal = Decimal("220.4")
    power_factor: Decimal = Decimal("0.985")
    frequency: Decimal = Decimal("50.00")
    clock_offset: float = 0.0
    prices: list[Decimal] = field(default_factory=lambda: _d(["0.8000", "0.6500", "0.5200", "0.3500"]))
    standby_prices: list[Decimal] = field(default_factory=lambda: _d(["0.8000", "0.6500", "0.5200",
                                                                        "0.3500"]))
    # the day's switching points, "HH:MM=N" (1 sharp ... 4 valley): which tariff energy is billed in
    tou_table: list[str] = field(default_factory=lambda: list(DAY_TABLE))
    money: Decimal = Decimal("86.40")
    overdraft: Decimal = Decimal(0)
    alarm1: Decimal = Decimal("20.00")
    alarm2: Decimal = Decimal("10.00")
    purchase_count: int = 3
    cumulative_purchase: Decimal = Decimal("300.00")
    last_purchase: dict[str, Any] = field(default_factory=lambda: {
        "time": "2026-10-08T09:30:00", "amount": "100.00", "before": "12.30", "after": "112.30"})
    status: list[int] = field(default_factory=lambda: [0, 0, 0x4000, 0, 0, 0, 0])
    cover_open: list[dict[str, str]] = field(default_factory=lambda: [{
        "start": "2026-03-02T10:15:00", "end": "2026-03-02T10:21:30", "forward_kwh": "512.30",
        "reverse_kwh": "0.00"}])
    power_downs: int = 7
    trips: list[dict[str, str]] = field(default_factory=list)
    closes: list[dict[str, str]] = field(default_factory=list)
    esam_serial: str = "0000000000000001"
    keys: dict[str, str] = field(default_factory=dict)  # kind -> hex of the diversified key
    mac_failures: int = 0
    # Password levels 00-09 -> P0P1P2 as sent (hex); a lower level has more authority.
    passwords: dict[str, str] = field(default_factory=lambda: {"02": "000000", "04": "000000"})
    programming: bool = False  # the programming key is pressed (write address 15H needs it)
    updated_at: float = 0.0

    @classmethod
    def create(cls, address: str, keys: DemoMeterKeys, serial: int = 1) -> MeterState:
        """A fresh demo meter whose meter number equals its address, keys loaded from the masters."""
        state = cls(address=address, meter_number=address, asset_number=f"3310001{address}",
                    esam_serial=f"{serial:016X}")
        state.keys = {k: v.hex() for k, v in keys.meter_keys(address).items()}
        return state

    def to_json(self) -> dict[str, Any]:
        return {f.name: _encode(getattr(self, f.name)) for f in dataclasses.fields(self)}

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> MeterState:
        state = cls(address=doc["address"], meter_number=doc["meter_number"])
        for f in dataclasses.fields(cls):
            if f.name in doc:
                setattr(state, f.name, _decode(doc[f.name], getattr(state, f.name)))
        return state


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any, like: Any) -> Any:
    if isinstance(like, Decimal):
        return Decimal(value)
    if isinstance(like, list) and like and isinstance(like[0], Decimal):
        return [Decimal(v) for v in value]
    return value


def save_states(path: Path, states: list[MeterState], probe: str) -> None:
    """Write atomically (temp file + rename) so a crash never leaves half a file."""
    doc = {"version": 1, "under_probe": probe, "meters": [s.to_json() for s in states]}
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(doc, indent=1))
    os.replace(tmp, path)


def load_states(path: Path) -> tuple[list[MeterState], str]:
    doc = json.loads(path.read_text())
    return [MeterState.from_json(m) for m in doc["meters"]], str(doc["under_probe"])


DEFAULT_ADDRESS = "202107072529"


def load_or_create(state_file: Path, addresses: list[str], keys: DemoMeterKeys,
                   now: float) -> tuple[list[MeterState], str]:
    """The meters of ``state_file`` (if any) plus new ``addresses``, and the one under the probe.

    The first of ``addresses`` goes under the probe; with none given and no
    file, one demo meter is created. Registers restart from ``now``: time
    stands still while the simulator is stopped.
    """
    meters, probe = load_states(state_file) if state_file.is_file() else ([], "")
    known = {m.address for m in meters}
    for address in addresses or ([] if meters else [DEFAULT_ADDRESS]):
        if address not in known:
            meters.append(MeterState.create(address, keys, serial=len(meters) + 1))
            known.add(address)
    if addresses:
        probe = addresses[0]
    for meter in meters:
        meter.updated_at = now
    return meters, probe if probe in known else meters[0].address
