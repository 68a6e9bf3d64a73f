"""What the replacement screens show, read from the store (plain Python, no Qt; run on a worker).

The view-model turns a :class:`FlowState` into labelled rows; everything here is
read back from what the service stored, so a resumed flow shows the same as a
flow that never stopped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.domain import meter_items
from app.domain.meter_items import PRICES, codes
from app.domain.steps import steps_of

if TYPE_CHECKING:
    from app.domain.work_orders import WorkOrder
    from app.services.replacement import ReplacementFlow

TARIFF_DIS = codes(PRICES)  # sharp, peak, flat, valley
DONE_STATUSES = frozenset({"completed", "uploaded", "accepted"})


@dataclass(frozen=True, slots=True)
class FlowState:
    order: WorkOrder
    step: str  # a ReplacementStep value; "done" once the order is completed
    steps: list[str] = field(default_factory=list)  # the order's steps (its kind's table), without "done"
    old_readings: list[dict[str, Any]] = field(default_factory=list)
    new_readings: list[dict[str, Any]] = field(default_factory=list)
    new_meter: dict[str, Any] = field(default_factory=dict)
    seals: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[dict[str, str]] = field(default_factory=list)


def read_state(flow: ReplacementFlow) -> FlowState:
    """The order, its step and everything captured so far."""
    order = flow.order()
    step = order.step or flow.step().value
    if order.status.value in DONE_STATUSES:
        step = "done"
    readings = flow.records.for_order(flow.order_no, "reading")
    installs = flow.records.for_order(flow.order_no, "meter_install")
    return FlowState(
        order=order, step=step, steps=steps_of(order.kind)[:-1],
        old_readings=[r for r in readings if r["role"] == "old"],
        new_readings=[r for r in readings if r["role"] == "new"],
        new_meter=installs[-1] if installs else {},
        seals=flow.seals(),
        attachments=flow.evidence.attachments.hashes_of(flow.order_no))


def decoded(value: str) -> Any:
    """A stored reading's value: decimal text stays text (keeps "120.50"); JSON for dates, times,
    blocks; an integer for status words."""
    if value[:1] in ('"', "[", "{"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return int(value) if value.isdigit() else value


def latest(readings: list[dict[str, Any]], di: str) -> Any:
    found = [r for r in readings if r["di"] == di]
    return decoded(found[-1]["value"]) if found else None


FORWARD = codes(meter_items.FORWARD)  # total, sharp, peak, flat, valley
REVERSE = codes(meter_items.REVERSE)


def forward_total(readings: list[dict[str, Any]]) -> str:
    value = latest(readings, FORWARD[0])
    return "" if value is None else str(value)


def relay_closed(status_word_3: int) -> bool:
    """DL/T 645 status word 3, bit 4: relay state (0 = closed, supply on)."""
    return not status_word_3 & 0x10
