"""Cold start to the task list, against a bare QML window on the same machine.

Each run is a fresh process; the time is from just before the process is spawned
to the moment it reports its first frame on stdout (``first-frame``):

- bare: QGuiApplication + QQmlApplicationEngine with ``Window {}``, exits on its
  first ``frameSwapped``;
- MeterField in the field configuration: ``python main.py --home H`` (no ``--demo``) on a
  handheld that was really enrolled and synced: the central server runs as its own process,
  the operator's ``enrol-code --qr`` QR image is decoded and enrolled with, one sync brings
  the technician's day and team down, and ``settings.toml`` points at the devices (a meter
  simulator and a printer simulator on ptys, gpsd's port). The technician's session is
  remembered (as when the terminal restarts during the day); ``METERFIELD_BENCH_FIRST_FRAME=
  <technician>``. It reports the first frame that shows their task list (painted from the
  list snapshot the app keeps, before the store is open), then the first frame with the
  store's rows, and exits. The server stays up, so the app's sync starts as in the field.

Both run offscreen with the software scene graph (the same platform and renderer), with
Python bytecode cached (in a temporary ``PYTHONPYCACHEPREFIX``) as an installed app has it.
Prints the median of N runs of each, the ratio (target: at most 2x), and the command.

    python benches/bench_ui_cold_start.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TECHNICIAN = "CD101"

BARE = """
import sys
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow, QSGRendererInterface
QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.Software)
app = QGuiApplication(sys.argv[:1])
engine = QQmlApplicationEngine()
engine.loadData(b"import QtQuick\\nWindow { width: 720; height: 1280; visible: true }")
window = engine.rootObjects()[0]
def frame():
    print("first-frame", flush=True)
    app.exit(0)
window.frameSwapped.connect(frame)
sys.exit(app.exec())
"""


def frame_times(argv: list[str], env: dict[str, str], last: str) -> dict[str, float]:
    """Seconds from spawning ``argv`` to each marker line it prints, up to ``last``."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    times: dict[str, float] = {}
    for line in proc.stdout:
        times.setdefault(line.strip(), time.perf_counter() - start)
        if line.strip() == last:
            break
    else:
        proc.wait()
        raise SystemExit(f"{argv} never reported {last}:\n{proc.stderr.read() if proc.stderr else ''}")
    proc.wait(timeout=30)
    return times


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_centre(home: Path) -> tuple[subprocess.Popen[bytes], str]:
    """The central server as its own process (demo utility), and its https URL."""
    import socket

    port = free_port()
    log = (home.parent / "centre.log").open("ab")
    proc = subprocess.Popen([sys.executable, "main.py", "--home", str(home), "server", "--seed-demo",
                             "--port", str(port)], cwd=ROOT, stdout=log, stderr=log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, f"https://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the central server did not start")


def enrol_and_sync(home: Path, centre_home: Path, url: str) -> None:
    """Enrol the handheld with the operator's QR code and sync its day down, as the field does."""
    from app.settings import Settings
    from app.storage.db import open_store
    from device_drivers.barcode.decode import decode_one
    from sync.local_store import LocalSyncStore
    from sync.runner import build_runner, enrol_from_link

    qr = home.parent / "enrol.png"
    subprocess.run([sys.executable, "main.py", "--home", str(centre_home), "server", "enrol-code", "--user",
                    TECHNICIAN, "--qr", str(qr), "--url", url], cwd=ROOT, check=True, capture_output=True)
    settings = Settings(home=home)
    store = open_store(settings.db_path)
    sync_store = LocalSyncStore(store, settings.data_dir)
    enrol_from_link(sync_store, decode_one(qr.read_bytes()).text, "bench handheld")
    runner = build_runner(sync_store)
    runner.start()
    runner.sync_now()
    status = runner.wait_settled(120)
    runner.stop()
    store.close()
    if status.last_error:
        raise SystemExit(f"the first sync failed: {status.last_error}")


