"""Evidence: stamped photos and customers' signatures, kept content-addressed for upload.

Taking evidence (:meth:`EvidenceKeeper.photo`, :meth:`EvidenceKeeper.signature`) and
keeping it (:meth:`EvidenceKeeper.keep`) are separate, so a step can keep its evidence
in the same transaction as the step itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from app.domain.entities import UTILITY_TZ
from app.domain.records import Attachment, GpsFix
from app.domain.work_orders import WorkOrder
from app.storage.attachments import AttachmentStore
from device_drivers.camera.evidence import stamp
from device_drivers.camera.model import Camera, EvidenceInfo


@dataclass(frozen=True, slots=True)
class Evidence:
    data: bytes
    meta: Attachment

    @property
    def sha256(self) -> str:
        return self.meta.sha256


@dataclass
class EvidenceKeeper:
    attachments: AttachmentStore
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def photo(self, camera: Camera, order: WorkOrder, meter_asset_no: str, fix: GpsFix | None,
              caption: str, technician: str = "") -> Evidence:
        """Take a photo stamped with order, meter, time (China time) and position."""
        now = self.clock()
        info = EvidenceInfo(order_no=order.order_no, meter_asset_no=meter_asset_no,
                            taken_at=now.astimezone(UTILITY_TZ),
                            lat=fix.lat if fix else None, lon=fix.lon if fix else None,
                            accuracy_m=fix.accuracy_m if fix else None, technician=technician, note=caption)
        stamped = stamp(camera.capture(), info)
        return self._evidence(stamped.data, "photo", stamped.mime, order, caption, now, fix)

    def signature(self, png: bytes, order: WorkOrder, fix: GpsFix | None) -> Evidence:
        """The customer's signature as drawn on the screen."""
        if not png.startswith(b"\x89PNG"):
            raise ValueError("the signature is not a PNG picture")
        return self._evidence(png, "signature", "image/png", order, "客户签名", self.clock(), fix)

    def keep(self, evidence: Evidence) -> str:
        """Store the evidence and queue it for upload (joins the caller's transaction)."""
        self.attachments.add(evidence.data, evidence.meta)
        return evidence.sha256

    @staticmethod
    def _evidence(data: bytes, kind: str, mime: str, order: WorkOrder, caption: str, at: datetime,
                  fix: GpsFix | None) -> Evidence:
        digest = hashlib.sha256(data).hexdigest()
        return Evidence(data, Attachment(sha256=digest, kind=kind, mime=mime, size=len(data),
                                         order_no=order.order_no, caption=caption, taken_at=at, fix=fix))
