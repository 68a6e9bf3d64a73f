"""Whether the UI can be shown at all, decided before Qt is imported (Qt-free, cheap to import).

Qt aborts the process when its platform plugin cannot reach a display, so the
check happens first: a local X display needs its socket in /tmp/.X11-unix, a
Wayland display its socket in $XDG_RUNTIME_DIR. A remote X display (host:N) is
trusted as given.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

NO_DISPLAY_MESSAGE = """\
MeterField 需要一个图形显示器，但当前没有（DISPLAY 或 WAYLAND_DISPLAY 未设置或无法连接）。
  · 生成各界面的截图：python main.py --demo --capture 目录
  · 在无显示器的机器上运行：xvfb-run python main.py --demo
MeterField needs a graphical display, and there is none here (DISPLAY or WAYLAND_DISPLAY
is not set, or nothing answers there).
  · To write a screenshot of each screen instead: python main.py --demo --capture DIR
  · To run it on a headless machine: xvfb-run python main.py --demo
"""

X11_SOCKETS = Path("/tmp/.X11-unix")
_LOCAL_X = re.compile(r"^(?:unix)?:(\d+)(?:\.\d+)?$")


def _x_display_reachable(display: str) -> bool:
    local = _LOCAL_X.match(display)
    if local is None:
        return bool(display)  # host:N (an ssh tunnel, a remote server): let Qt try it
    return (X11_SOCKETS / f"X{local.group(1)}").exists()


def _wayland_reachable(env: Mapping[str, str]) -> bool:
    name = env.get("WAYLAND_DISPLAY", "")
    if not name:
        return False
    path = Path(name) if name.startswith("/") else Path(env.get("XDG_RUNTIME_DIR", "/nonexistent")) / name
    return path.exists()


def has_display(env: Mapping[str, str]) -> bool:
    """Whether Qt can show a window: a reachable display server, or a display-less platform chosen."""
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return True  # offscreen, vnc, eglfs, linuxfb...: the user chose it
    if platform.startswith("wayland"):
        return _wayland_reachable(env)
    if platform.startswith("xcb"):
        return _x_display_reachable(env.get("DISPLAY", ""))
    return _wayland_reachable(env) or _x_display_reachable(env.get("DISPLAY", ""))


def use_offscreen() -> None:
    """Render without a display (capture, benchmarks): the offscreen platform, software scene graph."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
