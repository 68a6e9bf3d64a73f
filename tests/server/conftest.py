"""Fixtures: a real server on loopback for SQLite and for PostgreSQL, enrolled test devices."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.domain.demo_data import DemoUtility, generate
from server import admin
from server.config import ServerConfig
from server.run import EmbeddedServer
from tests.server.client import Device, enrol
from tests.server.pg import PostgresServer, start_postgres
from tests.support.services import free_tcp_port

_names = itertools.count()


def small_demo() -> DemoUtility:
    """Two cities' worth is enough: 4 companies x 2 teams x 2 technicians, 3-4 orders each."""
    return generate(seed=7, customers_per_city=25, teams_per_city=2, techs_per_team=2,
                    orders_per_tech=(3, 4))


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    server = start_postgres()
    yield server
    server.stop()


@dataclass
class Running:
    """A running server and helpers to enrol devices on it."""

    server: EmbeddedServer
    demo: DemoUtility
    backend: str

    @property
    def base(self) -> str:
        return self.server.url

    @property
    def engine(self) -> Engine:
        engine: Engine = self.server.app.state.server.engine
        return engine

    def code(self, user_id: str, ttl_s: int = 3600) -> str:
        return admin.issue_code(self.engine, user_id, now=int(time.time()), ttl_s=ttl_s)

    def device(self, user_id: str) -> Device:
        return enrol(self.base, self.code(user_id), f"{user_id} terminal {next(_names)}")


def start_server(home: Path, db_url: str, backend: str) -> Running:
    demo = small_demo()
    config = ServerConfig(home=home, db_url=db_url, port=free_tcp_port(), tls=False)
    return Running(EmbeddedServer(config).start(demo=demo), demo, backend)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def running(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    home = tmp_path_factory.mktemp(f"server-{request.param}")
    if request.param == "sqlite":
        url = ""
    else:
        pg: PostgresServer = request.getfixturevalue("postgres")
        url = pg.create_database(f"mf_{request.module.__name__.rsplit('.', 1)[-1]}")
    run = start_server(home, url, request.param)
    yield run
    run.server.stop()
