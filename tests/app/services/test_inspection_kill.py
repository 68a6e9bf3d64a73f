"""Kill the terminal during an inspection step's device work, restart: the flow resumes at that
step with nothing half-written, and finishing it stores every value once.

A child process (``tests/app/services/inspection_child.py``) runs the inspection through the
service against this process's meter simulator (on a pty) and is SIGKILLed during one action:
the meter answering late (the read; the correction's writes), the camera hanging (the photo).
Then a fresh flow over the same store carries on, as a restarted terminal does.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.domain.inspection import expected_prices
from app.domain.records import SealPosition
from app.domain.steps import InspectionStep
from app.domain.work_orders import Status
from app.storage.work_orders import WorkOrderRepo
from tests.app.services.inspection_door import Door, correction_from_the_centre

ROOT = Path(__file__).resolve().parents[3]


def stored(door: Door) -> dict[str, Any]:
    """What the terminal holds for the order: records by kind, photos, outbox rows, status and step."""
    db = door.store.reader()
    no = door.order.order_no
    counts: dict[str, Any] = dict(db.execute(
        "SELECT entity, COUNT(*) FROM records WHERE order_no = ? GROUP BY entity", [no]).fetchall())
    counts["attachments"] = db.execute("SELECT COUNT(*) FROM attachments WHERE order_no = ?",
                                       [no]).fetchone()[0]
    counts["outbox"] = db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
    counts["order"] = tuple(db.execute("SELECT status, step FROM work_orders WHERE order_no = ?",
                                       [no]).fetchone())
    return counts


def run_child_until_killed(door: Door, home: Path, kill_at: str) -> dict[str, Any]:
    """Run the child; SIGKILL it in the middle of ``kill_at``; the store as it was just before."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.app.services.inspection_child", str(home), door.order.order_no,
         door.order.tech_id, door.simulator.port, kill_at],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdin is not None and child.stdout is not None
    try:
        for line in child.stdout:
            word, name = line.split()
            if word != "STEP":
                continue
            if name == "correct":
                correction_from_the_centre(door)  # a sync brought it after the upload
            if name != kill_at:
                child.stdin.write("go\n")
                child.stdin.flush()
                continue
            before = stored(door)
            prices = list(door.meter.prices)
            if kill_at == "read":
                door.simulator.inject("slow", 1, 1.0)  # the request arrives, the answer is late
            elif kill_at == "correct":
                door.simulator.inject("slow", 100, 0.3)  # every answer late: the kill lands between writes
            child.stdin.write("go\n")
            child.stdin.flush()
            if kill_at == "correct":
                deadline = time.monotonic() + 20
                while door.meter.prices == prices:  # the first price is written, the others not yet
                    assert time.monotonic() < deadline, "the correction never reached the meter"
                    time.sleep(0.02)
            else:
                time.sleep(0.5)  # in the middle of the device's work
            os.kill(child.pid, signal.SIGKILL)
            assert child.wait(5) == -signal.SIGKILL
            return before
        raise AssertionError(f"the child ended before {kill_at}: exit {child.wait(5)}")
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
            child.wait(5)


def finish(door: Door, kill_at: str) -> None:
    """A restarted terminal does the killed step again, then the rest."""
    flow = door.flow()
    order = door.order
    actions = {"read": flow.read, "photo": flow.photo, "finish_evidence": flow.finish_evidence,
               "complete": flow.complete, "correct": flow.correct}
    names = ["read", "photo", "finish_evidence", "complete", "correct"]
    for name in names[names.index(kill_at):]:
        if name == "finish_evidence":
            flow.see_seal("SC4400000009", SealPosition.METER_COVER)
        if name == "correct" and flow.correction() is None:
            correction_from_the_centre(door)  # the sync after the upload
        actions[name]()
    assert WorkOrderRepo(door.store).get(order.order_no).status is Status.COMPLETED  # type: ignore[union-attr]


RESUMES_AT = {"read": InspectionStep.READ, "photo": InspectionStep.EVIDENCE, "correct": InspectionStep.DONE}


@pytest.mark.parametrize("kill_at", ["read", "photo", "correct"])
def test_killed_during_a_step_resumes_at_it(door: Door, tmp_path: Path, kill_at: str) -> None:
    before = run_child_until_killed(door, tmp_path, kill_at)
    time.sleep(1.0 if kill_at != "photo" else 0)  # a late answer goes out into the void
    door.simulator.faults.clear()
    assert stored(door) == before  # nothing half-written

    flow = door.flow()
    assert flow.step() is RESUMES_AT[kill_at]
    assert stored(door) == before  # reopening wrote nothing
    finish(door, kill_at)

    db = door.store.reader()
    no = door.order.order_no
    readings = db.execute("SELECT COUNT(*), COUNT(DISTINCT json_extract(payload, '$.di')) FROM records "
                          "WHERE order_no = ? AND entity = 'reading'", [no]).fetchone()
    assert readings[0] == readings[1] > 40  # every value once
    assert db.execute("SELECT COUNT(*) FROM attachments WHERE order_no = ?", [no]).fetchone()[0] == 1
    duplicates = db.execute(
        "SELECT entity, entity_id FROM outbox WHERE entity NOT IN ('work_order', 'order_event') "
        "GROUP BY entity, entity_id HAVING COUNT(*) > 1").fetchall()
    assert duplicates == []
    results = db.execute("SELECT COUNT(*) FROM outbox WHERE entity = 'correction_result'").fetchone()[0]
    assert results == 1  # the correction reported once, whether or not it was killed half-way
    assert [str(p) for p in door.meter.prices] == [
        str(p.quantize(Decimal("0.0001"))) for p in expected_prices(door.order.archive.tariff)]
