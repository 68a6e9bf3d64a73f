"""Receipts with the demo data's customer, and a simulated printer on a real pty."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from device_drivers.printer.driver import ReceiptPrinter
from device_drivers.printer.receipts import RechargeReceipt, ReplacementReceipt, SealEntry
from device_drivers.printer.simulator import PrinterSimulator

WHEN = datetime(2024, 6, 12, 8, 47, 55)


@pytest.fixture
def recharge() -> RechargeReceipt:
    return RechargeReceipt(
        transaction_id="TX20240612084755001", customer_no="1255609162", customer_name="郑辉",
        meter_asset_no="5102309418876227931535", amount_yuan=Decimal("200"), purchase_count=5,
        balance_yuan=Decimal("235.6"), time=WHEN, technician="T83550326")


@pytest.fixture
def replacement() -> ReplacementReceipt:
    return ReplacementReceipt(
        order_no="WO202406121000", customer_no="1255609162", customer_name="郑辉",
        old_meter_asset_no="5102309418876227931535", old_final_reading_kwh=Decimal("1411.51"),
        new_meter_asset_no="5102309418876227939999", new_start_reading_kwh=Decimal("0.00"),
        seals=(SealEntry("SC4773731081", "表尾盖"), SealEntry("SC8067121460", "计量箱门")),
        time=WHEN, technician="T83550326")


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[PrinterSimulator]:
    with PrinterSimulator(tmp_path / "printed") as simulator:
        yield simulator


@pytest.fixture
def printer(sim: PrinterSimulator) -> Iterator[ReceiptPrinter]:
    driver = ReceiptPrinter.open(sim.path, status_timeout=0.5)
    yield driver
    driver.close()
