"""Building a workflow for an order on this terminal: store, devices, monitoring, evidence.

The composition root makes one :class:`Workflows` once the terminal knows who is
signed in and which devices it has (real ports in the field, simulators in the demo).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.services.evidence import EvidenceKeeper
from app.services.field_devices import FieldDevices
from app.services.monitoring import OperationRecorder
from app.services.replacement import ReplacementFlow
from app.storage.attachments import AttachmentStore
from app.storage.db import Store
from app.storage.records import RecordRepo


@dataclass
class Workflows:
    store: Store
    devices: FieldDevices
    data_dir: Path
    device_id: str
    user_id: str
    technician: str
    link_state: Callable[[], str] = lambda: "offline"
    after_change: Callable[[], None] = lambda: None  # e.g. tell the sync runner the outbox grew

    def recorder(self) -> OperationRecorder:
        return OperationRecorder(RecordRepo(self.store), self.device_id, self.user_id,
                                 link_state=self.link_state, position=self.devices.fix)

    def replacement(self, order_no: str) -> ReplacementFlow:
        return ReplacementFlow(self.store, self.devices, self.recorder(),
                               EvidenceKeeper(AttachmentStore(self.store, self.data_dir)), order_no,
                               technician=self.technician)
