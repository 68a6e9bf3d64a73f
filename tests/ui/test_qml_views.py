"""Every QML screen loads over its real view-model with no QML warning (qml_clean fails on one),
and its touch targets are at least metrics.touch (48 dp and 9 mm)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Q_ARG, QMetaObject, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickItem, QQuickWindow

from app.domain.entities import Role
from app.ui.composition import QML_DIR, UiModels, read
from tests.ui.conftest import first_user, sign_in

Wait = Callable[[Callable[[], Any]], None]
VIEWS = ["SignInView.qml", "TaskListView.qml", "OrderDetailView.qml", "SupervisorView.qml",
         "SyncIndicator.qml", "LoadingView.qml", "UserBar.qml", "RechargeView.qml",
         "ReconciliationView.qml", "EvaluationView.qml"]


def load_main(engine: QQmlApplicationEngine, wait: Wait) -> QQuickWindow:
    engine.load(QML_DIR / "Main.qml")
    roots = engine.rootObjects()
    assert roots and isinstance(roots[0], QQuickWindow)
    return roots[0]


def find(root: QQuickItem, name: str) -> QQuickItem | None:
    """Search the visual tree (delegates and loaded items have visual, not QObject, parents)."""
    if root.objectName() == name:
        return root
    for child in root.childItems():
        hit = find(child, name)
        if hit is not None:
            return hit
    return None


def item(window: QQuickWindow, name: str) -> QQuickItem:
    found = find(window.contentItem(), name)
    assert found is not None, f"no {name} on screen"
    return found


@pytest.mark.parametrize("view", VIEWS)
def test_each_view_loads_alone(view: str, models: UiModels, engine: QQmlApplicationEngine,
                               wait: Wait) -> None:
    tech = first_user(models, Role.TECHNICIAN)
    sign_in(models, wait, tech.user_id)
    models.detail.load(models.tasks.rows()[0].order.order_no)
    wait(lambda: read(models.detail, "loaded"))
    url = QUrl.fromLocalFile(str(QML_DIR / view)).toString()
    engine.loadData(f'import QtQuick\nWindow {{ width: 720; height: 1280; visible: true\n'
                    f'  property bool ready: loader.status === Loader.Ready && loader.item !== null\n'
                    f'  Loader {{ id: loader; anchors.fill: parent; source: "{url}" }} }}'
                    .encode(), QUrl.fromLocalFile(str(QML_DIR / "wrapper.qml")))
    window = engine.rootObjects()[-1]
    wait(lambda: window.property("ready"))


def test_main_walks_through_every_screen(models: UiModels, engine: QQmlApplicationEngine,
                                         wait: Wait) -> None:
    window = load_main(engine, wait)
    wait(lambda: read(models.session, "state") == "signin")
    tech = first_user(models, Role.TECHNICIAN)
    item(window, "featured_" + tech.user_id)
    sign_in(models, wait, tech.user_id)
    tasks = item(window, "taskList")
    wait(lambda: tasks.property("count") == models.tasks.rowCount() > 0)
    order_no = models.tasks.rows()[0].order.order_no
    models.detail.load(order_no)
    models.session.openOrder(order_no)
    wait(lambda: read(models.detail, "loaded"))
    start = item(window, "startButton")
    assert start.property("enabled")
    models.detail.start()
    wait(lambda: read(models.detail, "started") and not read(models.detail, "busy"))
    assert not start.property("enabled")
    models.session.closeOrder()
    models.session.signOut()
    models.language.setLanguage("en")
    boss = first_user(models, Role.SUPERVISOR)
    sign_in(models, wait, boss.user_id)
    team = item(window, "teamList")
    wait(lambda: team.property("count") == models.tasks.rowCount() > 0)
    title = item(window, "screenTitle")
    assert title.property("text") == "Team work orders"


def test_touch_targets_are_big_enough(models: UiModels, engine: QQmlApplicationEngine,
                                      wait: Wait) -> None:
    window = load_main(engine, wait)
    tech = first_user(models, Role.TECHNICIAN)
    sign_in(models, wait, tech.user_id)
    touch = read(models.metrics, "touch")
    assert touch >= 48 * read(models.metrics, "dp")
    for name in ("syncIndicator", "languageButton", "signOutButton", "taskSearch"):
        target = item(window, name)
        wait(lambda target=target: target.height() >= touch)  # type: ignore[misc]
    rows = item(window, "taskList")
    assert rows.property("count") > 0
    models.detail.load(models.tasks.rows()[0].order.order_no)
    models.session.openOrder(models.tasks.rows()[0].order.order_no)
    wait(lambda: read(models.detail, "loaded"))
    assert item(window, "startButton").height() >= touch


def test_remembered_session_opens_straight_on_the_list(models: UiModels, wait: Wait) -> None:
    tech = first_user(models, Role.TECHNICIAN)
    sign_in(models, wait, tech.user_id)
    models.session.start()  # as at the next start of the app
    wait(lambda: read(models.session, "state") == "ready" and read(models.tasks, "loaded"))
    assert read(models.session, "userName") == tech.name


def test_all_orders_list_scrolls_end_to_end(models: UiModels, engine: QQmlApplicationEngine,
                                            wait: Wait) -> None:
    """The administrator's list holds every demo order (~950): it scrolls to the end and back
    with delegates reused, quickly (a loose bound: this checks nothing is built per row)."""
    window = load_main(engine, wait)
    admin = first_user(models, Role.ADMINISTRATOR)
    sign_in(models, wait, admin.user_id)
    team = item(window, "teamList")
    wait(lambda: team.property("count") == models.tasks.rowCount() > 900)
    started = time.perf_counter()
    for fraction in (0.25, 0.5, 0.75, 1.0, 0.0):
        QMetaObject.invokeMethod(team, "positionViewAtIndex",
                                 Q_ARG(int, int((models.tasks.rowCount() - 1) * fraction)),
                                 Q_ARG(int, 0))  # ListView.Beginning
        QGuiApplication.processEvents()
        window.grabWindow()  # render it
        if fraction == 1.0:
            assert team.property("contentY") > team.property("height") * 10  # really at the end
    assert time.perf_counter() - started < 5.0
    assert team.property("contentY") < team.property("height")  # back at the top
