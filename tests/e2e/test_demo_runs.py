"""The demo, run as a newcomer runs it (``main.py --demo`` is ``make run``): it works again the
second time with the same home, and no process it started outlives it (SIGTERM or the end)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.domain.credentials import DEMO_PIN
from app.settings import save_settings
from tests.e2e.field_rig import MAIN, ROOT, terminal
from tests.e2e.test_field_terminal import result_of
from tests.support.processes import alive, children_of


def test_the_demo_twice_with_one_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    save_settings(home, {"demo": True})
    first = result_of(terminal(home, "enrol"))
    assert first["enrol_error"] == "" and "CD101" in first["team"]
    assert first["children"], "the demo world started no gpsd?"
    assert not [p for p in first["children"] if alive(p)], "a process of the first run outlived it"
    # The second run finds the first run's server port taken: its server gets another one, and
    # the handheld (enrolled against the old address) must still reach it.
    old_port = int((home / "demo-world" / "server-port").read_text())
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", old_port))
        squatter.listen()
        second = result_of(terminal(home, "pins", "CD101", DEMO_PIN))
    assert second["errors"] == [""] and second["signed_in"] and second["synced"], second
    assert int((home / "demo-world" / "server-port").read_text()) != old_port


@pytest.mark.parametrize("when", ["starting", "running"])
def test_sigterm_stops_everything_the_demo_started(tmp_path: Path, when: str) -> None:
    """``starting``: while the world waits for its first GPS fix; ``running``: in the event loop."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software")
    app = subprocess.Popen([sys.executable, MAIN, "--demo", "--home", str(tmp_path / "home")], env=env,
                           cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        started: set[int] = set()
        while time.monotonic() < deadline and not started:
            started = children_of(app.pid)
            time.sleep(0.2)
        assert started, "the demo started no child process (gpsd)"
        if when == "running":
            shown = tmp_path / "home" / "demo-world" / "camera" / "view.png"
            while time.monotonic() < deadline and not shown.exists():  # the world is attached:
                time.sleep(0.2)                                        # the event loop is next
            assert shown.exists(), "the demo never showed its enrolment code"
            time.sleep(2.0)  # well inside the event loop by now
        app.send_signal(signal.SIGTERM)
        assert app.wait(30) == 0, app.stderr.read().decode() if app.stderr else ""
    finally:
        if app.poll() is None:
            app.kill()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(alive(p) for p in started):
        time.sleep(0.1)
    assert not [p for p in started if alive(p)], "gpsd outlived the app"
