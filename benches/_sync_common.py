"""Shared helpers for the sync benchmarks: the field-day data set, its lower bounds, a real server
seeded with it, a terminal, and the link emulator between them."""

from __future__ import annotations

import json
import lzma
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import delete, update  # noqa: E402

from app.domain.demo_data import DemoUtility  # noqa: E402
from app.domain.entities import Archive, Company, Customer, Meter, Role, Tariff, Team, User  # noqa: E402
from app.domain.work_orders import Kind, Priority, Status, WorkOrder  # noqa: E402
from server import admin, changelog, seed  # noqa: E402
from server.app import open_store as open_server_store  # noqa: E402
from server.config import ServerConfig  # noqa: E402
from server.db import tables  # noqa: E402
from server.run import EmbeddedServer  # noqa: E402
from sync.engine import BackoffPolicy, EngineConfig  # noqa: E402
from sync.link_emulator import LinkEmulator, LinkProfile  # noqa: E402
from sync.protocol import Change, Mutation, Rejection  # noqa: E402
from sync.runner import SyncRunner, enrol_device  # noqa: E402
from sync.store_port import Batch, Identity, PendingAttachment  # noqa: E402

DAY_FILE = ROOT.parent / "shared" / "bench-data" / "field-day.json"
if not DAY_FILE.exists():
    DAY_FILE = Path("/work/shared/bench-data/field-day.json")


def load_day() -> dict[str, Any]:
    return dict(json.loads(DAY_FILE.read_text(encoding="utf-8")))


def compact(records: Any) -> bytes:
    return json.dumps(records, separators=(",", ":"), ensure_ascii=False).encode()


