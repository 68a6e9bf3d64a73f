"""Each error stops the step where it is, with a message a technician understands, and nothing advances."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.domain.work_orders import WorkOrder
from app.ui.background import Background
from app.ui.composition import read
from app.ui.demo_bench import issue_authorisations
from app.ui.replacement_format import tr
from app.ui.replacement_model import ReplacementModel
from device_drivers.camera.simulated import MeterScene
from tests.ui.replacement_support import Rig, signature_data_url
from tests.ui.test_replacement_flow import drive_to, open_order, tap

Wait = Callable[[Callable[[], Any]], None]
OTHER_ASSET = "5102300000000000000042"


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    r = Rig.start(tmp_path)
    yield r
    r.stop()


class Staging:
    """The demo hook, with what the camera sees overridden by a test (a wrong meter, a used seal)."""

    def __init__(self, rig: Rig) -> None:
        self.rig = rig
        self.scene: MeterScene | None = None

    def __call__(self, step: str, order: WorkOrder) -> None:
        self.rig.bench.scene.on_step(step, order)
        if self.scene is not None:
            self.rig.bench.camera.scenes = [self.scene]


def model_for(rig: Rig, staging: Staging) -> ReplacementModel:
    w = rig.wiring()
    return ReplacementModel(Background(), w.flow_for, w.scan, staging)


def stopped(model: ReplacementModel, step: str, *words: str) -> str:
    assert read(model, "step") == step
    assert read(model, "messageIsError")
    text = read(model, "message")
    assert all(w in text for w in words), text
    return str(text)


def test_wrong_old_meter_shows_scanned_and_archive(qapp: Any, rig: Rig, wait: Wait, qml_clean: None) -> None:
    staging = Staging(rig)
    staging.scene = MeterScene(asset_no=OTHER_ASSET)
    model = model_for(rig, staging)
    open_order(model, rig, wait)
    tap(model, wait, "scanOld")
    stopped(model, "identify_old", tr("Wrong meter"), OTHER_ASSET, rig.order.archive.meter.asset_no)
    assert read(model, "mismatch") == {"scanned": OTHER_ASSET, "expected": rig.order.archive.meter.asset_no}
    assert rig.count("records", "entity = 'reading'") == 0
    staging.scene = None  # the right meter this time
    tap(model, wait, "scanOld")
    assert read(model, "step") == "read_old" and read(model, "mismatch") == {}


def test_a_seal_is_used_once(qapp: Any, rig: Rig, wait: Wait, qml_clean: None) -> None:
    staging = Staging(rig)
    model = model_for(rig, staging)
    open_order(model, rig, wait)
    drive_to(model, wait, "seal")
    staging.scene = MeterScene(asset_no="SC0000000777", reading_kwh="", model="SEAL")
    tap(model, wait, "choosePosition", "terminal_cover")
    tap(model, wait, "scanSeal")
    assert len(read(model, "seals")) == 1
    tap(model, wait, "choosePosition", "meter_cover")
    tap(model, wait, "scanSeal")
    stopped(model, "seal", "already used", "SC0000000777")
    assert len(read(model, "seals")) == 1
    tap(model, wait, "finishSealing")  # one seal is not enough
    stopped(model, "seal", "1 seal")


def test_scanning_a_seal_without_a_position_is_refused(qapp: Any, rig: Rig, wait: Wait,
                                                      qml_clean: None) -> None:
    model = model_for(rig, Staging(rig))
    open_order(model, rig, wait)
    drive_to(model, wait, "seal")
    tap(model, wait, "scanSeal")
    stopped(model, "seal", tr("Choose where the seal goes first, then scan it."))


def test_tariff_write_failure(qapp: Any, rig: Rig, wait: Wait, qml_clean: None) -> None:
    model = model_for(rig, Staging(rig))
    open_order(model, rig, wait)
    drive_to(model, wait, "set_tariff")
    rig.bench.meter.inject("abnormal", 1, 0x04)  # the meter refuses (no permission)
    tap(model, wait, "setTariff")
    stopped(model, "set_tariff")
    assert read(model, "tariffPrices") == []
    rig.bench.meter.faults.clear()
    tap(model, wait, "setTariff")
    assert read(model, "step") == "upload"


def test_meter_not_answering(qapp: Any, rig: Rig, wait: Wait, qml_clean: None) -> None:
    model = model_for(rig, Staging(rig))
    open_order(model, rig, wait)
    drive_to(model, wait, "read_old")
    rig.bench.meter.inject("no-reply", 10)
    model.readOld()
    wait(lambda: not read(model, "busy"), 30_000)  # type: ignore[call-arg]
    stopped(model, "read_old", tr("The meter does not answer: hold the probe on its window and retry"),
            "no reply")
    assert read(model, "readings") == []
    assert rig.count("records", "entity = 'reading'") == 0


def test_expired_authorisation(qapp: Any, tmp_path: Path, wait: Wait, qml_clean: None) -> None:
    rig = Rig.start(tmp_path, authorise=False)
    try:
        issue_authorisations(rig.store, rig.order, now=time.time() - 10 * 3600, ttl_s=3600)
        model = model_for(rig, Staging(rig))
        open_order(model, rig, wait)
        drive_to(model, wait, "read_old")
        tap(model, wait, "readOld")
        stopped(model, "read_old", "expired")
    finally:
        rig.stop()


def test_printer_error_keeps_the_completion_and_retries(qapp: Any, rig: Rig, wait: Wait,
                                                       qml_clean: None) -> None:
    model = model_for(rig, Staging(rig))
    open_order(model, rig, wait)
    drive_to(model, wait, "done")
    rig.bench.printer.set_state(powered=False)
    model.printReceipt()
    wait(lambda: not read(model, "busy"), 30_000)  # type: ignore[call-arg]
    stopped(model, "done", tr("Printer problem: the work is saved, retry printing"), "printer")
    assert read(model, "completed") and not read(model, "printed")
    assert rig.count("work_orders", "order_no = ? AND status = 'completed'", rig.order.order_no) == 1
    rig.bench.printer.set_state(powered=True)
    tap(model, wait, "printReceipt")
    assert read(model, "printed")
    assert len(rig.bench.printer.wait_for_receipts(1, 5)) == 1


def test_full_disk_at_confirm_says_so_in_chinese_and_records_nothing(
        qapp: Any, tmp_path: Path, wait: Wait, qml_clean: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The photo and the signature meet a full disk (a real tmpfs filled to the last byte): the
    step stays at confirm with nothing kept, no .part is left, and the screen says why in Chinese
    without the English detail; with space again, the same tap completes the step."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    from app.ui.language import qm_path
    from tests.support.full_disk import small_disk

    with small_disk(tmp_path / "disk", "48m", monkeypatch) as disk:
        rig = Rig.start(disk.root)
        translator = QTranslator()
        assert translator.load(str(qm_path("zh_CN")))
        QCoreApplication.installTranslator(translator)
        try:
            model = model_for(rig, Staging(rig))
            open_order(model, rig, wait)
            drive_to(model, wait, "confirm")
            disk.fill()
            tap(model, wait, "confirm", signature_data_url())
            text = stopped(model, "confirm", "手持机存储空间已满")
            assert not any("a" <= c.lower() <= "z" for c in text), text  # no English on the Chinese screen
            assert rig.count("attachments") == 0
            assert rig.count("outbox", "entity = 'attachment'") == 0
            assert rig.count("work_orders", "order_no = ? AND step = 'confirm'", rig.order.order_no) == 1
            assert list(disk.root.rglob("*.part")) == []
            disk.free()
            tap(model, wait, "confirm", signature_data_url())
            assert read(model, "step") == "install_new" and rig.count("attachments") == 2
        finally:
            QCoreApplication.removeTranslator(translator)
            rig.stop()
