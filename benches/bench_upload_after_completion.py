"""From a completed meter replacement to the centre holding it, with no manual sync.

The field configuration, every part its own process: the central server (demo utility), the
operator's enrolment QR code from its command line, the devices as simulators on their own
addresses (meter and printer on ptys, a real gpsd, a camera folder), and the terminal started
without ``--demo``, driven through its window (``tests/e2e/terminal_child.py``): it enrols by
the QR code, signs in with the PIN pad, does the replacement by taps. The figure is the time
from the completion tap's answer to the terminal's outbox being empty (the centre has acked
everything), as the terminal's own store says. Target: at most 5 s.

    python benches/bench_upload_after_completion.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.field_rig import TECH, Centre, Devices, replacement_order, terminal  # noqa: E402
from tests.e2e.test_field_terminal import result_of  # noqa: E402


def one_run(tmp: Path) -> float:
    order = replacement_order()
    centre = Centre.start(tmp / "centre")
    devices = Devices.start(tmp / "field", order)
    try:
        home = tmp / "handheld"
        devices.configure(home)
        qr = tmp / "enrol.png"
        centre.enrol_code(TECH, qr)
        shutil.copy(qr, devices.camera_dir / "qr.png")
        seen = result_of(terminal(home, "replace", order.order_no, str(devices.control)))
    finally:
        devices.stop()
        centre.stop()
    if not seen.get("pending_at_completion"):
        raise SystemExit(f"nothing was waiting to go up at completion: {seen}")
    return float(seen["upload_s"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    times = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="meterfield-upload-") as tmp:
            times.append(one_run(Path(tmp)))
    print(f"completion to the centre's ack, no manual sync: median {statistics.median(times):.2f} s, "
          f"max {max(times):.2f} s (runs: {args.runs}; target <= 5 s)")
    print(f"command: {sys.executable} benches/bench_upload_after_completion.py --runs {args.runs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