def lzma_bound(records: Any) -> int:
    """The README's lower bound: compact JSON, raw LZMA2 at -9e."""
    filters = [{"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME}]
    return len(lzma.compress(compact(records), format=lzma.FORMAT_RAW, filters=filters))


def command() -> str:
    return "python " + " ".join([str(Path(sys.argv[0]).relative_to(ROOT))
                                 if Path(sys.argv[0]).is_absolute() else sys.argv[0], *sys.argv[1:]])


# -- the field day as domain objects (the server validates uploads against its orders) --------------
def domain_order(o: dict[str, Any], company_id: str) -> WorkOrder:
    c = o["customer"]
    customer = Customer(c["customer_no"], c["customer_name"], c["address"], c["phone"], company_id,
                        c["transformer"])
    meter = Meter(c["meter_asset_no"], c["meter_addr"], c["meter_model"], c["wiring"], c["rated_current"])
    tariff = Tariff(c["tariff_code"], c["tariff_name"], Decimal(c["unit_price"]), bool(c["tou"]))
    archive = Archive(customer, meter, tariff, date.fromisoformat(c["install_date"]), int(c["ct_ratio"]))
    priority = Priority.URGENT if o["priority"] == "high" else Priority.NORMAL
    start, end = _when(o["window_start"]), _when(o["window_end"])
    return WorkOrder(o["order_no"], Kind(o["order_type"].lower()), o["title"], archive, o["tech_id"],
                     Status.ASSIGNED, priority, start, end, datetime.fromisoformat(o["created_at"]),
                     o["instructions"])


def _when(text: str) -> datetime:
    """ISO time; the data set writes some late windows as "24:15" (the next day's 00:15)."""
    hour = int(text[11:13])
    if hour < 24:
        return datetime.fromisoformat(text)
    fixed = datetime.fromisoformat(f"{text[:11]}{hour - 24:02d}{text[13:]}")
    return fixed + timedelta(days=1)


def field_day_utility(day: dict[str, Any]) -> DemoUtility:
    tech_id = day["meta"]["tech_id"]
    company = Company("C-NJ", "国网内江供电公司", "内江")
    team = Team("NJ-T1", company.company_id, "内江装表接电1班")
    orders = [domain_order(o, company.company_id) for o in day["down"]["work_orders"]]
    users = [User(tech_id, "技术员", Role.TECHNICIAN, team.team_id, company.company_id),
             User("ADMIN", "系统管理员", Role.ADMINISTRATOR, "", "")]
    return DemoUtility([company], [team], users, [o.archive for o in orders], orders, {})


def upload_mutations(day: dict[str, Any]) -> list[Mutation]:
    """One outbox row per finished order: the order's result record exactly as in the data set."""
    return [Mutation(i + 1, "work_result", r["order_no"], "upsert", r, r["result"]["completed_at"])
            for i, r in enumerate(day["up"]["results"])]


def per_record_mutations(day: dict[str, Any]) -> list[Mutation]:
    """The same results as one outbox row per record (reading, seal, fix, step event, result)."""
    out: list[Mutation] = []

    def add(entity: str, entity_id: str, payload: dict[str, Any], at: str) -> None:
        out.append(Mutation(len(out) + 1, entity, entity_id, "event" if entity == "order_event" else "upsert",
                            payload, at))

    for r in day["up"]["results"]:
        o, done = r["order_no"], r["result"]["completed_at"]
        for x in r["readings"]:
            add("reading", f"{o}:{x['di']}", {"order_no": o, **x}, x["ts"])
        for x in r["seals"]:
            add("seal", f"{o}:seal:{x['seal_no']}", {"order_no": o, **x}, done)
        add("gps_fix", f"{o}:gps", {"order_no": o, **r["gps"]}, r["gps"]["ts"])
        for x in r["events"]:
            add("order_event", o, {"order_no": o, **x}, x["end"])
        add("work_result", o, {"order_no": o, **r["result"]}, done)
    return out


# -- a real server seeded with the day ---------------------------------------------------------------
@dataclass
class BenchServer:
    server: EmbeddedServer
    code: str
    tech_id: str

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def port(self) -> int:
        return self.server.config.port


@contextmanager
def bench_server(day: dict[str, Any], *, tls: bool, raw_payloads: bool) -> Iterator[BenchServer]:
    """The server with the field day loaded. ``raw_payloads``: the change log carries the data set's
    order records verbatim (so the wire can be compared with the bound over the very same records);
    otherwise the domain ``WorkOrder`` records a terminal applies."""
    from tests.support.services import free_tcp_port

    with tempfile.TemporaryDirectory(prefix="mf-bench-") as tmp:
        config = ServerConfig(home=Path(tmp), port=free_tcp_port(), tls=tls)
        engine = open_server_store(config)
        now = int(time.time())
        seed.seed(engine, field_day_utility(day), now=now)
        c = tables.change_log.c
        with engine.begin() as conn:
            conn.execute(delete(tables.change_log).where(c.entity != "work_order"))
            if raw_payloads:
                for o in day["down"]["work_orders"]:
                    conn.execute(update(tables.change_log).where(c.entity_id == o["order_no"])
                                 .values(payload=changelog.pack(o)))
        code = admin.issue_code(engine, day["meta"]["tech_id"], now=now, ttl_s=3600)
        engine.dispose()
        srv = EmbeddedServer(config).start(seed_demo=False)
        try:
            yield BenchServer(srv, code, day["meta"]["tech_id"])
        finally:
            srv.stop()


# -- a terminal that keeps everything in memory (applies any payload) --------------------------------
@dataclass
class MemoryTerminal:
    """Implements the sync ports in memory; records when each change arrived."""

    outbox: list[Mutation] = field(default_factory=list)
    cursor: int = 0
    applied: dict[tuple[str, str], float] = field(default_factory=dict)
    ident: Identity | None = None
    success: str = ""

    def read_batch(self, limit: int) -> Batch:
        return Batch(tuple(self.outbox[:limit]), self.cursor, len(self.outbox))

    def pending_count(self) -> int:
        return len(self.outbox)

    def complete_through(self, seq: int) -> int:
        self.outbox = [m for m in self.outbox if m.seq > seq]
        return len(self.outbox)

    def apply_changes(self, changes: Sequence[Change], cursor: int) -> None:
        now = time.monotonic()
        for ch in changes:
            self.applied.setdefault((ch.entity, ch.entity_id), now)
        self.cursor = cursor

    def record_rejections(self, rejections: Sequence[Rejection]) -> None:
        for r in rejections:
            print(f"  rejected seq {r.seq}: {r.code} {r.message}", file=sys.stderr)

    def record_success(self, at: str) -> None:
        self.success = at

    def record_error(self, message: str) -> None:
        pass

    def last_success(self) -> str:
        return self.success

    def pending_uploads(self) -> list[PendingAttachment]:
        return []

    def mark_progress(self, sha256: str, offset: int) -> None:
        pass

    def mark_uploaded(self, sha256: str) -> None:
        pass

    def identity(self) -> Identity | None:
        return self.ident

    def save_identity(self, identity: Identity) -> None:
        self.ident = identity


BENCH_CONFIG = {"backoff": BackoffPolicy(0.2, 2.0, 2.0, 0.0), "debounce_s": 0.0, "seed": 1}


def runner_for(store: Any, url: str) -> SyncRunner:
    """A runner for an enrolled store, talking to ``url`` (usually the link emulator)."""
    from sync.client_http import SyncHttpClient

    ident = store.identity()
    assert ident is not None
    client = SyncHttpClient(url, ident.device_id, ident.secret, ident.server_fingerprint)
    return SyncRunner(EngineConfig(ident.device_id, **BENCH_CONFIG), store, client, store)  # type: ignore[arg-type]


def enrol(store: Any, srv: BenchServer) -> None:
    enrol_device(store, srv.url, srv.code, "bench terminal", srv.server.fingerprint,
                 insecure_ok=not srv.server.fingerprint)


def link_url(link: LinkEmulator, tls: bool) -> str:
    return f"{'https' if tls else 'http'}://127.0.0.1:{link.port}"


__all__ = ["BenchServer", "LinkEmulator", "LinkProfile", "MemoryTerminal", "bench_server", "command",
           "enrol", "field_day_utility", "link_url", "load_day", "lzma_bound", "runner_for",
           "upload_mutations"]
