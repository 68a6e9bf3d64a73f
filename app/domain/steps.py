"""The guided steps of each work-order family, as transition tables.

Every step ends with its ``*_done`` event; a step that fails stays where it is
(the technician retries or suspends the order), so the flow is always resumable
at the step stored with the order.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from app.domain.statemachine import TransitionTable, linear
from app.domain.work_orders import FAMILY_OF, Family, Kind


class ReplacementStep(StrEnum):
    """The steps of the orders that install a meter. A replacement walks all but DIAGNOSE; a
    fault repair diagnoses the faulty meter instead of reading it (it may not answer); a new
    installation has no old meter: it installs, seals, sets the tariff, then the customer signs."""

    IDENTIFY_OLD = "identify_old"  # scan barcode / RFID, match archive and IR address
    READ_OLD = "read_old"  # final readings over infrared
    DIAGNOSE = "diagnose"  # fault repair: read what the faulty meter still answers, or record it is dead
    CONFIRM = "confirm"  # customer signs; photo of the old meter's display
    INSTALL_NEW = "install_new"  # scan the new meter; read its address and initial readings
    SEAL = "seal"  # scan seals, choose positions
    SET_TARIFF = "set_tariff"  # write tariff with authorisation, read back
    UPLOAD = "upload"  # store the new archive record, print receipt
    DONE = "done"


class ReplacementEvent(StrEnum):
    OLD_IDENTIFIED = "old_identified"
    OLD_READ = "old_read"
    DIAGNOSED = "diagnosed"
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


_R, _E = ReplacementStep, ReplacementEvent
_INSTALL_AND_SEAL = [(_R.INSTALL_NEW, _E.NEW_INSTALLED), (_R.SEAL, _E.SEALED), (_R.SET_TARIFF, _E.TARIFF_SET)]

REPLACEMENT: TransitionTable[ReplacementStep, ReplacementEvent] = TransitionTable(
    "meter replacement",
    linear("meter replacement", [
        (_R.IDENTIFY_OLD, _E.OLD_IDENTIFIED), (_R.READ_OLD, _E.OLD_READ), (_R.CONFIRM, _E.CONFIRMED),
        *_INSTALL_AND_SEAL, (_R.UPLOAD, _E.SUBMITTED),
    ], _R.DONE),
)

FAULT_REPAIR: TransitionTable[ReplacementStep, ReplacementEvent] = TransitionTable(
    "fault repair",
    linear("fault repair", [
        (_R.IDENTIFY_OLD, _E.OLD_IDENTIFIED), (_R.DIAGNOSE, _E.DIAGNOSED), (_R.CONFIRM, _E.CONFIRMED),
        *_INSTALL_AND_SEAL, (_R.UPLOAD, _E.SUBMITTED),
    ], _R.DONE),
)

NEW_INSTALLATION: TransitionTable[ReplacementStep, ReplacementEvent] = TransitionTable(
    "new installation",
    linear("new installation", [*_INSTALL_AND_SEAL, (_R.CONFIRM, _E.CONFIRMED), (_R.UPLOAD, _E.SUBMITTED)],
           _R.DONE),
)

INSTALLING: dict[Kind, TransitionTable[ReplacementStep, ReplacementEvent]] = {
    Kind.METER_REPLACE: REPLACEMENT, Kind.FAULT: FAULT_REPAIR, Kind.NEW_INSTALL: NEW_INSTALLATION,
}

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

TABLE_OF: dict[Kind, TransitionTable[Any, Any]] = {
    **INSTALLING,
    **{k: INSPECTION for k, f in FAMILY_OF.items() if f is Family.INSPECTION},
    **{k: PREPAID for k, f in FAMILY_OF.items() if f is Family.PREPAID},
}


def first_step(kind: Kind) -> str:
    """The step an order of ``kind`` starts at."""
    return str(TABLE_OF[kind].first)


def steps_of(kind: Kind) -> list[str]:
    """The ordered step names a technician walks through for an order of ``kind`` (with ``done``)."""
    return [str(s) for s in TABLE_OF[kind].sequence()]
