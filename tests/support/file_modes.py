"""File-mode checks for the secrets-at-rest tests: a permissive umask (the ``permissive_umask``
fixture, registered in tests/conftest.py) and a file's permission bits."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """A umask that lets everyone read new files (022), as on most machines and in most units."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)
