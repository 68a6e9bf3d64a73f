from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.demo_data import DemoUtility, generate
from app.services.demo_seed import seed
from app.storage.db import Store, open_store


@pytest.fixture(scope="session")
def demo() -> DemoUtility:
    return generate(customers_per_city=200, teams_per_city=1, techs_per_team=2)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "terminal.sqlite3")
    yield s
    s.close()


@pytest.fixture
def seeded(store: Store, demo: DemoUtility) -> Store:
    seed(store, demo, demo.technicians()[0])
    return store
