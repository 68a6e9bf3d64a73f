"""Building a workflow for an order on this terminal: store, devices, monitoring, evidence.

The composition root makes one :class:`Workflows` once the terminal knows who is
signed in and which devices it has (real ports in the field, simulators in the demo).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.services.card_access import CardAccess
from app.services.card_tasks import CardTasks
from app.services.evidence import EvidenceKeeper
from app.services.field_devices import FieldDevices
from app.services.gps_trail import OrderTrail
from app.services.inspection import InspectionFlow
from app.services.monitoring import OperationRecorder
from app.services.order_ending import OrderEnding
from app.services.recharge import AskCentre, RechargeFlow
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
    trail: OrderTrail | None = None  # the open order's GPS trail (None: the place of each step only)
    command_key: bytes = b""  # the server's raw Ed25519 key (opens its corrections)
    event_key: bytes = b""  # the device's event-chain key: every monitoring record is sealed with it

    def recorder(self, order_no: str = "") -> OperationRecorder:
        """Monitoring records; with ``order_no``, each step's place is also a point of its trail."""
        trail = self.trail
        position = self.devices.fix if trail is None or not order_no else lambda: trail.point(order_no)
        return OperationRecorder(RecordRepo(self.store, self.event_key), self.device_id, self.user_id,
                                 link_state=self.link_state, position=position)

    def replacement(self, order_no: str) -> ReplacementFlow:
        if self.trail is not None:
            self.trail.follow(order_no)
        return ReplacementFlow(self.store, self.devices, self.recorder(order_no),
                               EvidenceKeeper(AttachmentStore(self.store, self.data_dir)), order_no,
                               technician=self.technician)

    def ending(self, order_no: str) -> OrderEnding:
        """Ending ``order_no`` unfinished (a reason and a photo), whatever its family."""
        return OrderEnding(self.store, self.devices, self.recorder(order_no),
                           EvidenceKeeper(AttachmentStore(self.store, self.data_dir)), order_no,
                           technician=self.technician)

    def recharge(self, ask_centre: AskCentre, warm_link: Callable[[], None] = lambda: None) -> RechargeFlow:
        """A prepaid recharge at the door (the order is asked of the centre: ``ask_centre``; ``warm_link``
        opens the connection ahead of the ask)."""
        return RechargeFlow(self.store, self.devices, self.recorder(), self.command_key, ask_centre,
                            technician=self.technician, warm_link=warm_link)

    def card_tasks(self, ask_centre: AskCentre) -> CardTasks:
        """Write card and repair at the door (the centre signs and decides: ``ask_centre``)."""
        recharge = self.recharge(ask_centre)
        return CardTasks(self.store, CardAccess(self.devices, self.command_key), self.recorder(), ask_centre,
                         recharge.complete_pending)

    def inspection(self, order_no: str) -> InspectionFlow:
        if self.trail is not None:
            self.trail.follow(order_no)
        return InspectionFlow(self.store, self.devices, self.recorder(order_no),
                              EvidenceKeeper(AttachmentStore(self.store, self.data_dir)), order_no,
                              technician=self.technician, command_key=self.command_key)
