"""One terminal put together from Settings: identity, sync runner, devices, workflows.

:class:`Terminal` is the same in the field and in the demo; the demo only hands it
settings that point at simulators and the embedded server (``app/demo/world.py``).
Nothing here imports Qt: the UI layer adds the view-models, the camera through Qt
Multimedia and the network monitor, and calls these methods off the GUI thread.

Sync runs by itself: every committed local write wakes the runner (it debounces),
the link coming back wakes it (:meth:`Terminal.link_changed`), and the poll every
``sync_interval_s`` is only a fallback.
"""

from __future__ import annotations

import dataclasses
import logging
import platform
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.settings import Settings

# The storage, sync and driver stacks load on the first worker call, not before the first frame.
if TYPE_CHECKING:
    from app.domain.entities import User
    from app.domain.work_orders import WorkOrder
    from app.services.gps_trail import OrderTrail
    from app.services.recharge import AskCentre
    from app.services.workflows import Workflows
    from app.storage.db import Store
    from app.terminal.cameras import CameraFactory
    from app.terminal.devices import DeviceCheck
    from device_drivers.camera.model import Camera
    from sync.centre_client import CentreClient
    from sync.local_store import LocalSyncStore
    from sync.runner import SyncRunner, SyncStatus

    StepHook = Callable[[str, WorkOrder], None]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Enrolled:
    """Who this handheld belongs to, as enrolment told it."""

    user_id: str
    name: str
    role: str
    team_id: str
    team_name: str
    device_id: str
    server_url: str


