"""Demo mode with the whole system: the embedded central server, the simulators, real sync.

Signing in provisions the terminal the way the field does it: a one-time enrolment
code for the user, then a sync that brings their orders down. The demo world starts
on the first sign-in, on a worker thread (the sign-in screen shows the loading state).
The sync runner's status reaches the indicator through a queued signal, since the
runner calls its listeners on its own thread.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.domain.entities import User
from app.settings import Settings
from app.ui.composition import UiModels

if TYPE_CHECKING:
    from app.demo.environment import DemoEnvironment
    from app.services.workflows import Workflows
    from app.storage.db import Store
    from sync.runner import SyncRunner


class _StatusBridge(QObject):
    """Carries work from worker threads to the GUI thread (queued connections)."""

    status = Signal(object)
    provisioned = Signal()


class DemoWiring:
    def __init__(self, settings: Settings, models: UiModels) -> None:
        self.settings = settings
        self.models = models
        self.env: DemoEnvironment | None = None
        self.runner: SyncRunner | None = None
        self.workflows: Workflows | None = None
        self._lock = threading.Lock()
        self._last_success = ""
        self._bridge = _StatusBridge()
        self._bridge.status.connect(self._show_status)
        self._bridge.provisioned.connect(self._wire_replacement)  # GUI-thread objects, GUI thread
        models.bootstrap.provisioner = self.provision
        models.sync.syncRequested.connect(self.sync_now)

    def provision(self, store: Store, user: User) -> None:
        """On a worker: start the demo world if needed, enrol for ``user``, sync their work down."""
        from app.demo.environment import DemoEnvironment
        from app.services.workflows import Workflows
        from app.storage.sync_state import SyncState

        with self._lock:
            if self.env is None:
                self.env = DemoEnvironment.start(self.settings.home / "demo-world")
            runner = self.env.provision(store, user, self.settings.data_dir)
            runner.add_listener(lambda s: self._bridge.status.emit(s.as_dict()))
            self.runner = runner
            identity = SyncState(store).identity()
            assert identity is not None, "provisioning left the terminal without an identity"
            self.workflows = Workflows(
                store, self.env.field_devices(identity.command_key), self.settings.data_dir,
                identity.device_id, user.user_id, user.name,
                link_state=lambda: "online" if runner.status().online else "offline",
                after_change=runner.outbox_changed)
        self._bridge.provisioned.emit()
        self._bridge.status.emit(runner.status().as_dict())

    def _wire_replacement(self) -> None:
        """The replacement screens on the demo world's devices; the camera and probe follow the step."""
        from app.demo.scene import DemoScene
        from app.ui.replacement_wiring import camera_scanner

        env, workflows = self.env, self.workflows
        assert env is not None and workflows is not None
        scene = DemoScene(env.camera, probe=lambda address: env.look_at(address=address))
        self.models.replacement.use(workflows.replacement, camera_scanner(env.camera), scene.on_step)

    def _show_status(self, status: Mapping[str, Any]) -> None:
        self.models.sync.update(status)
        success = str(status.get("last_success") or "")
        if success and success != self._last_success:  # new data may have come down
            self._last_success = success
            self.models.tasks.refresh()

    def sync_now(self) -> None:
        if self.runner is not None:
            self.runner.sync_now()

    def stop(self) -> None:
        with self._lock:
            if self.env is not None:
                self.env.stop()
                self.env = None
            self.runner = None
