"""Whether the UI can be shown at all, decided before Qt is imported (Qt-free, cheap to import)."""

from __future__ import annotations

import os
from collections.abc import Mapping

NO_DISPLAY_MESSAGE = """\
MeterField 需要一个图形显示器，但当前没有（未设置 DISPLAY 或 WAYLAND_DISPLAY）。
  · 生成各界面的截图：python main.py --demo --capture 目录
  · 在无显示器的机器上运行：xvfb-run python main.py --demo
MeterField needs a graphical display, and there is none here (neither DISPLAY nor
WAYLAND_DISPLAY is set).
  · To write a screenshot of each screen instead: python main.py --demo --capture DIR
  · To run it on a headless machine: xvfb-run python main.py --demo
"""


def has_display(env: Mapping[str, str]) -> bool:
    """Whether Qt can show a window: a display server, or a platform chosen explicitly."""
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return True
    platform = env.get("QT_QPA_PLATFORM", "")
    return bool(platform) and not platform.startswith(("xcb", "wayland"))


def use_offscreen() -> None:
    """Render without a display (capture, benchmarks): the offscreen platform, software scene graph."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
