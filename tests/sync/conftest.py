"""Fixtures for the end-to-end sync tests: a real server, real terminal stores, the link emulator."""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from app.domain.records import Reading
from app.storage.db import Store, open_store
from app.storage.records import RecordRepo
from app.storage.work_orders import WorkOrderRepo
from server.app import open_store as open_server_store
from server.config import ServerConfig
from server.db import tables
from server.run import EmbeddedServer
from sync.engine import BackoffPolicy, EngineConfig
from sync.link_emulator import LinkEmulator, LinkProfile
from sync.local_store import LocalSyncStore
from sync.runner import SyncRunner, build_runner, enrol_device
from tests.support.services import ManagedProcess, free_tcp_port, tcp_listening, wait_until

ROOT = Path(__file__).resolve().parents[2]
FAST_BACKOFF = BackoffPolicy(base_s=0.05, factor=2.0, cap_s=0.4, jitter=0.25)
TECH = "CD101"


@dataclass
class Terminal:
    """One handheld: its own store file, enrolled with the server through a URL (often the link)."""

    home: Path
    store: Store = field(init=False)
    local: LocalSyncStore = field(init=False)
    _serial: int = 0

    def __post_init__(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        self.store = open_store(self.home / "terminal.sqlite3")
        self.local = LocalSyncStore(self.store, self.home / "data")

    def reopen(self) -> None:
        """As after a crash: a new process opens the same file."""
        self.store.close()
        self.__post_init__()

    def enrol(self, url: str, code: str, fingerprint: str = "") -> None:
        enrol_device(self.local, url, code, "test terminal", fingerprint, insecure_ok=not fingerprint)

    def runner(self, url: str | None = None, **config: object) -> SyncRunner:
        identity = self.local.identity()
        assert identity is not None
        if url is not None:  # talk through another address (the link emulator)
            from dataclasses import replace
            self.local.save_identity(replace(identity, server_url=url))
        cfg = EngineConfig(identity.device_id, backoff=FAST_BACKOFF, debounce_s=0.01, seed=1,
                           **config)  # type: ignore[arg-type]
        return build_runner(self.local, cfg)

    def orders(self) -> list[str]:
        return [s.order_no for s in WorkOrderRepo(self.store).summaries(None)]

    def capture(self, n: int, rng: random.Random | None = None, orders: list[str] | None = None) -> None:
        """``n`` readings on this terminal's orders (each with its outbox row)."""
        rng = rng or random.Random(n)
        orders = orders or self.orders()
        assert orders, "sync the orders down first"
        at = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
        readings = []
        for _ in range(n):
            self._serial += 1
            di = f"0001{self._serial // 256 % 256:02X}{self._serial % 256:02X}"
            readings.append(Reading(rng.choice(orders), "000000000001", di, f"{rng.uniform(0, 9999):.2f}",
                                    "kWh", at + timedelta(seconds=self._serial)))
        RecordRepo(self.store).save(readings)

    def close(self) -> None:
        self.store.close()


def server_orders(engine: Engine, tech_id: str = TECH) -> list[str]:
    o = tables.orders.c
    with engine.connect() as conn:
        return [str(r[0]) for r in conn.execute(select(o.order_no).where(o.tech_id == tech_id))]


def received(engine: Engine, device_id: str) -> dict[int, int]:
    """seq -> how many times the server stored it, for one device."""
    rm = tables.received_mutations.c
    with engine.connect() as conn:
        rows = conn.execute(select(rm.seq, func.count()).where(rm.device_id == device_id)
                            .group_by(rm.seq)).all()
    return {int(r[0]): int(r[1]) for r in rows}


def assert_exactly_once(engine: Engine, device_id: str, count: int) -> None:
    """The sync promise: the server stored each of the device's records 1..count exactly once."""
    stored = received(engine, device_id)
    lost = sorted(set(range(1, count + 1)) - set(stored))
    twice = sorted(seq for seq, n in stored.items() if n > 1)
    extra = sorted(set(stored) - set(range(1, count + 1)))
    assert not lost, f"records lost: seq {lost}"
    assert not twice, f"records stored twice: seq {twice}"
    assert not extra, f"records nobody wrote: seq {extra}"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[EmbeddedServer]:
    """The real server, in this process, plain HTTP on loopback, seeded with the demo utility."""
    config = ServerConfig(home=tmp_path / "server", port=free_tcp_port(), tls=False)
    config.home.mkdir(parents=True)
    srv = EmbeddedServer(config).start(seed_demo=True)
    yield srv
    srv.stop()


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[EmbeddedServer]:
    """The same, over HTTPS with the demo certificate (terminals pin its fingerprint)."""
    config = ServerConfig(home=tmp_path / "tls-server", port=free_tcp_port(), tls=True)
    config.home.mkdir(parents=True)
    srv = EmbeddedServer(config).start(seed_demo=True)
    yield srv
    srv.stop()


@pytest.fixture
def server_db(server: EmbeddedServer) -> Iterator[Engine]:
    engine = open_server_store(server.config)
    yield engine
    engine.dispose()


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    t = Terminal(tmp_path / "terminal")
    yield t
    t.close()


@pytest.fixture
def link(server: EmbeddedServer) -> Iterator[LinkEmulator]:
    with LinkEmulator(("127.0.0.1", server.config.port), LinkProfile(), seed=3) as emulator:
        yield emulator


@dataclass
class ServerProcess:
    """The server as a separate process (``main.py server``), restartable with a fault injected."""

    home: Path
    port: int
    proc: ManagedProcess | None = None

    def start(self, fault: str = "", seed: bool = False) -> ServerProcess:
        argv = [sys.executable, str(ROOT / "main.py"), "server", "--no-tls", "--port", str(self.port),
                "--meter-keys", str(ROOT / "resources" / "keys" / "demo_meter_keys.json")]
        if seed:
            argv.append("--seed-demo")
        self.proc = ManagedProcess(argv, self.home / "server.log",
                                   env={"METERFIELD_HOME": str(self.home), "METERFIELD_SERVER_FAULT": fault,
                                        "PYTHONPATH": str(ROOT)}).start()
        wait_until(tcp_listening(self.port), 30, "the server process")
        return self

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.stop(timeout=0.1)

    @property
    def config(self) -> ServerConfig:
        return ServerConfig(home=self.home / "server", port=self.port, tls=False)

    def codes(self) -> dict[str, str]:
        import json
        return dict(json.loads((self.home / "server" / "demo_enrol_codes.json").read_text()))


@pytest.fixture
def server_process(tmp_path: Path) -> Iterator[ServerProcess]:
    srv = ServerProcess(tmp_path / "srvhome", free_tcp_port())
    yield srv
    if srv.proc is not None:
        srv.proc.stop()
