"""The prepaid door for every test here: one real server per module, each test its own card and
terminal (see :mod:`.prepaid_door`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app.services.prepaid.prepaid_door import Door, open_door, run_centre
from tests.server.conftest import Running


@pytest.fixture(scope="module")
def centre(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    yield from run_centre(tmp_path_factory)


@pytest.fixture
def door(centre: Running, tmp_path: Path) -> Iterator[Door]:
    yield from open_door(centre, tmp_path)
