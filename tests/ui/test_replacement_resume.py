"""Kill the terminal during a step's device work, restart: the flow resumes at that step,
with nothing lost and nothing duplicated.

A child process (``tests/ui/replacement_child.py``) runs the replacement through the
service against this process's simulators (meter and printer on ptys) and is SIGKILLed
during one action's device I/O: the meter answering slowly, the camera hanging, the
printer switched off. Then a fresh view-model over the same store opens the order.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.services.replacement_plan import FINAL_READING, INITIAL_READING, TARIFF_PRICE_DIS
from app.ui.background import Background
from app.ui.composition import read
from app.ui.replacement_model import ReplacementModel
from tests.ui.replacement_support import Rig
from tests.ui.test_replacement_flow import open_order, tap

Wait = Callable[[Callable[[], Any]], None]
ROOT = Path(__file__).resolve().parents[2]
OLD_METER = {"identify_old", "read_old", "confirm"}
STEP_OF = {"seal_1": "seal", "seal_2": "seal", "finish_sealing": "seal", "complete": "upload",
           "print": "done"}
# (killed during, the device that hangs, what a fresh model shows, the taps that finish that step)
CASES = [
    ("identify_old", "meter", "identify_old", [("scanOld", ())]),
    ("read_old", "meter", "read_old", [("readOld", ())]),
    ("confirm", "camera", "confirm", None),
    ("install_new", "meter", "install_new", [("installNew", ())]),
    ("seal_2", "camera", "seal",
     [("choosePosition", ("meter_cover",)), ("scanSeal", ()), ("finishSealing", ())]),
    ("set_tariff", "meter", "set_tariff", [("setTariff", ())]),
    ("print", "printer", "done", [("printReceipt", ())]),
]
# what is stored once the step a case resumes at is done
OLD, NEW, PRICES = len(FINAL_READING), len(INITIAL_READING), len(TARIFF_PRICE_DIS)
AFTER = {"identify_old": {"reading": 0}, "read_old": {"reading": OLD}, "confirm": {"attachments": 2},
         "install_new": {"reading": OLD + NEW, "meter_install": 1}, "seal": {"seal": 2},
         "set_tariff": {"reading": OLD + NEW + PRICES},
         "done": {"work_result": 1, "reading": OLD + NEW + PRICES, "seal": 2}}


def snapshot(rig: Rig) -> dict[str, Any]:
    db = rig.store.reader()
    no = rig.order.order_no
    counts = dict(db.execute("SELECT entity, COUNT(*) FROM records WHERE order_no = ? GROUP BY entity",
                             [no]).fetchall())
    counts["attachments"] = rig.count("attachments", "order_no = ?", no)
    counts["outbox"] = rig.count("outbox")
    counts["order"] = tuple(db.execute("SELECT status, step FROM work_orders WHERE order_no = ?",
                                       [no]).fetchone())
    return counts


def run_child_until_killed(rig: Rig, kill_at: str, device: str) -> dict[str, Any]:
    """Run the child; SIGKILL it during ``kill_at``'s device work; the store as it was just before."""
    order = rig.order
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.replacement_child", str(rig.home), order.order_no,
         rig.bench.meter.port, rig.bench.printer.path, kill_at],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdin is not None and child.stdout is not None
    try:
        for line in child.stdout:
            word, name = line.split()
            if word != "STEP":
                continue
            step = STEP_OF.get(name, name)
            old = step in OLD_METER
            rig.bench.meter.probe(order.archive.meter.address if old else order.new_meter_address)
            if name != kill_at:
                child.stdin.write("go\n")
                child.stdin.flush()
                continue
            before = snapshot(rig)
            if device == "meter":
                rig.bench.meter.inject("slow", 1, 1.0)  # the request arrives, the answer is late
            elif device == "printer":
                rig.bench.printer.set_state(powered=False)
            child.stdin.write("go\n")
            child.stdin.flush()
            time.sleep(0.5)  # in the middle of the device's work
            os.kill(child.pid, signal.SIGKILL)
            assert child.wait(5) == -signal.SIGKILL
            return before
        raise AssertionError(f"the child ended before {kill_at}: exit {child.wait(5)}")
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
            child.wait(5)


@pytest.mark.parametrize(("kill_at", "device", "resume_at", "taps"), CASES, ids=[c[0] for c in CASES])
def test_killed_during_a_step_resumes_at_it(kill_at: str, device: str, resume_at: str,
                                            taps: list[tuple[str, tuple[object, ...]]] | None,
                                            qapp: Any, tmp_path: Path, wait: Wait, qml_clean: None) -> None:
    rig = Rig.start(tmp_path)
    try:
        before = run_child_until_killed(rig, kill_at, device)
        time.sleep(0.7 if device == "meter" else 0)  # the late answer goes out into the void
        rig.bench.meter.faults.clear()
        rig.bench.printer.set_state(powered=True)
        assert snapshot(rig) == before  # nothing half-written

        w = rig.wiring()
        model = ReplacementModel(Background(), w.flow_for, w.scan, w.on_step)
        open_order(model, rig, wait)
        assert read(model, "step") == resume_at
        assert snapshot(rig)["outbox"] == before["outbox"]  # reopening wrote nothing
        if resume_at == "seal":
            assert len(read(model, "seals")) == 1
        for slot, args in taps or [("confirm", (signature_url(),))]:
            tap(model, wait, slot, *args)
            assert not read(model, "messageIsError"), read(model, "message")
        assert read(model, "step") != resume_at or read(model, "printed")
        after = snapshot(rig)
        for entity, count in AFTER[resume_at].items():
            assert after.get(entity, 0) == count, (entity, after)
        duplicates = rig.store.reader().execute(
            "SELECT entity, entity_id FROM outbox WHERE entity NOT IN ('work_order', 'order_event') "
            "GROUP BY entity, entity_id HAVING COUNT(*) > 1").fetchall()
        assert duplicates == []
    finally:
        rig.stop()


def signature_url() -> str:
    from tests.ui.replacement_support import signature_data_url

    return signature_data_url()
