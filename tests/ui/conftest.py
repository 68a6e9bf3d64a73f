"""Qt UI tests: offscreen, software scene graph, Material style; QML warnings fail the test.

The environment is set before any Qt import. ``models`` builds the real view-models
(the same wiring as the app) over a copy of a demo store seeded once per session.
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QtMsgType
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine

from app.domain.credentials import DEMO_PIN
from app.domain.entities import Role, User
from app.ui.bootstrap import Bootstrap
from app.ui.composition import UiModels, build_models, read
from app.ui.demo_bench import use_demo_devices
from app.ui.qt_env import Metrics, configure_before_app

configure_before_app()

ADMIN = "ADMIN"


@pytest.fixture(scope="session")
def qapp_cls() -> type[QGuiApplication]:
    return QGuiApplication


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo store holding every order (seeded as the administrator's terminal), built once."""
    path = tmp_path_factory.mktemp("seeded") / "terminal.sqlite3"
    boot = Bootstrap(path, demo=True)
    admin = next(u for u in boot.users() if u.user_id == ADMIN)
    boot.prepare(admin)
    boot.close()
    return path


@pytest.fixture
def db_path(seeded_db: Path, tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    target = home / "terminal.sqlite3"
    shutil.copy(seeded_db, target)
    return target


@pytest.fixture
def qml_clean(qtlog: Any) -> Iterator[None]:
    """Fail the test if Qt logged any warning (QML errors, binding loops, type errors)."""
    yield
    bad = [r.message for r in qtlog.records
           if r.type in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)]
    assert not bad, "Qt warnings:\n" + "\n".join(bad)


@pytest.fixture
def engine(qapp: QGuiApplication) -> Iterator[QQmlApplicationEngine]:
    eng = QQmlApplicationEngine()
    yield eng
    if shiboken6.isValid(eng):
        shiboken6.delete(eng)


@pytest.fixture
def models(qapp: QGuiApplication, engine: QQmlApplicationEngine, db_path: Path,
           qml_clean: None) -> Iterator[UiModels]:
    m = build_models(db_path, True, "zh_CN", Metrics(240.0, "Noto Sans CJK SC"), engine=engine,
                     poll_ms=60_000)
    use_demo_devices(m)
    m.expose(engine)
    m.session.start()
    yield m
    m.sync.stop_polling()
    shiboken6.delete(engine)  # the QML goes first, while the view-models it binds to exist
    m.shutdown()


@pytest.fixture
def wait(qtbot: Any) -> Callable[[Callable[[], Any]], None]:
    def until(predicate: Callable[[], Any], timeout: int = 10_000) -> None:
        qtbot.waitUntil(lambda: bool(predicate()), timeout=timeout)

    return until


def users_of(models: UiModels) -> list[User]:
    return models.bootstrap.users()


def first_user(models: UiModels, role: Role, team: str = "CD-T1") -> User:
    return next(u for u in users_of(models) if u.role is role and (role is Role.ADMINISTRATOR
                                                                   or u.team_id == team))


def sign_in(models: UiModels, wait: Callable[[Callable[[], Any]], None], user_id: str,
            pin: str = DEMO_PIN) -> None:
    wait(lambda: read(models.session, "state") == "signin")
    if models.bootstrap.enrolment is None:
        # A locally seeded store (no enrolment, no PIN hashes): these tests are about what comes
        # after sign-in; the PIN itself is tested through the enrolled terminal (test_sign_in_ui).
        user = next(u for u in models.bootstrap.users() if u.user_id == user_id)
        models.session._verified(user)
    else:
        models.session.choose(user_id)
        models.session.signIn(user_id, pin)
    wait(lambda: read(models.session, "state") == "ready" and read(models.tasks, "loaded")
         and not read(models.tasks, "busy"))


