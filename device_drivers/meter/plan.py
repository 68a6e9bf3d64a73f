"""Plan reads for few line turns (pure).

DL/T 645 reads one data item per request, so a session saves line turns by
asking for composite items: two or more members of ``0001FF00`` (total +
tariffs), ``040005FF`` (status words), ``040501FF`` (prices) or ``0400010C``
(date + time) cost one request instead of several. If the meter refuses a
composite item, the client falls back to reading its members one by one.
"""

from __future__ import annotations

from dataclasses import dataclass

from device_drivers.meter.di_table import COMPOSITES, Member


@dataclass(frozen=True, slots=True)
class PlannedRead:
    """Request ``di`` once; ``members`` are the asked items cut out of its data (empty: itself)."""

    di: int
    members: tuple[Member, ...] = ()


def plan_reads(dis: list[int]) -> list[PlannedRead]:
    """One request per asked item, except where a composite item covers two or more of them."""
    wanted = list(dict.fromkeys(dis))
    covered: dict[int, PlannedRead] = {}
    for composite, members in COMPOSITES.items():
        hits = tuple(m for m in members if m.di in wanted and m.di not in covered)
        if len(hits) >= 2 and composite not in wanted:
            plan = PlannedRead(composite, hits)
            for member in hits:
                covered[member.di] = plan
    out: list[PlannedRead] = []
    seen: set[int] = set()
    for di in wanted:
        plan = covered.get(di, PlannedRead(di))
        if plan.di not in seen:
            seen.add(plan.di)
            out.append(plan)
    return out


def cut(plan: PlannedRead, data: bytes) -> dict[int, bytes] | None:
    """Each member's bytes from the composite's data; ``None`` if the data is too short."""
    if not plan.members:
        return {plan.di: data}
    out: dict[int, bytes] = {}
    for member in plan.members:
        part = data[member.offset:member.offset + member.length]
        if len(part) != member.length:
            return None
        out[member.di] = part
    return out
