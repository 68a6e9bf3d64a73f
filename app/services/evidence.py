"""Evidence: stamped photos and customers' signatures, kept content-addressed for upload."""

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


@dataclass
class EvidenceKeeper:
    attachments: AttachmentStore
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def photo(self, camera: Camera, order: WorkOrder, meter_asset_no: str, fix: GpsFix | None,
              caption: str, technician: str = "") -> str:
        """Take a photo, stamp it with order, meter, time and position; keep it. Returns its SHA-256."""
        now = self.clock()
        info = EvidenceInfo(order_no=order.order_no, meter_asset_no=meter_asset_no,
                            taken_at=now.astimezone(UTILITY_TZ),
                            lat=fix.lat if fix else None, lon=fix.lon if fix else None,
                            accuracy_m=fix.accuracy_m if fix else None, technician=technician, note=caption)
        stamped = stamp(camera.capture(), info)
        return self._keep(stamped.data, "photo", stamped.mime, order, caption, now, fix)

    def signature(self, png: bytes, order: WorkOrder, fix: GpsFix | None) -> str:
        """Keep the customer's signature as drawn on the screen."""
        if not png.startswith(b"\x89PNG"):
            raise ValueError("the signature is not a PNG picture")
        return self._keep(png, "signature", "image/png", order, "客户签名", self.clock(), fix)

    def _keep(self, data: bytes, kind: str, mime: str, order: WorkOrder, caption: str, at: datetime,
              fix: GpsFix | None) -> str:
        digest = hashlib.sha256(data).hexdigest()
        self.attachments.add(data, Attachment(sha256=digest, kind=kind, mime=mime, size=len(data),
                                              order_no=order.order_no, caption=caption, taken_at=at, fix=fix))
        return digest
