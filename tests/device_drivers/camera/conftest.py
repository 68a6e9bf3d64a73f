"""Evidence facts for a replacement in Neijiang; Qt offscreen for the Qt camera adapter."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

import pytest

from device_drivers.camera.model import EvidenceInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # CI has no display; set before any QApplication

CST = timezone(timedelta(hours=8))


@pytest.fixture
def info() -> EvidenceInfo:
    return EvidenceInfo(order_no="WO202406121000", meter_asset_no="5102309418876227931535",
                        taken_at=datetime(2024, 6, 12, 8, 31, 19, tzinfo=CST), lat=29.580281,
                        lon=105.058435, accuracy_m=13.2, technician="T83550326")
