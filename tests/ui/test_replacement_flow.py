"""The whole replacement, driven by taps through the view-model against real simulators.

Meter simulator (old + new meter) and printer simulator on ptys, the simulated camera
photographing the meter the technician looks at (barcodes decoded from the picture),
the software security module with server-signed authorisations in the store.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.domain.records import SealPosition
from app.ui.background import Background
from app.ui.composition import QML_DIR, read
from app.ui.replacement_model import ReplacementModel
from tests.ui.replacement_support import Rig, signature_data_url

Wait = Callable[[Callable[[], Any]], None]
STEPS = ["identify_old", "read_old", "confirm", "install_new", "seal", "set_tariff", "upload"]


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    r = Rig.start(tmp_path)
    yield r
    r.stop()


@pytest.fixture
def flow(qapp: Any, rig: Rig, qml_clean: None) -> Iterator[ReplacementModel]:
    bg = Background()
    w = rig.wiring()
    model = ReplacementModel(bg, w.flow_for, w.scan, w.on_step)
    yield model
    bg.wait_for_workers()


def tap(model: ReplacementModel, wait: Wait, slot: str, *args: object) -> None:
    """One tap on a button: the slot, then wait for its background work to answer."""
    getattr(model, slot)(*args)
    wait(lambda: not read(model, "busy"))


def open_order(model: ReplacementModel, rig: Rig, wait: Wait) -> None:
    model.open(rig.order.order_no)
    wait(lambda: read(model, "loaded") and not read(model, "busy"))


def drive_to(model: ReplacementModel, wait: Wait, stop_at: str) -> None:
    """Tap through the steps until the model is at ``stop_at``."""
    plan: dict[str, list[tuple[str, tuple[object, ...]]]] = {
        "identify_old": [("scanOld", ())],
        "read_old": [("readOld", ())],
        "diagnose": [("diagnose", (False,))],
        "confirm": [("confirm", (signature_data_url(),))],
        "install_new": [("installNew", ())],
        "seal": [("choosePosition", (SealPosition.TERMINAL_COVER.value,)), ("scanSeal", ()),
                 ("choosePosition", (SealPosition.METER_COVER.value,)), ("scanSeal", ()),
                 ("finishSealing", ())],
        "set_tariff": [("setTariff", ())],
        "upload": [("complete", ())],
    }
    while read(model, "step") != stop_at:
        step = read(model, "step")
        for slot, args in plan[step]:
            tap(model, wait, slot, *args)
            assert not read(model, "messageIsError"), read(model, "message")


def test_replacement_end_to_end_by_taps(flow: ReplacementModel, rig: Rig, wait: Wait) -> None:
    open_order(flow, rig, wait)
    assert read(flow, "step") == "identify_old" and read(flow, "stepIndex") == 0
    assert len(read(flow, "stepNames")) == 7
    drive_to(flow, wait, "read_old")
    drive_to(flow, wait, "confirm")
    rows = {r["label"]: r for r in read(flow, "readings")}
    assert any(r["unit"] == "kWh" and r["big"] for r in rows.values())
    assert any(r["unit"] in ("yuan", "元") for r in rows.values()), rows
    drive_to(flow, wait, "seal")
    assert read(flow, "newMeter")["assetNo"] == rig.order.new_meter_asset_no
    drive_to(flow, wait, "set_tariff")
    assert len(read(flow, "seals")) == 2
    drive_to(flow, wait, "upload")
    prices = read(flow, "tariffPrices")
    assert len(prices) == 4 and all(p["verified"] for p in prices)
    drive_to(flow, wait, "done")
    assert read(flow, "completed")
    tap(flow, wait, "printReceipt")
    assert read(flow, "printed") and not read(flow, "messageIsError")

    # what is stored
    no = rig.order.order_no
    assert rig.count("work_orders", "order_no = ? AND status = 'completed'", no) == 1
    readings = [json.loads(r) for (r,) in rig.store.reader().execute(
        "SELECT payload FROM records WHERE entity = 'reading' AND order_no = ?", [no])]
    assert {r["role"] for r in readings} == {"old", "new"}
    assert rig.records("seal") == 2 and rig.records("meter_install") == 1
    kinds = sorted(k for (k,) in rig.store.reader().execute(
        "SELECT kind FROM attachments WHERE order_no = ?", [no]))
    assert kinds == ["photo", "signature"]
    assert rig.count("records", "entity = 'work_result' AND order_no = ?", no) == 1
    receipts = rig.bench.printer.wait_for_receipts(1, 5)
    assert receipts and receipts[0].png_path is not None and receipts[0].png_path.stat().st_size > 1000

    # taps only: 1 scan, 1 read, 1 confirm, 1 scan, 2 x (position + scan) + done, 1 tariff,
    # 1 complete, 1 print = 12 taps; nothing typed (the flow's QML has no text field at all)
    assert read(flow, "tapCount") == 12
    qml = "".join(p.read_text() for p in (QML_DIR / "replacement").glob("*.qml"))
    for typed in ("TextField", "TextInput", "TextEdit", "TextArea", "SpinBox", "Keyboard"):
        assert typed not in qml


def test_resume_shows_the_stored_step_and_what_was_captured(flow: ReplacementModel, rig: Rig,
                                                             wait: Wait) -> None:
    open_order(flow, rig, wait)
    drive_to(flow, wait, "confirm")
    w = rig.wiring()
    again = ReplacementModel(Background(), w.flow_for, w.scan, w.on_step)
    open_order(again, rig, wait)
    assert read(again, "step") == "confirm" and read(again, "stepIndex") == 2
    assert read(again, "readings") == read(flow, "readings")
