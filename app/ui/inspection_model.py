"""The guided meter inspection: one screen a step, driven by taps only (no value is typed).

``InspectionModel`` wraps one :class:`~app.services.inspection.InspectionFlow`. Every call runs
through :class:`Background`; after each call the model re-reads what is stored, so opening an
order at a step shows that step with everything captured before it. An error stops the step
where it is and says why, large, in the technician's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Property, QObject, Signal, Slot

from app.domain.meter_items import PRICES, MeterItem, codes
from app.domain.records import SealPosition, Source
from app.ui.background import Background
from app.ui.labels import STEPS, label
from app.ui.replacement_format import PER_KWH, SEAL_POSITIONS, error_text, tr

if TYPE_CHECKING:
    from app.domain.inspection import MeterSnapshot
    from app.domain.work_orders import WorkOrder
    from app.services.inspection import InspectionFlow
    from signed_commands.correction import MeterCorrection

FlowFor = Callable[[str], "InspectionFlow"]
Scanner = Callable[[], str]
OnStep = Callable[[str, "WorkOrder"], None]  # DEMO hook: what the technician is looking at
STEP_CODES = ["identify", "read", "evidence", "upload", "done"]
DONE_MSG = {
    "identify": QT_TRANSLATE_NOOP("Replacement", "Meter identified: the barcode and the infrared address match the archive."),  # noqa: E501
    "identify_tag": QT_TRANSLATE_NOOP("Replacement", "Meter identified: its RFID tag and the infrared address match the archive."),  # noqa: E501
    "read": QT_TRANSLATE_NOOP("Replacement", "The meter's data is read and stored."),
    "photo": QT_TRANSLATE_NOOP("Replacement", "Photo taken."),
    "seal": QT_TRANSLATE_NOOP("Replacement", "Seal %1 noted."),
    "position_first": QT_TRANSLATE_NOOP("Replacement", "First tap where the seal is, then scan it."),
    "evidence": QT_TRANSLATE_NOOP("Replacement", "Photos and seals stored."),
    "upload": QT_TRANSLATE_NOOP("Replacement", "Inspection stored: it goes to the centre at the next sync, which compares it with the archive."),  # noqa: E501
    "corrected": QT_TRANSLATE_NOOP("Replacement", "Correction written and read back: the meter now matches the archive."),  # noqa: E501
}
FIX_PRICES = QT_TRANSLATE_NOOP("Replacement", "Prices to write")
FIX_CLOCK = QT_TRANSLATE_NOOP("Replacement", "Meter clock")
FIX_CLOCK_VALUE = QT_TRANSLATE_NOOP("Replacement", "Set to the current time")
FIX_TOU = QT_TRANSLATE_NOOP("Replacement", "Time-of-use periods to write")
BACK_PRICES = QT_TRANSLATE_NOOP("Replacement", "Prices read back")
BACK_TOU = QT_TRANSLATE_NOOP("Replacement", "Time-of-use periods read back")
BACK_CLOCK = QT_TRANSLATE_NOOP("Replacement", "Meter clock read back")
PRICE_ITEMS = codes(PRICES)
TOU_ITEM, CLOCK_ITEM = MeterItem.TOU_DAY.code, MeterItem.CLOCK.code
# the tariff a switching point starts (1-4), as a period's one-character name
PERIODS = (QT_TRANSLATE_NOOP("Replacement", "sharp"), QT_TRANSLATE_NOOP("Replacement", "peak"),
           QT_TRANSLATE_NOOP("Replacement", "flat"), QT_TRANSLATE_NOOP("Replacement", "valley"))


def switching_points(texts: Iterable[str]) -> tuple[tuple[str, int], ...]:
    """``"HH:MM=N"`` texts (a correction's, a meter's read back) as (time, tariff) points."""
    return tuple((p[:5], int(p[6:])) for p in texts)


def periods_text(points: tuple[tuple[str, int], ...]) -> str:
    """Switching points as a technician reads them: "00:00 valley · 07:00 flat · ..." (translated)."""
    return " · ".join(f"{hhmm} {tr(PERIODS[n - 1])}" for hhmm, n in points if 1 <= n <= len(PERIODS))


def read_back_rows(report: dict[str, Any] | None) -> list[dict[str, str]]:
    """What the meter holds after the centre's correction, as read back (values only)."""
    back = dict((report or {}).get("read_back") or {})
    rows = []
    prices = [back[di] for di in PRICE_ITEMS if di in back]
    if prices:
        rows.append({"label": tr(BACK_PRICES), "value": " / ".join(prices), "unit": tr(PER_KWH)})
    if back.get(TOU_ITEM):
        points = switching_points(str(back[TOU_ITEM]).split(";"))
        rows.append({"label": tr(BACK_TOU), "value": periods_text(points)})
    if back.get(CLOCK_ITEM):
        rows.append({"label": tr(BACK_CLOCK), "value": str(back[CLOCK_ITEM]).replace("T", " ")})
    return rows


