"""The meter replacement by taps: how many taps, how many typed characters, how long each step takes.

Drives the replacement view-model (the same slots the step screens' buttons call)
from the first step screen to the printed receipt, against the simulators: the meter
simulator paced like a real 1200 baud infrared line (``--fast`` to skip the pacing),
the printer simulator on a pty, the simulated camera photographing the meter (the
barcodes are decoded from the pictures). Prints the taps, the typed characters (the
text-entry elements in the flow's QML: there must be none), the time of each step
(wall time from the tap to the screen's answer) and the command.

    python benches/bench_replacement_taps.py [--fast] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEventLoop
from PySide6.QtGui import QGuiApplication

from app.ui.background import Background
from app.ui.composition import QML_DIR, read
from app.ui.demo_bench import issue_authorisations, start_bench
from app.ui.replacement_model import ReplacementModel
from app.ui.replacement_wiring import camera_scanner, flows
from tests.ui.replacement_support import seeded_store, signature_data_url

TEXT_ENTRY = ("TextField", "TextInput", "TextEdit", "TextArea", "SpinBox")
PLAN = [("identify", "scanOld", ()), ("read", "readOld", ()), ("confirm", "confirm", ("SIG",)),
        ("install", "installNew", ()), ("seal", "choosePosition", ("terminal_cover",)),
        ("seal", "scanSeal", ()), ("seal", "choosePosition", ("meter_cover",)), ("seal", "scanSeal", ()),
        ("seal", "finishSealing", ()), ("tariff", "setTariff", ()), ("complete", "complete", ()),
        ("print", "printReceipt", ())]


def run_once(app: QGuiApplication, fast: bool) -> tuple[int, dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        store, order = seeded_store(home)
        issue_authorisations(store, order)
        bench = start_bench(order, home / "receipts", fast=fast)
        model = ReplacementModel(Background(), flows(store, bench.devices, home, "bench", order.tech_id),
                                 camera_scanner(bench.camera), bench.scene.on_step)

        def settle() -> None:
            while read(model, "busy"):
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)

        model.open(order.order_no)
        settle()
        times: dict[str, float] = {}
        signature = signature_data_url()
        try:
            for step, slot, args in PLAN:
                started = time.perf_counter()
                getattr(model, slot)(*(signature if a == "SIG" else a for a in args))
                settle()
                if read(model, "messageIsError"):
                    raise SystemExit(f"{step}: {read(model, 'message')}")
                times[step] = times.get(step, 0.0) + time.perf_counter() - started
            return int(read(model, "tapCount")), times
        finally:
            bench.stop()
            store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fast", action="store_true", help="meter simulator without line pacing")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    app = QGuiApplication(sys.argv[:1])
    typed = sum(p.read_text().count(t) for p in (QML_DIR / "replacement").glob("*.qml") for t in TEXT_ENTRY)
    results = [run_once(app, args.fast) for _ in range(args.runs)]
    taps = {t for t, _ in results}
    line = "no pacing (--fast)" if args.fast else "1200 baud pacing"
    print(f"meter replacement, first step screen to printed receipt, meter simulator with {line}:")
    entry = "none possible" if typed == 0 else f"POSSIBLE: {typed} text-entry elements in the flow's QML"
    print(f"  taps (view-model actions): {sorted(taps)}   typed characters: {entry}")
    print("  (tests/ui/test_replacement_screens.py clicks the QML for real and counts the input events"
          " at the window: 11 taps to 'done', 0 key events)")
    steps = list(dict.fromkeys(s for s, _, _ in PLAN))
    for step in steps:
        print(f"  {step:<9} median {statistics.median(r[1][step] for r in results) * 1000:7.0f} ms")
    total = statistics.median(sum(r[1].values()) for r in results)
    print(f"  total     median {total * 1000:7.0f} ms  (runs: {args.runs})")
    print("command: python benches/bench_replacement_taps.py" + (" --fast" if args.fast else "")
          + f" --runs {args.runs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