def seed_home(home: Path, centre_home: Path, url: str) -> None:
    from app.domain.entities import User
    from app.settings import Settings
    from app.ui.bootstrap import Bootstrap
    from app.ui.task_list_model import Summary

    enrol_and_sync(home, centre_home, url)
    boot = Bootstrap(Settings(home=home).db_path, demo=False)
    user: User = next(u for u in boot.users() if u.user_id == TECHNICIAN)
    assert boot.summaries_for(user), "the first sync brought no orders"
    boot.remember(user.user_id)  # as after a day's work: the app restarts into this user's list
    rows = [Summary.of(s).fields() for s in boot.summaries_for(user)]
    boot.save_snapshot(user, rows)  # what the app wrote when it last showed the list
    boot.close()


def field_devices(home: Path) -> list[Any]:
    """A meter and a printer on ptys, named in the handheld's settings.toml as an installer would."""
    from app.settings import save_settings
    from device_drivers.meter.simulator import keys as meter_keys
    from device_drivers.meter.simulator.server import MeterSimulator
    from device_drivers.meter.simulator.state import MeterState
    from device_drivers.printer.simulator import PrinterSimulator

    meter = MeterSimulator([MeterState.create("202107072529", meter_keys.load())], fast=True).start()
    printer = PrinterSimulator(home.parent / "receipts").start()
    save_settings(home, {"meter_port": meter.port, "printer_port": printer.path,
                         "security_module": f"soft:{meter_keys.DEMO_KEYS_FILE}", "gps_port": 0})
    return [meter, printer]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="meterfield-bench-") as tmp:
        # Compiled bytecode, as an installed app has it (kept out of the source tree); without it
        # every start would recompile MeterField's modules from source.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(QT_QPA_PLATFORM="offscreen", PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"))
        home = Path(tmp) / "home"
        centre, url = start_centre(Path(tmp) / "centre")
        devices = field_devices(home)
        try:
            seed_home(home, Path(tmp) / "centre", url)
            bare_script = Path(tmp) / "bare.py"
            bare_script.write_text(BARE)
            bare_cmd = [sys.executable, str(bare_script)]
            app_cmd = [sys.executable, "main.py", "--home", str(home)]  # the field configuration
            app_env = {**env, "METERFIELD_BENCH_FIRST_FRAME": TECHNICIAN}
            frame_times(bare_cmd, env, "first-frame")  # warm the OS file cache and the bytecode for both
            frame_times(app_cmd, app_env, "fresh-frame")
            bare, first, fresh = [], [], []
            for _ in range(args.runs):
                bare.append(frame_times(bare_cmd, env, "first-frame")["first-frame"])
                app = frame_times(app_cmd, app_env, "fresh-frame")
                first.append(app["first-frame"])
                fresh.append(app["fresh-frame"])
        finally:
            centre.terminate()
            centre.wait(10)
            for device in devices:
                device.stop()
    bare_ms = statistics.median(bare) * 1000
    first_ms, fresh_ms = statistics.median(first) * 1000, statistics.median(fresh) * 1000
    print(f"bare QML window, first frame:                 median {bare_ms:7.1f} ms  (runs: {args.runs})")
    print(f"MeterField task list, first frame:            median {first_ms:7.1f} ms  "
          f"ratio {first_ms / bare_ms:.2f}x (target <= 2x)")
    print(f"MeterField task list, first frame from store: median {fresh_ms:7.1f} ms  "
          f"ratio {fresh_ms / bare_ms:.2f}x")
    print(f"command: {sys.executable} benches/bench_ui_cold_start.py --runs {args.runs}")
    print("measured: QT_QPA_PLATFORM=offscreen, software scene graph, bytecode cached; MeterField: "
          f"METERFIELD_BENCH_FIRST_FRAME={TECHNICIAN} python main.py --home <enrolled, synced handheld> "
          "(field configuration: no --demo; server process up; devices on ptys)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
