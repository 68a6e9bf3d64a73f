"""Fill a terminal's store with the demo utility, through the same path sync uses.

Used when the demo runs without its embedded server (and by tests): the demo
records become the server's changes and are applied with :func:`apply_changes`.
"""

from __future__ import annotations

from app.domain.demo_data import DemoUtility
from app.domain.entities import Role, User
from app.domain.serialize import to_record
from app.storage.changes import ChangeRow, apply_changes
from app.storage.db import Store


def changes_for(demo: DemoUtility, user: User) -> list[ChangeRow]:
    """What the server would send ``user``'s terminal: their orders (a supervisor: the team's),
    then people and reference data."""
    if user.role is Role.TECHNICIAN:
        orders = demo.orders_of(user.user_id)
    elif user.role is Role.SUPERVISOR:
        team = {u.user_id for u in demo.users if u.team_id == user.team_id}
        orders = [o for o in demo.orders if o.tech_id in team]
    else:
        orders = list(demo.orders)
    changes = [ChangeRow("work_order", o.order_no, "upsert", to_record(o))
               for o in sorted(orders, key=lambda o: o.window_start)]
    changes += [ChangeRow("user", u.user_id, "upsert", to_record(u)) for u in demo.users]
    changes += [ChangeRow("team", t.team_id, "upsert", to_record(t)) for t in demo.teams]
    changes += [ChangeRow("company", c.company_id, "upsert", to_record(c)) for c in demo.companies]
    for meter in demo.stock.get(user.user_id, []):
        changes.append(ChangeRow("stock_meter", meter.asset_no, "upsert",
                                 {"tech_id": user.user_id, **to_record(meter)}))
    return changes


def seed(store: Store, demo: DemoUtility, user: User) -> int:
    """Apply the demo changes for ``user``; returns how many orders the terminal now has."""
    changes = changes_for(demo, user)
    apply_changes(store, changes, cursor=0)
    return sum(1 for c in changes if c.entity == "work_order")
