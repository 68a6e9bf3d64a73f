"""``--capture DIR``: drive the app offscreen through its main screens, one PNG per screen.

Runs on the GUI thread like a user would: it calls the same slots the QML calls,
then waits (processing events, so background answers arrive) until the screen
has what it should show.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickWindow

from app.domain.demo_data import ESTATES
from app.domain.entities import Role, User
from app.ui.capture_replacement import capture_replacement
from app.ui.composition import UiModels, read
from app.ui.demo_bench import DemoDevices

HANDHELD = (720, 1280)
DESKTOP = (1280, 800)
TIMEOUT_S = 30.0


class CaptureError(RuntimeError):
    pass


class _Driver:
    def __init__(self, app: QGuiApplication, window: QQuickWindow, models: UiModels, out: Path,
                 bench: DemoDevices | None) -> None:
        self.app, self.window, self.m, self.out, self.bench = app, window, models, out, bench
        self.written: list[Path] = []

    def pump(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.005)

    def wait(self, what: str, done: Callable[[], bool]) -> None:
        end = time.monotonic() + TIMEOUT_S
        while not done():
            if time.monotonic() > end:
                raise CaptureError(f"capture: timed out waiting for {what}")
            if read(self.m.session, "state") == "error":
                raise CaptureError(f"capture: the app failed: {read(self.m.session, 'error')}")
            self.pump(0.02)
        self.pump(0.3)  # let layouts, delegates and the frame settle

    def size(self, wh: tuple[int, int]) -> None:
        self.window.resize(*wh)
        self.pump(0.2)

    def shot(self, name: str) -> None:
        image = self.window.grabWindow()
        path = self.out / f"{name}.png"
        if image.isNull() or not image.save(str(path)):
            raise CaptureError(f"capture: could not write {path}")
        self.written.append(path)

    def shot_replacement_in_english(self) -> None:
        replace = next(r.order for r in self.m.tasks.rows()
                       if r.order.kind == "meter_replace" and r.order.status in ("assigned", "downloaded"))
        flow = self.m.replacement
        flow.open(replace.order_no)
        self.wait("the replacement in English", lambda: read(flow, "loaded") and not read(flow, "busy"))
        self.shot("19-replace-en-identify")
        flow.close()

    def list_ready(self) -> bool:
        m = self.m
        return bool(read(m.session, "state") == "ready" and read(m.tasks, "loaded")
                    and not read(m.tasks, "busy"))

    def sign_in(self, user_id: str) -> None:
        """The capture's store is seeded locally (no enrolment, no PIN hashes): the PIN pad is
        shown and photographed, then the user is let in as a correct PIN would."""
        user = next(u for u in self.m.bootstrap.users() if u.user_id == user_id)
        self.m.session._verified(user)
        self.wait(f"{user_id}'s orders", self.list_ready)


def _sign_in_screens(d: _Driver) -> tuple[User, User]:
    """The enrolment screen, the team's sign-in list and the PIN pad; returns whom to sign in."""
    m = d.m
    d.wait("the sign-in screen", lambda: read(m.session, "state") == "signin" and bool(m.session.featured()))
    m.session._set_state("enrol")
    d.wait("the enrolment screen", lambda: read(m.session, "state") == "enrol")
    d.shot("00-enrol")
    m.session._set_state("signin")
    d.wait("the sign-in screen", lambda: read(m.session, "state") == "signin")
    d.shot("01-signin")
    featured = m.session.featured()
    tech = next(u for u in featured if u.role is Role.TECHNICIAN)
    boss = next(u for u in featured if u.role is Role.SUPERVISOR)
    m.session.choose(tech.user_id)
    d.wait("the PIN pad", lambda: read(m.session, "chosenUserId") == tech.user_id)
    d.shot("01b-signin-pin")
    m.session.choose("")
    return tech, boss


