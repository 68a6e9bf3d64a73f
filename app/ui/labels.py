"""Translatable names of the domain's codes (families, statuses, steps, kinds, roles).

The codes stay English identifiers in the store; the UI shows these labels,
translated at the moment they are shown (so a language switch re-labels them).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CTX = "Labels"

FAMILIES: dict[str, object] = {
    "replacement": QT_TRANSLATE_NOOP("Labels", "Replacement"),
    "inspection": QT_TRANSLATE_NOOP("Labels", "Inspection"),
    "prepaid": QT_TRANSLATE_NOOP("Labels", "Prepaid"),
}
FAMILY_ORDER = ["replacement", "inspection", "prepaid"]

STATUSES: dict[str, object] = {
    "requested": QT_TRANSLATE_NOOP("Labels", "Requested"),
    "assigned": QT_TRANSLATE_NOOP("Labels", "Assigned"),
    "downloaded": QT_TRANSLATE_NOOP("Labels", "Downloaded"),
    "in_progress": QT_TRANSLATE_NOOP("Labels", "In progress"),
    "suspended": QT_TRANSLATE_NOOP("Labels", "Suspended"),
    "completed": QT_TRANSLATE_NOOP("Labels", "Completed"),
    "uploaded": QT_TRANSLATE_NOOP("Labels", "Uploaded"),
    "accepted": QT_TRANSLATE_NOOP("Labels", "Accepted"),
    "rejected": QT_TRANSLATE_NOOP("Labels", "Rejected"),
    "cancelled": QT_TRANSLATE_NOOP("Labels", "Cancelled"),
    "reassigned": QT_TRANSLATE_NOOP("Labels", "Reassigned"),
}
# Work first: what is under way, then what is waiting, then what is finished.
STATUS_ORDER = ["in_progress", "rejected", "suspended", "downloaded", "assigned", "requested",
                "completed", "uploaded", "accepted", "reassigned", "cancelled"]

KINDS: dict[str, object] = {
    "meter_replace": QT_TRANSLATE_NOOP("Labels", "Meter replacement"),
    "new_install": QT_TRANSLATE_NOOP("Labels", "New installation"),
    "fault": QT_TRANSLATE_NOOP("Labels", "Fault repair"),
    "inspect": QT_TRANSLATE_NOOP("Labels", "Meter inspection"),
    "open_card": QT_TRANSLATE_NOOP("Labels", "Open a card"),
    "write_card": QT_TRANSLATE_NOOP("Labels", "Write a card"),
    "recharge": QT_TRANSLATE_NOOP("Labels", "Recharge"),
    "recharge_repair": QT_TRANSLATE_NOOP("Labels", "Repair a recharge"),
}

STEPS: dict[str, object] = {
    "identify_old": QT_TRANSLATE_NOOP("Labels", "Identify the old meter"),
    "read_old": QT_TRANSLATE_NOOP("Labels", "Read final readings"),
    "diagnose": QT_TRANSLATE_NOOP("Labels", "Diagnose the faulty meter"),
    "confirm": QT_TRANSLATE_NOOP("Labels", "Customer confirms"),
    "install_new": QT_TRANSLATE_NOOP("Labels", "Install the new meter"),
    "seal": QT_TRANSLATE_NOOP("Labels", "Seal"),
    "set_tariff": QT_TRANSLATE_NOOP("Labels", "Set the tariff"),
    "upload": QT_TRANSLATE_NOOP("Labels", "Upload"),
    "done": QT_TRANSLATE_NOOP("Labels", "Done"),
    "identify": QT_TRANSLATE_NOOP("Labels", "Identify the meter"),
    "read": QT_TRANSLATE_NOOP("Labels", "Read the meter"),
    "evidence": QT_TRANSLATE_NOOP("Labels", "Photos and seals"),
    "request": QT_TRANSLATE_NOOP("Labels", "Request the task"),
    "confirm_payment": QT_TRANSLATE_NOOP("Labels", "Confirm the payment"),
    "write_card": QT_TRANSLATE_NOOP("Labels", "Write the card"),
    "receipt": QT_TRANSLATE_NOOP("Labels", "Print the receipt"),
}

ROLES: dict[str, object] = {
    "technician": QT_TRANSLATE_NOOP("Labels", "Technician"),
    "supervisor": QT_TRANSLATE_NOOP("Labels", "Supervisor"),
    "administrator": QT_TRANSLATE_NOOP("Labels", "Administrator"),
    "metering_centre": QT_TRANSLATE_NOOP("Labels", "Metering centre"),
}

PRIORITIES: dict[str, object] = {
    "urgent": QT_TRANSLATE_NOOP("Labels", "Urgent"),
    "normal": QT_TRANSLATE_NOOP("Labels", "Normal"),
    "low": QT_TRANSLATE_NOOP("Labels", "Low"),
}


def label(table: dict[str, object], code: str) -> str:
    """The translated label of ``code`` (the code itself when unknown: a newer server's value)."""
    source = table.get(code)
    return code if source is None else QCoreApplication.translate(CTX, str(source))


def status_rank(status: str) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


def family_rank(family: str) -> int:
    return FAMILY_ORDER.index(family) if family in FAMILY_ORDER else len(FAMILY_ORDER)