def snapshot_rows(s: MeterSnapshot | None) -> list[dict[str, str]]:
    """What the read step shows of the meter (values only; the labels are translated here)."""
    if s is None:
        return []
    from app.domain.entities import UTILITY_TZ

    def row(name: object, value: str, unit: object = "") -> dict[str, str]:
        return {"label": tr(name), "value": value, "unit": tr(unit) if unit else ""}

    rows = [row(QT_TRANSLATE_NOOP("Replacement", "Forward active energy"), str(s.forward_kwh[0]), "kWh"),
            row(QT_TRANSLATE_NOOP("Replacement", "Meter clock"),
                s.meter_clock.astimezone(UTILITY_TZ).strftime("%Y-%m-%d %H:%M:%S")),
            row(QT_TRANSLATE_NOOP("Replacement", "Prices"), " / ".join(str(p) for p in s.tariff_prices),
                PER_KWH),
            row(QT_TRANSLATE_NOOP("Replacement", "Cover opened"), str(s.cover_open_count),
                QT_TRANSLATE_NOOP("Replacement", "times"))]
    if s.tou_table:
        rows.append(row(QT_TRANSLATE_NOOP("Replacement", "Time-of-use periods"), periods_text(s.tou_table)))
    if s.remaining_money is not None:
        rows.append(row(QT_TRANSLATE_NOOP("Replacement", "Remaining credit"), str(s.remaining_money),
                        QT_TRANSLATE_NOOP("Replacement", "yuan")))
    return rows


