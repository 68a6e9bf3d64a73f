"""What a team leader or an administrator reads when the centre refuses an act, in their language.

The desktop screens (dispatch, administration, stock) call the centre's JSON routes; a
refusal carries the server's stable ``code`` (:class:`~sync.centre_client.CentreRefusedError`),
a cut link or a refused terminal the client's own. The screen shows the translation of the
code, never the server's English text.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CTX = "CentreMessages"

REFUSALS: dict[str, object] = {
    # the link and the terminal
    "network": QT_TRANSLATE_NOOP("CentreMessages", "The centre cannot be reached. Check the network and try again."),
    "server_unavailable": QT_TRANSLATE_NOOP("CentreMessages", "The centre is busy. Try again in a moment."),
    "protocol": QT_TRANSLATE_NOOP("CentreMessages", "The centre's answer could not be read: update the app."),
    "not_enrolled": QT_TRANSLATE_NOOP("CentreMessages", "This terminal is not enrolled with the centre."),
    "revoked": QT_TRANSLATE_NOOP("CentreMessages", "This terminal has been locked by the centre."),
    "certificate_mismatch": QT_TRANSLATE_NOOP("CentreMessages", "The centre's certificate is not the one this terminal knows. Nothing was sent. Tell the administrator."),
    "forbidden": QT_TRANSLATE_NOOP("CentreMessages", "This terminal's user may not do this. Dispatch is for team leaders, administration for administrators."),
    "out_of_scope": QT_TRANSLATE_NOOP("CentreMessages", "This order belongs to another team or region."),
    # dispatch
    "unknown_order": QT_TRANSLATE_NOOP("CentreMessages", "The centre has no such order any more. Refresh the list."),
    "already_assigned": QT_TRANSLATE_NOOP("CentreMessages", "Someone has assigned this order meanwhile. Refresh the list; reassign it if needed."),
    "illegal_transition": QT_TRANSLATE_NOOP("CentreMessages", "The order's state does not allow this any more (it may be finished or cancelled). Refresh the list."),
    "wrong_team": QT_TRANSLATE_NOOP("CentreMessages", "This technician is not in the order's team."),
    "invalid": QT_TRANSLATE_NOOP("CentreMessages", "The centre refused this: check the choice and try again."),
    # administration
    "duplicate_user": QT_TRANSLATE_NOOP("CentreMessages", "A user with this staff number already exists."),
    "duplicate_team": QT_TRANSLATE_NOOP("CentreMessages", "A team with this number already exists."),
    "unknown_user": QT_TRANSLATE_NOOP("CentreMessages", "The centre has no such user."),
    "unknown_team": QT_TRANSLATE_NOOP("CentreMessages", "The centre has no such team."),
    "team_not_allowed": QT_TRANSLATE_NOOP("CentreMessages", "Administrators and the metering centre belong to no team."),
    "team_of_other_company": QT_TRANSLATE_NOOP("CentreMessages", "This team belongs to another company."),
    "missing_field": QT_TRANSLATE_NOOP("CentreMessages", "Fill in every field."),
    "bad_id": QT_TRANSLATE_NOOP("CentreMessages", "A number is 1 to 32 letters, digits, '-', '_' or '.'."),
    "reserved_id": QT_TRANSLATE_NOOP("CentreMessages", "This staff number is reserved. Choose another."),
    "bad_name": QT_TRANSLATE_NOOP("CentreMessages", "The name may not hold control characters."),
    "too_long": QT_TRANSLATE_NOOP("CentreMessages", "The name is too long."),
    "bad_pin": QT_TRANSLATE_NOOP("CentreMessages", "A PIN is 4 to 8 digits."),
    "unknown_device": QT_TRANSLATE_NOOP("CentreMessages", "The centre has no such terminal."),
    # stock
    "issued_elsewhere": QT_TRANSLATE_NOOP("CentreMessages", "This item is in another technician's stock. Take it back from them first."),
    "consumed": QT_TRANSLATE_NOOP("CentreMessages", "This item has already been used on an order or is installed."),
    "not_a_technician": QT_TRANSLATE_NOOP("CentreMessages", "Stock is issued to technicians only."),
    "unknown_item": QT_TRANSLATE_NOOP("CentreMessages", "The centre never issued this item."),
    "other": QT_TRANSLATE_NOOP("CentreMessages", "The centre refused this. Try again, or ask the administrator."),
}

DONE: dict[str, object] = {
    "assigned": QT_TRANSLATE_NOOP("CentreMessages", "Order %1 assigned to %2. Their handheld gets it at its next sync."),
    "reassigned": QT_TRANSLATE_NOOP("CentreMessages", "Order %1 moved to %2. The previous handheld drops it at its next sync."),
    "cancelled": QT_TRANSLATE_NOOP("CentreMessages", "Order %1 cancelled."),
    "user_created": QT_TRANSLATE_NOOP("CentreMessages", "User %1 created. Give them an enrolment code or a PIN."),
    "team_created": QT_TRANSLATE_NOOP("CentreMessages", "Team %1 created."),
    "pin_set": QT_TRANSLATE_NOOP("CentreMessages", "New PIN for %1 sent: their team's handhelds get it at their next sync."),
    "revoked": QT_TRANSLATE_NOOP("CentreMessages", "Terminal %1 locked. It signs out at its next contact."),
    "stock_issued": QT_TRANSLATE_NOOP("CentreMessages", "%1 issued to %2. Their handheld lists it at its next sync."),
    "stock_returned": QT_TRANSLATE_NOOP("CentreMessages", "%1 taken back to the warehouse."),
    "code_issued": QT_TRANSLATE_NOOP("CentreMessages", "Enrolment code for %1: %2 (valid 24 hours, once)."),
    "exported": QT_TRANSLATE_NOOP("CentreMessages", "The table was saved as %1."),
}


def refusal(code: str) -> str:
    source = REFUSALS.get(code, REFUSALS["other"])
    return QCoreApplication.translate(CTX, str(source))


def done(code: str, *args: str) -> str:
    text = QCoreApplication.translate(CTX, str(DONE[code]))
    for i, arg in enumerate(args, start=1):
        text = text.replace(f"%{i}", arg)
    return text
