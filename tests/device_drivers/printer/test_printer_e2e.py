"""Receipt -> driver -> real pty -> simulated printer -> PNG; and a printer that cannot print."""

from __future__ import annotations

import pytest
from PIL import Image

from device_drivers.barcode.decode import decode_one
from device_drivers.printer.driver import ReceiptPrinter
from device_drivers.printer.errors import (
    PaperOutError,
    PrinterError,
    PrinterNotRespondingError,
    PrinterOfflineError,
)
from device_drivers.printer.receipts import (
    RechargeReceipt,
    ReplacementReceipt,
    recharge_bytes,
    replacement_bytes,
)
from device_drivers.printer.simulator import PrinterSimulator


def test_recharge_receipt_printed_to_png(sim: PrinterSimulator, printer: ReceiptPrinter,
                                         recharge: RechargeReceipt) -> None:
    status = printer.print_job(recharge_bytes(recharge))
    assert status.online and not status.paper_out
    [receipt] = sim.wait_for_receipts(1, timeout=5)
    assert receipt.png_path is not None and receipt.png_path.is_file()
    image = Image.open(receipt.png_path)
    assert image.width == 408 and image.height > 600
    # The QR on the paper carries the transaction id: read it back from the picture.
    assert decode_one(image).text == recharge.transaction_id
    assert "购电凭证" in receipt.page.text_lines


def test_two_receipts_two_pngs(sim: PrinterSimulator, printer: ReceiptPrinter,
                               recharge: RechargeReceipt, replacement: ReplacementReceipt) -> None:
    printer.print_job(recharge_bytes(recharge))
    printer.print_job(replacement_bytes(replacement))
    receipts = sim.wait_for_receipts(2, timeout=5)
    assert [r.png_path.name for r in receipts if r.png_path] == ["receipt-0001.png", "receipt-0002.png"]
    assert "换表回执" in receipts[1].page.text_lines


def test_paper_out_is_reported_before_sending_and_the_job_can_be_retried(
        sim: PrinterSimulator, printer: ReceiptPrinter, recharge: RechargeReceipt) -> None:
    job = recharge_bytes(recharge)
    sim.set_state(paper_out=True)
    with pytest.raises(PaperOutError, match="out of paper: load a new roll"):
        printer.print_job(job)
    assert sim.discarded_bytes == 0 and sim.receipts == []  # nothing was sent into the void
    sim.set_state(paper_out=False)
    printer.print_job(job)
    assert len(sim.wait_for_receipts(1, timeout=5)) == 1


def test_paper_running_out_mid_receipt(sim: PrinterSimulator, printer: ReceiptPrinter,
                                       recharge: RechargeReceipt) -> None:
    sim.paper_lines = 8
    job = recharge_bytes(recharge)
    with pytest.raises(PaperOutError, match="ran out while printing"):
        printer.print_job(job)
    assert sim.receipts == []
    sim.set_state(paper_out=False)
    printer.print_job(job)
    assert len(sim.wait_for_receipts(1, timeout=5)) == 1


def test_cover_open_is_offline(sim: PrinterSimulator, printer: ReceiptPrinter) -> None:
    sim.set_state(cover_open=True)
    with pytest.raises(PrinterOfflineError, match="cover is open"):
        printer.ensure_ready()


def test_paper_low_is_a_warning_not_an_error(sim: PrinterSimulator, printer: ReceiptPrinter,
                                             recharge: RechargeReceipt) -> None:
    sim.set_state(paper_low=True)
    assert printer.print_job(recharge_bytes(recharge)).paper_low


def test_switched_off_printer_does_not_answer(sim: PrinterSimulator, printer: ReceiptPrinter) -> None:
    sim.set_state(powered=False)
    with pytest.raises(PrinterNotRespondingError, match="switched on, in range and paired"):
        printer.status()


def test_not_a_printer() -> None:
    echo = ReceiptPrinter.open("loop://", status_timeout=0.3)  # an echo line answers nonsense
    with pytest.raises(PrinterError, match="strange status"):
        echo.status()
    echo.close()


def test_printed_barcode_image_reads_back(sim: PrinterSimulator, printer: ReceiptPrinter) -> None:
    """A raster image (GS v 0, as python-escpos sends pictures) survives printer -> PNG -> zbar."""
    from escpos.printer import Dummy

    from device_drivers.barcode.labels import code128_image

    job = Dummy()
    job.hw("INIT")
    job.image(code128_image("SC4773731081", module_width=0.17))  # 341 dots: fits the 384-dot line
    job.cut()
    printer.print_job(bytes(job.output))
    [receipt] = sim.wait_for_receipts(1, timeout=5)
    assert receipt.png_path is not None
    assert decode_one(Image.open(receipt.png_path)).text == "SC4773731081"
