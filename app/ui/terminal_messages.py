"""What the technician reads when enrolment, sign-in or a device check goes wrong, in their language.

Errors carry a stable ``code`` (the server's error code, or the service's); the screen
shows the translation of that code, never the English detail of a driver or a server.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CTX = "TerminalMessages"

ENROLMENT: dict[str, object] = {
    "bad_link": QT_TRANSLATE_NOOP("TerminalMessages", "This is not a MeterField enrolment code. Scan the QR code the administrator printed for this handheld."),
    "bad_code": QT_TRANSLATE_NOOP("TerminalMessages", "The centre does not know this enrolment code. Ask the administrator for a new one."),
    "code_used": QT_TRANSLATE_NOOP("TerminalMessages", "This enrolment code has already been used. Each code works once: ask the administrator for a new one."),
    "code_expired": QT_TRANSLATE_NOOP("TerminalMessages", "This enrolment code has expired. Ask the administrator for a new one."),
    "certificate_mismatch": QT_TRANSLATE_NOOP("TerminalMessages", "The server's certificate is not the one in the code: this may not be your centre. Nothing was sent. Tell the administrator."),
    "network": QT_TRANSLATE_NOOP("TerminalMessages", "The centre cannot be reached. Check the mobile signal and scan again."),
    "server_unavailable": QT_TRANSLATE_NOOP("TerminalMessages", "The centre is not answering right now. Scan again in a moment."),
    "link_version": QT_TRANSLATE_NOOP("TerminalMessages", "This enrolment code is from a newer version of the centre. Update the app first."),
    "link_not_https": QT_TRANSLATE_NOOP("TerminalMessages", "The server address in this code is not secure (https). Tell the administrator."),
    "revoked": QT_TRANSLATE_NOOP("TerminalMessages", "This handheld has been locked by the centre. Give it to the administrator."),
    "keystore": QT_TRANSLATE_NOOP("TerminalMessages", "This handheld's key store is missing or wrong: ask the administrator to enrol it again."),
    "no_code": QT_TRANSLATE_NOOP("TerminalMessages", "No QR code was seen. Hold the camera over the code and scan again."),
    "no_scanner": QT_TRANSLATE_NOOP("TerminalMessages", "This handheld has no working camera or scanner. Set one up in the device settings."),
    "other": QT_TRANSLATE_NOOP("TerminalMessages", "Enrolment did not work. Scan again, or ask the administrator."),
}

SIGN_IN: dict[str, object] = {
    "wrong_pin": QT_TRANSLATE_NOOP("TerminalMessages", "Wrong PIN. %1 tries left before this user is locked."),
    "locked_out": QT_TRANSLATE_NOOP("TerminalMessages", "Too many wrong PINs: this user is locked. A team leader can unlock it."),
    "unknown_user": QT_TRANSLATE_NOOP("TerminalMessages", "This handheld does not know this person. Sync, then try again."),
    "not_enrolled": QT_TRANSLATE_NOOP("TerminalMessages", "This handheld is not enrolled yet. Scan the administrator's enrolment QR code."),
    "not_this_team": QT_TRANSLATE_NOOP("TerminalMessages", "This person is not in this handheld's team and cannot sign in on it."),
    "no_pin": QT_TRANSLATE_NOOP("TerminalMessages", "No PIN has been set for this person yet. Ask the administrator."),
    "no_badge_seen": QT_TRANSLATE_NOOP("TerminalMessages", "No badge was read. Hold the badge's barcode in front of the scanner and try again."),
    "no_scanner": QT_TRANSLATE_NOOP("TerminalMessages", "This handheld has no working camera or scanner. Set one up in the device settings."),
    "unknown_badge": QT_TRANSLATE_NOOP("TerminalMessages", "This badge does not belong to anyone in this handheld's team."),
    "not_supervisor": QT_TRANSLATE_NOOP("TerminalMessages", "Only a team leader of this team can unlock a user."),
    "revoked": QT_TRANSLATE_NOOP("TerminalMessages", "This handheld has been locked by the centre. Give it to the administrator."),
    "keystore": QT_TRANSLATE_NOOP("TerminalMessages", "This handheld's key store is missing or wrong: ask the administrator to enrol it again."),
    "other": QT_TRANSLATE_NOOP("TerminalMessages", "Sign-in did not work. Try again."),
}

DEVICES: dict[str, object] = {
    "meter": QT_TRANSLATE_NOOP("TerminalMessages", "Infrared probe"),
    "scanner": QT_TRANSLATE_NOOP("TerminalMessages", "Scanner"),
    "camera": QT_TRANSLATE_NOOP("TerminalMessages", "Camera"),
    "printer": QT_TRANSLATE_NOOP("TerminalMessages", "Printer"),
    "card": QT_TRANSLATE_NOOP("TerminalMessages", "Card reader"),
    "gps": QT_TRANSLATE_NOOP("TerminalMessages", "GPS"),
}

DEVICE_STATES: dict[str, object] = {
    "ok": QT_TRANSLATE_NOOP("TerminalMessages", "Ready"),
    "not_configured": QT_TRANSLATE_NOOP("TerminalMessages", "Not set up"),
    "absent": QT_TRANSLATE_NOOP("TerminalMessages", "Not connected"),
    "no_meter": QT_TRANSLATE_NOOP("TerminalMessages", "Connected, no meter in front"),
    "no_fix": QT_TRANSLATE_NOOP("TerminalMessages", "Connected, no position yet"),
    "paper_out": QT_TRANSLATE_NOOP("TerminalMessages", "Needs paper or the cover closed"),
    "checking": QT_TRANSLATE_NOOP("TerminalMessages", "Checking…"),
}


# The sync indicator: the error behind the last failed cycle, by SyncStatus.error_code (codes
# not listed here show the sync runner's own text), and the line about damaged outbox rows
# (SyncStatus.damaged_code; %1: how many).
SYNC: dict[str, object] = {
    "network": QT_TRANSLATE_NOOP("TerminalMessages", "No connection to the centre: will retry"),
    "server_unavailable": QT_TRANSLATE_NOOP("TerminalMessages", "The centre is busy: will retry"),
    "protocol": QT_TRANSLATE_NOOP("TerminalMessages", "The centre's answer could not be read: update the app"),
    "local_storage": QT_TRANSLATE_NOOP("TerminalMessages", "The handheld's database failed: will retry. Tell the administrator if this stays."),
    "storage_full": QT_TRANSLATE_NOOP("TerminalMessages", "The handheld's storage is full: sync stops until space is freed"),
}

DAMAGED: dict[str, object] = {
    "damaged_reported": QT_TRANSLATE_NOOP("TerminalMessages", "%1 records damaged: reported to the centre"),
    "damaged_waiting": QT_TRANSLATE_NOOP("TerminalMessages", "%1 records damaged: they will be reported to the centre"),
}


# Why an order cannot be finished (app.domain.records.EndReason), as the technician taps it.
END_REASONS: dict[str, object] = {
    "customer_absent": QT_TRANSLATE_NOOP("TerminalMessages", "Customer not at home"),
    "meter_inaccessible": QT_TRANSLATE_NOOP("TerminalMessages", "Meter cannot be reached"),
    "meter_broken": QT_TRANSLATE_NOOP("TerminalMessages", "Meter broken or not answering"),
    "customer_refused": QT_TRANSLATE_NOOP("TerminalMessages", "Customer refuses the work"),
}
END_ERRORS: dict[str, object] = {
    "camera": QT_TRANSLATE_NOOP("TerminalMessages", "The photo could not be taken. Check the camera and tap the reason again: nothing was saved."),
    "other": QT_TRANSLATE_NOOP("TerminalMessages", "The order could not be ended. Sync and try again: nothing was saved."),
    "no_devices": QT_TRANSLATE_NOOP("TerminalMessages", "The handheld's devices are still being prepared. Try again in a moment."),
}
ENDED: dict[str, object] = {"ended": QT_TRANSLATE_NOOP("TerminalMessages", "Order ended unfinished (%1). The centre gets it with the photo at the next sync.")}


def message(table: dict[str, object], code: str) -> str:
    """The translation of ``code`` in ``table`` (its ``other`` entry for an unknown code)."""
    source = table.get(code, table.get("other", code))
    return QCoreApplication.translate(CTX, str(source))


def code_of(exc: BaseException, default: str = "other") -> str:
    """The stable code an error carries (``code`` attribute), else ``default``."""
    code = getattr(exc, "code", "")
    return code if isinstance(code, str) and code else default
