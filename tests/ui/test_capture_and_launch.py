"""End to end as a newcomer runs it: the screenshots, and the plain message when there is no display."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
SCREENS = {"01-signin": (720, 1280), "02-tasks": (720, 1280), "03-search": (720, 1280),
           "04-detail": (720, 1280), "05-detail-started": (720, 1280), "06-supervisor": (1280, 800),
           "07-tasks-en": (720, 1280), "20-inspect-1-identify": (720, 1280),
           "21-inspect-2-read": (720, 1280), "22-inspect-3-evidence": (720, 1280),
           "23-inspect-4-upload": (720, 1280), "24-inspect-5-correction": (720, 1280),
           "25-inspect-6-corrected": (720, 1280)}


def dark_pixels(image: QImage, top: int, bottom: int) -> int:
    """How many sampled pixels in the rows [top, bottom) are clearly not white."""
    count = 0
    for y in range(top, bottom, 3):
        for x in range(0, image.width(), 3):
            if image.pixelColor(x, y).lightness() < 128:
                count += 1
    return count


@pytest.mark.slow
def test_capture_writes_every_screen(tmp_path: Path) -> None:
    out = tmp_path / "shots"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "main.py", "--demo", "--home", str(tmp_path / "home"),
                           "--capture", str(out)], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr and "TypeError" not in done.stderr, done.stderr
    for name, (width, height) in SCREENS.items():
        image = QImage(str(out / f"{name}.png"))
        assert not image.isNull(), f"{name}.png missing"
        assert (image.width(), image.height()) == (width, height), name
        assert dark_pixels(image, 0, 90) > 50, f"{name}: the header (title, sync indicator) is blank"
        assert dark_pixels(image, 100, height) > 500, f"{name}: the screen body is blank"
    # no button left on the corrected inspection: its page still reaches the bottom of the screen
    corrected = QImage(str(out / "25-inspect-6-corrected.png"))
    assert dark_pixels(corrected, 900, 1250) > 500, "the step page stops halfway down"


def test_no_display_says_so_and_how_to_capture(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "main.py", "--demo", "--home", str(tmp_path)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert "--capture" in done.stderr and "xvfb-run" in done.stderr
    assert "没有" in done.stderr and "no display" not in done.stdout
    assert "Traceback" not in done.stderr


def test_display_detection(tmp_path: Path) -> None:
    from app.ui.display import has_display

    assert not has_display({})
    assert has_display({"QT_QPA_PLATFORM": "offscreen"})
    assert not has_display({"DISPLAY": ":987"})  # no X server has that socket
    assert not has_display({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":987"})
    assert has_display({"DISPLAY": "remote-host:0"})  # trusted as given
    (tmp_path / "wayland-7").touch()
    wayland = {"WAYLAND_DISPLAY": "wayland-7", "XDG_RUNTIME_DIR": str(tmp_path)}
    assert has_display(wayland)
    assert not has_display({**wayland, "WAYLAND_DISPLAY": "wayland-8"})


def test_unreachable_display_says_so(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["DISPLAY"] = ":987"
    done = subprocess.run([sys.executable, "main.py", "--demo", "--home", str(tmp_path)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2 and "--capture" in done.stderr, done.stderr
