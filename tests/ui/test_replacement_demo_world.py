"""The replacement in the full demo (embedded server, simulators, real sync): the screens'
camera and probe follow the step through the demo hook, and the result syncs up."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine

from app.settings import Settings
from app.ui.composition import UiModels, build_models, read
from app.ui.demo_wiring import DemoWiring
from app.ui.qt_env import Metrics
from tests.ui.conftest import sign_in
from tests.ui.test_replacement_flow import drive_to

Wait = Callable[[Callable[[], Any]], None]


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


def test_replacement_in_the_demo_world_syncs_up(wired: tuple[UiModels, DemoWiring], wait: Wait) -> None:
    models, wiring = wired
    sign_in(models, lambda p: wait(p, 60_000), "CD101")  # type: ignore[call-arg]
    order = next(r.order for r in models.tasks.rows()
                 if r.order.kind == "meter_replace" and r.order.status in ("assigned", "downloaded"))
    flow = models.replacement
    flow.open(order.order_no)
    wait(lambda: read(flow, "loaded") and not read(flow, "busy"))
    drive_to(flow, wait, "done")
    assert read(flow, "completed")
    assert wiring.runner is not None
    wiring.runner.sync_now()
    wiring.runner.wait_settled(30)
    assert wiring.runner.status().pending == 0 and not wiring.runner.status().last_error
