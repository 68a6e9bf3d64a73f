"""Each replacement step screen inside the real Main.qml, over the app's own wiring (demo mode:
in-process simulators, app/ui/demo_bench.py), with no QML warning; targets at least 48 dp;
the signature drawn with the mouse on the Canvas and exported as a PNG; progress always shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest

from app.domain.entities import Role
from app.ui.composition import UiModels, read
from tests.ui.conftest import first_user, sign_in
from tests.ui.test_qml_views import item, load_main

Wait = Callable[[Callable[[], Any]], None]
SCREENS = {"identify_old": "identifyStep", "read_old": "readStep", "confirm": "confirmStep",
           "install_new": "installStep", "seal": "sealStep", "set_tariff": "tariffStep",
           "upload": "completeStep", "done": "completeStep"}
BUTTONS = {"identify_old": ["scanOldButton"], "read_old": ["readOldButton"],
           "confirm": ["confirmButton", "clearSignatureButton"], "install_new": ["scanNewButton"],
           "seal": ["scanSealButton", "finishSealingButton", "position_terminal_cover"],
           "set_tariff": ["setTariffButton"], "upload": ["completeButton"], "done": ["printButton"]}


def centre(window: QQuickWindow, target: QQuickItem) -> QPoint:
    p = target.mapToScene(QPointF(target.width() / 2, target.height() / 2))
    return QPoint(int(p.x()), int(p.y()))


def click(window: QQuickWindow, target: QQuickItem) -> None:
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     centre(window, target))


def sign(window: QQuickWindow, pad: QQuickItem) -> None:
    """A finger signature: press, drag across the pad, release."""
    origin = pad.mapToScene(QPointF(0, 0))
    w, h = pad.width(), pad.height()
    points = [QPoint(int(origin.x() + w * f), int(origin.y() + h * (0.3 + 0.4 * (i % 2))))
              for i, f in enumerate((0.15, 0.3, 0.45, 0.6, 0.75))]
    QTest.mousePress(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
    for p in points[1:]:
        QTest.mouseMove(window, p, 20)
    QTest.mouseRelease(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1])


def open_replacement(models: UiModels, engine: QQmlApplicationEngine, wait: Wait) -> QQuickWindow:
    window = load_main(engine, wait)
    window.resize(720, 1280)
    tech = first_user(models, Role.TECHNICIAN)
    sign_in(models, wait, tech.user_id)
    order = next(r.order for r in models.tasks.rows()
                 if r.order.status == "assigned" and r.order.kind == "meter_replace")
    models.detail.load(order.order_no)
    models.session.openOrder(order.order_no)
    wait(lambda: read(models.detail, "loaded"))
    steps = item(window, "stepsButton")
    assert steps.property("visible")
    click(window, steps)
    wait(lambda: read(models.replacement, "loaded") and not read(models.replacement, "busy"))
    return window


class InputCounter(QObject):
    """Counts what reaches the window from the technician's hands: presses and keys."""

    def __init__(self) -> None:
        super().__init__()
        self.presses = 0
        self.keys = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress:
            self.presses += 1
        elif event.type() in (QEvent.Type.KeyPress, QEvent.Type.InputMethod):
            self.keys += 1
        return False


def test_every_step_screen_shows_with_progress_and_big_targets(
        models: UiModels, engine: QQmlApplicationEngine, wait: Wait) -> None:
    window = open_replacement(models, engine, wait)
    counter = InputCounter()
    window.installEventFilter(counter)
    flow = models.replacement
    touch = read(models.metrics, "touch")
    seen = []
    while True:
        step = read(flow, "step")
        wait(lambda step=step: item(window, SCREENS[step]) is not None)  # type: ignore[misc]
        progress = item(window, "progressLabel").property("text")
        assert "7" in progress, progress
        for name in BUTTONS[step]:
            target = item(window, name)
            wait(lambda target=target: target.height() >= touch and target.width() >= touch)  # type: ignore[misc]
        seen.append(step)
        if step == "done":
            break
        if step == "confirm":
            pad = item(window, "signaturePad")
            click(window, item(window, "confirmButton"))  # an empty pad is refused
            wait(lambda: not read(flow, "busy") and read(flow, "messageIsError"))
            assert read(flow, "step") == "confirm"
            sign(window, pad)
            assert item(window, "confirmStep").property("inked"), "the pad saw no stroke"
            QTest.qWait(300)  # the Canvas paints on the next frame
            click(window, item(window, "confirmButton"))
        elif step == "seal":
            for position in ("terminal_cover", "meter_cover"):
                click(window, item(window, "position_" + position))
                click(window, item(window, "scanSealButton"))
                wait(lambda: not read(flow, "busy"))
            click(window, item(window, "finishSealingButton"))
        else:
            click(window, item(window, BUTTONS[step][0]))
        wait(lambda: not read(flow, "busy"))
        assert read(flow, "step") != step, (step, read(flow, "message"))
        assert not read(flow, "messageIsError"), read(flow, "message")
    assert seen == list(SCREENS)
    assert item(window, "messageBox").property("visible")
    window.removeEventFilter(counter)
    # Real input events at the window, from the first step screen to "done": 11 taps of the
    # technician, plus the test's deliberate tap on an empty signature pad and the customer's
    # one signature stroke; not one key event (the print tap comes after "done").
    assert counter.keys == 0
    assert counter.presses == 11 + 1 + 1
