"""Cold start to the task list, against a bare QML window on the same machine.

Each run is a fresh process; the time is from just before the process is spawned
to the moment it reports its first frame on stdout (``first-frame``):

- bare: QGuiApplication + QQmlApplicationEngine with ``Window {}``, exits on its
  first ``frameSwapped``;
- MeterField: ``python main.py --demo --home H`` with the demo store already
  seeded and the technician's session remembered (as when the terminal restarts
  during the day), ``METERFIELD_BENCH_FIRST_FRAME=<technician>``. It reports the
  first frame that shows their task list (painted from the list snapshot the app
  keeps, before the store is open), then the first frame with the store's rows, and exits.

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


def seed_home(home: Path) -> None:
    from app.domain.entities import User
    from app.settings import Settings
    from app.ui.bootstrap import Bootstrap
    from app.ui.task_list_model import Summary

    boot = Bootstrap(Settings(home=home).db_path, demo=True)
    user: User = next(u for u in boot.users() if u.user_id == TECHNICIAN)
    boot.prepare(user)
    boot.remember(user.user_id)  # as after a day's work: the app restarts into this user's list
    rows = [Summary.of(s).fields() for s in boot.summaries_for(user)]
    boot.save_snapshot(user, rows)  # what the app wrote when it last showed the list
    boot.close()


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
        seed_home(home)
        bare_script = Path(tmp) / "bare.py"
        bare_script.write_text(BARE)
        bare_cmd = [sys.executable, str(bare_script)]
        app_cmd = [sys.executable, "main.py", "--demo", "--home", str(home)]
        app_env = {**env, "METERFIELD_BENCH_FIRST_FRAME": TECHNICIAN}
        frame_times(bare_cmd, env, "first-frame")  # warm the OS file cache and the bytecode for both
        frame_times(app_cmd, app_env, "fresh-frame")
        bare, first, fresh = [], [], []
        for _ in range(args.runs):
            bare.append(frame_times(bare_cmd, env, "first-frame")["first-frame"])
            app = frame_times(app_cmd, app_env, "fresh-frame")
            first.append(app["first-frame"])
            fresh.append(app["fresh-frame"])
    bare_ms = statistics.median(bare) * 1000
    first_ms, fresh_ms = statistics.median(first) * 1000, statistics.median(fresh) * 1000
    print(f"bare QML window, first frame:                 median {bare_ms:7.1f} ms  (runs: {args.runs})")
    print(f"MeterField task list, first frame:            median {first_ms:7.1f} ms  "
          f"ratio {first_ms / bare_ms:.2f}x (target <= 2x)")
    print(f"MeterField task list, first frame from store: median {fresh_ms:7.1f} ms  "
          f"ratio {fresh_ms / bare_ms:.2f}x")
    print(f"command: {sys.executable} benches/bench_ui_cold_start.py --runs {args.runs}")
    print("measured: QT_QPA_PLATFORM=offscreen, software scene graph, bytecode cached; MeterField: "
          f"METERFIELD_BENCH_FIRST_FRAME={TECHNICIAN} python main.py --demo --home <seeded home>")
    return 0


if __name__ == "__main__":
    sys.exit(main())
