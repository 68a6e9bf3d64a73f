"""The guided steps of each work-order family, as transition tables.

Every step ends with its ``*_done`` event; a step that fails stays where it is
(the technician retries or suspends the order), so the flow is always resumable
at the step stored with the order.
"""

from __future__ import annotations

from enum import StrEnum

from app.domain.statemachine import TransitionTable, linear
from app.domain.work_orders import FAMILY_OF, Family, Kind


class ReplacementStep(StrEnum):
    IDENTIFY_OLD = "identify_old"  # scan barcode / RFID, match archive and IR address
    READ_OLD = "read_old"  # final readings over infrared
    CONFIRM = "confirm"  # customer signs; photo of the old meter's display
    INSTALL_NEW = "install_new"  # scan the new meter; read its address and initial readings
    SEAL = "seal"  # scan seals, choose positions
    SET_TARIFF = "set_tariff"  # write tariff with authorisation, read back
    UPLOAD = "upload"  # store the new archive record, print receipt
    DONE = "done"


class ReplacementEvent(StrEnum):
    OLD_IDENTIFIED = "old_identified"
    OLD_READ = "old_read"
    CONFIRMED = "confirmed"
    NEW_INSTALLED = "new_installed"
    SEALED = "sealed"
    TARIFF_SET = "tariff_set"
    SUBMITTED = "submitted"


class InspectionStep(StrEnum):
    """On site: identify, read, photograph and check the seals, upload. The centre then compares
    the reading with its records (server.inspections); correcting a finding on site is work of
    its own, after the centre's answer."""

    IDENTIFY = "identify"
    READ = "read"  # energy, clock, tariff, status words, events
    EVIDENCE = "evidence"  # photos of the meter, the seals seen on it
    UPLOAD = "upload"
    DONE = "done"


class InspectionEvent(StrEnum):
    IDENTIFIED = "identified"
    READ_DONE = "read_done"
    EVIDENCE_TAKEN = "evidence_taken"
    SUBMITTED = "submitted"


class PrepaidStep(StrEnum):
    REQUEST = "request"  # ask the centre to create the task
    IDENTIFY = "identify"  # read the card / identify the customer and meter
    CONFIRM_PAYMENT = "confirm_payment"  # the centre confirms the purchase, signs the credit
    WRITE_CARD = "write_card"  # open / write / credit / repair the card
    RECEIPT = "receipt"  # print the customer's receipt
    DONE = "done"


class PrepaidEvent(StrEnum):
    REQUESTED = "requested"
    IDENTIFIED = "identified"
    PAYMENT_CONFIRMED = "payment_confirmed"
    CARD_WRITTEN = "card_written"
    ALREADY_APPLIED = "already_applied"  # repair found the credit already on the card
    PRINTED = "printed"


REPLACEMENT: TransitionTable[ReplacementStep, ReplacementEvent] = TransitionTable(
    "meter replacement",
    linear("meter replacement", [
        (ReplacementStep.IDENTIFY_OLD, ReplacementEvent.OLD_IDENTIFIED),
        (ReplacementStep.READ_OLD, ReplacementEvent.OLD_READ),
        (ReplacementStep.CONFIRM, ReplacementEvent.CONFIRMED),
        (ReplacementStep.INSTALL_NEW, ReplacementEvent.NEW_INSTALLED),
        (ReplacementStep.SEAL, ReplacementEvent.SEALED),
        (ReplacementStep.SET_TARIFF, ReplacementEvent.TARIFF_SET),
        (ReplacementStep.UPLOAD, ReplacementEvent.SUBMITTED),
    ], ReplacementStep.DONE),
)

INSPECTION: TransitionTable[InspectionStep, InspectionEvent] = TransitionTable(
    "meter inspection",
    linear("meter inspection", [
        (InspectionStep.IDENTIFY, InspectionEvent.IDENTIFIED),
        (InspectionStep.READ, InspectionEvent.READ_DONE),
        (InspectionStep.EVIDENCE, InspectionEvent.EVIDENCE_TAKEN),
        (InspectionStep.UPLOAD, InspectionEvent.SUBMITTED),
    ], InspectionStep.DONE),
)

PREPAID: TransitionTable[PrepaidStep, PrepaidEvent] = TransitionTable("prepaid service", {
    (PrepaidStep.REQUEST, PrepaidEvent.REQUESTED): PrepaidStep.IDENTIFY,
    (PrepaidStep.IDENTIFY, PrepaidEvent.IDENTIFIED): PrepaidStep.CONFIRM_PAYMENT,
    (PrepaidStep.CONFIRM_PAYMENT, PrepaidEvent.PAYMENT_CONFIRMED): PrepaidStep.WRITE_CARD,
    (PrepaidStep.WRITE_CARD, PrepaidEvent.CARD_WRITTEN): PrepaidStep.RECEIPT,
    (PrepaidStep.WRITE_CARD, PrepaidEvent.ALREADY_APPLIED): PrepaidStep.RECEIPT,
    (PrepaidStep.RECEIPT, PrepaidEvent.PRINTED): PrepaidStep.DONE,
})

FIRST_STEP: dict[Family, str] = {
    Family.REPLACEMENT: ReplacementStep.IDENTIFY_OLD,
    Family.INSPECTION: InspectionStep.IDENTIFY,
    Family.PREPAID: PrepaidStep.REQUEST,
}


STEP_ORDER: dict[Family, list[str]] = {
    Family.REPLACEMENT: [s.value for s in ReplacementStep],
    Family.INSPECTION: [s.value for s in InspectionStep],
    Family.PREPAID: [s.value for s in PrepaidStep],
}


def steps_of(kind: Kind) -> list[str]:
    """The ordered step names a technician walks through for an order of ``kind``."""
    return STEP_ORDER[FAMILY_OF[kind]]
