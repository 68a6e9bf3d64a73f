"""Meter inspection (巡查) on site, step by step, with no value typed by hand.

identify (label and infrared address against the archive) → read (the inspection set over
infrared: registers, clock, prices, status words, events, the prepaid purse) → evidence (a
stamped photo of the meter, the seals seen on it, scanned) → upload. Each step follows
:mod:`app.services.guided_flow`: device work first, then what it captured and the move to the
next step in one transaction. The work result carries the meter as read
(:class:`~app.domain.inspection.MeterSnapshot`), which the centre compares with its records
(``server.inspections``, the shared rules of :mod:`app.domain.inspection_rules`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, ClassVar

from app.domain import identifiers
from app.domain.entities import UTILITY_TZ, TouPoint
from app.domain.inspection import TARIFFS, MeterSnapshot, SealSeen
from app.domain.meter_items import FORWARD, PRICES, STATUS_WORDS
from app.domain.meter_items import MeterItem as M
from app.domain.records import SealPosition, Source
from app.domain.serialize import from_record, to_record
from app.domain.statemachine import TransitionTable
from app.domain.steps import INSPECTION, InspectionEvent, InspectionStep
from app.domain.work_orders import Event
from app.services import correction as corrections
from app.services.errors import StepOrderError
from app.services.field_devices import to_readings
from app.services.guided_flow import GuidedFlow, identify_meter
from app.services.meter_authorisations import authorisation_for
from app.storage.commands import CommandRepo
from device_drivers.meter.inspection import INSPECTION_SET
from device_drivers.meter.protocol import Reading as MeterValue
from device_drivers.meter.secure import SecureSession
from signed_commands.correction import MeterCorrection

SNAPSHOT = "meter_snapshot"  # the record entity of the meter as read (one per order, replaced)


def _local(moment: datetime) -> datetime:
    """A meter time (its grid's local time, without a zone) as an aware time."""
    return moment.replace(tzinfo=UTILITY_TZ) if moment.tzinfo is None else moment


def snapshot_of(values: list[MeterValue], *, read_at: datetime, address: str, asset_no: str) -> MeterSnapshot:
    """The meter as the inspection set read it; an item it did not answer keeps its default."""
    by_di = {int(v.code, 16): v.value for v in values}

    def decimals(dis: tuple[int, ...]) -> tuple[Decimal, ...]:
        found = [by_di.get(di) for di in dis]
        return tuple(v for v in found if isinstance(v, Decimal)) if all(
            isinstance(v, Decimal) for v in found) else ()

    day, clock = by_di.get(M.DATE), by_di.get(M.TIME)
    meter_clock = _local(datetime.combine(day, clock)) if isinstance(day, date) and isinstance(
        clock, time) else read_at
    cover = by_di.get(M.LAST_COVER_OPEN)
    last_cover = cover.get("start") if isinstance(cover, dict) else None
    forward = decimals(FORWARD)
    label = by_di.get(M.ASSET_NUMBER)
    return MeterSnapshot(
        read_at=read_at, meter_clock=meter_clock, address=address,
        asset_no=str(label) if isinstance(label, str) and label.strip("0") else asset_no,
        forward_kwh=forward or (Decimal(0),) * 5, tariff_prices=decimals(PRICES),
        status_words=tuple(w for w in (by_di.get(di) for di in STATUS_WORDS) if isinstance(w, int)),
        tou_table=_tou_table(by_di.get(M.TOU_DAY)),
        cover_open_count=_int(by_di.get(M.COVER_OPEN_COUNT), 0),
        power_down_count=_int(by_di.get(M.POWER_DOWN_COUNT), None),
        last_cover_open=_local(last_cover) if isinstance(last_cover, datetime) else None,
        remaining_money=_decimal(by_di.get(M.REMAINING_MONEY)),
        purchase_count=_int(by_di.get(M.PURCHASE_COUNT), None),
        total_purchased=_decimal(by_di.get(M.TOTAL_PURCHASED)))


def _tou_table(value: Any) -> tuple[TouPoint, ...]:
    """The meter's switching points ("HH:MM=N" texts) as the domain's; () if not read, or if the
    meter bills a tariff this utility's meters do not have (the table is then not compared)."""
    if not isinstance(value, tuple):
        return ()
    points = [(str(p).split("=")[0], int(str(p).split("=")[1])) for p in value]
    return tuple(points) if all(1 <= n <= TARIFFS for _, n in points) else ()


def _int(value: Any, default: int | None) -> Any:
    return value if isinstance(value, int) else default


def _decimal(value: Any) -> Decimal | None:
    return value if isinstance(value, Decimal) else None


@dataclass
class InspectionFlow(GuidedFlow):
    TABLE: ClassVar[TransitionTable[InspectionStep, InspectionEvent]] = INSPECTION
    FIRST: ClassVar[InspectionStep] = InspectionStep.IDENTIFY
    command_key: bytes = b""  # the server's raw Ed25519 key: opens its corrections

    def correction(self) -> MeterCorrection | None:
        """The centre's correction for this meter, once the inspection is uploaded (None: none)."""
        if self.step() is not InspectionStep.DONE or not self.command_key:
            return None
        return corrections.pending(self, self.command_key)

    def correction_written(self) -> dict[str, Any] | None:
        """The centre's correction as written and read back on this order (None: not written)."""
        return self.records.local(self.order_no, corrections.DONE)

    def correct(self) -> dict[str, Any]:
        """Write the centre's correction, read back, report (see :mod:`app.services.correction`)."""
        found = self.correction()
        if found is None:
            raise StepOrderError("there is no correction from the centre for this meter")
        return corrections.write(self, found)

    def step(self) -> InspectionStep:
        step = self.order().step
        return InspectionStep(step) if step else InspectionStep.IDENTIFY

    def begin(self) -> InspectionStep:
        self._begin()
        return self.step()

    def identify(self, scanned: str, source: Source = Source.BARCODE) -> str:
        order = self._expect(InspectionStep.IDENTIFY)
        meter = order.archive.meter
        with self.recorder.step(self.order_no, InspectionStep.IDENTIFY, meter=meter.asset_no) as op:
            address = identify_meter(self.devices, meter, scanned, source)
            op.detail = f"{source.value}: {meter.asset_no}, infrared address {address}"
            with self.store.transaction():
                self._advance(InspectionEvent.IDENTIFIED)
                op.succeeded()
        return address

    def read(self) -> MeterSnapshot:
        """The inspection set over infrared (IR-authenticated with the order's authorisation)."""
        order = self._expect(InspectionStep.READ)
        meter = order.archive.meter
        auth = authorisation_for(CommandRepo(self.store), self.order_no, meter.address)
        with self.recorder.step(self.order_no, InspectionStep.READ, meter=meter.address) as op:
            with self.devices.meter(meter.address) as client:
                SecureSession(client, self.devices.meter_security, auth).ir_authenticate()
                values = [v for v in client.read_each(INSPECTION_SET) if isinstance(v, MeterValue)]
            at = self.clock()
            readings = to_readings(values, order_no=self.order_no, meter_address=meter.address,
                                   role="inspected", at=at)
            snapshot = snapshot_of(values, read_at=at, address=meter.address, asset_no=meter.asset_no)
            op.detail = f"{len(readings)} values"
            with self.store.transaction():
                self.records.save(readings)
                self._keep(snapshot)
                self._advance(InspectionEvent.READ_DONE)
                op.succeeded()
        return snapshot

    def photo(self) -> str:
        """A stamped photo of the meter as found (its SHA-256)."""
        order = self._expect(InspectionStep.EVIDENCE)
        asset = order.archive.meter.asset_no
        with self.recorder.step(self.order_no, "inspection_photo", meter=asset) as op:
            photo = self.evidence.photo(self.devices.camera, order, asset, self.devices.fix(), "巡查表计",
                                        self.technician)
            op.detail = f"photo {photo.sha256[:12]}"
            with self.store.transaction():
                self.evidence.keep(photo)
                op.succeeded()
        return photo.sha256

    def see_seal(self, scanned: str, position: SealPosition) -> SealSeen:
        """A seal found on the meter, scanned (a seal seen, not a seal applied: no stock, no claim)."""
        self._expect(InspectionStep.EVIDENCE)
        with self.recorder.step(self.order_no, "seal_seen", seal=scanned.strip()) as op:
            seen: SealSeen = (position, identifiers.seal_no(scanned))
            with self.store.transaction():
                snapshot = self.snapshot()
                others = tuple(s for s in snapshot.seals_seen if s[0] is not position)
                self._keep(dataclasses.replace(snapshot, seals_seen=(*others, seen)))
                op.succeeded()
        return seen

    def finish_evidence(self) -> None:
        order = self._expect(InspectionStep.EVIDENCE)
        if not self.evidence.attachments.hashes_of(order.order_no):
            raise StepOrderError("take a photo of the meter first")
        with self.store.transaction():
            self._advance(InspectionEvent.EVIDENCE_TAKEN)

    def complete(self) -> dict[str, object]:
        """The work result (the meter as read, the seals seen, the evidence) and the order's
        completion, in one transaction; sync takes it on."""
        order = self._expect(InspectionStep.UPLOAD)
        with self.recorder.step(self.order_no, InspectionStep.UPLOAD) as op:
            result = {
                "order_no": self.order_no, "kind": order.kind.value, "technician": order.tech_id,
                "customer_no": order.archive.customer.customer_no, "outcome": "done",
                "snapshot": to_record(self.snapshot()),
                "readings": self.records.for_order(self.order_no, "reading"),
                "attachments": self.evidence.attachments.hashes_of(self.order_no),
                "gps_trail": self.records.for_order(self.order_no, "gps_fix"),
                "steps": [{k: e[k] for k in ("step", "started_at", "ended_at", "result")}
                          for e in self.records.for_order(self.order_no, "operation_event")],
                "completed_at": self.clock().isoformat()}
            op.detail = "inspection stored"
            with self.store.transaction():
                self.records.save_result(self.order_no, result)
                self._advance(InspectionEvent.SUBMITTED)
                self.orders.apply_event(self.order_no, Event.COMPLETE)
                op.succeeded()
        return result

    def snapshot(self) -> MeterSnapshot:
        """The meter as this order read it (raises before the read step)."""
        found = self.records.local(self.order_no, SNAPSHOT)
        if found is None:
            raise StepOrderError("the meter has not been read yet")
        return from_record(MeterSnapshot, found)

    def _keep(self, snapshot: MeterSnapshot) -> None:
        self.records.keep_local(self.order_no, SNAPSHOT, to_record(snapshot))
