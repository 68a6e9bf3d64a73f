"""The guided meter replacement: one screen a step, driven by taps only (no value is typed).

``ReplacementModel`` wraps one :class:`~app.services.replacement.ReplacementFlow`.
Every service call runs through :class:`Background`; after each call the model
re-reads what is stored (:func:`replacement_state.read_state`), so opening an
order at step X shows step X with everything captured before it. An error stops
the step where it is and shows its message large on the step screen.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from app.domain.records import SealPosition, Source
from app.ui.background import Background
from app.ui.labels import STEPS, label
from app.ui.refcount_guard import immortalise_singletons
from app.ui.replacement_format import (
    MSG,
    SEAL_POSITIONS,
    error_text,
    new_meter_rows,
    reading_rows,
    seal_rows,
    summary_rows,
    tariff_rows,
    tr,
)
from app.ui.replacement_state import FlowState, read_state

if TYPE_CHECKING:
    from app.domain.work_orders import WorkOrder
    from app.services.replacement import ReplacementFlow

FlowFor = Callable[[str], "ReplacementFlow"]
Scanner = Callable[[], str]
OnStep = Callable[[str, "WorkOrder"], None]  # DEMO hook: what the technician is looking at


def signature_png(data_url: str) -> bytes:
    """The PNG bytes of a Canvas ``toDataURL("image/png")`` answer."""
    prefix = "data:image/png;base64,"
    if not data_url.startswith(prefix):
        return b""
    try:
        return base64.b64decode(data_url[len(prefix):], validate=True)
    except ValueError:
        return b""


def has_ink(png: bytes) -> bool:
    """True if the signature has a dark stroke on it (an empty pad is refused)."""
    import io

    from PIL import Image

    try:
        image = Image.open(io.BytesIO(png)).convert("RGBA")
    except (OSError, ValueError):
        return False
    white = Image.new("RGBA", image.size, (255, 255, 255, 255))
    lo, _hi = Image.alpha_composite(white, image).convert("L").getextrema()
    return isinstance(lo, int | float) and lo < 128


class ReplacementModel(QObject):
    changed = Signal()
    orderChanged = Signal(str)  # the order's step or status moved  # noqa: N815

    def __init__(self, background: Background, flow_for: FlowFor, scan: Scanner,
                 on_step: OnStep | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        immortalise_singletons()  # many emits a shift: see app/ui/refcount_guard.py
        self._bg = background
        self._flow_for = flow_for
        self._scan = scan
        self._on_step = on_step
        self._flow: ReplacementFlow | None = None
        self._state: FlowState | None = None
        self._busy = False
        self._message = ""
        self._is_error = False
        self._mismatch: dict[str, str] = {}
        self._position = ""
        self._prices: list[str] = []
        self._printed = False
        self._taps = 0
        self._active = False

    # -- opening -----------------------------------------------------------------------
    @Slot(str)
    def open(self, order_no: str) -> None:
        """Start (or resume) the order's flow at its stored step."""
        self._active = True
        self._flow = None
        self._state = None
        self._printed = False
        self._prices = []
        self._position = ""
        self._say("", False)

        def job() -> tuple[ReplacementFlow, FlowState]:
            flow = self._flow_for(order_no)
            flow.begin()  # in progress at its first unfinished step (a no-op when resuming)
            return flow, read_state(flow)

        self._run(job, self._opened)

    def use(self, flow_for: FlowFor, scan: Scanner, on_step: OnStep | None = None) -> None:
        """Work with other devices from the next opened order on (the demo world, once it runs)."""
        self._flow_for, self._scan, self._on_step = flow_for, scan, on_step

    def hooks(self) -> tuple[FlowFor, Scanner, OnStep | None]:
        return self._flow_for, self._scan, self._on_step

    @Slot()
    def close(self) -> None:
        """Leave the guided steps (the order stays at its step; opening it again resumes there)."""
        self._active = False
        self.changed.emit()

    def _opened(self, result: tuple[ReplacementFlow, FlowState]) -> None:
        self._flow, self._state = result
        self.orderChanged.emit(self._state.order.order_no)

    # -- the steps (each one tap) ------------------------------------------------------
    @Slot()
    def scanOld(self) -> None:  # noqa: N802
        def act(flow: ReplacementFlow, order: WorkOrder) -> object:
            scanned = self._scan()
            self._mismatch = {"scanned": scanned, "expected": order.archive.meter.asset_no}
            return MSG["identified"] if flow.identify_old(scanned) else MSG["identified_silent"]

        self._step_action("identify_old", act, None)

    @Slot()
    def tagOld(self) -> None:  # noqa: N802
        """Identify the old meter by its RFID tag instead of its barcode."""
        def act(flow: ReplacementFlow, order: WorkOrder) -> object:
            tag = flow.devices.read_tag()
            self._mismatch = {"scanned": tag, "expected": order.archive.meter.tag_uid}
            return MSG["identified"] if flow.identify_old(tag, Source.RFID) else MSG["identified_silent"]

        self._step_action("identify_old", act, None)

    @Property(bool, notify=changed)
    def tagReader(self) -> bool:  # noqa: N802
        """An RFID reader is configured: the meter can be identified by its tag."""
        return bool(self._flow is not None and self._flow.devices.tag_reader)

    @Slot()
    def readOld(self) -> None:  # noqa: N802
        self._step_action("read_old", lambda flow, _o: flow.read_old(), MSG["read"])

    @Slot(bool)
    def diagnose(self, dead: bool) -> None:
        """Fault repair: read the faulty meter; ``dead`` records that it does not answer."""
        def act(flow: ReplacementFlow, _order: WorkOrder) -> object:
            flow.diagnose(dead)
            return MSG["dead"] if dead else MSG["read"]

        self._step_action("diagnose", act, None)

    @Slot()
    def clearSignature(self) -> None:  # noqa: N802
        self._tap()
        self._say("", False)

    @Slot(str)
    def confirm(self, data_url: str) -> None:
        png = signature_png(data_url)

        def act(flow: ReplacementFlow, order: WorkOrder) -> object:
            if not has_ink(png):
                raise ValueError(tr(MSG["unsigned"]))
            flow.confirm(png)
            return MSG["confirmed_new"] if order.kind.value == "new_install" else MSG["confirmed"]

        self._step_action("confirm", act, None)

    @Slot()
    def installNew(self) -> None:  # noqa: N802
        self._step_action("install_new", lambda flow, _o: flow.install_new(self._scan()), MSG["installed"])

    @Slot(str)
    def choosePosition(self, code: str) -> None:  # noqa: N802
        self._tap()
        self._position = SealPosition(code).value
        self._say("", False)

    @Slot()
    def scanSeal(self) -> None:  # noqa: N802
        position = self._position
        if not position:
            self._tap()
            self._say(tr(MSG["position_first"]), True)
            return

        def act(flow: ReplacementFlow, _order: WorkOrder) -> str:
            return flow.add_seal(self._scan(), SealPosition(position)).seal_no

        self._step_action("seal", act, MSG["sealed_one"])

    @Slot()
    def finishSealing(self) -> None:  # noqa: N802
        self._step_action("seal", lambda flow, _o: flow.finish_sealing(), MSG["sealed"], demo=False)

    @Slot()
    def setTariff(self) -> None:  # noqa: N802
        def act(flow: ReplacementFlow, _order: WorkOrder) -> None:
            self._prices = flow.set_tariff()

        self._step_action("set_tariff", act, MSG["tariff"])

    @Slot()
    def complete(self) -> None:
        self._step_action("upload", lambda flow, _o: flow.complete(), MSG["completed"], demo=False)

    @Slot()
    def printReceipt(self) -> None:  # noqa: N802
        def act(flow: ReplacementFlow, _order: WorkOrder) -> None:
            flow.print_receipt()
            self._printed = True

        self._step_action("done", act, MSG["printed"], demo=False)

    # -- running -----------------------------------------------------------------------
    def _step_action(self, step: str, act: Callable[[ReplacementFlow, WorkOrder], Any], done: object,
                     demo: bool = True) -> None:
        """One tap: run ``act`` on a worker (after the demo hook), then re-read the stored state.
        The message is ``done`` (its %1 the act's value); with ``done`` None, the act's value is
        the message (an act whose outcome decides what to say)."""
        self._tap()
        flow, state = self._flow, self._state
        if flow is None or state is None or self._busy:
            return

        def job() -> tuple[Any, FlowState]:
            if demo and self._on_step is not None:
                self._on_step(step, state.order)
            return act(flow, state.order), read_state(flow)

        def ok(result: tuple[Any, FlowState]) -> None:
            value, self._state = result
            self._say(tr(value) if done is None else tr(done).replace("%1", str(value)), False)
            self.orderChanged.emit(self._state.order.order_no)

        self._run(job, ok)

    def _run(self, job: Callable[[], Any], ok: Callable[[Any], None]) -> None:
        self._busy = True
        self.changed.emit()

        def done(result: Any) -> None:
            self._busy = False
            ok(result)
            self.changed.emit()

        self._bg.run(job, done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self._say(error_text(exc), True)

    def _say(self, text: str, error: bool) -> None:
        self._message = text
        self._is_error = error
        if not error:
            self._mismatch = {}
        self.changed.emit()

    def _tap(self) -> None:
        self._taps += 1
        self.changed.emit()

    def retranslate(self) -> None:
        self.changed.emit()

    # -- properties for QML ------------------------------------------------------------
    @property
    def state(self) -> FlowState | None:
        return self._state

    @Property(bool, notify=changed)
    def active(self) -> bool:
        return self._active

    @Property(bool, notify=changed)
    def loaded(self) -> bool:
        return self._state is not None

    def current(self) -> str:
        return self._state.step if self._state else ""

    @Property(str, notify=changed)
    def step(self) -> str:
        return self.current()

    @Property(int, notify=changed)
    def stepIndex(self) -> int:  # noqa: N802
        s = self.current()
        steps = self._state.steps if self._state else []
        return steps.index(s) if s in steps else len(steps) if s == "done" else 0

    @Property(list, notify=changed)
    def stepNames(self) -> list[str]:  # noqa: N802
        return [label(STEPS, code) for code in (self._state.steps if self._state else [])]

    @Property(bool, notify=changed)
    def busy(self) -> bool:
        return self._busy

    @Property(str, notify=changed)
    def message(self) -> str:
        return self._message

    @Property(bool, notify=changed)
    def messageIsError(self) -> bool:  # noqa: N802
        return self._is_error

    @Property(dict, notify=changed)
    def mismatch(self) -> dict[str, str]:
        """Scanned vs archive asset number, after a wrong old-meter scan."""
        m = self._mismatch
        return dict(m) if self._is_error and m and m["scanned"] != m["expected"] else {}

    @Property(dict, notify=changed)
    def order(self) -> dict[str, str]:
        s = self._state
        if s is None:
            return {}
        a = s.order.archive
        return {"orderNo": s.order.order_no, "customer": a.customer.name, "address": a.customer.address,
                "oldAsset": a.meter.asset_no, "oldAddress": a.meter.address,
                "newAsset": s.order.new_meter_asset_no or "—"}

    @Property(list, notify=changed)
    def readings(self) -> list[dict[str, str]]:
        return reading_rows(self._state.old_readings) if self._state else []

    @Property(dict, notify=changed)
    def newMeter(self) -> dict[str, Any]:  # noqa: N802
        return new_meter_rows(self._state) if self._state else {}

    @Property(list, notify=changed)
    def seals(self) -> list[dict[str, str]]:
        return seal_rows(self._state.seals) if self._state else []

    @Property(list, notify=changed)
    def positions(self) -> list[dict[str, str]]:
        return [{"code": code, "label": tr(name)} for code, name in SEAL_POSITIONS]

    @Property(str, notify=changed)
    def position(self) -> str:
        return self._position

    @Property(list, notify=changed)
    def tariffPrices(self) -> list[dict[str, str]]:  # noqa: N802
        return tariff_rows(self._state, self._prices) if self._state else []

    @Property(list, notify=changed)
    def summary(self) -> list[dict[str, str]]:
        return summary_rows(self._state) if self._state else []

    @Property(bool, notify=changed)
    def completed(self) -> bool:
        return self.current() == "done"

    @Property(bool, notify=changed)
    def printed(self) -> bool:
        return self._printed

    @Property(int, notify=changed)
    def tapCount(self) -> int:  # noqa: N802
        return self._taps