def _run(d: _Driver) -> None:
    m = d.m
    d.size(HANDHELD)
    d.wait("the app to start", lambda: read(m.session, "state") in ("signin", "ready"))
    if read(m.session, "state") == "ready":  # a remembered session (capture over an existing home)
        m.session.signOut()
    tech, boss = _sign_in_screens(d)
    d.sign_in(tech.user_id)
    d.shot("02-tasks")
    first = m.tasks.rows()[0].order
    estate = next((e for e in ESTATES if e in first.address), first.asset_no[-6:])
    m.tasks.setQuery(estate)
    d.wait("the search results", lambda: d.list_ready() and read(m.tasks, "query") == estate)
    d.shot("03-search")
    m.tasks.setQuery("")
    d.wait("the full list", lambda: d.list_ready() and read(m.tasks, "count") > 1)
    m.detail.load(first.order_no)
    m.session.openOrder(first.order_no)
    d.wait("the order detail", lambda: read(m.detail, "loaded") and not read(m.detail, "busy"))
    d.shot("04-detail")
    m.detail.start()
    d.wait("the order to start", lambda: read(m.detail, "started") and not read(m.detail, "busy"))
    d.shot("05-detail-started")
    replace = next(r.order for r in m.tasks.rows()
                   if r.order.kind == "meter_replace" and r.order.status in ("assigned", "downloaded"))
    m.detail.load(replace.order_no)
    capture_replacement(d, replace.order_no)
    m.session.closeOrder()
    _inspection_screens(d)
    m.session.signOut()
    d.size(DESKTOP)
    d.sign_in(boss.user_id)
    d.shot("06-supervisor")
    d.size(HANDHELD)
    m.session.openDevices(True)
    d.wait("the device settings", lambda: read(m.session, "devicesOpen") and not read(m.devices, "checking"))
    d.shot("08-devices")
    m.session.openDevices(False)
    m.session.signOut()
    d.size(HANDHELD)
    m.language.setLanguage("en")
    d.sign_in(tech.user_id)
    d.shot("07-tasks-en")
    d.shot_replacement_in_english()


def _inspection_screens(d: _Driver) -> None:
    """The inspection's step screens, one tap each, on the in-process simulators."""
    m, insp = d.m, d.m.inspection
    order = next(r.order for r in m.tasks.rows()
                 if r.order.kind == "inspect" and r.order.status in ("assigned", "downloaded"))

    def at(step: str) -> Callable[[], bool]:
        return lambda: read(insp, "step") == step and not read(insp, "busy")

    insp.open(order.order_no)
    d.wait("the inspection", at("identify"))
    d.shot("20-inspect-1-identify")
    insp.identify()
    d.wait("the meter identified", at("read"))
    d.shot("21-inspect-2-read")
    insp.readMeter()
    d.wait("the meter read", at("evidence"))
    insp.takePhoto()
    d.wait("the photo", lambda: read(insp, "photos") == 1 and not read(insp, "busy"))
    insp.choosePosition("meter_cover")
    insp.scanSeal()
    d.wait("the seal", lambda: len(read(insp, "sealsSeen")) == 1 and not read(insp, "busy"))
    d.shot("22-inspect-3-evidence")
    insp.finishEvidence()
    d.wait("the upload step", at("upload"))
    d.shot("23-inspect-4-upload")
    insp.complete()
    d.wait("the inspection stored", at("done"))
    if d.bench is not None and d.bench.centre_answers(order.order_no):
        insp.refresh()  # in the field the sync that brings the correction refreshes the screen
        d.wait("the centre's correction", lambda: read(insp, "correction") != [] and not read(insp, "busy"))
        d.shot("24-inspect-5-correction")
        insp.applyCorrection()
        d.wait("the correction written", lambda: not read(insp, "busy") and (
            read(insp, "correction") == [] or bool(read(insp, "isError"))))
        if read(insp, "isError"):
            raise CaptureError(f"capture: the correction failed: {read(insp, 'message')}")
        d.shot("25-inspect-6-corrected")
    insp.close()


def capture_screens(app: QGuiApplication, window: QQuickWindow, models: UiModels, out: Path,
                    bench: DemoDevices | None = None) -> int:
    """Write the screen PNGs into ``out``; returns the exit code (0, or 1 with the reason on stderr).

    ``bench``: the in-process simulators, which also answer an inspection as the centre would."""
    out.mkdir(parents=True, exist_ok=True)
    driver = _Driver(app, window, models, out, bench)
    try:
        _run(driver)
    except (CaptureError, RuntimeError) as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    for path in driver.written:
        print(path)
    return 0
