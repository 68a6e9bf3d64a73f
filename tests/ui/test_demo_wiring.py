"""Demo mode with the whole system: signing in enrols the terminal with the embedded server
and syncs the technician's orders down; the indicator shows the real sync status."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine

from app.settings import Settings
from app.storage.sync_state import SyncState
from app.ui.composition import UiModels, build_models, read
from app.ui.demo_wiring import DemoWiring
from app.ui.qt_env import Metrics
from tests.ui.conftest import sign_in


@pytest.fixture
def wired(qapp: QGuiApplication, tmp_path: Path, qml_clean: None) -> Iterator[tuple[UiModels, DemoWiring]]:
    settings = Settings(home=tmp_path / "home", demo=True)
    engine = QQmlApplicationEngine()
    models = build_models(settings.db_path, True, "zh_CN", Metrics(240.0, "Noto Sans CJK SC"),
                          engine=engine, poll_ms=60_000)
    wiring = DemoWiring(settings, models)
    models.expose(engine)
    models.session.start()
    yield models, wiring
    models.sync.stop_polling()
    shiboken6.delete(engine)
    models.shutdown()
    wiring.stop()


def test_sign_in_enrols_and_syncs_the_orders_down(wired: tuple[UiModels, DemoWiring],
                                                   wait: Callable[[Callable[[], Any]], None]) -> None:
    models, wiring = wired
    sign_in(models, lambda p: wait(p, 60_000), "CD101")
    assert wiring.env is not None and wiring.runner is not None
    expected = len(wiring.env.demo.orders_of("CD101"))
    wait(lambda: models.tasks.rowCount() == expected)
    wait(lambda: read(models.sync, "online") and read(models.sync, "pending") == 0)
    identity = SyncState(models.bootstrap.store()).identity()
    assert identity is not None and identity.user_id == "CD101"
    assert wiring.workflows is not None and wiring.workflows.devices.meter_port == wiring.env.meters.port
    models.sync.requestSync()  # the indicator's tap: a cycle runs and settles again
    wiring.runner.wait_settled(30)
    assert not wiring.runner.status().last_error
