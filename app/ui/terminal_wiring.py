"""The terminal's view-models wired to the Terminal: enrolment, sign-in, sync, devices.

The same wiring in the field and in the demo. Work that touches the network, the
store or a device runs on workers (:class:`Background`, the sync runner's thread);
what they report reaches the view-models through queued signals.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.domain.entities import Role
from app.terminal.terminal import Enrolled, Terminal
from app.ui.composition import UiModels
from app.ui.network_watch import NetworkWatch
from app.ui.replacement_wiring import Scanner, camera_scanner, serial_scanner

if TYPE_CHECKING:
    from app.domain.entities import User
    from app.services.replacement import ReplacementFlow
    from app.services.workflows import Workflows
    from app.storage.db import Store
    from sync.live_stream import LiveStream

log = logging.getLogger(__name__)
FIRST_SYNC_S = 30.0  # how long sign-in waits for the day's orders on a handheld that has none yet
# Sync, the network monitor and the device checks start this long after the store has answered,
# so they do not compete with the first frames of the technician's list (measured: cold start).
SETTLE_MS = 1000


class _Bridge(QObject):
    """Carries work from worker threads to the GUI thread (queued connections)."""

    status = Signal(object)
    signedIn = Signal(object)  # noqa: N815


class TerminalWiring:
    def __init__(self, terminal: Terminal, models: UiModels) -> None:
        self.terminal = terminal
        self.models = models
        self._bridge = _Bridge()
        self._bridge.status.connect(self._show_status)
        self._bridge.signedIn.connect(self._signed_in)
        self._last_success = ""
        self._was_syncing = False
        self._lock = threading.Lock()
        self.network = NetworkWatch(terminal.link_changed)
        terminal.add_status_listener(lambda s: self._bridge.status.emit(s.as_dict()))
        models.bootstrap.provisioner = self.provision
        models.bootstrap.enrolment = terminal.enrolled
        models.sync.syncRequested.connect(terminal.sync_now)
        models.enrolment.use_scanner(self.scanner())
        models.enrolment.enrolled.connect(self._enrolled)
        models.session.hint = terminal.settings.sign_in_hint
        models.session.badge_scanner = self.scanner()
        models.session.storeReady.connect(self._store_ready)
        models.session.signedOut.connect(terminal.signed_out)
        models.session.signedOut.connect(lambda: self._stop_live(wait=False))  # the screen never waits
        self._live: LiveStream | None = None
        terminal.on_stop.append(self._stop_live)
        models.replacement.changed.connect(self._replacement_changed)
        models.devices.reconfigured.connect(self._reconfigured)

    def start(self) -> None:
        """Nothing before the first frame: the network monitor starts once the store is open."""

    def scanner(self) -> Scanner:
        """The scan engine if one is set, else the camera (as the settings say at scan time)."""
        terminal = self.terminal

        def scan() -> str:
            if terminal.settings.scanner_port:
                return serial_scanner(terminal.settings.scanner_port)()
            camera = terminal.camera()
            if camera is None:
                from device_drivers.errors import DeviceError

                raise DeviceError("no camera and no scan engine are configured on this terminal")
            return camera_scanner(camera)()

        return scan

    def _store_ready(self) -> None:
        """Show who the handheld belongs to; a moment later, an enrolled one starts syncing."""
        from PySide6.QtCore import QTimer

        self.models.background.run(self.terminal.enrolled, self._show_enrolled)
        QTimer.singleShot(SETTLE_MS, self._start_background)

    def _start_background(self) -> None:
        self.network.start()
        self.models.devices.check()

        def sync() -> None:
            if self.terminal.enrolled() is not None:
                self.terminal.start_sync()

        self.models.background.run(sync)

    def _show_enrolled(self, who: Enrolled | None) -> None:
        self.models.enrolment.show(who, self.terminal.identity_problem() if who is None else "")
        self.models.session.set_team(who.team_id if who is not None else "")

    def _replacement_changed(self) -> None:
        if not self.models.replacement.property("active"):
            self.terminal.order_closed()

    def _reconfigured(self) -> None:
        """New device settings: the signed-in user's workflows are rebuilt on the new devices."""
        user = self.models.session.user
        if user is not None and self.models.session.property("state") == "ready":
            self._signed_in(user)

    def _enrolled(self, who: Enrolled) -> None:
        """Enrolled: bring the team (and their PIN hashes) down, then show the sign-in screen."""
        self._show_enrolled(who)
        self.models.session.enrolled(self._first_sync)

    def _first_sync(self) -> None:
        """Worker: start sync and wait (bounded) for the first cycle to settle."""
        runner = self.terminal.start_sync()
        if runner is None:
            return
        try:
            runner.wait_settled(FIRST_SYNC_S)
        except TimeoutError:
            log.warning("the first sync has not settled yet; the sign-in list fills in when it does")

    def provision(self, store: Store, user: User) -> None:
        """Worker, at sign-in: sync runs; a handheld without the user's orders waits for them."""
        from app.storage.work_orders import WorkOrderRepo

        if not WorkOrderRepo(store).summaries(user.user_id):
            runner = self.terminal.start_sync()
            if runner is not None:
                runner.sync_now()
                try:
                    runner.wait_settled(FIRST_SYNC_S)
                except TimeoutError:
                    log.warning("the day's orders have not come down yet")
        self.terminal.signed_in(user)
        self._bridge.signedIn.emit(user)

    def _start_live(self, user: User) -> None:
        """A supervisor's desk: the centre pushes that something changed, and the desk syncs at once
        (the regular polling goes on underneath, for when the push is cut)."""
        from app.storage.sync_state import SyncState
        from sync.live_stream import LiveStream

        self._stop_live()
        if user.role not in (Role.SUPERVISOR, Role.ADMINISTRATOR) or self.terminal.enrolled() is None:
            return
        store = self.terminal.store

        def connect() -> LiveStream:  # a worker: the centre's client opens the key store
            def state(up: bool) -> None:
                self._bridge.status.emit({"live": up})

            return LiveStream(self.terminal.centre().client, lambda: SyncState(store).cursor(),
                              self.terminal.sync_now, state).start()

        def started(live: LiveStream) -> None:
            if self.models.session.user is user:
                self._live = live
            else:  # signed out meanwhile
                live.stop()

        self.models.background.run(connect, started)

    def _stop_live(self, wait: bool = True) -> None:
        live, self._live = self._live, None
        if live is not None:
            live.stop(wait=wait)
            self._bridge.status.emit({"live": False})

    def _signed_in(self, user: User) -> None:
        """GUI thread: build the user's workflows on a worker (it loads the drivers), after the
        list has had its first frames; an order opened before then waits for them."""
        self._start_live(user)
        self.models.replacement.use(self._pending_flow(user), self.scanner(), self.terminal.before_step)
        self.models.detail.use_endings(lambda order_no: self.terminal.workflows_for(user).ending(order_no))
        self.models.inspection.use(lambda order_no: self.terminal.workflows_for(user).inspection(order_no),
                                   self.scanner(), self.terminal.before_step)
        self.models.background.run(lambda: (user, self.terminal.workflows_for(user)), self._wire_workflows)

    def _pending_flow(self, user: User) -> Callable[[str], ReplacementFlow]:
        def flow_for(order_no: str) -> ReplacementFlow:  # a worker: build them now, as the wiring would
            return self.terminal.workflows_for(user).replacement(order_no)

        return flow_for

    def _wire_workflows(self, built: tuple[User, Workflows]) -> None:
        """GUI thread: the replacement screens drive this user's workflows on this handheld's devices
        (unless someone else signed in while they were being built)."""
        user, workflows = built
        if self.models.session.user is user:
            self.models.replacement.use(workflows.replacement, self.scanner(), self.terminal.before_step)
            self.models.detail.use_endings(workflows.ending)
            self.models.inspection.use(workflows.inspection, self.scanner(), self.terminal.before_step)
            self.models.recharge.use(lambda: workflows.recharge(self.terminal.ask_centre(),
                                                                self.terminal.warm_centre()), self.scanner(),
                                     available=workflows.devices.card_security is not None
                                     and user.role is Role.TECHNICIAN,
                                     tasks_for=lambda: workflows.card_tasks(self.terminal.ask_centre()),
                                     before_scan=self.terminal.before_scan)

    def _show_status(self, status: Mapping[str, Any]) -> None:
        self.models.sync.update(status)
        if status.get("error_code") == "revoked":
            self.models.session.lock("revoked")
        success = str(status.get("last_success") or "")
        ended = "syncing" in status and self._was_syncing and not status["syncing"] and success
        if "syncing" in status:
            self._was_syncing = bool(status["syncing"])
        # new data may have come down: a new success, or a cycle just ended well (two cycles can end
        # in the same second, as when the centre pushes news right after the desk synced)
        if success and (success != self._last_success or ended):
            self._last_success = success
            self.models.tasks.refresh()
            self.models.session.refresh_users()
            self.models.inspection.refresh()  # the centre's correction of the open inspection
            self.models.recharge.resume()  # a purchase whose answer was lost gets its token

    def stop(self) -> None:
        self._stop_live()
        self.terminal.stop()
