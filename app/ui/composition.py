"""Builds the view-models around one store and wires them to each other and to the QML engine.

Used by :mod:`app.ui.launch` and by the tests (with a temporary home), so both run
the same wiring.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtQml import QQmlApplicationEngine

from app.domain.entities import Role, User
from app.settings import Settings
from app.terminal.terminal import Terminal
from app.ui.admin_model import AdminModel
from app.ui.background import Background
from app.ui.bootstrap import Bootstrap, Snapshot
from app.ui.devices_model import DevicesModel
from app.ui.dispatch_model import DispatchModel
from app.ui.enrolment_model import EnrolmentModel
from app.ui.evaluation_model import EvaluationModel
from app.ui.findings_model import FindingsModel
from app.ui.inspection_model import InspectionModel
from app.ui.language import LANGUAGES, LanguageController
from app.ui.order_detail_model import OrderDetailModel
from app.ui.qt_env import Metrics
from app.ui.recharge_model import RechargeModel
from app.ui.reconciliation_model import ReconciliationModel
from app.ui.refcount_guard import immortalise_singletons
from app.ui.replacement_model import ReplacementModel
from app.ui.replacement_wiring import ReplacementWiring, unconfigured
from app.ui.session_model import SessionModel
from app.ui.stock_model import StockModel
from app.ui.sync_status_model import SyncStatusModel
from app.ui.task_list_model import TaskListModel

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.services.inspection import InspectionFlow
    from app.services.recharge import RechargeFlow
    from app.storage.db import Store
    from app.terminal.cameras import CameraFactory
    from device_drivers.camera.model import Camera

QML_DIR = Path(__file__).resolve().parent / "qml"


def read(obj: QObject, name: str) -> Any:
    """A view-model's Qt property as QML sees it (for drivers such as capture, and tests)."""
    return obj.property(name)


@dataclass(slots=True)
class UiModels:
    background: Background
    bootstrap: Bootstrap
    session: SessionModel
    tasks: TaskListModel
    detail: OrderDetailModel
    sync: SyncStatusModel
    language: LanguageController
    metrics: Metrics
    replacement: ReplacementModel
    replacement_wiring: ReplacementWiring
    terminal: Terminal
    enrolment: EnrolmentModel
    devices: DevicesModel
    dispatch: DispatchModel
    admin: AdminModel
    stock: StockModel
    inspection: InspectionModel
    findings: FindingsModel
    recharge: RechargeModel
    reconciliation: ReconciliationModel
    evaluation: EvaluationModel

    def expose(self, engine: QQmlApplicationEngine) -> None:
        """Make the view-models visible to QML under the names the views use."""
        context = engine.rootContext()
        for name in ("session", "tasks", "detail", "sync", "language", "metrics", "replacement",
                     "enrolment", "devices", "dispatch", "admin", "stock", "inspection", "findings",
                     "recharge", "reconciliation", "evaluation"):
            context.setContextProperty(name, getattr(self, name))

    def shutdown(self) -> None:
        """Stop timers, let running operations finish, close the store."""
        self.sync.stop_polling()
        self.terminal.stop()  # first: a worker waiting for a sync cycle returns when sync stops
        self.background.wait_for_workers()
        self.replacement_wiring.stop()
        self.bootstrap.close()


def build_models(db_path: Path, demo: bool, language: str, metrics: Metrics, *,
                 engine: QQmlApplicationEngine | None = None, parent: QObject | None = None,
                 poll_ms: int = 5000, replacement: ReplacementWiring | None = None,
                 settings: Settings | None = None) -> UiModels:
    """``replacement``: the replacement flow's devices until the terminal wires its own at
    sign-in (tests and --capture pass in-process simulators, app/ui/demo_bench.py)."""
    immortalise_singletons()  # PySide6 6.12 on CPython 3.11: see app/ui/refcount_guard.py
    background = Background(parent=parent)
    bootstrap = Bootstrap(db_path, demo, _store_opener(settings))
    terminal = Terminal(settings or Settings(home=db_path.parent), bootstrap.store, qt_cameras())
    session = SessionModel(bootstrap, background, parent)
    tasks = TaskListModel(bootstrap, background, parent)
    detail = OrderDetailModel(bootstrap, background, parent)
    sync = SyncStatusModel(bootstrap, background, poll_ms, parent)
    lang = LanguageController(engine, parent)
    wiring = replacement or unconfigured()
    flow = ReplacementModel(background, wiring.flow_for, wiring.scan, wiring.on_step, parent)
    enrolment = EnrolmentModel(terminal, background, wiring.scan, parent)
    devices = DevicesModel(terminal, background, parent)
    dispatch = DispatchModel(terminal, bootstrap, background, parent)
    admin = AdminModel(terminal, background, parent)
    stock = StockModel(terminal, bootstrap, background, parent)
    inspection = InspectionModel(background, _no_inspection, wiring.scan, wiring.on_step, parent)
    findings = FindingsModel(terminal, background, parent)
    recharge = RechargeModel(background, _no_recharge, wiring.scan, parent)
    reconciliation = ReconciliationModel(terminal, background, parent)
    evaluation = EvaluationModel(terminal, background, terminal.settings.data_dir / "exports", parent)
    models = UiModels(background, bootstrap, session, tasks, detail, sync, lang, metrics, flow, wiring,
                      terminal, enrolment, devices, dispatch, admin, stock, inspection, findings, recharge,
                      reconciliation, evaluation)
    _wire(models)
    if language not in LANGUAGES:  # a typo in settings.toml must not stop the terminal
        sys.stderr.write(f"MeterField: unknown language {language!r} in the settings; using zh_CN\n")
        language = "zh_CN"
    lang.setLanguage(language)
    return models