class Terminal:
    def __init__(self, settings: Settings, store: Callable[[], Store],
                 cameras: CameraFactory | None = None) -> None:
        self.settings = settings
        self._store = store
        self._cameras = cameras
        self._camera: Camera | None = None
        self._camera_built = False
        self._lock = threading.RLock()
        self._runner: SyncRunner | None = None
        self._centre: CentreClient | None = None
        self._trail: OrderTrail | None = None
        self._wake: Callable[[], None] | None = None
        self._position: Any = None  # the open gpsd client of the current workflows
        self._status_listeners: list[Callable[[SyncStatus], None]] = []
        self._identity_problem = ""
        self._last_enrolled: Enrolled | None = None
        self._stopped = False
        self.before_step: StepHook | None = None  # the demo world moves its camera and probe here
        # before a prepaid scan ("payment", "meter"): the demo world shows the phone's payment code
        self.before_scan: Callable[[str], None] | None = None
        self.after_sign_in: list[Callable[[User], None]] = []
        self.on_stop: list[Callable[[], None]] = []  # called once when the terminal stops for good

    # -- store and identity ---------------------------------------------------------------------
    @property
    def store(self) -> Store:
        return self._store()

    def sync_store(self) -> LocalSyncStore:
        from sync.local_store import LocalSyncStore

        return LocalSyncStore(self.store, self.settings.data_dir)

    def enrolled(self) -> Enrolled | None:
        """Who this handheld belongs to (None: not enrolled yet, or its identity does not open with
        this handheld's key store: :meth:`identity_problem` then says so, and enrolling again mends it)."""
        from app.storage.keystore import KeystoreError
        from app.storage.sync_state import SyncState

        try:
            identity = SyncState(self.store).identity()
        except KeystoreError as exc:
            if self._identity_problem != exc.code:
                log.error("this handheld's identity does not open: %s", exc)
            self._identity_problem = exc.code
            return None
        self._identity_problem = ""
        found = None if identity is None else Enrolled(
            identity.user_id, identity.user_name or identity.user_id, identity.role, identity.team_id,
            identity.team_name, identity.device_id, identity.server_url)
        self._last_enrolled = found
        return found

    @property
    def last_enrolled(self) -> Enrolled | None:
        """What the last :meth:`enrolled` found, without reading the store (for the GUI thread)."""
        return self._last_enrolled

    def identity_problem(self) -> str:
        """Why the stored identity does not open (the error's code, e.g. ``keystore``; "" when it
        opens or there is none), as the last :meth:`enrolled` found."""
        return self._identity_problem

    def enrol(self, link_text: str) -> Enrolled:
        """Enrol with the link a scanned QR code holds (https, the server's key pin, one-time code)."""
        from app.storage.sync_state import SyncState
        from sync.enrolment_link import parse_link
        from sync.runner import enrol_device

        link = parse_link(link_text)
        self.stop_sync()
        with self._lock:
            state = SyncState(self.store)
            state.forget_identity()
            state.reset_cursor()
            state.clear_revoked()
        # no lock is held across the network call
        enrol_device(self.sync_store(), link.url, link.code, device_name(), fingerprint=link.fingerprint)
        enrolled = self.enrolled()
        assert enrolled is not None
        return enrolled

    # -- sync -----------------------------------------------------------------------------------
    def add_status_listener(self, listener: Callable[[SyncStatus], None]) -> None:
        self._status_listeners.append(listener)
        if self._runner is not None:
            self._runner.add_listener(listener)

    def start_sync(self) -> SyncRunner | None:
        """Start the runner if this handheld is enrolled (idempotent); it syncs at once."""
        from sync.engine import EngineConfig
        from sync.runner import build_runner

        with self._lock:
            if self._runner is not None:
                return self._runner
            if self._stopped:  # a worker that outlived the shutdown starts nothing
                return None
            if self.enrolled() is None:  # not enrolled, or its identity does not open here
                return None
            sync_store = self.sync_store()
            identity = sync_store.identity()
            if identity is None:
                return None
            moved = self.settings.server_url
            if moved and moved != identity.server_url:
                if moved.startswith("https://"):  # the server moved; its pins stay (a CA-issued
                    # certificate must then name the new address)
                    identity = dataclasses.replace(identity, server_url=moved)
                    sync_store.save_identity(identity)
                else:
                    log.error("server_url %r ignored: the centre is reached over https only", moved)
            config = EngineConfig(identity.device_id, poll_interval_s=self.settings.sync_interval_s)
            runner = build_runner(sync_store, config)
            runner.add_listener(self._watch_revocation)
            for listener in self._status_listeners:
                runner.add_listener(listener)
            self._wake = runner.outbox_changed
            self.store.add_commit_listener(self._wake)
            runner.start()
            runner.sync_now()
            self._runner = runner
            return runner

    def _watch_revocation(self, status: SyncStatus) -> None:
        """A revoked handheld locks itself (kept in the store: a restart offline stays locked)."""
        from app.storage.sync_state import SyncState

        if status.error_code == "revoked" and not self.revoked():
            SyncState(self.store).mark_revoked()

    def revoked(self) -> bool:
        from app.storage.sync_state import SyncState

        return SyncState(self.store).revoked()

    @property
    def runner(self) -> SyncRunner | None:
        return self._runner

    def sync_now(self) -> None:
        if self._runner is not None:
            self._runner.sync_now()

    def link_changed(self, online: bool) -> None:
        """The network monitor saw the link come or go."""
        if self._runner is not None:
            (self._runner.link_up if online else self._runner.link_down)()

    def stop_sync(self) -> None:
        with self._lock:
            runner, self._runner = self._runner, None
            wake, self._wake = self._wake, None
        if wake is not None:
            self.store.remove_commit_listener(wake)
        if runner is not None:
            runner.stop()

    def centre(self) -> CentreClient:
        """The desktop screens' client for the centre's JSON routes (dispatch, administration, stock),
        over this terminal's signed session; raises :class:`~sync.errors.SyncError` if not enrolled."""
        from sync.centre_client import CentreClient
        from sync.runner import signed_client

        enrolled = self.enrolled()
        device_id = enrolled.device_id if enrolled is not None else ""
        with self._lock:
            if self._centre is None or self._centre.client.device_id != device_id:
                if self._centre is not None:
                    self._centre.close()
                self._centre = CentreClient(signed_client(self.sync_store()))
            return self._centre

    def ask_centre(self) -> AskCentre:
        """The recharge's question to the centre (a prepaid task), over this terminal's signed session."""
        from app.terminal.prepaid_link import ask_centre

        return ask_centre(self.centre().client)

    def warm_centre(self) -> Callable[[], None]:
        """Opens the connection to the centre ahead of a prepaid task's question."""
        from app.terminal.prepaid_link import warm_centre

        return warm_centre(self.centre().client)

    # -- devices and workflows ------------------------------------------------------------------
    def camera(self) -> Camera | None:
        from app.terminal.cameras import CameraFactory

        with self._lock:
            if not self._camera_built:
                self._camera = (self._cameras or CameraFactory())(self.settings.camera)
                self._camera_built = True
            return self._camera

    def reconfigure(self, settings: Settings) -> None:
        """New device settings (the settings screen): devices are opened anew from now on."""
        with self._lock:
            self.settings = dataclasses.replace(settings, home=self.settings.home)
            self._camera_built = False

    def check_devices(self) -> list[DeviceCheck]:
        """Every device's answer; a camera that cannot even be made is "absent", not a failure."""
        from app.terminal.device_checks import check_all
        from app.terminal.devices import DeviceCheck
        from device_drivers.errors import DeviceError

        try:
            camera, problem = self.camera(), ""
        except DeviceError as exc:
            camera, problem = None, str(exc)
        checks = check_all(self.settings, camera)
        if not problem:
            return checks
        takes_camera = {"camera"} | (set() if self.settings.scanner_port else {"scanner"})
        return [DeviceCheck(c.device, "absent", problem) if c.device in takes_camera else c for c in checks]

    def workflows_for(self, user: User) -> Workflows:
        """The workflows ``user`` drives on this handheld's devices (after sign-in)."""
        from app.services.gps_trail import OrderTrail
        from app.services.workflows import Workflows
        from app.storage.records import RecordRepo
        from app.storage.sync_state import SyncState
        from app.terminal.devices import field_devices

        identity = SyncState(self.store).identity()
        if identity is None:
            raise RuntimeError("sign-in before enrolment")
        devices = field_devices(self.settings, identity.command_key, self.camera())
        with self._lock:
            if self._trail is None:
                self._trail = OrderTrail(RecordRepo(self.store), devices.fix,
                                         self.settings.gps_trail_interval_s)
            else:
                self._trail.position = devices.fix
            old, self._position = self._position, devices.position
        _close(old)
        from sync.event_chain import chain_key

        return Workflows(self.store, devices, self.settings.data_dir, identity.device_id, user.user_id,
                         user.name, link_state=self.link_state, trail=self._trail,
                         command_key=identity.command_key, event_key=chain_key(identity.secret))

    def link_state(self) -> str:
        """For monitoring records: the link as the sync runner sees it now."""
        runner = self._runner
        return "online" if runner is not None and runner.status().online else "offline"

    def order_closed(self) -> None:
        """The technician left the order's screen: its trail is no longer kept."""
        if self._trail is not None:
            self._trail.follow("")

    def signed_out(self) -> None:
        self.order_closed()

    def signed_in(self, user: User) -> None:
        for hook in self.after_sign_in:
            hook(user)

    def stop(self) -> None:
        """For good (the app closes): sync stops and does not start again."""
        with self._lock:
            self._stopped = True
            stoppers, self.on_stop = self.on_stop, []
        for stopper in stoppers:  # what runs beside sync (the desk's live stream)
            stopper()
        self.stop_sync()
        with self._lock:
            trail, self._trail = self._trail, None
            position, self._position = self._position, None
            centre, self._centre = self._centre, None
        if trail is not None:
            trail.stop()
        _close(position)
        _close(centre)


def _close(device: object) -> None:
    close = getattr(device, "close", None)
    if callable(close):
        close()


def device_name() -> str:
    """How the centre's device list names this handheld."""
    return f"MeterField terminal ({platform.node() or 'handheld'})"
