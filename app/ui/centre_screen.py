"""What the desktop's centre screens (dispatch, administration, stock) share: calls to the centre
on a worker, one at a time, with a busy flag, the last refusal and the last success in words.

Each screen reads with :meth:`CentreScreen.fetch` and acts with :meth:`CentreScreen.act`;
after an act the screen reads again, so what it shows is always what the centre holds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from app.domain.entities import Role, User
from app.terminal.terminal import Terminal
from app.ui.background import Background
from app.ui.centre_messages import refusal
from app.ui.terminal_messages import code_of

if TYPE_CHECKING:  # sync loads on the first call, not before the first frame
    from sync.centre_client import CentreClient

log = logging.getLogger(__name__)
Call = Callable[["CentreClient"], Any]


class CentreScreen(QObject):
    changed = Signal()

    def __init__(self, terminal: Terminal, background: Background, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._terminal = terminal
        self._bg = background
        self._busy = 0
        self._error_code = ""
        self._notice: tuple[str, tuple[str, ...]] | None = None
        self._loaded = False
        self._shown = False
        self._reads = 0  # reads started: only the newest one's answer is shown

    def acts_for(self, user: User | None, roles: tuple[Role, ...]) -> bool:
        """``user`` may use this screen: of one of ``roles`` and the person this terminal is enrolled
        for (the centre knows the caller by the terminal's identity and audits its owner)."""
        enrolled = self._terminal.last_enrolled
        return (user is not None and user.role in roles and enrolled is not None
                and enrolled.user_id == user.user_id)

    def notify(self) -> None:
        """What the screen shows changed: the shared properties and the screen's own
        (``viewChanged``: PySide6 6.12 crashes on a subclass property notified by a base class signal)."""
        self.changed.emit()
        own = getattr(self, "viewChanged", None)
        if own is not None:
            own.emit()

    # -- for the screens ----------------------------------------------------------------------
    def fetch(self, call: Call, show: Callable[[Any], None]) -> None:
        """Read from the centre (on a worker) and hand the answer to ``show`` (on the GUI thread).

        Only the newest read is shown: an older one that answers later (it may have seen the
        centre before the last act) is dropped."""
        self._reads += 1
        generation = self._reads

        def newest(answer: Any) -> None:
            if generation == self._reads:
                show(answer)

        self._run(call, newest, clear_notice=False)

    def act(self, call: Call, notice: Callable[[Any], tuple[str, tuple[str, ...]]]) -> None:
        """Do ``call`` at the centre; on success show ``notice(answer)`` and read again."""
        def succeeded(answer: Any) -> None:
            self._notice = notice(answer)
            self.reload()

        self._run(call, succeeded, clear_notice=True)

    def reload(self) -> None:
        """Read what the screen shows again (each screen says what)."""
        raise NotImplementedError

    def notice_text(self, code: str, args: tuple[str, ...]) -> str:
        from app.ui.centre_messages import done

        return done(code, *args)

    def _run(self, call: Call, on_success: Callable[[Any], None], *, clear_notice: bool) -> None:
        self._busy += 1
        self._error_code = ""
        if clear_notice:
            self._notice = None
        self.notify()

        def work() -> Any:
            return call(self._terminal.centre())

        def succeeded(answer: Any) -> None:
            self._busy -= 1
            self._loaded = True
            on_success(answer)
            self.notify()

        def failed(exc: BaseException) -> None:
            self._busy -= 1
            self._error_code = code_of(exc)
            log.warning("the centre refused or could not be reached: %s", exc)
            self.notify()

        self._bg.run(work, succeeded, failed)

    @Slot(bool)
    def show(self, shown: bool) -> None:
        """Open (and read) or close the screen."""
        if shown == self._shown:
            return
        self._shown = shown
        self.notify()
        if shown:
            self.reload()

    def closed_for(self) -> None:
        """Nobody is signed in: the screen closes and forgets what it showed."""
        self._shown = False
        self._notice, self._error_code = None, ""

    @Slot()
    def retranslate(self) -> None:
        self.notify()

    # -- what QML reads ---------------------------------------------------------------------------
    @Property(bool, notify=changed)
    def busy(self) -> bool:
        return self._busy > 0

    @Property(bool, notify=changed)
    def shown(self) -> bool:
        return self._shown

    @Property(bool, notify=changed)
    def loaded(self) -> bool:
        return self._loaded

    @Property(str, notify=changed)
    def error(self) -> str:
        return refusal(self._error_code) if self._error_code else ""

    @Property(str, notify=changed)
    def errorCode(self) -> str:  # noqa: N802
        return self._error_code

    @Property(str, notify=changed)
    def notice(self) -> str:
        return self.notice_text(*self._notice) if self._notice is not None else ""
