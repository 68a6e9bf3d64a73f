"""Card tests run against the real pcscd with vsmartcard's vpcd and our virtual card.

pcscd is one system daemon and the vpcd ports are fixed (35963/35964): these
tests start pcscd in the foreground once per session (or use one that is
already running with the vpcd readers) and stop it by pid at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from device_drivers.card.operations import TokenVerifier
from device_drivers.security.card_ops import SoftwareCardSecurityModule, demo_sealed_keys
from tests.device_drivers.card.kit import NOW, Server, start_pcscd


@pytest.fixture(scope="session")
def pcscd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    proc = start_pcscd(tmp_path_factory.mktemp("pcscd"))
    yield
    if proc is not None:
        proc.stop()


@pytest.fixture(scope="session")
def server() -> Server:
    return Server()


@pytest.fixture(scope="session")
def security() -> SoftwareCardSecurityModule:
    return SoftwareCardSecurityModule.from_sealed(demo_sealed_keys(), "meterfield-demo-only")


@pytest.fixture(scope="session")
def verifier(server: Server) -> TokenVerifier:
    return TokenVerifier(server.key.public_key(), clock=lambda: float(NOW))


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    return tmp_path
