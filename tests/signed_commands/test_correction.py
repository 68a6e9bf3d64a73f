"""The correction body both ends speak: what it may carry, and that it survives the wire."""

from __future__ import annotations

import pytest

from signed_commands.correction import MeterCorrection
from signed_commands.errors import CommandError

DAY = ("00:00=4", "07:00=3", "08:00=2", "19:00=1", "23:00=4")


def test_a_correction_carries_prices_points_and_clock_through_its_body() -> None:
    fix = MeterCorrection("T-1", "202107072529", ("tou_table_differs", "clock_drift"),
                          ("0.7836", "0.6268", "0.5224", "0.2612"), set_clock=True, tou_table=DAY)
    assert MeterCorrection.decode(fix.encode()) == fix
    only_points = MeterCorrection("T-1", "202107072529", ("tou_table_differs",), tou_table=DAY)
    assert MeterCorrection.decode(only_points.encode()) == only_points


def test_an_older_body_without_points_still_opens() -> None:
    body = (b'{"meter_address":"202107072529","prices":[],"rules":["clock_drift"],"set_clock":true,'
            b'"task_id":"T-1","v":1}')
    assert MeterCorrection.decode(body).tou_table == ()


@pytest.mark.parametrize("points", [
    ("07:00=3", "00:00=4"),  # out of order
    ("07:00=3", "07:00=2"),  # one time twice
    ("7:00=3",), ("07:00=5",), ("24:00=1",),
    tuple(f"{h:02d}:00=3" for h in range(15)),  # more than a day table holds
])
def test_switching_points_a_meter_cannot_hold_are_refused(points: tuple[str, ...]) -> None:
    with pytest.raises(CommandError):
        MeterCorrection("T-1", "202107072529", ("tou_table_differs",), tou_table=points)


def test_a_correction_writes_something() -> None:
    with pytest.raises(CommandError, match="writes"):
        MeterCorrection("T-1", "202107072529", ("clock_drift",))