class InspectionModel(QObject):
    changed = Signal()
    orderChanged = Signal(str)  # noqa: N815

    def __init__(self, background: Background, flow_for: FlowFor, scan: Scanner,
                 on_step: OnStep | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bg, self._flow_for, self._scan, self._on_step = background, flow_for, scan, on_step
        self._flow: InspectionFlow | None = None
        self._order: WorkOrder | None = None
        self._snapshot: MeterSnapshot | None = None
        self._correction: MeterCorrection | None = None
        self._written: dict[str, Any] | None = None
        self._step = ""
        self._photos = 0
        self._busy = self._active = self._is_error = False
        self._message = ""
        self._position = ""

    def use(self, flow_for: FlowFor, scan: Scanner, on_step: OnStep | None = None) -> None:
        self._flow_for, self._scan, self._on_step = flow_for, scan, on_step

    @Slot(str)
    def open(self, order_no: str) -> None:
        self._active, self._flow, self._snapshot, self._position = True, None, None, ""
        self._say("", False)

        def job() -> tuple[InspectionFlow, tuple[Any, ...]]:
            flow = self._flow_for(order_no)
            flow.begin()
            return flow, self._read(flow)

        self._run(job, lambda r: self._opened(*r))

    def _opened(self, flow: InspectionFlow, state: tuple[Any, ...]) -> None:
        self._flow = flow
        self._show(state)

    @Slot()
    def close(self) -> None:
        self._active = False
        self.changed.emit()

    @staticmethod
    def _read(flow: InspectionFlow) -> tuple[Any, ...]:
        from app.services.errors import StepOrderError
        from signed_commands.errors import CommandError

        order = flow.order()
        try:
            snapshot = flow.snapshot()
        except StepOrderError:
            snapshot = None
        attachments = flow.evidence.attachments.hashes_of(order.order_no)
        photos = sum(1 for a in attachments if a.get("kind") == "photo")
        try:
            correction = flow.correction()
        except CommandError:  # expired or not for this meter: nothing the technician can write
            correction = None
        return order, snapshot, photos, correction, flow.correction_written()

    def _show(self, state: tuple[Any, ...]) -> None:
        self._order, self._snapshot, self._photos, self._correction, self._written = state
        self._step = self._order.step if self._order is not None else ""
        if self._order is not None:
            self.orderChanged.emit(self._order.order_no)

    # -- the steps (each one tap) ------------------------------------------------------
    @Slot()
    def identify(self) -> None:
        self._act("identify", lambda f: f.identify(self._scan()), DONE_MSG["identify"])

    @Slot()
    def identifyByTag(self) -> None:  # noqa: N802
        """Identify the meter by its RFID tag instead of its barcode."""
        self._act("identify", lambda f: f.identify(f.devices.read_tag(), Source.RFID),
                  DONE_MSG["identify_tag"])

    @Property(bool, notify=changed)
    def tagReader(self) -> bool:  # noqa: N802
        """An RFID reader is configured: the meter can be identified by its tag."""
        return bool(self._flow is not None and self._flow.devices.tag_reader)

    @Slot()
    def readMeter(self) -> None:  # noqa: N802
        self._act("read", lambda f: f.read(), DONE_MSG["read"])

    @Slot()
    def takePhoto(self) -> None:  # noqa: N802
        self._act("evidence", lambda f: f.photo(), DONE_MSG["photo"])

    @Slot(str)
    def choosePosition(self, code: str) -> None:  # noqa: N802
        self._position = SealPosition(code).value
        self._say("", False)

    @Slot()
    def scanSeal(self) -> None:  # noqa: N802
        position = self._position
        if not position:
            self._say(tr(DONE_MSG["position_first"]), True)
            return
        self._act("seal", lambda f: f.see_seal(self._scan(), SealPosition(position))[1], DONE_MSG["seal"])

    @Slot()
    def finishEvidence(self) -> None:  # noqa: N802
        self._act("evidence_done", lambda f: f.finish_evidence(), DONE_MSG["evidence"], demo=False)

    @Slot()
    def complete(self) -> None:
        self._act("upload", lambda f: f.complete(), DONE_MSG["upload"], demo=False)

    @Slot()
    def refresh(self) -> None:
        """Read again what is stored: a sync brought data down (the centre's correction, perhaps)."""
        flow = self._flow
        if flow is not None and not self._busy:
            self._run(lambda: self._read(flow), self._show)

    @Slot()
    def applyCorrection(self) -> None:  # noqa: N802
        """Write the centre's correction to the meter, read it back, report it."""
        self._act("correct", lambda f: f.correct(), DONE_MSG["corrected"])

    def _act(self, step: str, act: Callable[[InspectionFlow], Any], done: object, demo: bool = True) -> None:
        flow, order = self._flow, self._order
        if flow is None or order is None or self._busy:
            return

        def job() -> tuple[Any, tuple[Any, ...]]:
            if demo and self._on_step is not None:
                self._on_step(step, order)
            return act(flow), self._read(flow)

        def ok(result: tuple[Any, tuple[Any, ...]]) -> None:
            value, state = result
            self._show(state)
            self._say(tr(done).replace("%1", str(value)), False)

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
        self._message, self._is_error = text, error
        self.changed.emit()

    @Slot()
    def retranslate(self) -> None:
        self.changed.emit()

    # -- what QML reads ---------------------------------------------------------------------------
    @Property(bool, notify=changed)
    def active(self) -> bool:
        return self._active

    @Property(bool, notify=changed)
    def busy(self) -> bool:
        return self._busy

    @Property(str, notify=changed)
    def step(self) -> str:
        return self._step

    @Property(int, notify=changed)
    def stepIndex(self) -> int:  # noqa: N802
        return STEP_CODES.index(self._step) if self._step in STEP_CODES else 0

    @Property(list, notify=changed)
    def stepLabels(self) -> list[str]:  # noqa: N802
        return [label(STEPS, s) for s in STEP_CODES[:-1]]

    @Property(str, notify=changed)
    def message(self) -> str:
        return self._message

    @Property(bool, notify=changed)
    def isError(self) -> bool:  # noqa: N802
        return self._is_error

    @Property(dict, notify=changed)
    def order(self) -> dict[str, str]:
        o = self._order
        if o is None:
            return {}
        return {"orderNo": o.order_no, "customer": o.archive.customer.name,
                "address": o.archive.customer.address, "assetNo": o.archive.meter.asset_no}

    @Property(list, notify=changed)
    def readings(self) -> list[dict[str, str]]:
        return snapshot_rows(self._snapshot)

    @Property(list, notify=changed)
    def correction(self) -> list[dict[str, str]]:
        """What the centre's correction will change on the meter ([]: none to write)."""
        c = self._correction
        if c is None:
            return []
        rows = [{"label": tr(FIX_PRICES), "value": " / ".join(c.prices)}] if c.prices else []
        if c.tou_table:
            rows.append({"label": tr(FIX_TOU), "value": periods_text(switching_points(c.tou_table))})
        if c.set_clock:
            rows.append({"label": tr(FIX_CLOCK), "value": tr(FIX_CLOCK_VALUE)})
        return rows

    @Property(list, notify=changed)
    def corrected(self) -> list[dict[str, str]]:
        """The meter after the centre's correction, as read back ([]: not corrected here)."""
        return read_back_rows(self._written)

    @Property(int, notify=changed)
    def photos(self) -> int:
        return self._photos

    @Property(list, notify=changed)
    def sealsSeen(self) -> list[dict[str, str]]:  # noqa: N802
        names = dict(SEAL_POSITIONS)
        seen = self._snapshot.seals_seen if self._snapshot is not None else ()
        return [{"position": p.value, "positionLabel": tr(names.get(p.value, p.value)), "sealNo": n}
                for p, n in seen]

    @Property(list, notify=changed)
    def positions(self) -> list[dict[str, str]]:
        return [{"code": code, "label": tr(text)} for code, text in SEAL_POSITIONS]

    @Property(str, notify=changed)
    def position(self) -> str:
        return self._position