def _no_recharge() -> RechargeFlow:
    from device_drivers.errors import DeviceError

    raise DeviceError("no card reader and card security module are configured on this handheld")


def _no_inspection(_order_no: str) -> InspectionFlow:
    from device_drivers.errors import DeviceError

    raise DeviceError("the field devices are not configured on this terminal: ask the administrator to "
                      "set them in the settings")


def _store_opener(settings: Settings | None) -> Callable[[], Store] | None:
    """The handheld's store as its settings say: owner-only folders, its key store (None: tests
    without settings open the database with the default key store)."""
    if settings is None:
        return None

    def open_for_settings() -> Store:
        from app.terminal.storage import open_terminal_store

        return open_terminal_store(settings)

    return open_for_settings


def qt_cameras() -> CameraFactory:
    """Cameras by setting; ``qt:`` ones through Qt Multimedia (loaded when first used)."""
    from app.terminal.cameras import CameraFactory

    def qt_camera(name: str) -> Camera:
        from app.ui.qt_camera import qt_camera_factory

        return qt_camera_factory(name)

    return CameraFactory(qt_camera)


def _wire(m: UiModels) -> None:
    def worker_of(user: User) -> str:
        return user.user_id if user.role is Role.TECHNICIAN else ""  # supervisors only look

    def signed_in(user: User) -> None:
        m.detail.set_worker(worker_of(user))
        m.tasks.set_user(user)
        for screen in (m.dispatch, m.admin, m.stock, m.findings, m.reconciliation, m.evaluation):
            screen.set_user(user)
        m.sync.poll()

    def resumed(snap: Snapshot) -> None:
        m.detail.set_worker(worker_of(snap.user))
        m.tasks.show_snapshot(snap.user, snap.rows)
        for screen in (m.dispatch, m.admin, m.stock, m.findings, m.reconciliation, m.evaluation):
            screen.set_user(snap.user)

    def store_ready() -> None:
        if read(m.tasks, "stale"):
            m.tasks.refresh()
        m.sync.start_polling()  # only now: nothing loads the storage stack before the first frame

    def signed_out() -> None:
        m.tasks.set_user(None)
        for screen in (m.dispatch, m.admin, m.stock, m.findings, m.reconciliation, m.evaluation):
            screen.set_user(None)
        m.detail.set_worker("")
        m.replacement.close()
        m.inspection.close()
        m.recharge.close()
        m.recharge.use(_no_recharge, m.replacement_wiring.scan, available=False)

    def order_changed(_order_no: str) -> None:
        m.tasks.refresh()
        m.sync.poll()

    m.session.signedIn.connect(signed_in)
    m.session.resumed.connect(resumed)
    m.session.storeReady.connect(store_ready)
    m.session.signedOut.connect(signed_out)
    m.detail.orderChanged.connect(order_changed)
    m.replacement.orderChanged.connect(order_changed)
    m.inspection.orderChanged.connect(order_changed)
    m.language.listeners.extend([m.session.retranslate, m.tasks.retranslate, m.detail.retranslate,
                                 m.sync.retranslate, m.replacement.retranslate, m.enrolment.retranslate,
                                 m.devices.retranslate, m.dispatch.retranslate, m.admin.retranslate,
                                 m.stock.retranslate, m.inspection.retranslate, m.findings.retranslate,
                                 m.recharge.retranslate, m.reconciliation.retranslate,
                                 m.evaluation.retranslate])
