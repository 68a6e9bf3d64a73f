"""Starting the touch UI: display check, Qt setup, view-models, QML; or an offscreen capture.

``run_ui`` is what ``python main.py`` calls when no subcommand is given.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from app.settings import DEFAULT_HOME, Settings
from app.ui.display import NO_DISPLAY_MESSAGE, has_display, use_offscreen

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtGui import QGuiApplication
    from PySide6.QtQml import QQmlApplicationEngine
    from PySide6.QtQuick import QQuickWindow

    from app.demo.environment import DemoEnvironment
    from app.ui.composition import UiModels
    from app.ui.qt_env import Metrics

    Driver = Callable[[QGuiApplication, QQuickWindow, UiModels], int]

# Benchmark hook: a user id to sign in (unless a session is remembered); prints "first-frame" on the
# first frame that shows their list, "fresh-frame" on the first one with the store's rows, then exits.
BENCH_ENV = "METERFIELD_BENCH_FIRST_FRAME"
BENCH_PIN_ENV = "METERFIELD_BENCH_PIN"  # that user's PIN
HANDHELD_DPI = 240.0  # the simulated handheld of --capture: a 5.5" 720x1280 screen (dp = 1.5)


def run_ui(settings: Settings, capture_dir: Path | None = None, driver: Driver | None = None) -> int:
    """Run the app (returns its exit code); with ``capture_dir``, write the screenshots and exit.

    ``driver``: instead of waiting for the window to close, hand the running app to it (the
    end-to-end tests drive the terminal as a technician would, through its window)."""
    if capture_dir is None and not has_display(os.environ):
        sys.stderr.write(NO_DISPLAY_MESSAGE)
        return 2
    if capture_dir is None:
        return _run(settings, None, driver)
    use_offscreen()
    if settings.home != DEFAULT_HOME:
        return _run(settings, capture_dir)
    with tempfile.TemporaryDirectory(prefix="meterfield-capture-") as home:
        return _run(settings.with_overrides(home=Path(home)), capture_dir)


def _run(settings: Settings, capture_dir: Path | None, driver: Driver | None = None) -> int:
    from PySide6.QtGui import QGuiApplication

    from app.ui.qt_env import Metrics, apply_cjk_font, configure_before_app

    signals = _Signals()
    signals.install()
    configure_before_app()
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    assert isinstance(app, QGuiApplication)
    app.setApplicationName("MeterField")
    family = apply_cjk_font(app)
    metrics = (Metrics(HANDHELD_DPI, family) if capture_dir is not None
               else Metrics.for_screen(app.primaryScreen(), family))
    world = _demo_world(settings) if settings.demo and capture_dir is None else None
    try:
        if world is not None:  # the demo is a configuration: the world's addresses, nothing else
            settings = world.configure(settings)
        return _run_terminal(app, settings, metrics, capture_dir, world, driver, signals)
    finally:
        if world is not None:
            world.stop()


def _run_terminal(app: QGuiApplication, settings: Settings, metrics: Metrics, capture_dir: Path | None,
                  world: DemoEnvironment | None, driver: Driver | None, signals: _Signals) -> int:
    from PySide6.QtQml import QQmlApplicationEngine
    from PySide6.QtQuick import QQuickWindow

    from app.ui.composition import QML_DIR, build_models

    engine = QQmlApplicationEngine()
    models = build_models(settings.db_path, settings.demo, settings.language, metrics,
                          engine=engine, parent=app, settings=settings)
    models.expose(engine)
    wiring = None
    bench = None
    if capture_dir is not None:
        from app.ui.demo_bench import use_demo_devices

        bench = use_demo_devices(models)  # screenshots: in-process simulators, a locally seeded store
    else:
        from app.ui.terminal_wiring import TerminalWiring

        wiring = TerminalWiring(models.terminal, models)
        wiring.start()
        if world is not None:
            world.attach(models.terminal, settings.role_view)
    models.session.start()  # the store opens on a worker while the QML loads
    try:
        engine.load(QML_DIR / "Main.qml")
        roots = engine.rootObjects()
        if not roots or not isinstance(roots[0], QQuickWindow):
            sys.stderr.write("MeterField: the user interface failed to load (see the QML errors above)\n")
            return 1
        window = roots[0]
        if settings.role_view == "desktop":
            window.resize(1280, 800)
        bench_user = os.environ.get(BENCH_ENV, "")
        if bench_user:
            _arm_first_frame_exit(app, window, models, bench_user)
        if capture_dir is not None:
            from app.ui.capture import capture_screens

            return capture_screens(app, window, models, capture_dir, bench)
        signals.loop_starts(app)
        if driver is not None:
            return driver(app, window, models)
        return int(app.exec())
    finally:
        _teardown(engine, models)
        del wiring


def _demo_world(settings: Settings) -> DemoEnvironment:
    """The demo's simulators and embedded server (their addresses configure the terminal)."""
    from app.demo.environment import DemoEnvironment

    return DemoEnvironment.start(settings.home / "demo-world", with_card=True)


class _Signals:
    """SIGTERM and SIGINT end the app the way closing its window does, so everything it started
    is stopped: before the event loop runs, by unwinding (``SystemExit`` through the ``finally``
    blocks); inside it, by quitting the loop. Python runs signal handlers between bytecodes, so
    a timer keeps giving it the chance while Qt waits."""

    def __init__(self) -> None:
        self.app: QGuiApplication | None = None

    def install(self) -> None:
        import signal

        signal.signal(signal.SIGTERM, self._handle)
        signal.signal(signal.SIGINT, self._handle)

    def loop_starts(self, app: QGuiApplication) -> None:
        from PySide6.QtCore import QTimer

        self.app = app
        timer = QTimer(app)
        timer.setInterval(200)
        timer.timeout.connect(lambda: None)
        timer.start()

    def _handle(self, _signum: int, _frame: object) -> None:
        if self.app is None:
            raise SystemExit(0)
        self.app.quit()


def _teardown(engine: QQmlApplicationEngine, models: UiModels) -> None:
    """Destroy the QML (while the view-models it binds to still exist), then the view-models' work."""
    import shiboken6

    models.sync.stop_polling()
    shiboken6.delete(engine)
    models.shutdown()


def _arm_first_frame_exit(app: QGuiApplication, window: QQuickWindow, models: UiModels,
                          user_id: str) -> None:
    """Benchmark hook: sign ``user_id`` in, report the list's first frames, exit."""
    from app.ui.composition import read

    def sign_in() -> None:
        if read(models.session, "state") == "signin":  # no remembered session
            models.session.choose(user_id)
            models.session.signIn(user_id, os.environ.get(BENCH_PIN_ENV, ""))

    models.session.after_users.append(sign_in)
    seen: set[str] = set()

    def frame() -> None:
        if models.tasks.rowCount() == 0:
            return
        if "first-frame" not in seen:
            seen.add("first-frame")
            print("first-frame", flush=True)
        if not read(models.tasks, "stale"):
            print("fresh-frame", flush=True)
            app.exit(0)

    window.frameSwapped.connect(frame)
