"""A replacement order on real simulators, for the replacement UI tests (and the resume child).

``Rig`` = a temporary store seeded for a demo technician (through the sync path), the
order's authorisations issued with the demo keys as the server does, the meter
simulator (old + new meter, fast) and the printer simulator on ptys, the simulated
camera, and the :class:`ReplacementModel` built the way the composition root builds it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.domain.demo_data import DemoUtility, generate
from app.domain.entities import Role, User
from app.domain.work_orders import WorkOrder
from app.services.demo_seed import seed
from app.services.replacement import ReplacementFlow
from app.storage.db import Store, open_store
from app.ui.demo_bench import Bench, issue_authorisations, start_bench
from app.ui.replacement_wiring import ReplacementWiring, camera_scanner, flows

_DEMO: list[DemoUtility] = []


def demo() -> DemoUtility:
    if not _DEMO:
        _DEMO.append(generate())
    return _DEMO[0]


def technician() -> User:
    return next(u for u in demo().users if u.role is Role.TECHNICIAN and u.team_id == "CD-T1")


def replacement_order(tech: User) -> WorkOrder:
    return next(o for o in demo().orders_of(tech.user_id)
                if o.kind.value == "meter_replace" and o.status.value == "assigned")


def seeded_store(home: Path) -> tuple[Store, WorkOrder]:
    store = open_store(home / "terminal.sqlite3")
    tech = technician()
    seed(store, demo(), tech)
    return store, replacement_order(tech)


@dataclass
class Rig:
    home: Path
    store: Store
    order: WorkOrder
    bench: Bench
    factory: Callable[[str], ReplacementFlow]

    @classmethod
    def start(cls, home: Path, *, authorise: bool = True) -> Rig:
        store, order = seeded_store(home)
        if authorise:
            issue_authorisations(store, order)
        bench = start_bench(order, home / "receipts")
        factory = flows(store, bench.devices, home, "test-terminal", order.tech_id, order.tech_id)
        return cls(home, store, order, bench, factory)

    def wiring(self) -> ReplacementWiring:
        return ReplacementWiring(self.factory, camera_scanner(self.bench.camera), self.bench.scene.on_step)

    def stop(self) -> None:
        self.bench.stop()
        self.store.close()

    # -- what is stored ------------------------------------------------------------------
    def count(self, table: str, where: str = "", *args: object) -> int:
        sql = f"SELECT COUNT(*) FROM {table}" + (f" WHERE {where}" if where else "")
        return int(self.store.reader().execute(sql, list(args)).fetchone()[0])

    def records(self, entity: str) -> int:
        return len(self.factory(self.order.order_no).records.for_order(self.order.order_no, entity))


def signature_data_url(strokes: int = 3) -> str:
    """A finger signature as the Canvas exports it: a PNG data URL."""
    import base64

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 240), "white")
    draw = ImageDraw.Draw(image)
    for i in range(strokes):
        draw.line([(40 + i * 150, 180), (120 + i * 150, 60), (170 + i * 150, 170)], fill="black", width=5)
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def blank_data_url() -> str:
    import base64

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (600, 240), "white").save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
