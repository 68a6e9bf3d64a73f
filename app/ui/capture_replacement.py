"""``--capture``: the guided replacement, one PNG per step screen (driven like capture.py, by slots).

The devices are the composition root's: in demo mode without the demo world that is
the in-process simulators of :mod:`app.ui.demo_bench`, so the readings, seals and
prices on the screenshots are the simulated meters' own. The signature is drawn with
simulated mouse moves on the signature pad, as a finger would.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest

from app.ui.composition import UiModels, read


class Driver(Protocol):
    window: QQuickWindow
    m: UiModels
    out: Path
    written: list[Path]

    def wait(self, what: str, done: Callable[[], bool]) -> None: ...
    def shot(self, name: str) -> None: ...
    def pump(self, seconds: float) -> None: ...


def _find(root: QQuickItem, name: str) -> QQuickItem | None:
    if root.objectName() == name:
        return root
    for child in root.childItems():
        hit = _find(child, name)
        if hit is not None:
            return hit
    return None


def _sign(d: Driver) -> None:
    pad = _find(d.window.contentItem(), "signaturePad")
    if pad is None:
        return
    o = pad.mapToScene(QPointF(0, 0))
    w, h = pad.width(), pad.height()
    shape = [(0.12, 0.7), (0.2, 0.3), (0.28, 0.65), (0.36, 0.35), (0.45, 0.6), (0.55, 0.4), (0.62, 0.62),
             (0.7, 0.3), (0.78, 0.55), (0.88, 0.45)]
    points = [QPoint(int(o.x() + w * x), int(o.y() + h * y)) for x, y in shape]
    QTest.mousePress(d.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
    for p in points[1:]:
        QTest.mouseMove(d.window, p, 15)
    QTest.mouseRelease(d.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1])
    d.pump(0.3)


def _click(d: Driver, name: str) -> None:
    button = _find(d.window.contentItem(), name)
    if button is None:
        raise RuntimeError(f"capture: no {name} on the screen")
    p = button.mapToScene(QPointF(button.width() / 2, button.height() / 2))
    QTest.mouseClick(d.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(int(p.x()), int(p.y())))


def capture_replacement(d: Driver, order_no: str) -> None:
    """Open ``order_no``'s guided steps and shoot every step screen, then copy the printed receipt."""
    flow = d.m.replacement

    def tap(what: str, slot: Callable[..., Any], *args: Any) -> None:
        slot(*args)
        d.wait(what, lambda: not read(flow, "busy"))
        if read(flow, "messageIsError"):
            raise RuntimeError(f"capture: {what} failed: {read(flow, 'message')}")

    flow.open(order_no)
    d.wait("the replacement to open", lambda: read(flow, "loaded") and not read(flow, "busy"))
    d.shot("10-replace-1-identify")
    flow_for, scan, on_step = flow.hooks()
    if on_step is not None:  # demo: the technician scans the new meter from the van by mistake
        flow.use(flow_for, scan, lambda _step, order: on_step("install_new", order))
        flow.scanOld()
        d.wait("the wrong meter's scan", lambda: not read(flow, "busy"))
        d.shot("10-replace-1-wrong-meter")
        flow.use(flow_for, scan, on_step)
    tap("the old meter's scan", flow.scanOld)
    d.shot("11-replace-2-read")
    tap("the final reading", flow.readOld)
    _sign(d)
    d.shot("12-replace-3-confirm")
    _click(d, "confirmButton")  # as the technician does: the screen sends the pad's PNG
    d.wait("the confirmation", lambda: not read(flow, "busy") and read(flow, "step") != "confirm")
    d.shot("13-replace-4-install")
    tap("the new meter's scan", flow.installNew)
    for position in ("terminal_cover", "meter_cover"):
        flow.choosePosition(position)
        tap("a seal's scan", flow.scanSeal)
    flow.choosePosition("meter_box")
    d.shot("14-replace-5-seal")
    tap("the end of sealing", flow.finishSealing)
    d.shot("15-replace-6-tariff")
    tap("the tariff", flow.setTariff)
    d.shot("16-replace-7-summary")
    tap("the completion", flow.complete)
    tap("the receipt", flow.printReceipt)
    d.shot("17-replace-7-complete")
    receipts = sorted((d.m.bootstrap.db_path.parent / "receipts").glob("receipt-*.png"))
    if receipts:
        target = d.out / "18-replace-receipt.png"
        shutil.copyfile(receipts[-1], target)
        d.written.append(target)
    flow.close()
