"""The first screen of a handheld that belongs to no one yet: scan the enrolment QR code.

The administrator's ``main.py server enrol-code --qr`` prints a QR code holding the
server's address, its certificate fingerprint and a one-time code. Scanning it (camera or
scan engine) enrols the handheld over pinned HTTPS: nothing is typed. Afterwards the
screen says which user and team the handheld now belongs to.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Property, QCoreApplication, QObject, Signal, Slot

from app.terminal.terminal import Enrolled, Terminal
from app.ui.background import Background
from app.ui.terminal_messages import ENROLMENT, code_of, message

log = logging.getLogger(__name__)
Scanner = Callable[[], str]


def enrolment_code_of(exc: BaseException) -> str:
    """The screen's code for an enrolment failure."""
    from device_drivers.barcode.model import BarcodeError
    from device_drivers.errors import DeviceError

    if isinstance(exc, BarcodeError):
        return "no_code"
    if isinstance(exc, DeviceError):  # no camera, no scan engine, or one that does not answer
        return "no_scanner"
    return code_of(exc)


class EnrolmentModel(QObject):
    changed = Signal()
    enrolled = Signal(object)  # Enrolled

    def __init__(self, terminal: Terminal, background: Background, scanner: Scanner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._terminal = terminal
        self._bg = background
        self._scanner = scanner
        self._busy = False
        self._error_code = ""
        self._who: Enrolled | None = None

    def use_scanner(self, scanner: Scanner) -> None:
        self._scanner = scanner

    @Slot()
    def scan(self) -> None:
        """Scan the QR code and enrol (on a worker)."""
        if self._busy:
            return
        self._busy, self._error_code = True, ""
        self.changed.emit()
        self._bg.run(self._scan_and_enrol, self._done, self._failed)

    def _scan_and_enrol(self) -> Enrolled:
        return self._terminal.enrol(self._scanner())

    def _done(self, who: Enrolled) -> None:
        self._busy, self._who = False, who
        self.changed.emit()
        self.enrolled.emit(who)

    def _failed(self, exc: BaseException) -> None:
        log.warning("enrolment failed: %s", exc)
        self._busy, self._error_code = False, enrolment_code_of(exc)
        self.changed.emit()

    def show(self, who: Enrolled | None, problem: str = "") -> None:
        """Who the handheld belongs to; ``problem``: why the stored identity does not open (a code)."""
        self._who = who
        if problem:
            self._error_code = problem
        self.changed.emit()

    def retranslate(self) -> None:
        self.changed.emit()

    @Property(bool, notify=changed)
    def busy(self) -> bool:
        return self._busy

    @Property(str, notify=changed)
    def errorCode(self) -> str:  # noqa: N802
        return self._error_code

    @Property(str, notify=changed)
    def error(self) -> str:
        return message(ENROLMENT, self._error_code) if self._error_code else ""

    @Property(bool, notify=changed)
    def isEnrolled(self) -> bool:  # noqa: N802
        return self._who is not None

    @Property(str, notify=changed)
    def belongsTo(self) -> str:  # noqa: N802
        """"This handheld belongs to <team> (enrolled by <name>)"."""
        if self._who is None:
            return ""
        text = QCoreApplication.translate("EnrolmentModel", "This handheld belongs to %1 (enrolled by %2)")
        return text.replace("%1", self._who.team_name or self._who.team_id).replace("%2", self._who.name)
