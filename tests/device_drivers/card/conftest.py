"""Card tests run against the real pcscd with vsmartcard's vpcd and our virtual card.

pcscd is one system daemon and the vpcd ports are fixed (35963/35964): the suite's
``pcscd`` fixture (tests/conftest.py) starts it in the foreground once per session (or
uses one that is already running with the vpcd readers) and stops it by pid at the end.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from device_drivers.card.operations import TokenVerifier
from device_drivers.security.card_ops import SoftwareCardSecurityModule, demo_sealed_keys
from tests.device_drivers.card.kit import NOW, SERVER, Server


@pytest.fixture(scope="session")
def server() -> Server:
    return SERVER


@pytest.fixture(scope="session")
def security() -> SoftwareCardSecurityModule:
    return SoftwareCardSecurityModule.from_sealed(demo_sealed_keys(), "meterfield-demo-only")


@pytest.fixture(scope="session")
def verifier(server: Server) -> TokenVerifier:
    return TokenVerifier(server.key.public_key(), clock=lambda: float(NOW))


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    return tmp_path
