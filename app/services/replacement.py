"""Installing a meter (装换), step by step, with no value typed by hand.

Each public method is one step of the order's table in :data:`app.domain.steps.INSTALLING`: a
replacement, a fault repair (the faulty meter is diagnosed rather than read: it may not
answer) or a new installation (no old meter). A step
does its device work first (no database transaction is held while the meter,
camera or printer works), then stores what it captured *and* moves the order to
the next step in one transaction, so a step is either wholly done or not at
all: a terminal killed at any moment resumes at the step it was on, with
nothing lost or duplicated. Every step is recorded for monitoring, failed or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from app.domain import identifiers
from app.domain.entities import UTILITY_TZ
from app.domain.inspection import expected_prices
from app.domain.records import MeterInstallation, Reading, Seal, SealPosition, Source
from app.domain.serialize import from_record, to_record
from app.domain.statemachine import TransitionTable
from app.domain.steps import INSTALLING, REPLACEMENT, ReplacementEvent, ReplacementStep
from app.domain.work_orders import Event, Kind, WorkOrder
from app.services.errors import SealReusedError, StepOrderError, TariffMismatchError, WrongMeterError
from app.services.field_devices import to_readings, value_text
from app.services.guided_flow import GuidedFlow, identify_meter
from app.services.meter_authorisations import authorisation_for
from app.services.replacement_plan import (
    FINAL_READING,
    FORWARD_TOTAL,
    INITIAL_READING,
    SEAL_NAMES,
    TARIFF_PRICE_DIS,
)
from app.storage.commands import CommandRepo
from device_drivers.meter.errors import NoReplyError
from device_drivers.meter.secure import SecureSession
from device_drivers.printer.receipts import ReplacementReceipt, SealEntry, replacement_bytes

MIN_SEALS = 2  # at least the terminal cover and the meter cover
FAULT_RECORD = "meter_fault"  # a fault repair's diagnosis (kept locally, sent in the result)
RECEIPT_TITLES = {Kind.METER_REPLACE: "换表回执", Kind.FAULT: "故障换表回执", Kind.NEW_INSTALL: "新装回执"}


@dataclass
class ReplacementFlow(GuidedFlow):
    TABLE: ClassVar[TransitionTable[ReplacementStep, ReplacementEvent]] = REPLACEMENT
    FIRST: ClassVar[ReplacementStep] = ReplacementStep.IDENTIFY_OLD

    def table(self) -> TransitionTable[ReplacementStep, ReplacementEvent]:
        return INSTALLING[self.order().kind]

    def step(self) -> ReplacementStep:
        step = self.order().step
        return ReplacementStep(step) if step else self.table().first

    # --- steps -----------------------------------------------------------------------------

    def begin(self) -> ReplacementStep:
        """Start (or resume) the order: it goes to in_progress at its first unfinished step."""
        self._begin()
        return self.step()

    def identify_old(self, scanned: str, source: Source = Source.BARCODE) -> str:
        """The old meter's barcode (or RFID tag) and its infrared address must match the archive."""
        order = self._expect(ReplacementStep.IDENTIFY_OLD)
        meter = order.archive.meter
        with self.recorder.step(self.order_no, ReplacementStep.IDENTIFY_OLD, meter=meter.asset_no) as op:
            try:
                address = identify_meter(self.devices, meter, scanned, source)
            except NoReplyError:
                if order.kind is not Kind.FAULT:
                    raise
                address = ""  # a faulty meter may not answer: its label is the archive's
            op.detail = f"{source.value}: {meter.asset_no}, infrared address {address or 'no answer'}"
            with self.store.transaction():
                self._advance(ReplacementEvent.OLD_IDENTIFIED)
                op.succeeded()
        return address

    def read_old(self) -> list[dict[str, str]]:
        """The old meter's final readings over infrared (IR-authenticated for its status word)."""
        order = self._expect(ReplacementStep.READ_OLD)
        address = order.archive.meter.address
        with self.recorder.step(self.order_no, ReplacementStep.READ_OLD, meter=address) as op:
            readings = self._final_readings(order, address)
            op.detail = f"{len(readings)} values"
            with self.store.transaction():
                self.records.save(readings)
                self._advance(ReplacementEvent.OLD_READ)
                op.succeeded()
        return [to_record(r) for r in readings]

    def diagnose(self, dead: bool = False) -> list[dict[str, str]]:
        """A fault repair's faulty meter: its final readings if it still answers; with ``dead``
        (the technician tapped "it does not answer" after a failed read), the record that it
        could not be read, so the centre settles the final reading from its own data."""
        order = self._expect(ReplacementStep.DIAGNOSE)
        address = order.archive.meter.address
        with self.recorder.step(self.order_no, ReplacementStep.DIAGNOSE, meter=address) as op:
            if dead:
                fault = {"order_no": self.order_no, "meter_address": address, "answers": False,
                         "at": self.clock().isoformat()}
                op.detail = "the faulty meter does not answer: recorded as unreadable"
                with self.store.transaction():
                    self.records.keep_local(self.order_no, FAULT_RECORD, fault)
                    self._advance(ReplacementEvent.DIAGNOSED)
                    op.succeeded()
                return []
            readings = self._final_readings(order, address)
            op.detail = f"the faulty meter answers: {len(readings)} values"
            with self.store.transaction():
                self.records.save(readings)
                self.records.keep_local(self.order_no, FAULT_RECORD, {
                    "order_no": self.order_no, "meter_address": address, "answers": True,
                    "at": self.clock().isoformat()})
                self._advance(ReplacementEvent.DIAGNOSED)
                op.succeeded()
        return [to_record(r) for r in readings]

    def _final_readings(self, order: WorkOrder, address: str) -> list[Reading]:
        auth = authorisation_for(CommandRepo(self.store), self.order_no, address)
        with self.devices.meter(address) as client:
            SecureSession(client, self.devices.meter_security, auth).ir_authenticate()
            values = client.read_many(FINAL_READING)
        return to_readings(values, order_no=self.order_no, meter_address=address, role="old", at=self.clock())

    def confirm(self, signature_png: bytes) -> tuple[str, str]:
        """The customer's signature (drawn on the screen) and a stamped photo of the old meter
        (of the new one, on a new installation).

        Returns the SHA-256 of the photo and of the signature."""
        order = self._expect(ReplacementStep.CONFIRM)
        new_install = order.kind is Kind.NEW_INSTALL
        asset = self.new_meter().asset_no if new_install else order.archive.meter.asset_no
        caption = "新表起度" if new_install else "旧表止度"
        with self.recorder.step(self.order_no, ReplacementStep.CONFIRM, meter=asset) as op:
            fix = self.devices.fix()
            photo = self.evidence.photo(self.devices.camera, order, asset, fix, caption, self.technician)
            signature = self.evidence.signature(signature_png, order, fix)
            op.detail = f"photo {photo.sha256[:12]}, signature {signature.sha256[:12]}"
            with self.store.transaction():  # both pieces of evidence and the step, or none of them
                self.evidence.keep(photo)
                self.evidence.keep(signature)
                self._advance(ReplacementEvent.CONFIRMED)
                op.succeeded()
        return photo.sha256, signature.sha256

    def install_new(self, scanned: str) -> str:
        """The new meter: the one the order assigns, or one from the technician's stock."""
        order = self._expect(ReplacementStep.INSTALL_NEW)
        with self.recorder.step(self.order_no, ReplacementStep.INSTALL_NEW) as op:
            asset = identifiers.asset_no(scanned)
            expected, from_stock = self._new_meter_address(order, asset)
            op.objects["new_meter"] = asset
            with self.devices.meter() as client:
                address = client.read_address()
                if address != expected:
                    raise WrongMeterError(f"the meter under the probe answers as {address}, but meter "
                                          f"{asset} should be {expected}: put the probe on the new meter")
                values = client.read_many(INITIAL_READING)
            readings = to_readings(values, order_no=self.order_no, meter_address=address, role="new",
                                   at=self.clock())
            op.detail = f"{asset} ({'stock' if from_stock else 'assigned'}), address {address}"
            installed = MeterInstallation(self.order_no, asset, address, from_stock, self.clock())
            with self.store.transaction():
                self.records.save([installed, *readings])
                if from_stock:
                    self.orders.take_from_stock(asset)
                self._advance(ReplacementEvent.NEW_INSTALLED)
                op.succeeded()
        return address

    def _new_meter_address(self, order: WorkOrder, asset: str) -> tuple[str, bool]:
        if asset == order.new_meter_asset_no:
            return order.new_meter_address, False
        address = self.orders.stock_address(asset, order.tech_id)
        if address is None:
            raise WrongMeterError(f"meter {asset} is neither the meter this order assigns "
                                  f"({order.new_meter_asset_no}) nor one of your stock: take the right meter")
        return address, True

    def new_meter(self) -> MeterInstallation:
        """The meter this order installed."""
        found = self.records.for_order(self.order_no, "meter_install")
        if not found:
            raise StepOrderError("the new meter has not been installed yet")
        return from_record(MeterInstallation, found[-1])

    def add_seal(self, scanned: str, position: SealPosition) -> Seal:
        """One seal: scanned, at a chosen position; a seal can be used once only."""
        self._expect(ReplacementStep.SEAL)
        asset = self.new_meter().asset_no
        with self.recorder.step(self.order_no, "seal_scan", seal=scanned.strip()) as op:
            seal_no = identifiers.seal_no(scanned)
            seal = Seal(self.order_no, seal_no, position, asset, self.clock())
            with self.store.transaction():  # checked and used in one go: never twice
                used_on = self.records.seal_used(seal_no)
                if used_on is not None:
                    where = "this order" if used_on == self.order_no else f"order {used_on}"
                    raise SealReusedError(f"seal {seal_no} was already used on {where}: take a new seal")
                self.records.save([seal])
                op.succeeded()
        return seal

    def seals(self) -> list[dict[str, str]]:
        return self.records.for_order(self.order_no, "seal")

    def finish_sealing(self) -> None:
        self._expect(ReplacementStep.SEAL)
        count = len(self.seals())
        if count < MIN_SEALS:
            raise StepOrderError(f"{count} seal(s) so far: seal at least the terminal cover and "
                                 "the meter cover")
        with self.store.transaction():
            self._advance(ReplacementEvent.SEALED)

    def set_tariff(self) -> list[str]:
        """Write the order's tariff prices to the new meter, read them back and compare."""
        order = self._expect(ReplacementStep.SET_TARIFF)
        address = self.new_meter().address
        prices = expected_prices(order.archive.tariff)
        auth = authorisation_for(CommandRepo(self.store), self.order_no, address)
        with self.recorder.step(self.order_no, ReplacementStep.SET_TARIFF, meter=address) as op:
            with self.devices.meter(address) as client:
                session = SecureSession(client, self.devices.meter_security, auth)
                session.ir_authenticate()
                session.identity_authenticate()
                for di, price in zip(TARIFF_PRICE_DIS, prices, strict=True):
                    session.write(di, price)
                back = client.read_many(TARIFF_PRICE_DIS)
            wrong = [f"{v.code}: {value_text(v.value)} instead of {p}"
                     for v, p in zip(back, prices, strict=True) if v.value != p]
            if wrong:
                raise TariffMismatchError("the meter holds other prices than were written ("
                                          + "; ".join(wrong) + "): write the tariff again")
            readings = to_readings(back, order_no=self.order_no, meter_address=address, role="new",
                                   at=self.clock())
            op.detail = "prices " + ", ".join(str(p) for p in prices)
            with self.store.transaction():
                self.records.save(readings)
                self._advance(ReplacementEvent.TARIFF_SET)
                op.succeeded()
        return [str(p) for p in prices]

    def complete(self) -> dict[str, object]:
        """Store the new archive record and complete the order, in one transaction; sync takes it on."""
        order = self._expect(ReplacementStep.UPLOAD)
        with self.recorder.step(self.order_no, ReplacementStep.UPLOAD) as op:
            result = self._result(order)
            op.detail = "new archive record stored"
            with self.store.transaction():
                self.records.save_result(self.order_no, result)
                self._advance(ReplacementEvent.SUBMITTED)
                self.orders.apply_event(self.order_no, Event.COMPLETE)
                op.succeeded()
        return result

    def _result(self, order: WorkOrder) -> dict[str, object]:
        installed = self.new_meter()
        readings = self.records.for_order(self.order_no, "reading")
        events = self.records.for_order(self.order_no, "operation_event")
        return {
            "order_no": self.order_no, "kind": order.kind.value, "technician": order.tech_id,
            "customer_no": order.archive.customer.customer_no,
            "old_meter": None if order.kind is Kind.NEW_INSTALL else {
                "asset_no": order.archive.meter.asset_no, "address": order.archive.meter.address},
            "fault": self.records.local(self.order_no, FAULT_RECORD),  # a fault repair's diagnosis
            "new_meter": to_record(installed),
            "tariff": {"code": order.archive.tariff.code,
                       "prices": [str(p) for p in expected_prices(order.archive.tariff)]},
            "readings": readings,
            "seals": self.seals(),
            "attachments": self.evidence.attachments.hashes_of(self.order_no),
            "gps_trail": self.records.for_order(self.order_no, "gps_fix"),
            "steps": [{k: e[k] for k in ("step", "started_at", "ended_at", "result")} for e in events],
            "completed_at": self.clock().isoformat(),
        }

    def receipt(self) -> ReplacementReceipt:
        """The customer's receipt for this replacement."""
        order = self.order()
        installed = self.new_meter()

        def forward_total(role: str) -> Decimal | None:
            for r in self.records.for_order(self.order_no, "reading"):
                if r["role"] == role and r["di"] == FORWARD_TOTAL:
                    return Decimal(r["value"])
            return None

        seals = tuple(SealEntry(s["seal_no"], SEAL_NAMES.get(s["position"], s["position"]))
                      for s in self.seals())
        return ReplacementReceipt(
            order_no=self.order_no, customer_no=order.archive.customer.customer_no,
            customer_name=order.archive.customer.name,
            old_meter_asset_no="" if order.kind is Kind.NEW_INSTALL else order.archive.meter.asset_no,
            old_final_reading_kwh=forward_total("old"), new_meter_asset_no=installed.asset_no,
            new_start_reading_kwh=forward_total("new") or Decimal(0), seals=seals,
            time=self.clock().astimezone(UTILITY_TZ), technician=self.technician or order.tech_id,
            title=RECEIPT_TITLES[order.kind])

    def print_receipt(self) -> None:
        """Print the customer's receipt; a printer problem raises and may be retried (nothing is lost)."""
        with self.recorder.step(self.order_no, "print_receipt"):
            self.devices.print_job(replacement_bytes(self.receipt()))