@pytest.fixture
def wired(qapp: QGuiApplication, tmp_path: Path, qml_clean: None,
          request: pytest.FixtureRequest) -> Iterator[tuple[UiModels, Any]]:
    """The terminal wired to the demo world (embedded server, simulators, real sync), exactly as
    ``main.py --demo`` puts it together: the world only configures the terminal's settings. A test
    marked ``demo_card`` gets the demo's customer card in the virtual reader too (the session's pcscd)."""
    from app.demo.environment import DemoEnvironment
    from app.settings import Settings
    from app.ui.terminal_wiring import TerminalWiring

    settings = Settings(home=tmp_path / "home", demo=True)
    with_card = request.node.get_closest_marker("demo_card") is not None
    if with_card:
        request.getfixturevalue("pcscd")
    world = DemoEnvironment.start(settings.home / "demo-world", fast_meters=True, with_card=with_card)
    try:
        settings = world.configure(settings)
        engine = QQmlApplicationEngine()
        models = build_models(settings.db_path, True, "zh_CN", Metrics(240.0, "Noto Sans CJK SC"),
                              engine=engine, poll_ms=60_000, settings=settings)
        wiring = TerminalWiring(models.terminal, models)
        wiring.start()
        world.attach(models.terminal)
        models.expose(engine)
        models.session.start()
        yield models, world
        models.sync.stop_polling()
        shiboken6.delete(engine)
        models.shutdown()
    finally:
        world.stop()  # gpsd and the simulators go even when the test or its teardown failed


def enrol(models: UiModels, wait: Callable[..., None]) -> None:
    """Scan the enrolment QR code the world holds before the camera; wait for the sign-in list."""
    wait(lambda: read(models.session, "state") == "enrol", 30_000)
    models.enrolment.scan()
    wait(lambda: read(models.session, "state") == "signin" and read(models.session, "hasUsers"), 60_000)


DEMO_CARD_KEYS = Path(__file__).resolve().parents[2] / "resources" / "keys" / "demo_card_keys.json"


def prepaid_handheld(models: UiModels, wait: Callable[..., None], tech: str) -> None:
    """The installer's settings for the handheld's card reader (the session's pcscd, vpcd's first
    reader) and card security module (the demo card keys), enrolled and ``tech`` signed in, with
    the prepaid screen available."""
    import dataclasses

    from device_drivers.card.virtual_card.service import CARD_READER

    models.terminal.reconfigure(dataclasses.replace(models.terminal.settings, card_reader=CARD_READER,
                                                    card_security=f"soft:{DEMO_CARD_KEYS}"))
    enrol(models, wait)
    sign_in(models, lambda p: wait(p, 60_000), tech)
    wait(lambda: read(models.recharge, "available"), 30_000)


SHOTS = os.environ.get("METERFIELD_SHOTS", "")  # a folder: the screens as their users see them


def view_window(models: UiModels, wait: Callable[..., None], view: str, width: int,
                height: int) -> tuple[QQmlApplicationEngine, Any]:
    """``view`` (a QML file) alone in a window of that size over the live view-models; close the window
    and ``shiboken6.delete`` the engine before the view-models go."""
    from PySide6.QtCore import QUrl
    from PySide6.QtQuick import QQuickWindow

    from app.ui.composition import QML_DIR

    url = QUrl.fromLocalFile(str(QML_DIR / view)).toString()
    engine = QQmlApplicationEngine()
    models.expose(engine)
    engine.loadData(f'import QtQuick\nWindow {{ width: {width}; height: {height}; visible: true\n'
                    f'  property bool ready: loader.status === Loader.Ready && loader.item !== null\n'
                    f'  Loader {{ id: loader; anchors.fill: parent; source: "{url}" }} }}'.encode(),
                    QUrl.fromLocalFile(str(QML_DIR / "wrapper.qml")))
    window = engine.rootObjects()[-1]
    assert isinstance(window, QQuickWindow)
    wait(lambda: window.property("ready") and window.contentItem().width() == width)  # laid out, shown
    return engine, window


def on_screen(window: Any, wait: Callable[..., None], name: str, *visible: str) -> None:
    """The named items are shown, inside the window; the screen is saved when METERFIELD_SHOTS asks."""
    from tests.ui.test_qml_views import find

    if SHOTS:  # first: a failed check below still leaves the picture of what was wrong
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        window.grabWindow().save(str(Path(SHOTS) / f"{name}.png"))
    for object_name in visible:
        def inside(object_name: str = object_name) -> bool:
            hit = find(window.contentItem(), object_name)
            if hit is None or not hit.isVisible():
                return False
            corner = hit.mapToScene(hit.boundingRect().bottomRight())
            return bool(corner.y() <= window.height() and corner.x() <= window.width())
        wait(inside, 10_000)
