"""Suite-wide settings: no display here, so Qt renders offscreen everywhere; one pcscd for the
whole session (the vpcd ports are fixed and pcscd is one system daemon: a second one started
while the first runs would take its socket away)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.support.file_modes import permissive_umask  # noqa: F401  (a fixture for every test)


@pytest.fixture(scope="session")
def pcscd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """pcscd with the vpcd readers, started once (or one already running), stopped by pid at the end."""
    from tests.device_drivers.card.kit import start_pcscd

    proc = start_pcscd(tmp_path_factory.mktemp("pcscd"))
    yield
    if proc is not None:
        proc.stop()
